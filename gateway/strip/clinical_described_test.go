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
	checkUrgency(t, []urgCase{
		{"my brother said he wants to end his life", "self_harm"},
		{"she told me she wants to die", "self_harm"},
		{"he has been giving away his things this week", "self_harm"},
		{"I don't feel safe on my own tonight", "self_harm"},
		{"mum says everyone would be better off without her", "self_harm"},
		{"we are giving away our old sofa, anyone want it?", ""},
		{"the end of the film made me cry", ""},
	})
}

// The senses, breathing, bowels, bladder, sleep, a relative's speech and
// walking, a baby's milestones and behaviour told in plain words, written
// again in other words than the blind set that showed the gap.
func TestDescribedSensesAndBehaviour(t *testing.T) {
	checkClinical(t, []clinCase{
		{"since the cold I can't taste my food anymore", true},
		{"everything tastes of metal this week", true},
		{"I keep hearing voices when no one is there", true},
		{"I see zigzag lights then get a blind patch", true},
		{"it's like breathing through a straw on the stairs", true},
		{"he brings up yellow gunk every morning", true},
		{"burning when i pee since sunday", true},
		{"my pee looks frothy lately", true},
		{"my daughter grinds her teeth at night", true},
		{"I can't stop hiccuping for two days", true},
		{"one pupil is bigger than the other in photos", true},
		{"her handwriting has got tiny and shaky", true},
		{"the baby hasn't kicked since this morning", true},
		{"he hasn't slept in three days and talks non-stop", true},
		{"the radio keeps playing music in the kitchen", false},
		{"my son can't stop talking about the match", false},
		{"the lines at the bank wobble around the corner", false},
	})
}

// Terse search words for signs, and the car and game words that borrow them.
func TestDescribedSearchWords(t *testing.T) {
	checkClinical(t, []clinCase{
		{"blood in poop toddler", true},
		{"period 2 weeks late negative", true},
		{"mum suddenly confused today", true},
		{"discharge smells fishy", true},
		{"skin picking help", true},
		{"son wets the bed at 9", true},
		{"nicotine vape withdrawal", true},
		{"my ears pop every time I swallow", true},
		{"nail turned purple", true},
		{"alternator failure symptoms", false},
		{"head gasket repair cost", false},
		{"cash withdrawal limit at the atm", false},
		{"our plans changed, can I move the booking", false},
	})
}

// What a relative, a carer or a teacher sees, in other words than the blind
// set that showed the gap.
func TestDescribedObserved(t *testing.T) {
	checkClinical(t, []clinCase{
		{"grandad has started shuffling when he walks", true},
		{"mum keeps asking us what day it is", true},
		{"she put the keys in the freezer again", true},
		{"he doesn't know who I am some days", true},
		{"our little one walks on tiptoes all the time", true},
		{"my 2 year old isn't saying any words yet", true},
		{"she barely eats now and her clothes are loose on her", true},
		{"he checks the oven is off twenty times before bed", true},
		{"my daughter bangs her head on the floor when she's cross", true},
		{"she leaks when she coughs or sneezes", true},
		{"my wrist is bent at a funny angle after the fall", true},
		{"our dog hasn't walked yet today", false},
		{"the kettle is in the cupboard", false},
	})
}

// One's own body told with euphemisms, similes and sensations beside a part,
// in other words than the blind set that showed the gap.
func TestDescribedSelf(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my waterworks have been playing up all week", true},
		{"I think I'm in the family way, my monthly visitor is late", true},
		{"there's a stabbing under my left ribs when I cough", true},
		{"my knee feels like it's full of gravel", true},
		{"my arms came up in bumps after the new soap", true},
		{"my leg went dead on the drive home", true},
		{"I smoke about 20 a day and wheeze on the stairs", true},
		{"I keep hearing my name called when nobody's home", true},
		{"I keep seeing the crash over and over when I close my eyes", true},
		{"my phone is dead again", false},
		{"the new sofa feels like a cloud", false},
		{"we walk the dog twice a day", false},
	})
}

// Signs that cannot wait, sex and contraception, babies, a relative's memory
// and hearing, in other words than the blind set that showed the gap.
func TestDescribedUrgentAndEveryday(t *testing.T) {
	checkUrgency(t, []urgCase{
		{"his eyes keep rolling back and he's not answering", "emergency"},
		{"half her face won't move since this morning", "emergency"},
		{"I think my waters have broken, I'm 34 weeks", "emergency"},
		{"my sister keeps saying she wants to disappear", "self_harm"},
		{"I nearly jumped out of my skin at the fireworks", ""},
	})
	checkClinical(t, []clinCase{
		{"the condom split last night, what now", true},
		{"my husband had the snip in May", true},
		{"our newborn has only had two wet nappies today", true},
		{"my 5 month old isn't holding his head up", true},
		{"gran has the telly on full blast and says we're all mumbling", true},
		{"I keep waking up soaked, sheets and all", true},
		{"a splinter of glass in my heel for a week", true},
		{"my 4 year old lines his toys up for hours", true},
		{"the fire alarm made me jump out of my skin", false},
		{"the tv is on full volume in the waiting room", false},
	})
}

// A person's own device counts (device.framed.ambiguous.txt); the same word
// as a place or a thing does not.
func TestFramedDevices(t *testing.T) {
	checkClinical(t, []clinCase{
		{"her catheter has been blocked since this morning", true},
		{"my stent was put in last year", true},
		{"his crutches are too short for him", true},
		{"the catheter lab is on floor 2", false},
		{"is there a wheelchair at the main entrance", false},
		{"dad was discharged yesterday after a fall and seems more confused than usual", true},
		{"I have a gambling problem and I'm drinking to cope", true},
	})
}

