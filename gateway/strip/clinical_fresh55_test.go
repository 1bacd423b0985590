package strip

import "testing"

// Families of the session-10 blind set fresh55 (long-tail questions and
// note-style records): rhesus care, infant milk allergy and prescription
// formulas, pancreatic enzymes, "acidity" as Indian English uses it, and
// ceilings of care, with everyday look-alikes that must stay harmless.
func TestFresh55Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"I'm rhesus negative, when do I get the injection?", true},
		{"do I need the anti-D jab after a bleed at 14 weeks?", true},
		{"was a Kleihauer done after the fall?", true},
		{"my baby was diagnosed with CMPA, can I still breastfeed?", true},
		{"does Nutramigen smell this bad?", true},
		{"can she go on an amino acid formula instead", true},
		{"how many Creon 10000 with a main meal", true},
		{"he gets acidity after every meal", true},
		{"acidity problem since 2 weeks, what to take", true},
		{"my little one is all rashy on her cheeks", true},
		{"mucousy poo in a 3 week old, normal?", true},
		{"ceiling of care agreed with family, not for ICU", true},
		{"Clinical Frailty Scale 6, lives alone", true},
		{"respect form and DNACPR discussed with daughter", true},
		{"the acidity of this coffee is too much for me", false},
		{"we need a membrane for the roof, who fixes leaks?", false},
		{"the chimney sweep is coming on Friday", false},
		{"they must score twice to go through", false},
		{"the new respect and kindness poster is in the lobby", false},
	})
}
