package strip

import "testing"

// The residue pass keeps a business's name with a facility word anywhere in
// its run, and a clock time is no house number before a capitalised run.
func TestResidueFacilityRunsAndClockTimes(t *testing.T) {
	s := Default()
	cases := []struct {
		text       string
		gone, keep []string
	}{
		{"Booked for Friday, the name is Dental Lantern", nil, []string{"dental", "lantern", "friday"}},
		{"Can I move my cleaning with Sunny Grin Dental Studio to Monday?", nil, []string{"sunny", "grin", "dental", "studio"}},
		{"My slot is at 09:30 with Oak Valley Dental Group", nil, []string{"oak", "valley", "dental"}},
		{"I have a visit at 14:15 with Riverside Family Clinic", nil, []string{"riverside", "family", "clinic"}},
		// a real house number still makes an address
		{"Please send the letter to 42 Quenby Hollow", []string{"quenby", "42"}, []string{"letter"}},
		// a name run with no facility word is still a name
		{"The package went to Zorvath Quell yesterday", []string{"zorvath", "quell"}, []string{"package"}},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		checkGoneKept(t, c.text, r.Redacted, c.gone, c.keep)
	}
}

// A street type in everyday words is no address cue for the city after it;
// one that ends a street's name still is.
func TestResidueStreetTypeWords(t *testing.T) {
	s := Default()
	cases := []struct {
		text       string
		gone, keep []string
	}{
		{"how long will it take to drive from Modesto right now", nil, []string{"modesto"}},
		{"the lights are out on our street in Leeds", nil, []string{"leeds"}},
		{"any sushi place near Shinagawa station open late", nil, []string{"shinagawa"}},
		{"we moved to Birch Street in Dayton", []string{"dayton"}, nil},
		{"my address is 18 Alder Road, Norwich", []string{"alder", "norwich"}, nil},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		checkGoneKept(t, c.text, r.Redacted, c.gone, c.keep)
	}
}
