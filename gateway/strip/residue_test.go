package strip

import (
	"strings"
	"testing"
)

// residueWords returns the word tokens of a redacted text that are not inside
// a placeholder.
func residueWords(red string) []string {
	var tb tokbuf
	tokenize(red, &tb)
	var out []string
	depth := 0
	for i := range tb.toks {
		switch tb.normOf(i) {
		case "[":
			depth++
		case "]":
			depth--
		}
		if tb.toks[i].kind != tkWord || depth > 0 {
			continue
		}
		out = append(out, tb.normOf(i))
	}
	return out
}

// Clinical sentences: every word left outside a placeholder is in the safe
// vocabulary, and the named clinical-context words are gone.
func TestResidueClinical(t *testing.T) {
	s := Default()
	cases := []struct {
		text string
		gone []string // words that must not survive
		keep []string // logistics words that must survive
	}{
		{"I need to reschedule, I have a migraine and everything looks wobbly since Tuesday",
			[]string{"migraine", "wobbly", "tuesday"}, []string{"reschedule"}},
		{"my son has asthma and his zorp flimb quazzle got worse after soccer practice",
			[]string{"asthma", "zorp", "flimb", "quazzle", "soccer", "worse"}, []string{"son"}},
		{"Took 20mg of sertraline for two weeks and now I feel like a zombie all day, can I call the clinic tomorrow?",
			[]string{"20mg", "sertraline", "zombie", "feel", "weeks", "two", "now", "like", "all", "day"}, []string{"call", "tomorrow"}},
		{"Please call me back, my blood sugar was 310 this morning and my Kx9 pump beeped",
			[]string{"310", "kx9", "sugar", "beeped", "morning"}, []string{"please", "call"}},
		{"Hello, my wife has a fever and a rash on her legs, she saw Halvorsen at Brindlemoor yesterday",
			[]string{"fever", "rash", "legs", "halvorsen", "brindlemoor"}, []string{"hello", "wife", "yesterday"}},
		{"Good morning, my son has had a cough and a fever since Monday",
			[]string{"cough", "fever", "monday"}, []string{"good", "morning", "son"}},
		{"tengo fiebre y me duele la garganta desde el lunes, necesito una cita para mañana",
			[]string{"fiebre", "duele", "garganta", "lunes"}, []string{"cita", "necesito"}},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		checkInvariants(t, s, c.text, r)
		if !r.Clinical {
			t.Errorf("%q: not clinical", c.text)
			continue
		}
		voc := vocabFor(r.Lang)
		for _, w := range residueWords(r.Redacted) {
			if !s.isSafe(voc, w, vSafe|vFunc|vCapOK) || s.clinicalTerm(w, r.Lang) {
				t.Errorf("%q: unsafe word %q survives in %q", c.text, w, r.Redacted)
			}
		}
		checkGoneKept(t, c.text, r.Redacted, c.gone, c.keep)
	}
}

// checkGoneKept asserts that no word of gone and every word of keep stands outside a
// placeholder in red, and that adjacent [clinical] runs were collapsed.
func checkGoneKept(t *testing.T, text, red string, gone, keep []string) {
	t.Helper()
	left := map[string]bool{}
	for _, w := range residueWords(red) {
		left[w] = true
	}
	for _, w := range gone {
		if left[w] {
			t.Errorf("%q: %q survives in %q", text, w, red)
		}
	}
	for _, w := range keep {
		if !left[w] {
			t.Errorf("%q: %q lost in %q", text, w, red)
		}
	}
	if strings.Contains(red, "[clinical] [clinical]") {
		t.Errorf("%q: adjacent runs not collapsed: %q", text, red)
	}
}

