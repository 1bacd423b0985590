package strip

import "testing"

// A person's body part with a change of state is a symptom; feelings told
// with the body are not.
func TestBodyState(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my toes go white and numb in the cold", true},
		{"grandma's ankles are swollen again", true},
		{"his lips look blue after his bath", true},
		{"my left knee gives way on the stairs", true},
		{"my face went red when the waiter sang happy birthday", false},
		{"my stomach dropped when I saw the bill", false},
		{"my eyes are bigger than my stomach at buffets", false},
		{"the paint on my car is peeling", false},
	})
}
