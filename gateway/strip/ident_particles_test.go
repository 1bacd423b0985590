package strip

import (
	"strings"
	"testing"
)

// Surname particles ("ten", "van", "de") join the name around them, also after
// a first word at the start of a sentence, and letters outside Latin-1 fold to
// the plain spelling of the lists ("Łukasz", "København").
func TestNameParticlesAndFolding(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		text string
		gone []string // words that must not survive
		kept []string // words that must survive
	}{
		{"Willemine ten Pas will be talking at the conference", []string{"Willemine", "ten", "Pas"}, []string{"talking", "conference"}},
		{"Yesterday Anna van Dam called about the bill", []string{"Anna", "van", "Dam"}, []string{"Yesterday", "called", "bill"}},
		{"I met Johan de Vries at the front desk", []string{"Johan", " de ", "Vries"}, []string{"front desk"}},
		{"please send it to Łukasz Nowak", []string{"Łukasz", "Nowak"}, []string{"please send"}},
		{"I moved to København last year and need my records", []string{"København"}, []string{"records"}},
		{"the gate code is for the building on the left", nil, []string{"gate code", "building"}},
	} {
		r := s.Strip(tc.text)
		for _, w := range tc.gone {
			if strings.Contains(r.Redacted, w) {
				t.Errorf("%q: %q survived in %q", tc.text, w, r.Redacted)
			}
		}
		for _, w := range tc.kept {
			if !strings.Contains(r.Redacted, w) {
				t.Errorf("%q: %q was removed: %q", tc.text, w, r.Redacted)
			}
		}
	}
	if got := foldRune('ø'); got != 'o' {
		t.Errorf("foldRune(ø) = %q", got)
	}
}
