package strip

import (
	"strings"
	"testing"
)

// A one-letter abbreviation with its dot inside a lexicon phrase matches
// ("H. pylori" = "h pylori"); a dot elsewhere still ends the walk.
func TestAbbreviationDotInPhrase(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		text     string
		clinical bool
		gone     string
	}{
		{"on triple therapy for H. pylori, can i still drink coffee", true, "pylori"},
		{"is E. coli contagious to my kids", true, "coli"},
		{"Mr. T. Smith called about the parking permit", false, ""},
	} {
		r := s.Strip(tc.text)
		if r.Clinical != tc.clinical {
			t.Errorf("%q: clinical = %v, want %v (%q)", tc.text, r.Clinical, tc.clinical, r.Redacted)
		}
		if tc.gone != "" && strings.Contains(r.Redacted, tc.gone) {
			t.Errorf("%q: %q survived: %q", tc.text, tc.gone, r.Redacted)
		}
	}
}

// Asking for an ambulance is an emergency; a person who fell, with when or
// where, is an injury; everyday "fell" and ambulance billing stay harmless.
func TestAmbulanceAndFalls(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		text     string
		clinical bool
		urgency  string
	}{
		{"we need an ambulance at the house", true, "emergency"},
		{"please send an ambulance, she is not waking up", true, "emergency"},
		{"should i call 911, my dad is confused", true, "emergency"},
		{"grandpa fell this morning and can't stand", true, ""},
		{"my mom fell in the shower last night", true, ""},
		{"he fell asleep on the couch again", false, ""},
		{"the stock fell today, should I sell", false, ""},
		{"the ambulance bill is too high, can I pay in parts", false, ""},
	} {
		r := s.Strip(tc.text)
		if r.Clinical != tc.clinical || tc.urgency != "" && r.Urgency != tc.urgency {
			t.Errorf("%q: clinical=%v urgency=%q, want %v %q (%q)", tc.text, r.Clinical, r.Urgency, tc.clinical, tc.urgency, r.Redacted)
		}
	}
}

// A heart as a toy, a shape or an icon and a therapy visit as logistics stay
// harmless; the heart of a patient and the reason for a therapy do not.
func TestHeartShapesAndTherapyVisits(t *testing.T) {
	checkClinical(t, []clinCase{
		{"the gift shop had this cute stuffed heart, can i order it online", false},
		{"can you bake heart-shaped cookies for the nurses party", false},
		{"I sent a heart emoji by mistake", false},
		{"I need to move my physical therapy appointment to next week", false},
		{"where is the occupational therapy office", false},
		{"my heart races at night and I feel dizzy", true},
		{"physical therapy for my torn ACL, how many sessions will I need", true},
	})
}

// Plain pills are a medicine (misuse is named: "popping pills"), and "is it
// normal" frames a question rather than naming a state of mind.
func TestPillsAndNormalQuestions(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		text string
		cat  string // a category the findings must hold
		not  string // a category they must not hold
	}{
		{"my grandpa can't swallow his pills anymore", "medication", "substance"},
		{"he is popping pills again", "substance", ""},
		{"is it normal for a newborn to sneeze a lot", "symptom", "mental_health"},
		{"I don't feel normal since the new meds", "mental_health", ""},
	} {
		r := s.Strip(tc.text)
		has := map[string]bool{}
		for _, c := range r.Categories {
			has[c] = true
		}
		if !has[tc.cat] || tc.not != "" && has[tc.not] {
			t.Errorf("%q: categories %v, want %s and not %q", tc.text, r.Categories, tc.cat, tc.not)
		}
	}
}

// Hospital logistics that name a unit or a record stay harmless; what happened
// to a person there does not.
func TestHospitalLogistics(t *testing.T) {
	checkClinical(t, []clinCase{
		{"can i bring flowers to a patient in the icu", false},
		{"I want to thank the staff in labor and delivery for taking care of my wife", false},
		{"I lost my wallet in the emergency room waiting area yesterday", false},
		{"how do I get a copy of my medical records", false},
		{"my dad is in the icu after a heart attack", true},
		{"my medical records show I had hepatitis", true},
		{"a nurse at the emergency room checked my vitals", true},
	})
}

// Booking a visit with a specialist is logistics; what the specialist said or
// what the visit is for stays clinical.
func TestSpecialistBooking(t *testing.T) {
	checkClinical(t, []clinCase{
		{"can I reschedule my appointment with my oncologist", false},
		{"I'd like to book an appointment with a cardiologist next week", false},
		{"book a follow-up with my surgeon please", false},
		{"I need a referral to a gastroenterologist, how do I get one", false},
		{"my oncologist said the scan shows a new spot", true},
		{"I need to see a cardiologist about my chest pain", true},
	})
}

// Mono as an illness in the phrases where it cannot be audio.
func TestMonoIllness(t *testing.T) {
	checkClinical(t, []clinCase{
		{"how long does mono last in teenagers", true},
		{"my daughter has mono and a sore throat", true},
		{"switch the speaker to mono", false},
		{"is the recording in mono or stereo", false},
	})
}

