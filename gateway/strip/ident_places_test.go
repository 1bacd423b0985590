package strip

import (
	"strings"
	"testing"
)

// identCase: the words in gone must not survive, the words in kept must.
type identCase struct {
	in   string
	gone []string
	kept []string
}

func checkIdentCases(t *testing.T, cases []identCase) {
	t.Helper()
	s := Default()
	for _, c := range cases {
		r := s.Strip(c.in)
		low := strings.ToLower(r.Redacted)
		for _, g := range c.gone {
			if containsWord(low, strings.ToLower(g)) {
				t.Errorf("%q: %q survives in %q", c.in, g, r.Redacted)
			}
		}
		for _, k := range c.kept {
			if !containsWord(low, strings.ToLower(k)) {
				t.Errorf("%q: %q was removed: %q", c.in, k, r.Redacted)
			}
		}
		if r.Clinical {
			t.Errorf("%q: identifiers alone made the message clinical (%v)", c.in, r.Categories)
		}
	}
}

func containsWord(hay, w string) bool {
	for i := 0; ; {
		j := strings.Index(hay[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isWordByte(hay[j-1])
		after := j+len(w) >= len(hay) || !isWordByte(hay[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

func TestIdentPlaces(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"I grew up in Tarnowskie Gory and moved to Ohio", []string{"Tarnowskie", "Gory", "Ohio"}, []string{"grew"}},
		{"We moved here from Kenosha last year", []string{"Kenosha"}, []string{"moved", "year"}},
		{"My friend lives in harburg", []string{"harburg"}, []string{"friend"}},
		{"She was born in Lisbon, Portugal", []string{"Lisbon", "Portugal"}, nil},
		{"Mr. Olsen flew to HORTEN on Monday morning.", []string{"HORTEN", "Olsen", "Monday"}, []string{"flew", "morning"}},
		{"I'm originally from Zwolle", []string{"Zwolle"}, nil},
		{"Our office is based in Rotterdam.", []string{"Rotterdam"}, []string{"office"}},
		// a person's own destination goes, even a country; searches stay readable
		{"I'm flying to Canada next week with my wife", []string{"Canada"}, []string{"flying", "wife"}},
		{"Can I use my card in Canada next week?", nil, []string{"Canada", "card"}},
		{"Can you find me a dentist in San Jose?", nil, []string{"San", "Jose", "dentist"}},
		{"book a flight from dallas to houston on friday", nil, []string{"dallas", "houston"}},
		{"What is the time frame for a UK account transfer?", nil, []string{"UK", "transfer"}},
		{"I want a turkey sandwich", nil, []string{"turkey"}},
	})
}

func TestIdentNationalities(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"I am cambodian but I live in Ohio.", []string{"cambodian", "Ohio"}, nil},
		{"We are proud Ecuadoreans", []string{"Ecuadoreans"}, []string{"proud"}},
		{"Persint is an Icelandic multinational investment bank", []string{"Icelandic"}, []string{"bank"}},
		{"He is a Sunni Muslim", []string{"Sunni", "Muslim"}, nil},
		// languages and fixed phrases stay
		{"How do you say thank you in Spanish?", nil, []string{"Spanish"}},
		{"Do you have a French translation?", nil, []string{"French"}},
		{"Can I request a Spanish-speaking provider?", nil, []string{"Spanish", "speaking"}},
		{"Can I pay with my American Express card?", nil, []string{"American", "Express"}},
	})
}

func TestIdentIntlAddresses(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"The office is at Király u. 15.", []string{"Király", "15"}, []string{"office"}},
		{"Send it to ul. Jesionowa 127 please", []string{"Jesionowa", "127"}, []string{"please"}},
		{"the bus drops you off at 74678 midtvollen 130 st.", []string{"74678", "midtvollen", "130"}, []string{"bus"}},
		{"It is Stensås terrasse 38, Arendal", []string{"Stensås", "terrasse", "38"}, nil},
		{"My address is the corner of Dalbraut 99 and Frederikke Coves", []string{"corner", "Dalbraut", "99", "Frederikke", "Coves"}, []string{"address"}},
		{"Name: Ella Snider\nAddress: 27 Pentelis Str.\nMaribor\nSlovenia 82709", []string{"Pentelis", "Maribor", "Slovenia", "82709"}, nil},
		{"> 12 Kingsway Road\n> TRONDHEIM\n> Norway 64389", []string{"Kingsway", "TRONDHEIM", "Norway", "64389"}, nil},
		{"Avda. Rio Nalon 58\nSoto del Barco\nSpain", []string{"Nalon", "58", "Soto", "Barco", "Spain"}, nil},
	})
}

func TestIdentMoreAddresses(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"He lives on the north side of Joaquin Suarez 2906.", []string{"Joaquin", "Suarez", "2906"}, []string{"north"}},
		{"Marie lives on 33 avenue de Provence.", []string{"33", "avenue", "Provence"}, []string{"lives"}},
		{"It is the corner of Beiteveien 2 and Sieda Radial", []string{"corner", "Beiteveien", "2", "Sieda", "Radial"}, nil},
		{"please send it to uscgc aslakhanov\nfpo ae 44941", []string{"fpo", "44941", "aslakhanov"}, []string{"send"}},
		// times after a doctor's name stay
		{"Can I see Dr. Patel 10 minutes earlier?", []string{"Patel"}, []string{"10", "minutes"}},
	})
}

func TestIdentCountriesAsTopic(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"Estonia was super fun to visit!", []string{"Estonia"}, []string{"fun"}},
		{"I'm glad to hear that Norway is moving in that direction", []string{"Norway"}, []string{"glad"}},
		// a place for money, institutions and searches stay
		{"Can I send money to Canada from this account?", nil, []string{"Canada"}},
		{"We moved here from Cyprus (Greek) last year", []string{"Cyprus", "Greek"}, []string{"moved", "year"}},
		{"If I don't live in the UK, can I still get a card?", nil, []string{"UK"}},
		{"What is the fee for a Europe transfer?", nil, []string{"Europe"}},
		{"how much is a flight to france", nil, []string{"france"}},
	})
}

func TestIdentInstitutionsAndTrips(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"She studied journalism at the University of Nicosia.", []string{"Nicosia"}, []string{"journalism"}},
		{"mr. olsen flew to finnbogastadir on friday morning.", []string{"finnbogastadir", "friday"}, []string{"flew"}},
		{"i flew to boston last week", nil, []string{"boston"}},
	})
}

func TestIdentNumberedStreetNames(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"The restaurant is at 9816 214 Pavlou Drandaki", []string{"9816", "214", "Pavlou", "Drandaki"}, []string{"restaurant"}},
		{"my new address is Ilmalankuja 82 Zachary Cliffs", []string{"Ilmalankuja", "82", "Zachary", "Cliffs"}, nil},
		// a time before a doctor's name stays
		{"Book me at 3 with Dr. Okafor", []string{"Okafor"}, []string{"3"}},
	})
}
