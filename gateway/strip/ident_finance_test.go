package strip

import (
	"strings"
	"testing"
)

func TestIBANAndLuhnChecks(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"GB29NWBK60161331926819", true},
		{"DE89370400440532013000", true},
		{"FR1420041010050500013M02606", true},
		{"GB29NWBK60161331926818", false}, // one digit off
		{"GB29NWBK6016", false},           // too short
		{"29GBNWBK60161331926819", false},
		{"gb29nwbk60161331926819", false}, // callers upper-case first
	} {
		if got := ibanValid(c.in); got != c.want {
			t.Errorf("ibanValid(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"4111111111111111", true},
		{"378282246310005", true},
		{"5555555555554444", true},
		{"4111111111111112", false},
		{"1234567812345678", false},
	} {
		if got := luhnValid([]byte(c.in)); got != c.want {
			t.Errorf("luhnValid(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// Grouped payment numbers are one id, not phone numbers and a street, and no
// group of them is left behind; a number whose check digits fail is left to
// the other matchers.
func TestPaymentNumbers(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"My IBAN is GB29 NWBK 6016 1331 9268 19, please refund the copay", []string{"gb29", "nwbk", "6016", "1331", "9268", "19"}, []string{"iban", "refund", "copay"}},
		{"IBAN DE89 3704 0044 0532 0130 00 for the refund", []string{"de89", "3704", "0044", "0532", "0130", "00"}, []string{"refund"}},
		{"card number 4111 1111 1111 1111 exp 04/27", []string{"4111", "1111"}, []string{"card", "exp"}},
		{"charge it to 3782-822463-10005 please", []string{"3782", "822463", "10005"}, []string{"charge", "please"}},
		{"the GB29 bus leaves at 9", nil, []string{"bus", "leaves"}},
	})
	s := Default()
	for _, in := range []string{"card number 4111 1111 1111 1111", "My IBAN is GB29 NWBK 6016 1331 9268 19"} {
		r := s.Strip(in)
		if len(r.Findings) != 1 || r.Findings[0].Category != "id" {
			t.Errorf("%q: findings %+v, want one id", in, r.Findings)
		}
	}
}

// Credentials after their cue are removed; an everyday word after the cue is
// not a credential.
func TestCredentials(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"username: jdoe_1987", []string{"jdoe_1987", "jdoe", "1987"}, []string{"username"}},
		{"my login is maria.g and my password is Sunflower22!", []string{"maria", "sunflower22"}, []string{"login", "password"}},
		{"new password = blueSky", []string{"bluesky"}, []string{"password"}},
		{"the portal pin is 4471", []string{"4471"}, []string{"portal", "pin"}},
		{"my password is not working", nil, []string{"not", "working"}},
		{"the login page is down again", nil, []string{"page", "down"}},
		{"reset my password please.", nil, []string{"reset", "please"}},
		{"mi usuario es jgarcia77 y la contraseña no sirve", []string{"jgarcia77"}, []string{"usuario", "sirve"}},
	})
	r := Default().Strip("license number D1234-56789-01234")
	if strings.Contains(r.Redacted, "D1234") || len(r.Findings) != 1 || r.Findings[0].Category != "id" {
		t.Errorf("licence: %q %+v, want one id", r.Redacted, r.Findings)
	}
}

// British and Canadian postcodes by their shape, and the town before one.
func TestUKCanadaPostcodes(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"my postcode is SW1A 1AA", []string{"sw1a", "1aa"}, []string{"postcode"}},
		{"Regards,\nTomasz Kowalczyk\nManchester M1 1AE", []string{"manchester", "m1", "1ae", "tomasz"}, nil},
		{"send it to Toronto, ON M5V 3L9 please", []string{"toronto", "on", "m5v", "3l9"}, []string{"send", "please"}},
		{"we moved to EC1A1BB last year", []string{"ec1a1bb"}, []string{"moved", "year"}},
		{"Please send to LS6 2AB", []string{"ls6", "2ab"}, []string{"please", "send"}},
		{"upgrade to a PS5 1TB model", nil, []string{"ps5", "1tb", "model"}},
		{"is the A4 2GB version cheaper", nil, []string{"a4", "2gb"}},
		{"the M25 is closed", nil, []string{"m25", "closed"}},
	})
}
