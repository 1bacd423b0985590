package strip

import "testing"

// "<cue> <4-42> weeks" closing a clause is a stage of pregnancy; durations and
// other counts are not.
func TestGestationWeeks(t *testing.T) {
	checkClinical(t, []clinCase{
		{"is it safe to fly at 34 weeks", true},
		{"I'm 20 weeks, is it ok to paint the nursery", true},
		{"im 8 weeks can i drink coffee", true},
		{"at 34 weeks the project ends", false},
		{"we meet at 3 weeks intervals", false},
		{"the warranty is only 6 weeks", false},
		{"the course takes 12 weeks", false},
	})
}

// Short Spanish messages that share "me", "no", "de" with English are read as
// Spanish once a Spanish stop word is there; English and address blocks are not.
func TestShortSpanishDetected(t *testing.T) {
	s := Default()
	for _, tc := range []struct{ text, lang string }{
		{"me muero de hambre, la máquina de snacks no sirve", "es"},
		{"me duele que no me llamen", "es"},
		{"¿me pueden llamar mañana?", "es"},
		{"I need a doctor, call me", "en"},
		{"no fever but a bad cough", "en"},
		{"I had a café latte and my résumé is ready", "en"},
	} {
		if r := s.Strip(tc.text); r.Lang != tc.lang {
			t.Errorf("%q: lang %s, want %s", tc.text, r.Lang, tc.lang)
		}
	}
}

// A person who fell (Spanish), and one who cannot get up, which is urgent;
// a system or a phone that "se cayó" is not.
func TestSpanishFalls(t *testing.T) {
	checkClinical(t, []clinCase{
		{"mi esposo se cayó y no se puede levantar", true},
		{"mi abuela se cayó anoche", true},
		{"el sistema se cayó otra vez", false},
		{"se me cayó el celular en el estacionamiento", false},
	})
	if r := Default().Strip("mi esposo se cayó y no se puede levantar"); r.Urgency != "emergency" {
		t.Errorf("urgency %q", r.Urgency)
	}
}