// Consecutive replaced words collapse into one placeholder, function words
// between them included, and findings carry the clinical_context category.
func TestResidueCollapse(t *testing.T) {
	s := Default()
	text := "I have a migraine and zorp flimb of the quazzle"
	r := s.Strip(text)
	checkInvariants(t, s, text, r)
	if strings.Count(r.Redacted, PlaceholderClinical) != 1 {
		t.Fatalf("want one %s in %q", PlaceholderClinical, r.Redacted)
	}
	var ctx []Finding
	for _, f := range r.Findings {
		if f.Category == CategoryClinicalContext {
			ctx = append(ctx, f)
		}
	}
	if len(ctx) != 1 || text[ctx[0].Start:ctx[0].End] != "zorp flimb of the quazzle" {
		t.Fatalf("clinical_context findings %+v in %q", ctx, text)
	}
}

// Placeholders never reveal the length or first letters of what they replace.
func TestResidueNoLengthLeak(t *testing.T) {
	s := Default()
	a := s.Strip("I have a migraine and zq since yesterday")
	b := s.Strip("I have a migraine and xylophonicallyish since yesterday")
	if a.Redacted != b.Redacted {
		t.Fatalf("outputs differ: %q vs %q", a.Redacted, b.Redacted)
	}
}

// Harmless messages keep every word.
func TestResidueHarmless(t *testing.T) {
	s := Default()
	for _, text := range []string{
		"what time do you open on Sunday?",
		"Can I move my appointment to next Friday morning?",
		"I transferred money to my Chase account using Apple Pay",
		"Can I use my card in Canada next week?",
		"Is there parking near the clinic entrance?",
		"how do I reset my password for the patient portal",
		"We want to find a dentist in San Ramon for my son",
		"My card was declined at the ATM in Madrid yesterday",
		"Do you take Blue Cross insurance?",
		"set a timer for ten minutes",
		"¿A qué hora abren el sábado? Quiero cambiar mi cita",
		"Book me a table at Luigi's Pizzeria for Friday",
		"I want to book an appointment with Harrow Point Radiology next week",
		"Hi, is Velmora Dental open on Saturday? I need a cleaning",
	} {
		r := s.Strip(text)
		checkInvariants(t, s, text, r)
		if r.Clinical {
			t.Errorf("%q flagged clinical: %q", text, r.Redacted)
			continue
		}
		if r.Redacted != text {
			t.Errorf("harmless message changed:\n in  %q\n out %q", text, r.Redacted)
		}
	}
}

// Identifier residue in non-clinical messages.
func TestResidueIdentifiers(t *testing.T) {
	s := Default()
	cases := []struct {
		text string
		gone []string
		cat  string
	}{
		{"The package went to Zorvath Quell yesterday", []string{"zorvath", "quell"}, "name"},
		{"Please ask for Trevanion at the front desk", []string{"trevanion"}, "name"},
		{"Send the new card to PSC 4821, Box 7730 please", []string{"psc", "4821", "7730"}, "address"},
		{"We meet at the corner of Brantwick and Oldmere", []string{"brantwick", "oldmere"}, "address"},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		checkInvariants(t, s, c.text, r)
		left := map[string]bool{}
		for _, w := range residueWords(r.Redacted) {
			left[w] = true
		}
		for _, w := range c.gone {
			if left[w] {
				t.Errorf("%q: %q survives in %q", c.text, w, r.Redacted)
			}
		}
		if !strings.Contains(r.Redacted, "["+c.cat+"]") {
			t.Errorf("%q: no [%s] in %q", c.text, c.cat, r.Redacted)
		}
	}
}

// The safe vocabulary files carry no unambiguous clinical term of the
// engine's lexicons.
func TestResidueVocabNotClinical(t *testing.T) {
	s := Default()
	ents, err := vocabFS.ReadDir("vocab")
	if err != nil || len(ents) == 0 {
		t.Fatalf("no vocabulary files: %v", err)
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		lang, _, _ := strings.Cut(e.Name(), "_")
		err := readLines(vocabFS, "vocab/"+e.Name(), func(line string) {
			for _, w := range strings.Fields(line) {
				w = foldString(strings.ToLower(w))
				if s.clinicalTerm(w, lang) {
					t.Errorf("%s: safe word %q is a clinical term", e.Name(), w)
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
