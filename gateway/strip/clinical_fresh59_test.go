package strip

import "testing"

// Families of the session-10 last closing-check set fresh59, written anew.
func TestFresh59Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my 6 week old only poops once every 3 days, is that ok?", true},
		{"he met with an accident and has stitches on his chin", true},
		{"there's blood in dad's catheter bag since lunch", true},
		{"my blood group card is lost, I'm O negative", true},
		{"is she ready for discharge or waiting for rehab?", true},
		{"I miscarried in June and need a note for work", true},
		{"can I get my tubes tied after my c-section?", true},
		{"my daughter swallowed a tiny magnet", true},
		{"my patience is in intensive care after this queue", false},
		{"the heart attack burger is back in the canteen", false},
		{"the water pressure in the visitor toilets is weak", false},
		{"these parking fees are giving me a real headache", false},
		{"your hold music is the cure for insomnia", false},
		{"what is the cure for insomnia?", true},
	})
}
