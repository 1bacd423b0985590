package strip

import (
	"strings"
	"testing"
)

// Tables per lay-phrasing family added in lexicon/en/<category>.<part>.txt:
// each message must be clinical, carry a finding of the category over the
// given words, and the words must be gone.
func TestLayFamilies(t *testing.T) {
	s := Default()
	cases := map[string][][2]string{
		"symptom": { // sleep, energy, sweat, appetite, side effects, lay
			{"I wake up in the middle of the night and can't get back to sleep", "wake up in the middle of the night"},
			{"tossing and turning until 4am", "tossing and turning"},
			{"the nightmares started last week", "nightmares"},
			{"I'm yawning constantly", "yawning constantly"},
			{"I wake up drenched in sweat", "drenched in sweat"},
			{"sweating profusely at the gym now", "sweating profusely"},
			{"no energy at all lately", "no energy at all"},
			{"I get brain zaps when I turn my head", "brain zaps"},
			{"my hands shake when I hold a cup", "hands shake"},
			{"I can't stop eating at night", "can't stop eating"},
			{"I've had sugar cravings", "sugar cravings"},
			{"I gained a quick 15 pounds", "gained a quick 15 pounds"},
			{"I'm gaining 40lbs this year it seems", "gaining 40lbs"},
			{"I feel horribly sick in the mornings", "horribly sick"},
			{"so much wooziness in the afternoon", "wooziness"},
			{"tummy ache again after dinner", "tummy ache"},
		},
		"mental_health": { // mood, cognition
			{"I've had brain fog all week", "brain fog"},
			{"I can't concentrate at work", "can't concentrate"},
			{"my memory is terrible lately", "memory is terrible"},
			{"I've been crying for no reason", "crying for no reason"},
			{"I feel emotionally numb", "emotionally numb"},
			{"I don't enjoy anything anymore", "don't enjoy anything"},
			{"the rumination stopped", "rumination"},
			{"I had road rage yesterday", "road rage"},
			{"I don't feel like myself", "don't feel like myself"},
			{"I have mood swings every day", "mood swings"},
		},
		"sexual_health": {
			{"I can't orgasm anymore", "can't orgasm"},
			{"my libido is gone", "libido"},
			{"no sex drive for months", "no sex drive"},
			{"trouble getting an erection", "trouble getting an erection"},
		},
		"dosage": {
			{"my doctor upped my dose last week", "upped my dose"},
			{"the psychiatrist gave me a tapering schedule", "tapering schedule"},
			{"I went cold turkey on Friday", "went cold turkey"},
			{"I skipped a dose yesterday", "skipped a dose"},
		},
		"injury": {
			{"my father had a fall last night", "had a fall"},
			{"I broke my front tooth on a popcorn kernel", "broke my front tooth"},
			{"she was bitten by a spider at camp", "bitten by a spider"},
		},
		"medication": {
			{"is Lexipro safe with coffee", "Lexipro"},
			{"I was on Cipralex for a year", "Cipralex"},
			{"the sleeping pills don't help", "sleeping pills"},
		},
	}
	for cat, rows := range cases {
		for _, c := range rows {
			r := s.Strip(c[0])
			checkInvariants(t, s, c[0], r)
			if !r.Clinical {
				t.Errorf("[%s] %q not clinical: %q", cat, c[0], r.Redacted)
				continue
			}
			if !hasCat(c[0], r, cat, c[1]) {
				t.Errorf("[%s] %q: no %s finding over %q: %+v -> %q", cat, c[0], cat, c[1], r.Findings, r.Redacted)
			}
			if strings.Contains(strings.ToLower(r.Redacted), strings.ToLower(c[1])) {
				t.Errorf("[%s] %q: %q survives in %q", cat, c[0], c[1], r.Redacted)
			}
		}
	}
}

