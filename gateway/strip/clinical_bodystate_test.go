package strip

import "testing"

// A person's body part with a change of state is a symptom; feelings told
// with the body are not.
func TestBodyState(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my toes go white and numb in the cold", true},
		{"grandma's ankles are swollen again", true},
		{"his lips look blue after his bath", true},
		{"my left knee gives way on the stairs", true},
		{"my face went red when the waiter sang happy birthday", false},
		{"my stomach dropped when I saw the bill", false},
		{"my eyes are bigger than my stomach at buffets", false},
		{"the paint on my car is peeling", false},
	})
}

// Plain-word families of the seventh blind set, written again in other
// words: failing memory, voices and sights, weight, bowels and bladder, and
// stroke signs told as what the writer sees (with their urgency).
func TestPlainDescriptions(t *testing.T) {
	checkClinical(t, []clinCase{
		{"grandad got lost walking home from the park he's used for years", true},
		{"mum keeps asking the same question every few minutes", true},
		{"dad wandered outside at night in his pyjamas again", true},
		{"she keeps hearing music that isn't playing", true},
		{"I've lost a stone without trying this year", true},
		{"my pee has gone dark and I've been drinking loads", true},
		{"there's blood in my baby's nappy", true},
		{"I keep having to go back to the loo all night", true},
		{"we got lost driving to the new office", false},
		{"the radio keeps playing the same song", false},
	})
	s := Default()
	for _, text := range []string{
		"his mouth has dropped on one side and his speech is slurred",
		"she can't get any air in and her ribs are sucking in",
	} {
		if r := s.Strip(text); r.Urgency != "emergency" {
			t.Errorf("%q: urgency %q, want emergency (%q)", text, r.Urgency, r.Redacted)
		}
	}
}

// Changes of shape, surface, sound and smell count as state words, and a
// short search query needs no owner ("tingly lips", "toenail turning black");
// colours before a part in a query, and everyday looks, stay harmless.
func TestBodyStateMoreAndQueries(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my nails have gone thick and ridged", true},
		{"my chest rattles when I lie flat", true},
		{"her gums are receding fast", true},
		{"twitchy eyelid", true},
		{"clicky knee", true},
		{"scaly elbows", true},
		{"fingertip peeling", true},
		{"feet smell", true},
		{"blue eyes", false},
		{"red eye flight to boston", false},
		{"my hair looks great after the salon", false},
		{"smelly socks washing tips", false},
	})
}

// A simile that ends on a person's body part is a sensation; the same shape
// in exasperation or pride is not.
func TestBodySimileBefore(t *testing.T) {
	checkClinical(t, []clinCase{
		{"feels like a band is squeezing my head", true},
		{"it feels like there's grit in my eyes", true},
		{"feels like I'm banging my head against a wall with this form", false},
		{"my heart is going to burst with pride at graduation", false},
		{"I feel like my manager never listens", false},
	})
}
