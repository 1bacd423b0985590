package strip

import (
	"strings"
	"testing"
)

func mustDefault(t testing.TB) *Stripper {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// hasCat reports whether a finding of category cat covers the substring sub.
func hasCat(text string, r Result, cat, sub string) bool {
	i := strings.Index(text, sub)
	if i < 0 {
		return false
	}
	for _, f := range r.Findings {
		if f.Category == cat && f.Start <= i && f.End >= i+len(sub) {
			return true
		}
	}
	return false
}

func TestIdentifiers(t *testing.T) {
	s := mustDefault(t)
	cases := []struct{ text, cat, sub string }{
		{"call me at (617) 555-0142 after 5", "phone", "(617) 555-0142"},
		{"my cell is 617-253-1000", "phone", "617-253-1000"},
		{"reach me on +44 20 7946 0958 please", "phone", "+44 20 7946 0958"},
		{"email me at jane.doe@example.org thanks", "email", "jane.doe@example.org"},
		{"see https://example.com/path?q=1 for details", "url", "https://example.com/path?q=1"},
		{"my ip is 192.168.10.20", "ip", "192.168.10.20"},
		{"SSN 123-45-6789", "ssn", "123-45-6789"},
		{"DOB 3/4/2019", "date", "3/4/2019"},
		{"born on March 4th, 2019", "date", "March 4th, 2019"},
		{"the visit is on 2024-02-11", "date", "2024-02-11"},
		{"we live at 12 Elm St, Springfield, IL 62704", "address", "12 Elm St, Springfield, IL 62704"},
		{"my MRN is 00412345", "id", "00412345"},
		{"member ID: XJ44821", "id", "XJ44821"},
		{"she is a 93-year-old woman", "age", "93-year-old"},
		{"my zip code is 02139", "zip", "02139"},
		{"I need to reschedule with Dr. Patel", "name", "Patel"},
		{"My name is John Smith", "name", "John Smith"},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		if !hasCat(c.text, r, c.cat, c.sub) {
			t.Errorf("%q: want %s on %q, got %+v", c.text, c.cat, c.sub, r.Findings)
		}
		if strings.Contains(r.Redacted, c.sub) {
			t.Errorf("%q: %q survived in %q", c.text, c.sub, r.Redacted)
		}
	}
}

func TestClinicalDecision(t *testing.T) {
	s := mustDefault(t)
	cases := []struct {
		text     string
		clinical bool
	}{
		{"I have a fever and a headache", true},
		{"no fever", true},
		{"I have a bad cold", true},
		{"what time do you open on Sunday?", false},
		{"I need to reschedule my appointment with Dr. Patel to next week", false},
		{"I'm so tired of waiting for my card", false},
		{"I'm sick of this bank", false},
		{"is it cold outside", false},
		{"my daughter's asthma is worse since she ran out of albuterol", true},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		if r.Clinical != c.clinical {
			t.Errorf("%q: clinical=%v want %v (findings %+v)", c.text, r.Clinical, c.clinical, r.Findings)
		}
		if !c.clinical && len(r.Categories) != 0 {
			t.Errorf("%q: categories %v on a non-clinical message", c.text, r.Categories)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	if Placeholder("symptom") != "[symptom]" {
		t.Fatal(Placeholder("symptom"))
	}
	s := mustDefault(t)
	r := s.Strip("I have asthma")
	if r.Redacted != "I have [condition]" {
		t.Fatalf("redacted %q", r.Redacted)
	}
	// Categories whose names are words patients write show another word, so
	// "my son's peanut allergy" does not come back as "my son's [allergy]".
	for cat, want := range map[string]string{"allergy": "[allergen]", "test": "[diagnostic]", "body_part": "[anatomy]"} {
		if got := Placeholder(cat); got != want {
			t.Errorf("Placeholder(%q) = %q, want %q", cat, got, want)
		}
	}
	r = s.Strip("my son's peanut allergy is getting worse")
	if strings.Contains(r.Redacted, "allergy") || !strings.Contains(r.Redacted, "[allergen]") {
		t.Errorf("redacted %q", r.Redacted)
	}
}