// Strong "after" frames license anchor-only emotion and energy words
// ("tired all the time"), but not everyday words ("low all the time").
func TestStrongAfterFrames(t *testing.T) {
	checkDecisions(t, []string{
		"I've been tired all the time",
		"I get so irritable when I don't take it",
		"crying every single day",
		"I feel sad since starting it",
	}, []string{
		"my balance is low all the time",
		"the app is down all the time",
		"it's cold all the time in your lobby",
	})
}

// checkDecisions asserts that every text of clinical is flagged clinical and
// that no text of harmless is.
func checkDecisions(t *testing.T, clinical, harmless []string) {
	t.Helper()
	s := Default()
	for _, text := range clinical {
		if r := s.Strip(text); !r.Clinical {
			t.Errorf("%q not clinical: %q", text, r.Redacted)
		}
	}
	for _, text := range harmless {
		if r := s.Strip(text); r.Clinical {
			t.Errorf("%q flagged: %q", text, r.Redacted)
		}
	}
}

// Everyday sentences that share words with the new families stay harmless.
func TestLayFamiliesHarmless(t *testing.T) {
	checkDecisions(t, nil, []string{
		"My cash withdrawl has the wrong exchange rate",
		"I wired money to my sister yesterday",
		"the app keeps crashing when I log in",
		"my card stopped working at the store",
		"can you switch me to a different plan",
		"please put me on hold until the manager is free",
		"I'm so sick of waiting for this refund",
		"my phone is going to die, call me back later",
		"my car broke down on the way to work",
		"does the bank open on Saturday",
		"sorry for the long-winded message about my transfer",
		"can I get a line of credit",
		"I love my puffy winter jacket",
		"can you recommend a gym to lose weight",
		"I'm sweating the details of my trip",
		"the wait made me feel so frustrated",
		"my heart sank when I saw the charge",
		"What time does the urgent care open on holidays?",
		"Can you send my referral paperwork to the new office?",
		"I need to reschedule with my psychiatrist",
		"is the room clean for our guests tomorrow",
		"I'm doing a digital detox this weekend",
		"we're going to rehab the kitchen next month",
		"I need to cut back on spending",
		"my phone has memory problems, can I upgrade storage",
		"the prices are going crazy this year",
		"I'm losing my mind with this app, it logs me out every day",
		"I keep waking up early because of the birds",
		"I went down to the lobby but nobody was there",
		"the money was withdrawn from my account twice",
		"I'm binging a new show this weekend",
		"I panicked when I couldn't find my wallet",
		"what is the daily limit per day for transfers",
		"Can I get a cold brew at the cafe downstairs?",
	})
}

// Consumer-health question frames (context/en/frames.txt) license the
// context-dependent term right after them; the same frames before an
// everyday word stay harmless.
func TestQuestionFrames(t *testing.T) {
	checkDecisions(t, []string{
		"why am I so tired",
		"what can I take for a cold",
		"is it normal to feel numb after the shot",
		"why do I feel so sad lately",
		"should I be worried about the swelling",
	}, []string{
		"how do I stop the charge on my card",
		"what causes my balance to drop",
		"why am I so bad at saving money",
		"is it normal to wait this long for a refund",
	})
}

// Contractions written with a spaced apostrophe match like the joined form.
func TestSpacedContractions(t *testing.T) {
	s := Default()
	for _, text := range []string{"I can ' t stop eating", "i couldn ' t sleep at all", "I don ’ t enjoy anything anymore"} {
		r := s.Strip(text)
		checkInvariants(t, s, text, r)
		if !r.Clinical {
			t.Errorf("%q not clinical: %q", text, r.Redacted)
		}
	}
	if r := s.Strip("I can ' t find the parking lot"); r.Clinical {
		t.Errorf("flagged: %q", r.Redacted)
	}
}

