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

// In a message without capitals, an English word after "my wife is" / "call
// me" is no name; a given name still is.
func TestLowerCaseIntroductions(t *testing.T) {
	s := Default()
	for _, tc := range []struct{ text, kept, gone string }{
		{"my wife is staying with her sister on the 4th floor", "staying", ""},
		{"my mom is being discharged today, where do we pick her up", "being discharged", ""},
		{"please call me frank from now on", "", "frank"},
		{"my wife is maria and she needs a copy of her bill", "", "maria"},
	} {
		r := s.Strip(tc.text)
		if tc.kept != "" && !strings.Contains(r.Redacted, tc.kept) {
			t.Errorf("%q: %q removed: %q", tc.text, tc.kept, r.Redacted)
		}
		if tc.gone != "" && strings.Contains(r.Redacted, tc.gone) {
			t.Errorf("%q: %q kept: %q", tc.text, tc.gone, r.Redacted)
		}
	}
}

// A listed city after "in" closes a street address like one after a comma.
func TestAddressInCity(t *testing.T) {
	s := Default()
	for _, tc := range []struct{ text, gone, kept string }{
		{"we live at 12b Oak Run in Dallas", "Dallas", "we live at"},
		{"I'm at 4521 W. Fullerton Ave Apt 3B in Chicago, send help", "Chicago", "send help"},
		{"send it to 12 Elm St in the back", "Elm", "in the back"},
	} {
		r := s.Strip(tc.text)
		if strings.Contains(r.Redacted, tc.gone) || !strings.Contains(r.Redacted, tc.kept) {
			t.Errorf("%q: got %q (want %q gone, %q kept)", tc.text, r.Redacted, tc.gone, tc.kept)
		}
	}
}

// A nationality said of a person is removed even where the word could name a
// language; the language itself stays.
func TestNationalityOfAPerson(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		text, word string
		gone       bool
	}{
		{"I'm Polish and I need a translator for my appointment", "Polish", true},
		{"my mother is Korean and speaks little English", "Korean", true},
		{"do you have a Korean interpreter", "Korean", false},
		{"is the form available in Polish", "Polish", false},
		{"how would i say hello if i were swedish", "swedish", false},
	} {
		r := s.Strip(tc.text)
		if strings.Contains(r.Redacted, tc.word) == tc.gone {
			t.Errorf("%q: %q gone=%v wanted %v: %q", tc.text, tc.word, !tc.gone, tc.gone, r.Redacted)
		}
	}
}

// In a message written without capitals, a given name and a family name in a
// row are a person; a two-word place is not.
func TestLowerCaseFullNames(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		text, word string
		gone       bool
	}{
		{"i saw john a smith today", "smith", true},
		{"please tell maria lopez i called", "lopez", true},
		{"do i need a socket converter if i'm going to be in hong kong", "kong", false},
		{"my grace period ends soon", "grace", false},
	} {
		r := s.Strip(tc.text)
		if strings.Contains(r.Redacted, tc.word) == tc.gone {
			t.Errorf("%q: %q gone=%v wanted %v: %q", tc.text, tc.word, !tc.gone, tc.gone, r.Redacted)
		}
	}
}
