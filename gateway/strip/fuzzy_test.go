package strip

import (
	"strings"
	"testing"
)

func TestOneEdit(t *testing.T) {
	for _, tc := range []struct {
		tok, w string
		want   bool
	}{
		{"atacks", "attacks", true},       // a letter dropped
		{"ibuproffen", "ibuprofen", true}, // a letter added inside
		{"ibuprofin", "ibuprofen", true},  // a letter changed
		{"diabtees", "diabetes", true},    // two letters swapped
		{"ataraxy", "atarax", false},      // a letter added at the end: a derivation
		{"ibuprofen", "ibuprofen", false}, // the same word is no edit
		{"ibprofin", "ibuprofen", false},  // two edits
		{"abc", "abcde", false},
	} {
		if got := oneEdit(tc.tok, tc.w); got != tc.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tc.tok, tc.w, got, tc.want)
		}
	}
}

// Misspelt clinical words are read as the lexicon word one edit away; words
// that the English list knows, capitalised words (names, brands) and words
// with two lexicon neighbours are left alone.
func TestMisspeltClinicalWords(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		text     string
		clinical bool
		gone     string
	}{
		{"panic atacks at work, what can i take", true, "atacks"},
		{"i think i have an ear infecton", true, "infecton"},
		{"is amoxicilin ok for a 3 year old", true, "amoxicilin"},
		{"my mom has high blood presure again", true, "presure"},
		{"can i take ibuprofin and tylenol together", true, "ibuprofin"},
		{"what is the best resturant near the hospital", false, ""},
		{"my freind works in the cafeteria", false, ""},
		{"what does ataraxy mean", false, ""},
		{"Willemina from Sales is the keynote speaker", false, ""},
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

// FuzzFuzzyLookup: any token gives -1 or the id of a word within one edit.
func FuzzFuzzyLookup(f *testing.F) {
	for _, s := range []string{"atacks", "infecton", "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ibuprofin", "zzzzzz", "ñandú"} {
		f.Add(s)
	}
	s := Default()
	f.Fuzz(func(t *testing.T, w string) {
		id := s.fuzzy.lookup(w)
		if id < 0 {
			return
		}
		if lw, ok := s.fuzzy.words[id]; !ok || !oneEdit(w, lw) {
			t.Fatalf("lookup(%q) = %d (%q), not one edit away", w, id, lw)
		}
	})
}
