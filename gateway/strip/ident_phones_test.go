package strip

import "testing"

func TestIdentPhones(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"Fax: 345-899-3560x4587", []string{"345", "899", "3560x4587"}, nil},
		{"Desk: (898)666-3621x0135", []string{"898", "666"}, nil},
		{"Desk: +1-903-140-4508x769", []string{"903", "140"}, nil},
		{"Fax: 001-253-366-9781", []string{"001", "253", "366", "9781"}, nil},
		{"930.167.3943 fax", []string{"930", "167", "3943"}, nil},
		{"Phone:\n467 3395", []string{"467", "3395"}, nil},
		{"Can someone call me on 9472 7916?", []string{"9472", "7916"}, []string{"someone"}},
		{"desk: +41 (0)71 526 99 04", []string{"71", "526"}, nil},
		{"781 1704 office", []string{"781", "1704"}, nil},
		// numbers that are no phone numbers stay
		{"I paid 250 1000 times", nil, []string{"250", "1000"}},
		{"Room 312 at 10 45", nil, []string{"312"}},
	})
}

func TestIdentLastDigitsAndCodes(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"My card ending in 4471 was declined", []string{"4471"}, []string{"declined"}},
		{"Mi seguro social termina en 4471", []string{"4471"}, []string{"seguro"}},
		{"el número de referencia es REF-2024-558130", []string{"REF", "558130"}, nil},
		{"Vivo en el 1822 de la calle 5 en Hialeah", []string{"1822", "calle"}, nil},
		// counts stay
		{"I waited in the last 30 minutes", nil, []string{"30", "minutes"}},
		{"over the last 100 years", nil, []string{"100", "years"}},
		{"the last four digits are 8812", []string{"8812"}, nil},
	})
}

func TestIdentClockAndIPv6(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"logged in from fe80::1ff:fe23:4567:890a yesterday", []string{"fe80", "890a"}, []string{"yesterday"}},
		{"Date: 2015-12-22 04:34:22", []string{"2015", "04", "34"}, nil},
	})
	r := Default().Strip("Date: 2015-12-22 04:34:22")
	for _, f := range r.Findings {
		if f.Category == "ip" {
			t.Errorf("a clock time is no IP address: %v", r.Findings)
		}
	}
}
