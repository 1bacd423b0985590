package strip

import "testing"

// Families of the session-10 closing-check set fresh58, written anew.
func TestFresh58Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"can I book vaccination slots for both kids on Saturday?", false},
		{"please confirm my travel vaccination slot at 9:40", false},
		{"our newsletter needs a fresh injection of ideas", false},
		{"my bank account needs emergency surgery after Christmas", false},
		{"I'm allergic to Monday mornings, is the canteen open early?", false},
		{"I'm allergic to cleaning products", true},
		{"my husband collapsed in the car park, where is he now?", true},
		{"is there free surgery for VVF?", true},
		{"does the clinic test for food intolerance?", true},
		{"I bloat after every meal", true},
		{"our 4 day old is looking quite yellow", true},
		{"my toddler may have drunk bleach", true},
		{"when will my HSG results be back?", true},
		{"my embryo transfer was last week, when is my beta result?", true},
		{"can you email me the histopathology report?", true},
		{"is there pelvic floor physio after a c-section?", true},
		{"how much is the CS package?", true},
	})
	if u := Default().Strip("my husband collapsed in the car park").Urgency; u != "emergency" {
		t.Errorf("a person who collapsed: urgency %q, want emergency", u)
	}
}
