package strip

import "testing"

// Identifier forms found missing by the third blind booking set: reference
// codes with a hyphen, local phone numbers after "call ... at", ages over 89
// said of a relative, lower-case street addresses, weekday abbreviations and
// a full stop after a written-out month.
func TestIdentCodesPhonesAges(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"the invoice says INV-58821, can you check it", []string{"inv", "58821"}, []string{"invoice", "check"}},
		{"my claim is listed under case number QT-7734", []string{"qt", "7734"}, []string{"claim"}},
		{"reference RW-1180-C for the refund", []string{"rw", "1180"}, []string{"refund"}},
		// clinical codes without a cue and under four digits stay for the clinical half
		{"is the PHQ-9 form online", nil, []string{"form", "online"}},
		{"please ring Mr. Osei on 555-0119 about the forms", []string{"0119", "osei"}, []string{"forms"}},
		{"My grandmother is 94 and lives alone", []string{"94"}, []string{"grandmother", "lives"}},
		{"my grandfather, 97, needs a ride to the office", []string{"97"}, []string{"grandfather", "ride"}},
		{"mi abuela tiene 93 y quiere una cita", []string{"93"}, []string{"abuela", "cita"}},
		{"mail it to 2210 south elm blvd please", []string{"2210", "elm", "blvd"}, []string{"mail", "please"}},
		{"we walked 3 miles down the main road", nil, []string{"3", "miles", "road"}},
		{"la cita de las 10:30 con el Dr. Soto", []string{"soto"}, []string{"cita", "30"}},
		{"booked Thu 4/17 at noon, can I move it", []string{"thu", "4/17"}, []string{"booked", "noon"}},
		{"booked for Thursday at noon, can I move it", nil, []string{"thursday", "noon"}},
		{"New member ID is BCX 772019384, please update it", []string{"bcx", "772019384"}, []string{"member", "update"}},
		{"My plan changed on 2 February. Here is my new card", []string{"february"}, []string{"here", "card"}},
		{"Hiya, is the front desk open at 8?", nil, []string{"hiya", "desk"}},
		{"any parking near the clinic in Austin?", nil, []string{"austin", "parking"}},
	})
}

// No part of a hyphenated number is left behind, and plates and usernames
// after their cue are ids.
func TestIdentNumberPrefixesAndCues(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"cancel the transfer to account 40-22-17 31884592", []string{"40", "22", "31884592"}, []string{"transfer"}},
		{"track my order number 114-3398271-0056621", []string{"114", "3398271"}, []string{"track"}},
		{"my car was towed, reg AB12 CDE", []string{"ab12", "cde"}, []string{"towed"}},
		{"it says my account is locked. Username mkovacs88.", []string{"mkovacs88"}, []string{"locked"}},
		{"we are open 9-5 on weekdays", nil, []string{"9", "5"}},
		{"I can't make 12/03, can we do 12/10 same time?", []string{"12/10"}, []string{"same", "time"}},
		{"appt Weds 3/26, need to cancel", []string{"weds", "3/26"}, []string{"cancel"}},
	})
}

// In a message written in capitals an address needs a street type, a unit, a
// box or a postal code: capitals and a number alone are no address.
func TestCapsAddresses(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"I LIVE ABOUT 20 MINUTES AWAY FROM THE CLINIC", nil, []string{"about", "20", "minutes"}},
		{"PLEASE SEND IT TO 123 MAIN ST APT 4 SPRINGFIELD IL 62704", []string{"123", "main", "62704"}, []string{"please", "send"}},
	})
	r := Default().Strip("MY SON SWALLOWED A BUTTON BATTERY ABOUT 20 MINUTES AGO WHAT DO WE DO")
	if !r.Clinical || r.Urgency != "emergency" {
		t.Errorf("capitals: clinical %v urgency %q, want an emergency", r.Clinical, r.Urgency)
	}
}
