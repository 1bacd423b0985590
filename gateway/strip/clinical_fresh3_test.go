package strip

import "testing"

// Lay phrasings found missing by the third blind set (fresh3.jsonl), written
// again here in other words, with their everyday look-alikes.
func TestFresh3LayFamilies(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my toddler pushed a raisin up her nose", true},
		{"he put a bead in his ear at daycare", true},
		{"my son swallowed a magnet, what do I do", true},
		{"I put a coin in the parking meter", false},
		{"we are trying for a baby, is ibuprofen ok", true},
		{"we're planning a family and I'm on lamotrigine", true},
		{"the office is planning a family reunion trip", false},
		{"she is 2 and still doesn't talk", true},
		{"he's 14 months and not walking yet", true},
		{"my nephew won't make eye contact", true},
		{"dad keeps seeing things that aren't there", true},
		{"mom thinks the neighbors are spying on her", true},
		{"she passed out and came to after a few seconds", true},
		// a relative's state, and an accident said with where or how
		{"my grandson is sick, can someone call me", true},
		{"my wife has been dizzy since lunch", true},
		{"my nephew got hurt at practice", true},
		{"my son is sick of cafeteria food", false},
		{"nobody got hurt in the office move", false},
		{"my dad is running late for his appointment", false},
		{"do we need to go to the ER or wait", true},
		{"should I bring my daughter to urgent care tonight", true},
		{"where do I park for the ER", false},
	})
}
