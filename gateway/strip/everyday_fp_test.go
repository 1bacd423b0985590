package strip

import "testing"

// Everyday English that uses clinical-looking words in an everyday sense
// (idioms, objects, events, pets, machines) must stay harmless; the
// safe-phrase families for them are in context/en/safe.txt ("everyday
// senses of clinical-looking words"), and bare "latch" and "balloon pump"
// are anchor-only. A wider self-written set is testdata/en/harmless2.jsonl
// (go run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/harmless2.jsonl).
func TestEverydayFPHarmless(t *testing.T) {
	s := Default()
	for _, text := range []string{
		// soft spot, latch, balloon pump, period, a child's food, a pet
		"I have a soft spot for old movies, any recommendations?",
		"She always had a soft spot for stray cats.",
		"There's a soft spot in the floor by the back door.",
		"The gate won't latch anymore, can you send someone to fix it?",
		"The cabinet door doesn't latch properly since we moved it.",
		"The window latch is broken in the kids' room.",
		"Does the party store sell a balloon pump and helium?",
		"I need a hand balloon pump for the birthday party tomorrow.",
		"Please attach proof of your period of employment to the application.",
		"Her period of employment ended in May.",
		"My period of notice is one month.",
		"The warranty period is two years from purchase.",
		"During the trial period you can cancel at any time.",
		"My kids won't eat their vegetables no matter what I do.",
		"My toddler won't eat anything green, any recipe ideas?",
		"My daughter refuses to eat her broccoli.",
		"The dog won't eat the new food brand we bought.",
		"Our cat doesn't eat the dry food anymore, should we switch brands?",
		"My son won't stop crying because we left his teddy at grandma's.",
		// headaches and heart attacks of everyday life
		"Filing taxes is such a headache every year.",
		"The move turned into a logistical headache.",
		"It's a pain to assemble this bookshelf.",
		"That's a pain to deal with on a Friday.",
		"You nearly gave me a heart attack with that surprise party!",
		"I almost had a heart attack when I saw the electricity bill.",
		"When I saw the bill I almost had a heart attack.",
		// stroke, heart, lungs
		"That stroke of genius saved the whole presentation.",
		"Use long brush strokes when painting the fence.",
		"I'm learning the breast stroke at the local pool.",
		"The kids love to stroke the cat on the porch.",
		"Her heart is in the right place.",
		"Let's have a heart to heart about our budget.",
		"Where do visitors park? The heart center garage was full this morning.",
		"Chicken hearts are great on the grill.",
		"Can I use artichoke hearts in this pasta?",
		"That video really warmed my heart.",
		"The lungs of the city are its parks.",
		// dose, fever, seizure, depression, chills, bleeding, blackout
		"The movie was a good dose of reality for the kids.",
		"A small dose of humor goes a long way in meetings.",
		"We danced to Saturday Night Fever at the wedding.",
		"World Cup fever has taken over the office.",
		"Cabin fever is real after a week of snow.",
		"The police announced the seizure of the stolen goods.",
		"The bank ordered the seizure of the property.",
		"The tropical depression is heading toward the coast.",
		"The Great Depression changed how banks were regulated.",
		"There's a depression in the lawn where the old tree was.",
		"I got the chills from that horror movie.",
		"That song gave me chills.",
		"Our sales are bleeding money this quarter.",
		"This phone uses bleeding edge technology.",
		"The outage caused a blackout in the whole neighborhood.",
		"Do you sell blackout curtains for a nursery?",
		// machines, devices, gear, jokes
		"What are the symptoms of a failing alternator?",
		"My laptop fan is really loud, is it overheating?",
		"The engine keeps overheating on hills.",
		"My washing machine is leaking from the bottom.",
		"The dishwasher keeps leaking onto the floor.",
		"I'm allergic to Monday mornings, honestly.",
		"Are tablets on sale this week? I want one for reading.",
		"The robotic surgery game on my tablet is hilarious.",
		"I'm building a capsule wardrobe for my trip.",
		"Do you sell coffee capsules for this machine?",
		"The regulators published the bank stress test results.",
		"We watched sperm whales on the boat tour.",
		"The sofa arm has a tear, can it be reupholstered?",
		"I need a new knee pad for gardening, the old one fell apart.",
		"We're expecting about fifty guests at the party.",
		"We are expecting heavy traffic on the bridge tonight.",
	} {
		if r := s.Strip(text); r.Clinical {
			t.Errorf("%q flagged clinical: %q %v", text, r.Redacted, r.Categories)
		}
	}
}

// The clinical counterparts of the look-alikes above stay clinical: the safe
// families end before, or do not reach, the clinical use.
func TestEverydayFPClinical(t *testing.T) {
	s := Default()
	for _, text := range []string{
		"my heart races at night",
		"the baby won't latch and is losing weight",
		"my newborn won't latch",
		"she won't latch on the left side",
		"we're having trouble with latching and my nipples are cracked",
		"my baby won't eat and has a fever",
		"my baby won't eat",
		"my toddler won't eat and has a rash",
		"my son won't stop crying and pulling at his ear",
		"the soft spot on my baby's head looks sunken",
		"my period is late",
		"her period has been really heavy",
		"he needed a balloon pump after the heart attack",
		"the doctor put in an intra aortic balloon pump",
		"I have a headache every morning",
		"it's been a constant headache for weeks",
		"what a pain in my back",
		"it's such a pain in my knee",
		"my dad had a heart attack last year",
		"he almost had a heart attack while shoveling snow",
		"the drugs gave him a heart attack",
		"my dad had two strokes last year",
		"she had a stroke and can't move her left arm",
		"I take heart medication every day",
		"I have a fever and chills",
		"I was diagnosed with depression",
		"my son had a seizure last night",
		"what dose of ibuprofen can I take",
		"I take two tablets a day",
		"I'm allergic to cleaning products",
		"my stress test results came back abnormal",
		"I had a stress test the other day",
		"I keep having blackouts after drinking",
		"I had a total blackout after drinking",
		"I'm overheating and sweating at night",
		"my breast pump keeps leaking",
		"my CPAP machine is leaking air",
		"we're expecting twins",
		"my son swallowed a laundry capsule",
	} {
		if r := s.Strip(text); !r.Clinical {
			t.Errorf("%q not clinical: %q", text, r.Redacted)
		}
	}
}

// Surprise and exasperation told with the body, school, a computer's virus
// and a department named by its service stay everyday; the same words about
// a person's body do not.
func TestEverydayBodyIdiomsMore(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my jaw hit the floor when I saw the new lobby", false},
		{"this queue is going to give me a heart attack lol", false},
		{"that choir gives me goosebumps every Sunday", false},
		{"my son is a high schooler looking for volunteer hours", false},
		{"can you help me get rid of a virus on my computer", false},
		{"which floor is the radiology department on?", false},
		{"is the physio clinic open on bank holidays", false},
		{"the antibiotics give me chills and a rash", true},
		{"he got high before school again", true},
		{"my physio clinic says the tendon is torn", true},
	})
}

// Devices, clocks and music that borrow the body's words.
func TestEverydayDevicesAndMusic(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my tablet won't charge since the update", false},
		{"how long is the shot clock in college basketball", false},
		{"put on a heart-pounding workout playlist", false},
		{"I took a tablet for my headache", true},
	})
}

// A car-park barrier's arm is a thing.
func TestEverydayBarrierArm(t *testing.T) {
	checkClinical(t, []clinCase{
		{"The barrier arm was stuck for twenty minutes, can I get a refund?", false},
		{"the lift door caught my arm and now it's stuck bent", true},
	})
}
