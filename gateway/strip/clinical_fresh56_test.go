package strip

import "testing"

// Families of the session-10 blind sets fresh56 (a hidden-like mix) and
// fresh57 (weak kinds, second round), written anew for the test.
func TestFresh56Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"our newborn looks yellow down to his tummy, is that normal?", true},
		{"the whites of her eyes have gone yellow", true},
		{"his weight dropped from 4.2kg at the last check", true},
		{"my son knocked out his front tooth on the trampoline", true},
		{"I haven't had a smear in six years, is it too late?", true},
		{"can the nurse use a smaller speculum?", true},
		{"reorder the dishwasher tablets please", false},
		{"what's 500 GBP to INR today", false},
		{"INR exchange rate this morning?", false},
		{"is my INR too high at 4.1 on warfarin?", true},
	})
}

func TestFresh57Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"the baby's kicks have slowed down since last night", true},
		{"she's 10 weeks gone and can't keep even water down", true},
		{"I don't feel anything anymore, not happy, not sad", true},
		{"my son won't come out of his room and barely talks to us", true},
		{"caught my fingers in the car door and the nail's gone black", true},
		{"my face keeps breaking out in painful spots", true},
		{"grandad keeps seeing soldiers in the garden at night", true},
		{"mum's wobbly on her feet and grabs the furniture to get around", true},
		{"his handwriting has gone tiny and he shuffles", true},
		{"baby's eyes are sticky every morning, lashes glued together", true},
		{"dad can't remember what he ate this morning", true},
		{"I get every cold going and cuts take ages to heal", true},
		{"I keep needing to wee every half hour and it stings when I go", true},
		{"my 3 year old swallowed a coin", true},
		{"she's been skipping meals and wears baggy jumpers even when it's hot", true},
		{"nan is not recognising us anymore", true},
		{"my brother-in-law is in the coronary unit, can we bring food?", true},
		{"my friend had stitches in A&E and the guard was rude", true},
		{"she's been in there since her fall, can we have a party?", true},
		{"my son was treated there as a baby, we'd like to donate", true},
		{"the staff gym helps with my knee rehab", true},
		{"I had a gastric band fitted here years ago", true},
		{"thanks to the midwife who helped me breastfeed", true},
		{"my budgie is called Paracetamol and he flew off", false},
		{"our band 'Night Sweats' is playing the fete", false},
		{"I noticed the ramp by the entrance is cracked", false},
	})
}
