package strip

import "testing"

// Signs told in plain words (symptom.described.txt) and the skin-mark and
// "stuck" words that a body part beside them makes a sign
// (symptom.ambiguous.txt), written in other words than the blind sets that
// showed the gap; with the everyday look-alikes that must stay harmless.
func TestDescribedSigns(t *testing.T) {
	checkClinical(t, []clinCase{
		{"red spots on my son's chest since this morning", true},
		{"a patch of scabs on her scalp that won't heal", true},
		{"fish bone stuck in throat what do i do", true},
		{"there's a spot on my lip that keeps bleeding", true},
		{"he makes himself sick after dinner most nights", true},
		{"the baby threw up twice and won't feed", true},
		{"green gunk oozing from the cut on his knee", true},
		{"itchy down there after swimming", true},
		{"my lips are always so dry and cracked", true},
		{"my legs twitch at night and it keeps me up", true},
		{"grandpa acts out his dreams and fell out of bed", true},
		{"a grey patch in the centre of my vision", true},
		{"door frames look wavy to her now", true},
		{"dad has been very confused since the weekend", true},
		{"mum keeps seeing people who aren't there", true},
		{"my 6 year old is growing pubic hair, is that early", true},
		{"baby hasn't pooped in 4 days, formula fed", true},
		{"my gran has fallen three times this month", true},
		{"spots on the screen after cleaning it", false},
		{"stuck in traffic on the ring road", false},
		{"that chorus has been stuck in my head all week", false},
		{"we sat at the back of the bus", false},
		{"a parking spot near the entrance please", false},
		{"you were spot on about the cafe", false},
		{"the paint is flaking off the back door", false},
		{"how do I get the streaks off my windows", false},
	})
}

// Third-person suicidal talk and not feeling safe alone carry the self_harm
// urgency.
func TestSelfHarmThirdPerson(t *testing.T) {
	s := Default()
	for _, c := range []struct {
		text    string
		urgency string
	}{
		{"my brother said he wants to end his life", "self_harm"},
		{"she told me she wants to die", "self_harm"},
		{"he has been giving away his things this week", "self_harm"},
		{"I don't feel safe on my own tonight", "self_harm"},
		{"mum says everyone would be better off without her", "self_harm"},
		{"we are giving away our old sofa, anyone want it?", ""},
		{"the end of the film made me cry", ""},
	} {
		if r := s.Strip(c.text); r.Urgency != c.urgency {
			t.Errorf("%q: urgency %q, want %q", c.text, r.Urgency, c.urgency)
		}
	}
}
