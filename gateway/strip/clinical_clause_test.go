package strip

import "testing"

// In a clinical message a clause with a clinical finding loses its everyday
// words too (time words, quantities, "like", "up"); clauses without one keep
// them, and core function words, family words and logistics stay.
func TestClinicalClauses(t *testing.T) {
	s := Default()
	cases := []struct {
		text string
		gone []string
		keep []string
	}{
		{"I woke up at least five times every night with a migraine, can I book an appointment for Friday?",
			[]string{"woke", "up", "least", "five", "times", "every", "night", "migraine"},
			[]string{"book", "appointment", "can"}},
		{"For the first few days on sertraline I felt like a zombie",
			[]string{"first", "few", "days", "sertraline", "felt", "like", "zombie"}, []string{"i"}},
		{"Thanks for the reminder. My son has asthma and his inhaler ran out last week",
			[]string{"asthma", "inhaler", "ran", "out", "last", "week"},
			[]string{"thanks", "reminder", "son", "my"}},
		{"The parking was easy, but my knee pain was so bad all day",
			[]string{"knee", "pain", "bad", "all", "day"}, []string{"parking", "easy"}},
		{"My name is Kevin and my son has had a fever since Monday",
			[]string{"fever", "since", "monday"}, []string{"name", "son"}},
		{"At first, I felt dizzy and then it got better",
			[]string{"first", "dizzy", "felt"}, []string{"i"}},
		{"Thank you so much, the nausea is better",
			[]string{"nausea", "better"}, []string{"thank", "much"}},
		{"hola, tengo fiebre desde hace tres dias y necesito una cita",
			[]string{"fiebre", "tres", "dias", "hace"}, []string{"hola", "cita", "necesito"}},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		checkInvariants(t, s, c.text, r)
		if !r.Clinical {
			t.Errorf("%q: not clinical", c.text)
			continue
		}
		checkGoneKept(t, c.text, r.Redacted, c.gone, c.keep)
	}
}

// Harmless messages are untouched by the clause pass.
func TestClinicalClausesHarmless(t *testing.T) {
	s := Default()
	for _, text := range []string{
		"I woke up early and want to book the first appointment every Monday",
		"Can you call me back about my bill, I was charged twice last month",
	} {
		r := s.Strip(text)
		if r.Clinical || r.Redacted != text {
			t.Errorf("%q changed: %q (clinical=%v)", text, r.Redacted, r.Clinical)
		}
	}
}

// Every keep word is also a function or safe word (a keep-only word would be
// replaced before the clause pass sees it).
func TestKeepVocabIsSafe(t *testing.T) {
	vocabOnce.Do(loadVocab)
	for lang, m := range vocab.words {
		for w, c := range m {
			if c&vKeep != 0 && c&(vFunc|vSafe) == 0 {
				t.Errorf("%s keep word %q is not in a function/safe list", lang, w)
			}
		}
	}
}
