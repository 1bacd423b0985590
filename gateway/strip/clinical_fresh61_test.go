package strip

import "testing"

// Families of the session-11 blind sets fresh61 (consumer questions) and
// fresh63 (phone-typed direct messages), written anew.
func TestFresh61Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"what are the first signs of MS in women", true},
		{"my uncle was tested for TB last year", true},
		{"is there treatment for RA that isn't steroids", true},
		{"my hip keeps giving way on the stairs", true},
		{"I pooed blood this morning", true},
		{"only two wet nappies since yesterday, is that ok", true},
		{"after the fall her leg looks shorter", true},
		{"a new load of floaters", true},
		{"I saw a flash of light in the corner of my eye", true},
		{"mum's pressure is sky high again", true},
		{"I keep getting thrush after sex", true},
		{"my grandmother had Huntington's, can I be tested", true},
		{"I've become lactose intolerant in my 40s", true},
		{"had my haemorrhoids banded on Monday", true},
		{"my son was born by c-section, can I lift the car seat", true},
		{"do you know any rehab centres near here", true},
		{"can you get my brother into detox", true},
		{"my T-score is -3.1, should I worry", true},
		{"he got shot in the leg outside the club", true},
		{"our daughter with type 1 is starting school", true},
		{"my T1 son wants to go to a festival", true},
		{"she hates doing her finger pricks before lunch", true},
		{"dad had his TAVI last month", true},
		{"print it in type 1 font", false},
		{"quiz question: who invented insulin?", false},
		{"when does the covid inquiry report come out", false},
		{"best hangover fry up near the station", false},
		{"my daughter wants to study medicine at university, any open days?", false},
		{"I'm going to die of boredom in this queue", false},
		{"nearly had a heart attack when the doorbell went", false},
		{"my ears have gone numb from being on hold", false},
		{"do you sell surgical steel studs in the gift shop", false},
		{"honey and lemon cough drop flavour sweets for the kids' party", false},
		{"the tech team uses MS Teams for this", false},
	})
}

// Ages written after a name in brackets or with "yo", a weekday before a day
// of the month, and a day after a cue without "the" (ident_names.go,
// ident_days.go).
func TestFresh61Identifiers(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"booking for Grace Oduya (41) please", []string{"Grace", "41"}, []string{"booking"}},
		{"please call Tom Riley, 8yo, to the desk", []string{"Tom", "8yo"}, []string{"desk"}},
		{"can we do Thurs 14th instead", []string{"Thurs", "14th"}, []string{"instead"}},
		{"confirm: Sat 2nd, 10am", []string{"Sat", "2nd"}, []string{"confirm"}},
		{"moved from Mon 4th to Wed 6th", []string{"Mon", "4th", "Wed", "6th"}, []string{"moved"}},
		{"booked for 25th but can't come", []string{"25th"}, []string{"booked"}},
		{"cancel the 3rd pls", []string{"3rd"}, []string{"cancel"}},
		{"on 2nd thought, never mind", nil, []string{"2nd", "thought"}},
		{"we are on the 3rd floor", nil, []string{"3rd"}},
	})
}

// Weekdays and months alone go from clinical messages, where they date an
// event of care, and stay in logistics (ident_caredays.go).
func TestCareDays(t *testing.T) {
	s := Default()
	cases := []struct {
		in         string
		gone, kept []string
	}{
		{"she was admitted Sunday with chest pain", []string{"sunday"}, nil},
		{"had my gallbladder out last Tuesday, the wound is weeping", []string{"last", "tuesday"}, nil},
		{"he overdosed in August and is still in hospital", []string{"august"}, nil},
		{"can I move my appointment to Thursday?", nil, []string{"thursday", "move"}},
		{"are you open in August?", nil, []string{"august", "open"}},
		{"is my rash worse in may or in summer?", nil, []string{"may"}},
	}
	for _, c := range cases {
		r := s.Strip(c.in)
		checkGoneKept(t, c.in, r.Redacted, c.gone, c.kept)
	}
}
