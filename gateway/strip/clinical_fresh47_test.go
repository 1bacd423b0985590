package strip

import "testing"

// Families from the session-9 blind sets (fresh47: long-tail consumer
// questions; fresh48: plain descriptions and care in passing; fresh49: a
// hidden-like mix). Every sentence here is written for the test, not taken
// from a set.
func TestFresh47Families(t *testing.T) {
	checkClinical(t, []clinCase{
		// lab values named by abbreviation, in capitals or framed
		{"GGT 95 and I only drink at weekends, should I worry?", true},
		{"my ALP came back at 210", true},
		{"MCV 104, what does a high number mean", true},
		{"Hb 96 after the heavy period, is that why I'm exhausted", true},
		{"B12 of 150, do I need injections?", true},
		{"magnesium at 1.4 after the diarrhoea", true},
		{"my BP is up since the new job", true},
		{"ALT 78 is that bad", true},
		{"press ALT 4 to open the menu", false},
		{"the ALT 2 route goes past the hospital", false},
		// gambling as an addiction
		{"my brother can't stop betting on the horses", true},
		{"how do I stop gambling, I've lost my savings", true},
		{"he gambled away his pension and won't talk about it", true},
		{"what are the odds for the derby on Saturday?", false},
		// milestones
		{"my 9 month old isn't crawling yet, should I worry", true},
		{"our baby can't sit without support at 8 months", true},
		// toiletries a toddler got into
		{"my toddler ate half a tube of nappy cream", true},
		{"she licked some of the vape juice off the table", true},
		// plain descriptions
		{"every time I stand up everything goes black for a second", true},
		{"I keep smelling smoke but there's nothing burning anywhere", true},
		{"there's a bulge in my groin when I cough", true},
		{"my mum's breathing has got rattly at night", true},
		{"the skin on my feet is peeling in sheets", true},
		{"he checks the oven twenty times before leaving the house", true},
		{"my eyes are so dry by the evening", true},
		{"grandad has swallowing difficulties since the winter", true},
		{"I see flashing lights in the corner of my eye", true},
		{"can years of night shifts cause memory problems?", true},
		{"i can't stop thinking about ending things", true},
		// care in passing
		{"which ward is my grandad on? he came in last night", true},
		{"please post her discharge letter to the care home", true},
		{"I'm still recovering from the bypass so I can't lift boxes", true},
		{"we returned the wheelchair to the front desk last week", true},
		{"is there parking for NICU parents?", true},
		{"nan's on oxygen so can the taxi take a cylinder?", true},
		{"is it safe to detox from alcohol at home?", true},
		{"I had a knee operation so I can't kneel at church", true},
		{"my fluoride varnish appointment for the kids", true},
		{"can my bloods be done at the other site?", true},
		{"kids with type 1 at summer camp, who checks their sugars?", true},
		{"is ARFID different from picky eating?", true},
		{"a brown recluse bite that is turning dark", true},
		{"she's been seeing double since the fall", true},
		{"grandma got lost driving home from church", true},
		{"dad keeps asking for his late wife every evening", true},
		{"his words came out jumbled for a few minutes", true},
		{"she hasn't left her room in weeks", true},
		{"the letter about my smear went to the wrong house", true},
		{"I need a physio referral for my knee", true},
		{"can i move my appt with dr nwosu to friday", false},
	})
}

// Look-alikes of the session-9 sets: figures of speech and logistics that
// name a condition, an operation or a body part.
func TestFresh47LookAlikes(t *testing.T) {
	checkClinical(t, []clinCase{
		{"the roadworks outside your hospital are giving me a migraine lol, is there another way in?", false},
		{"that film was a total fever dream", false},
		{"we're having a headache with the new booking system, who do I call?", false},
		{"our apple tree is infected with some fungus, who prunes trees?", false},
		{"is the surgery center parking free after 6pm?", false},
		{"do you offer a bereavement discount on parking passes?", false},
		{"I can't remember the receptionist's name but she was lovely", false},
		{"my form has the wrong date of birth on it", false},
		{"we're sponsoring the dementia awareness walk next month", false},
		{"can I volunteer at the cancer survivors' picnic?", false},
		{"the school band is raising money for the local hospice", false},
		{"my savings account is looking anemic this year", false},
		{"book the room for our CPR themed quiz night", false},
		{"itching to get back on the golf course", false},
		{"the club has been in intensive care since the owner left", false},
		{"the cake is shaped like a heart", false},
		{"stayed up all night to watch the election results", false},
		{"my phone battery is swollen, is it safe to charge?", false},
		{"the tablet has dead pixels in the corner", false},
		{"when can we cut the hedge back?", false},
		{"the battery in my son's tablet is swollen", false},
	})
}

// Families of the second session-9 round (fresh51: identifiers; fresh52:
// everyday over-reach with one clinical detail in passing).
func TestFresh52Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"is PrEP free at the sexual health clinic?", true},
		{"whats PrEP", true},
		{"any meal prep tips for night shifts?", false},
		{"PREP SCHOOL OPEN DAY PARKING", false},
		{"she had a hypo in the lift, the porter was brilliant", true},
		{"my husband is in bed with the flu, can I collect his letter?", true},
		{"remind me to do my physio exercises at 6", true},
		{"any news on the man seriously injured at the junction?", true},
		{"parking for my mum's stent procedure on Friday?", true},
		{"I'm losing my hair from the chemo, do you sell wigs?", true},
		{"my bike chain keeps seizing up in the cold", false},
		{"the startup needs an injection of capital before March", false},
		{"where is the nearest British Heart Foundation shop?", false},
		{"our team smashed the stretch goal for new kit", false},
		{"the park is the lungs of the city", false},
		{"my pension is looking anaemic after the crash", false},
		{"my tablet keeps restarting by itself", false},
		{"does the 14 bus stop at Surgery Road?", false},
		{"the barcode scanner is blind to crumpled labels", false},
	})
}

// Families of fresh50 (consumer questions in the style of public QA
// collections, portal messages, assistant and bank-bot requests).
func TestFresh50Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"does botox help hyperhidrosis?", true},
		{"I sweat through my shirts by 10am", true},
		{"how do you help someone with hoarding disorder?", true},
		{"looking for a psychologist who treats panic attacks", true},
		{"my EF was 40 on the last echo", true},
		{"can you tell me which floor my dad is on? he was brought to your ER last night", true},
		{"I need a physical therapy referral for my knee", true},
		{"did you get my FIT test kit in the post?", true},
		{"when will her oxygen concentrator be delivered?", true},
		{"is it normal for grief to last this long?", true},
		{"Is flight UA 1427 on time?", false},
		{"this chatbot is allergic to straight answers", false},
		{"the transfer limit is such a pain, can you raise it", false},
		{"my account is paralysed since yesterday", false},
		{"what's the rate on your high-yield savings account?", false},
	})
}