// Spanish lay families (lexicon/es/<category>.<part>.txt).
func TestLayFamiliesSpanish(t *testing.T) {
	s := Default()
	cases := [][2]string{
		{"desde que me subieron la dosis no paro de bostezar", "me subieron la dosis"},
		{"me despierto empapada en sudor", "empapada en sudor"},
		{"tengo niebla mental todo el día", "niebla mental"},
		{"lloro sin razón desde el mes pasado", "lloro sin razón"},
		{"no puedo llegar al orgasmo con la pastilla", "no puedo llegar al orgasmo"},
		{"he subido de peso con la medicina", "he subido de peso"},
	}
	checkRemoved(t, s, cases)
	for _, text := range []string{"quiero cambiar mi cita para el lunes", "¿a qué hora abren el sábado?"} {
		if r := s.Strip(text); r.Clinical {
			t.Errorf("%q flagged: %q", text, r.Redacted)
		}
	}
}

// First-person feeling frames license health states ("I feel worse", "it made
// me feel dead inside"); the same words elsewhere stay harmless.
func TestFeelingFrames(t *testing.T) {
	checkDecisions(t, []string{"I feel worse every afternoon", "I felt normal again after a week", "it made me feel angry"}, []string{
		"I feel I have been overcharged on the exchange rate",
		"is it normal to wait two weeks for a card",
		"the weather is worse today",
		"feel free to call me back",
	})
}

// The split lexicon files (<category>.<part>.txt) and the strong frame files
// hold each phrase once, and a phrase of a split file is not also listed as
// context-dependent (an unambiguous entry would silently win).
func TestSplitLexiconFilesClean(t *testing.T) {
	amb := map[string]string{}
	var files []string
	for _, lang := range []string{"en", "es"} {
		ents, err := knowledgeFS.ReadDir("lexicon/" + lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			name := e.Name()
			if strings.HasSuffix(name, ".ambiguous.txt") {
				_ = readLinesRaw(knowledgeFS, "lexicon/"+lang+"/"+name, func(l string) {
					amb[lang+"/"+strings.ToLower(strings.TrimSpace(strings.TrimPrefix(l, "~")))] = name
				})
				continue
			}
			if strings.Count(name, ".") == 2 {
				files = append(files, "lexicon/"+lang+"/"+name)
			}
		}
	}
	if len(files) == 0 {
		t.Fatal("no split lexicon files")
	}
	for _, p := range append(files, "context/en/frames.txt", "context/en/after_strong.txt") {
		seen := map[string]bool{}
		lang := strings.Split(p, "/")[1]
		_ = readLinesRaw(knowledgeFS, p, func(l string) {
			k := strings.ToLower(l)
			if seen[k] {
				t.Errorf("%s: %q listed twice", p, l)
			}
			seen[k] = true
			if a, ok := amb[lang+"/"+k]; ok && strings.HasPrefix(p, "lexicon/") {
				t.Errorf("%s: %q is also context-dependent in %s", p, l, a)
			}
		})
	}
}

// A plural that starts a longer phrase ("snores loudly") hides the singular
// fallback of the trie for the plural on its own ("he snores"), so such a
// plural must be listed too when its singular is a term.
func TestPluralFallbackNotHidden(t *testing.T) {
	single := map[string]bool{}
	firsts := map[string]string{}
	ents, err := knowledgeFS.ReadDir("lexicon/en")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		name := e.Name()
		cat, _, _ := strings.Cut(name, ".")
		switch cat {
		case "city", "name", "surname", "common", "stopwords":
			continue
		}
		var tb tokbuf
		_ = readLines(knowledgeFS, "lexicon/en/"+name, func(l string) {
			keys := phraseKeys(strings.TrimPrefix(l, "~"), &tb)
			if len(keys) == 1 {
				single[keys[0]] = true
			} else if len(keys) > 1 {
				firsts[keys[0]] = name
			}
		})
	}
	for w, file := range firsts {
		if d := depluralise(w); d != "" && single[d] && !single[w] && w != "alcoholics" {
			t.Errorf("%s: %q starts a phrase but is not listed alone (its singular %q is a term)", file, w, d)
		}
	}
}
