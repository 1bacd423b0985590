package strip

import (
	"strings"
	"testing"
)

// The redacted text never names a specially protected category; the findings
// keep it.
func TestConfidentialPlaceholders(t *testing.T) {
	s := Default()
	for _, tc := range []struct{ text, cat string }{
		{"I took a pregnancy test this morning, can you call me", "pregnancy"},
		{"do you test for chlamydia at the walk-in clinic", "sexual_health"},
		{"my depression is getting worse since I moved", "mental_health"},
		{"I relapsed on heroin last week and need help", "substance"},
	} {
		r := s.Strip(tc.text)
		if !strings.Contains(r.Redacted, PlaceholderConfidential) {
			t.Errorf("%q: no %s in %q", tc.text, PlaceholderConfidential, r.Redacted)
		}
		for c := range confidentialCategories {
			if strings.Contains(r.Redacted, "["+c+"]") {
				t.Errorf("%q: redacted names [%s]: %q", tc.text, c, r.Redacted)
			}
		}
		found := false
		for _, f := range r.Findings {
			found = found || f.Category == tc.cat
		}
		if !found {
			t.Errorf("%q: no %s finding in %+v", tc.text, tc.cat, r.Findings)
		}
	}
	if Placeholder("mental_health") != PlaceholderConfidential || Placeholder("symptom") != "[symptom]" {
		t.Errorf("Placeholder: %q, %q", Placeholder("mental_health"), Placeholder("symptom"))
	}
}