// Emergencies told in plain words, and a sensation placed a few words before
// a body part, in other words than the blind set that showed the gap.
func TestDescribedEmergenciesPlain(t *testing.T) {
	checkUrgency(t, []urgCase{
		{"a heavy squeezing that spreads down my left arm", "emergency"},
		{"his speech is slurred and his arm is just hanging", "emergency"},
		{"the worst thunderclap in my head, came on in seconds", "emergency"},
		{"blood is pouring out of his nose and won't stop", "emergency"},
		{"she brought up what looked like coffee grounds", "emergency"},
		{"I took way too many of my painkillers", "emergency"},
		{"we pulled him out of the pool and he's coughing", "emergency"},
		{"we got the kids out of the pool at six for dinner", ""},
	})
	checkClinical(t, []clinCase{
		{"a sharp stab low down on the right side of my belly", true},
		{"burning that sits just behind my breastbone", true},
		{"tightenings every five minutes, is this labour", true},
		{"pink wee this morning, no other problems", true},
		{"a ringing in my ears that nobody else hears", true},
		{"a bit of pressure on my time this week", false},
	})
}

// Forum titles and terse notes.
func TestDescribedForumTitles(t *testing.T) {
	checkClinical(t, []clinCase{
		{"Bruise that won't go away on my thigh", true},
		{"swallowing feels stuck since Christmas", true},
		{"4mo, back of her head is flat, helmet?", true},
		{"new tattoo looks infected, red and hot", true},
		{"70M repeating stories, forgot the grandkids' names", true},
		{"my laptop is infected with something", false},
		{"we got lost driving to the new office", false},
	})
}

// The twentieth blind set's families, in other words; "hopeless" alone is a
// complaint about an app, "feel hopeless" a mood.
func TestDescribedTwentieth(t *testing.T) {
	checkClinical(t, []clinCase{
		{"I wake at 3 every night and lie there wide awake till dawn", true},
		{"found a bag of white powder in his jacket", true},
		{"my legs feel like lead going up the hill", true},
		{"my partner stops breathing at night and then a loud snort", true},
		{"his wee is dark like strong tea", true},
		{"running to the loo five or six times a day, all watery", true},
		{"The parking app logged me out again. Hopeless.", false},
		{"I'm hopeless at maths, can someone help with the bill", false},
		{"I feel hopeless most days", true},
	})
}

// A twenty-second blind set's emergencies and families, in other words.
func TestDescribedTwentySecond(t *testing.T) {
	checkUrgency(t, []urgCase{
		{"I think he swallowed a little round battery from the remote", "emergency"},
		{"she cries, goes blue and flops", "emergency"},
		{"grandma hasn't woken properly since lunch and her breathing sounds rattly", "emergency"},
		{"his ankle is facing the wrong way after the tackle", "emergency"},
		{"she is not feeding and grunting with every breath", "emergency"},
	})
	checkClinical(t, []clinCase{
		{"my new hip clunks going down stairs", true},
		{"she keeps leaving the gas on and forgot who I was", true},
		{"my son hears the fridge talking to him", true},
		{"parking only takes coins, total headache", false},
		{"grandad still does the crossword in pen every morning", false},
	})
}

// Direct messages to a hospital account: care named in passing is clinical,
// thoughts of ending it carry the self_harm urgency; a fire alarm going off
// this morning is not.
func TestDescribedDirectMessages(t *testing.T) {
	checkUrgency(t, []urgCase{
		{"been having thoughts of ending it all lately", "self_harm"},
	})
	checkClinical(t, []clinCase{
		{"can I come in for PEP after a needlestick at work", true},
		{"do you do PrEP at the sexual health clinic", true},
		{"can my husband stay after my transplant", true},
		{"my son has his tonsils out on Friday, can I stay over", true},
		{"I was assaulted and need a rape kit", true},
		{"still waiting on my referral to neurology", true},
		{"how do I get my vaccination records for college", true},
		{"my dad is blind, can someone meet him at the door", true},
		{"why did the fire alarm go off this morning", false},
		{"we need to transplant the roses before winter", false},
	})
}

// Care named in passing inside a logistics message counts; a specialty or a
// department to find stays logistics, as the dev set's booking slice labels
// "I need a dermatologist".
func TestDescribedCareInPassing(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my dad was moved to ICU last night, what are visiting times", true},
		{"can I stay with my son after his op", true},
		{"can my husband stay on the maternity ward", true},
		{"do you do smear tests in the evening", true},
		{"where do I return the crutches", true},
		{"is there a waiting list for the memory clinic appointment", true},
		{"what floor is cardiology on", false},
		{"I need a dermatologist near Oakland", false},
		{"where is the x-ray department", false},
	})
}

// Text-message shapes of signs, in other words than the blind set that
// showed the gap.
func TestDescribedTexting(t *testing.T) {
	checkUrgency(t, []urgCase{
		{"baby had a fit just now", "emergency"},
	})
	checkClinical(t, []clinCase{
		{"catheter blocked again since 6", true},
		{"feel like im gonna pass out", true},
		{"pins n needles in both hands", true},
		{"relapsed again last night after 3 months clean", true},
		{"peeing every 10 mins today", true},
		{"running 10 mins late, sorry", false},
	})
}
