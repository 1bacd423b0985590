package strip

import "testing"

// A clinic's, practice's or hospital's name is the venue, not a person: it
// stays readable (it is public and no Safe Harbor identifier); the person's
// name next to it still goes. A multi-word place of the gazetteer is a place,
// not a listed surname inside it.
func TestIdentFacilityNamesStay(t *testing.T) {
	checkIdentCases(t, []identCase{
		// facility words close the name
		{"Can I move my visit at the Harbourview Medical Clinic to Friday?", nil, []string{"Harbourview", "Medical", "Clinic", "Friday"}},
		{"Is Kestrel Valley Hospital open on Sundays?", nil, []string{"Kestrel", "Valley", "Hospital"}},
		{"Please reschedule my cleaning at Saint Anselm Memorial", nil, []string{"Anselm", "Memorial"}},
		// a facility word inside the name
		{"Book me with Oakmere Park Dental Partners please", nil, []string{"Oakmere", "Dental"}},
		// a doctor's name stays removed, before or inside a practice
		{"I'd like to see Dr. Ingrid Solvang at Fernhill Dental", []string{"Ingrid", "Solvang"}, []string{"Fernhill", "Dental"}},
		{"Book me with Dr. Maren Care on Monday", []string{"Maren"}, []string{"Monday"}},
		// a company with a legal ending is an organisation even with a facility word in it
		{"The address of Brightwater Health Analytics Inc is on file", []string{"Brightwater", "Analytics"}, []string{"address"}},
	})
}

func TestIdentMultiWordPlaceBeatsSurname(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"I want to go to New York", nil, []string{"New", "York"}},
		{"Flights to New York are expensive this month", nil, []string{"New", "York", "Flights"}},
		{"What time is it in New York right now?", nil, []string{"New", "York"}},
		// still a person with a title or given name in front
		{"Dr. York will call you back", []string{"York"}, []string{"call"}},
		{"Please ask Peter York about the invoice", []string{"Peter", "York"}, []string{"invoice"}},
		// still removed where a place is removed (residence)
		{"I live in New York with my kids", []string{"New", "York"}, []string{"kids"}},
	})
}
