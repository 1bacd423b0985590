package strip

import "testing"

// Plates, Medicare identifiers, hyphenated MACs, sort codes, card layouts,
// slash codes after a cue and ages over 89 beside a name, found missing by
// the twenty-seventh blind set (identifiers of many kinds).
func TestVehiclesCodesAndAges(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"the camera misread my plate GJ05 KLW as GJ05 KLV and fined me", []string{"gj05", "klw", "klv"}, []string{"camera", "fined"}},
		{"I'm parked in van YD22 PKR by the gate", []string{"yd22", "pkr"}, []string{"parked", "gate"}},
		{"visitor parking: car CA 123-456, Friday", []string{"ca", "123", "456"}, []string{"parking", "friday"}},
		{"My car is AA 1234 BX.", []string{"aa", "1234", "bx"}, []string{"car"}},
		{"my car is a 4x4 and the MOT is due", nil, []string{"4x4", "mot", "due"}},
		{"please update my Medicare number on file. It's 1EG4-TE5-MK73.", []string{"1eg4", "te5", "mk73"}, []string{"medicare", "file"}},
		{"my desk phone shows MAC 00-0C-29-4F-8E-35 and won't register", []string{"0c", "4f", "8e", "35"}, []string{"phone", "register"}},
		{"please pay to sort code 40-47-84, account 31926819", []string{"40", "47", "84", "31926819"}, []string{"sort", "code"}},
		{"it was charged to my personal card 4000 1234 5678 9010 by mistake", []string{"4000", "1234", "5678", "9010"}, []string{"personal", "mistake"}},
		{"Visa 4916 3387 1234 5678 please", []string{"4916", "3387", "5678"}, []string{"visa", "please"}},
		{"the card number is TB/2024/0331, I moved", []string{"tb", "2024", "0331"}, []string{"card", "moved"}},
		{"I changed my password to Tulip$1977 last week", []string{"tulip", "1977"}, []string{"password", "week"}},
		{"we are the family of Joan Reid (100) and would like a tea", []string{"100", "joan", "reid"}, []string{"family", "tea"}},
		{"a nurse here from 1958 to 1990, now 90. Address below", []string{"90"}, []string{"nurse", "address"}},
		{"read Chapter (92) of the book", nil, []string{"chapter", "92"}},
		{"take Route 95, then left", nil, []string{"route", "95"}},
	})
	// a doctor whose name is a medicine is still a doctor
	r := Default().Strip("I need to reschedule my appointment with Dr. Yasmin Farouk to next week")
	if r.Clinical {
		t.Errorf("titled name read as a medicine: %q %v", r.Redacted, r.Categories)
	}
	if r := Default().Strip("the doctor prescribed Yasmin for my acne"); !r.Clinical {
		t.Errorf("a medicine after 'the doctor prescribed' was dropped: %q", r.Redacted)
	}
}

// Identifiers found missing by the thirty-third blind set (medical queries
// with identifiers): IBANs with a mistyped check digit after "IBAN",
// National Insurance numbers, capital prefixes with long digit groups, masked
// card endings, spaced PINs, flats; "NHS 111" is a helpline, not a number.
func TestIdentifiersFresh33(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"IBAN DE71 5001 0517 0648 4898 90 for the refund", []string{"de71", "5001", "4898", "90"}, []string{"iban", "refund"}},
		{"my NI number is JT 48 21 90 B, or JT482190B", []string{"jt", "48", "21", "jt482190b"}, []string{"number"}},
		{"card **** 7731, loyalty HH 882019341", []string{"7731", "882019341"}, []string{"card", "loyalty"}},
		{"dial in with PIN 882 019 4471, host", []string{"882", "019", "4471"}, []string{"pin", "host"}},
		{"Flat 7, 12 Cromwell Road, London", []string{"7", "12", "cromwell"}, nil},
		{"passport MH 4418829301 and VAT GB 482 7731 09", []string{"mh", "4418829301", "482", "7731"}, []string{"passport", "vat"}},
		{"call NHS 111 if unsure", nil, []string{"nhs", "111"}},
		{"we have a flat tyre, 2 miles out", nil, []string{"flat", "tyre", "2"}},
		{"print it on A4 paper, 2 copies", nil, []string{"a4", "2", "copies"}},
	})
}