// A plaster cast and a burn in consumer questions; the cast of a show and
// burning a CD stay harmless.
func TestCastAndBurn(t *testing.T) {
	checkClinical(t, []clinCase{
		{"is it ok to shower with a cast", true},
		{"how to tell if a burn needs a doctor", true},
		{"the cast of the new show is great", false},
		{"I want to burn a cd of my photos", false},
	})
}

// A person who seems or has been down is a mood; a market or the wifi is not.
func TestSeemsDown(t *testing.T) {
	checkClinical(t, []clinCase{
		{"she seems really down lately", true},
		{"he's been so down since the divorce", true},
		{"the market seems really down today", false},
		{"the wifi seems down again", false},
		{"our sales have been really down this quarter", false},
	})
}

// A blood-pressure reading right after "bp" or "pressure" is clinical even in
// a message with no other clinical word; a score is not.
func TestBloodPressureReading(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		text     string
		clinical bool
	}{
		{"bp was 150/95 this morning", true},
		{"my pressure is 160/100", true},
		{"my b/p 145/92 today", true},
		{"the score was 120/80 at halftime", false},
	} {
		r := s.Strip(tc.text)
		if r.Clinical != tc.clinical || tc.clinical && strings.Contains(r.Redacted, "/9") {
			t.Errorf("%q: clinical = %v, want %v (%q)", tc.text, r.Clinical, tc.clinical, r.Redacted)
		}
	}
}

// Genital complaints "down there", a teen's vaping, infant formula amounts
// and a baby's stools; the everyday senses stay harmless.
func TestFamilyHealthPhrases(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my boyfriend has a bump down there", true},
		{"my teen is vaping what do i do", true},
		{"how much formula should a 2 month old drink", true},
		{"is it normal for a baby to poop after every feed", true},
		{"the vape shop is closed today", false},
		{"the formula in excel is wrong", false},
		{"the basement is down there on the left", false},
	})
}

// "im" is chat for "I'm" unless it names the intramuscular route.
func TestImIsNotARoute(t *testing.T) {
	s := Default()
	r := s.Strip("im so nauseous since the new pills")
	if !strings.HasPrefix(r.Redacted, "im ") {
		t.Errorf("\"im\" removed: %q", r.Redacted)
	}
	r = s.Strip("the shot is given IM in the thigh")
	if strings.Contains(r.Redacted, "IM") || !r.Clinical {
		t.Errorf("route kept: %q", r.Redacted)
	}
}

// Heavy drinking by amount, a partner who "gave me something", a child who
// "has been cutting", paranoid and compulsive experiences, overwhelming grief.
func TestMoreLayMentalAndSexualHealth(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my husband drinks a fifth of vodka every day", true},
		{"my girlfriend might have given me something", true},
		{"my daughter has been cutting", true},
		{"i can't stop checking the locks", true},
		{"grief after losing my mom is too much", true},
		{"she has been cutting coupons all week", false},
		{"the barber has been cutting hair for 30 years", false},
	})
	if r := Default().Strip("my daughter has been cutting"); r.Urgency != "self_harm" {
		t.Errorf("urgency %q", r.Urgency)
	}
}

// Booking a routine vaccination and a smoking area are logistics; lay
// symptoms found missing by the second blind set are clinical.
func TestVaccinationBookingAndLaySymptoms(t *testing.T) {
	checkClinical(t, []clinCase{
		{"can i book a flu shot for me and my husband this week", false},
		{"does the vaccination clinic take walk-ins on weekends", false},
		{"the smoking area outside entrance 3 is too close to the door", false},
		{"I got a flu shot and now my arm is swollen and red", true},
		{"why does it burn when i pee", true},
		{"how long do the shakes last when you quit drinking", true},
		{"my 2 year old isnt talking yet", true},
		{"uncontrolled sugars, fasting 260 every morning", true},
	})
}

// A fall the person cannot get up from, or a blow to the head with confusion,
// is urgent.
func TestFallEmergencies(t *testing.T) {
	s := Default()
	for _, text := range []string{"my husband fell and can't get up", "she fell and hit her head and is confused"} {
		if r := s.Strip(text); r.Urgency != "emergency" {
			t.Errorf("%q: urgency %q (%q)", text, r.Urgency, r.Redacted)
		}
	}
}

// Stroke signs, labour under way, a limp baby and heavy blood loss in lay
// words are urgent; a steak and limp plants are not clinical.
func TestLayEmergencies(t *testing.T) {
	s := Default()
	for _, text := range []string{
		"my baby has a fever of 104 and is limp",
		"my water broke and the baby is coming",
		"my dad's face is drooping and he can't talk",
		"there's so much blood",
	} {
		if r := s.Strip(text); r.Urgency != "emergency" {
			t.Errorf("%q: urgency %q (%q)", text, r.Urgency, r.Redacted)
		}
	}
	checkClinical(t, []clinCase{
		{"this steak has so much blood in it lol", false},
		{"the plants look limp, should I water them", false},
	})
}
