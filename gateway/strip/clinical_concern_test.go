package strip

import "testing"

// A worried question makes an everyday description of one's body count.
func TestConcernQuestions(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my right knee keeps giving way on stairs, should I be worried?", true},
		{"her lips look a bit purple after swimming, is that normal?", true},
		{"my toenail is lifting at the edge, is this serious", true},
		// no body, or no person: the question alone changes nothing
		{"my bill doubled this month, is this normal?", false},
		{"the lift keeps stopping between floors, should I be worried?", false},
		{"I have my hands full with the kids today, is that bad?", false},
	})
}
