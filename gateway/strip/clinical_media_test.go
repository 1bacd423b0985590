package strip

import "testing"

// A request to play a title is everyday even when the title borrows the
// body's words; a game, a sport, play dough or a request about the writer is
// not a title.
func TestMediaTitles(t *testing.T) {
	checkClinical(t, []clinCase{
		{"play fever by peggy lee", false},
		{"play achy breaky heart", false},
		{"hey siri, play heart of glass", false},
		{"play 90s hip hop hits", false},
		{"queue broken wings next", false},
		{"play something calm for my anxiety", true},
		{"can he play football with a broken wrist?", true},
		{"play tennis after knee surgery?", true},
		{"play dough swallowed by toddler, now vomiting", true},
		{"I have a fever. play fever ray", true},
	})
}
