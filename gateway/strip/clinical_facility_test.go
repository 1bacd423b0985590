package strip

import "testing"

// A practice named with a clinical word is a venue; the same words about a
// person's care stay clinical. Idioms of money, sport and chores stay harmless.
func TestFacilityNamesAndChoreIdioms(t *testing.T) {
	checkClinical(t, []clinCase{
		{"Can I book the first opening at Riverbend Physical Therapy?", false},
		{"I want to register with Oakfield Surgery as a new patient", false},
		{"Is Dr. Lund still with the Harbor Dermatology group?", false},
		{"I had Knee Surgery last week and it still hurts", true},
		{"MY KNEE SURGERY WENT BADLY", true},
		{"what are the side effects of the new tariff rules on small shops", false},
		{"the merger had some side effects on my account fees", false},
		{"the side effects of the new medication are awful", true},
		{"they made me cough up 40 bucks for a seat", false},
		{"the flu made me cough up blood", true},
		{"we lost in injury time again", false},
		{"a cutthroat market for rentals", false},
		{"this router is a pain, how do I reset it", false},
		{"the bathroom renovation is a nightmare", false},
		{"this airline is making me sick with all these fees", false},
		{"my back is a pain today", true},
		{"my water bill doubled this month", false},
		{"please cancel my two remaining physio sessions", false},
		{"are there evening hours for physiotherapy at the Elm office", false},
		{"my physio session left my shoulder swollen", true},
	})
}
