package strip

import "testing"

// A thing that breaks down in the body's words stays everyday; a person's
// sign in the same message, or a thing that hurt a person, does not.
func TestObjectClauses(t *testing.T) {
	checkClinical(t, []clinCase{
		{"the boiler coughs and rattles every morning", false},
		{"our old pear tree is oozing sap near the bark", false},
		{"the soup has lumps in it again", false},
		{"my tomatoes are drooping in this heat", false},
		{"the kitchen worktop is peeling at the edge", false},
		{"the lady next door has a lump on her neck", true},
		{"the car crashed and my neck hurts", true},
		{"the bread made me bloated and itchy", true},
		{"the toilet was full of blood this morning", true},
		{"my father's breath smells of pear drops", true},
	})
}
