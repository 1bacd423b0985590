package strip

import "testing"

// Titles in quotes stay everyday; quoted speech, medical names after a medical
// noun and urgent words keep their terms. Sentences written for this test.
func TestQuotedTitles(t *testing.T) {
	checkClinical(t, []clinCase{
		{`Add "Fever" by Peggy Lee to the dinner playlist`, false},
		{`Do you stock the hot sauce called “Intensive Care”?`, false},
		{`Is the "Heart of Glass" cover any good?`, false},
		{`Pre-order the album titled "Open Heart Surgery" on vinyl`, false},
		{`What's in the "Flu Fighter" smoothie on your menu?`, false},
		// quoted speech, lower case, or a medical noun before "called"
		{`she keeps saying "my tummy hurts" every morning`, true},
		{`the nurse said "Your Blood Pressure Is High" and left`, true},
		{`my son has a condition called "Perthes" and limps`, true},
		{`they gave me a cream called "Daktacort" for the rash`, true},
		{`why is it called "Lupus"`, true},
	})
	checkUrgency(t, []urgCase{
		{`he texted me "I want to kill myself" by mistake?`, "self_harm"},
	})
}
