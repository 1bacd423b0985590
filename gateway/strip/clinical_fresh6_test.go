package strip

import "testing"

// Sensations described without a name, teeth/eyes/ears in search-box words,
// and warm figures of speech built from the body (fresh6.jsonl), written
// again in other words.
func TestFresh6Descriptions(t *testing.T) {
	checkClinical(t, []clinCase{
		{"bread keeps feeling stuck... food gets stuck halfway down lately", true},
		{"if I get up too fast everything goes black for a second", true},
		{"my newborn spits up milk after every feed", true},
		{"my hair came out in handfuls after the fever", true},
		{"when I roll over the room spins", true},
		{"my brother thinks the tv is controlling his thoughts", true},
		{"I drink a bottle of wine every night now", true},
		{"I had an implant fitted and my arm aches", true},
		{"my thumb gets stuck bent in the mornings", true},
		{"I keep smelling smoke that no one else can smell", true},
		{"a dark shadow came across part of my vision", true},
		{"my husband has MS and falls a lot", true},
		{"the letter says a small nodule was found", true},
		{"I can't see the point in getting up anymore", true},
		{"my legs feel crawly at night and I have to keep moving them", true},
		{"my filling fell out eating toffee", true},
		{"slept in my contacts and my eye hurts", true},
		{"resting heart rate 105 is that bad", true},
		{"hand on heart, the best cafe in town", false},
		{"the new garden is a sight for sore eyes", false},
		{"the parking app is giving everyone a headache", false},
		{"pain au chocolat at the cafe is great", false},
		{"the startup needs a cash injection", false},
		{"best brain teasers for a road trip", false},
		{"is fever tree tonic worth it", false},
	})
}

// Coming close to jumping is self-harm, with its urgency; a figure of speech
// is not.
func TestSelfHarmNearJump(t *testing.T) {
	s := Default()
	for _, c := range []struct {
		text    string
		urgency string
	}{
		{"last week I nearly jumped off a bridge", "self_harm"},
		{"I was thinking about jumping in front of a train", "self_harm"},
		{"we jumped at the chance to book the train", ""},
	} {
		if r := s.Strip(c.text); r.Urgency != c.urgency {
			t.Errorf("%q: urgency %q, want %q (%q)", c.text, r.Urgency, c.urgency, r.Redacted)
		}
	}
	checkClinical(t, []clinCase{
		{"all I can think about is getting high", true},
		{"I wash my hands 50 times a day and they crack", true},
	})
}
