package strip

import (
	"strings"
	"testing"
)

// clinCase is one message and whether the default Stripper must find it clinical.
type clinCase struct {
	text     string
	clinical bool
}

// checkClinical strips every case with the default Stripper and reports the
// ones whose decision differs, with the redacted text.
func checkClinical(t *testing.T, cases []clinCase) {
	t.Helper()
	s := Default()
	for _, tc := range cases {
		if r := s.Strip(tc.text); r.Clinical != tc.clinical {
			t.Errorf("%q: clinical = %v, want %v (%q)", tc.text, r.Clinical, tc.clinical, r.Redacted)
		}
	}
}

// checkRemoved strips each {message, phrase} pair with s: the message must be
// clinical, keep the output invariants, and the phrase (any case) must be gone
// from the redacted text.
func checkRemoved(t *testing.T, s *Stripper, cases [][2]string) {
	t.Helper()
	for _, c := range cases {
		r := s.Strip(c[0])
		checkInvariants(t, s, c[0], r)
		if !r.Clinical {
			t.Errorf("%q not clinical: %q", c[0], r.Redacted)
			continue
		}
		if strings.Contains(strings.ToLower(r.Redacted), strings.ToLower(c[1])) {
			t.Errorf("%q: %q survives in %q", c[0], c[1], r.Redacted)
		}
	}
}

type urgCase struct{ text, urgency string }

// checkUrgency: each text carries the urgency given ("" for none).
func checkUrgency(t *testing.T, cases []urgCase) {
	t.Helper()
	s := Default()
	for _, c := range cases {
		if r := s.Strip(c.text); r.Urgency != c.urgency {
			t.Errorf("%q: urgency %q, want %q", c.text, r.Urgency, c.urgency)
		}
	}
}
