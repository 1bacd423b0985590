package strip

import (
	"strings"
	"testing"
)

// A one-letter abbreviation with its dot inside a lexicon phrase matches
// ("H. pylori" = "h pylori"); a dot elsewhere still ends the walk.
func TestAbbreviationDotInPhrase(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		text     string
		clinical bool
		gone     string
	}{
		{"on triple therapy for H. pylori, can i still drink coffee", true, "pylori"},
		{"is E. coli contagious to my kids", true, "coli"},
		{"Mr. T. Smith called about the parking permit", false, ""},
	} {
		r := s.Strip(tc.text)
		if r.Clinical != tc.clinical {
			t.Errorf("%q: clinical = %v, want %v (%q)", tc.text, r.Clinical, tc.clinical, r.Redacted)
		}
		if tc.gone != "" && strings.Contains(r.Redacted, tc.gone) {
			t.Errorf("%q: %q survived: %q", tc.text, tc.gone, r.Redacted)
		}
	}
}
