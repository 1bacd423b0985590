package strip

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestClinicalCategories: one table per clinical category; each fixture must
// produce a finding of that category covering the given words, be clinical,
// and the words must be gone from the redacted text.
func TestClinicalCategories(t *testing.T) {
	s := Default()
	cases := map[string][][2]string{
		"symptom": {
			{"I've had a headache for three days", "headache"},
			{"my chest feels tight when I climb stairs", "my chest feels tight"},
			{"I can't keep food down since last night", "can't keep food down"},
			{"I've been peeing blood", "peeing blood"},
			{"feeling nauseous and dizzy", "dizzy"},
			{"there's a burning sensation in my foot", "burning sensation"},
		},
		"condition": {
			{"my daughter's asthma is worse", "asthma"},
			{"I was told I have hypothyroidism", "hypothyroidism"},
			{"not sure if it's cancer", "cancer"},
			{"does Crohn's disease run in families", "Crohn's disease"},
			{"I think I have a UTI", "UTI"},
		},
		"medication": {
			{"she ran out of albuterol", "albuterol"},
			{"can I take Tylenol with Lexapro", "Tylenol"},
			{"is metformin safe long term", "metformin"},
			{"I stopped taking my blood thinners", "blood thinners"},
		},
		"dosage": {
			{"I take 20mg every day", "20mg"},
			{"they gave me 500 mg of something", "500 mg"},
			{"two puffs bid", "bid"},
		},
		"procedure": {
			{"since my colonoscopy I've been bloated", "colonoscopy"},
			{"recovering from a hysterectomy", "hysterectomy"},
			{"how long after a root canal can I eat", "root canal"},
		},
		"test": {
			{"my A1C was 9.2", "A1C"},
			{"my A1C was 9.2", "9.2"},
			{"when will my MRI results be ready", "MRI"},
			{"my blood pressure was 160/100", "160/100"},
		},
		"mental_health": {
			{"I've been having panic attacks", "panic attacks"},
			{"my psychiatrist thinks it's bipolar disorder", "bipolar disorder"},
			{"I feel hopeless", "hopeless"},
		},
		"substance": {
			{"I've been using heroin again", "heroin"},
			{"I relapsed after 2 years of sobriety", "sobriety"},
		},
		"sexual_health": {
			{"the condom broke last night", "condom broke"},
			{"can I get tested for chlamydia", "chlamydia"},
		},
		"pregnancy": {
			{"I'm pregnant and have cramps", "pregnant"},
			{"my water broke", "my water broke"},
		},
		"injury": {
			{"I sprained my ankle playing soccer", "sprained my ankle"},
			{"he has a concussion from the game", "concussion"},
		},
		"allergy": {
			{"I'm allergic to penicillin", "allergic to"},
			{"she has a peanut allergy", "peanut allergy"},
		},
		"device": {
			{"my pacemaker keeps beeping", "pacemaker"},
			{"my insulin pump stopped working", "insulin pump"},
		},
		"care_history": {
			{"my oncologist said it's spreading", "my oncologist"},
			{"I was hospitalized last month", "was hospitalized"},
		},
		"body_part": {
			{"they want to look at my liver", "liver"},
			{"sharp pain and swelling, my knee and my ankle", "ankle"},
		},
	}
	for cat, rows := range cases {
		for _, c := range rows {
			r := s.Strip(c[0])
			if !r.Clinical {
				t.Errorf("[%s] %q not clinical", cat, c[0])
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

func TestContextRules(t *testing.T) {
	s := Default()
	cases := []struct {
		text     string
		clinical bool
	}{
		{"I have a really bad cold", true},
		{"it's cold outside today", false},
		{"I'm tired of waiting on hold", false},
		{"always tired and dizzy lately", true},
		{"I'm sick of this bank", false},
		{"I feel sick", true},
		{"can I get a flu shot here", true},
		{"give it a shot", false},
		{"please be patient with me", false},
		{"I want my money back", false},
		{"I hurt my back lifting boxes", true},
		{"my appointment with my therapist is on Friday", false},
		{"my oncologist said the scan looks good", true},
		{"find me a dermatologist in Santa Rosa", false},
		{"under a lot of pressure at work", false},
		{"I have pressure in my chest", true},
		{"what a pain in the neck this form is", false},
		{"no fever", true},
		{"I'm confused about my bill", false},
		{"can I withdraw cash", false},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		if r.Clinical != c.clinical {
			t.Errorf("%q: clinical=%v want %v (%q)", c.text, r.Clinical, c.clinical, r.Redacted)
		}
	}
}

func TestUrgency(t *testing.T) {
	s := Default()
	cases := []struct{ text, urgency string }{
		{"I have crushing chest pain and my arm is numb", "emergency"},
		{"my dad can't breathe", "emergency"},
		{"I think she took too many pills, overdose", "emergency"},
		{"her face is drooping and her speech is slurred, slurred speech", "emergency"},
		{"I want to kill myself", "self_harm"},
		{"I've been cutting myself again", "self_harm"},
		{"me quiero morir", "self_harm"},
		{"mi papá tiene dolor de pecho", "emergency"},
		{"I have a mild headache", ""},
		{"what time do you open", ""},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		if r.Urgency != c.urgency {
			t.Errorf("%q: urgency=%q want %q", c.text, r.Urgency, c.urgency)
		}
		if c.urgency != "" && !r.Clinical {
			t.Errorf("%q: urgent but not clinical", c.text)
		}
	}
}

func TestSpanish(t *testing.T) {
	s := Default()
	cases := []struct {
		text     string
		clinical bool
		gone     string
	}{
		{"me duele mucho la cabeza desde ayer", true, "cabeza"},
		{"tengo fiebre y tos", true, "fiebre"},
		{"mi hijo tiene asma", true, "asma"},
		{"¿a qué hora abren el domingo?", false, ""},
		{"necesito cambiar mi cita con la Dra. García para el lunes", false, "García"},
		{"estoy harto de esperar", false, ""},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		if r.Lang != "es" {
			t.Errorf("%q: lang %q", c.text, r.Lang)
		}
		if r.Clinical != c.clinical {
			t.Errorf("%q: clinical=%v want %v (%q)", c.text, r.Clinical, c.clinical, r.Redacted)
		}
		if c.gone != "" && strings.Contains(r.Redacted, c.gone) {
			t.Errorf("%q: %q survives in %q", c.text, c.gone, r.Redacted)
		}
	}
}

func TestPlaceholdersDoNotLeak(t *testing.T) {
	s := Default()
	a := s.Strip("Dr. Al said I have flu").Redacted
	b := s.Strip("Dr. Bartholomew said I have influenza").Redacted
	if a != b {
		t.Fatalf("placeholders differ with the length of the replaced text: %q vs %q", a, b)
	}
}

func TestKnowledgeSize(t *testing.T) {
	tc := Default().TermCounts()
	min := map[string]int{
		"en/symptom": 2000, "en/condition": 500, "en/medication": 1000, "en/procedure": 150,
		"en/test": 150, "en/mental_health": 100, "en/name": 1500, "en/body_part": 150,
	}
	for k, want := range min {
		if tc[k] < want {
			t.Errorf("%s: %d terms, want at least %d", k, tc[k], want)
		}
	}
}

// TestSanitySet checks the decision on the hand-written English held-out set.
func TestSanitySet(t *testing.T) {
	f, err := os.Open("testdata/en/sanity.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := Default()
	var clin, clinHit, harm, harmHit int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct{ Label, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		got := s.Strip(r.Text).Clinical
		if r.Label == "clinical" {
			clin++
			if got {
				clinHit++
			}
		} else {
			harm++
			if got {
				harmHit++
			}
		}
	}
	if clin == 0 || harm == 0 {
		t.Fatal("empty sanity set")
	}
	if float64(clinHit) < 0.9*float64(clin) {
		t.Errorf("recall %d/%d below 90%%", clinHit, clin)
	}
	if float64(harmHit) > 0.1*float64(harm) {
		t.Errorf("false positives %d/%d above 10%%", harmHit, harm)
	}
}
