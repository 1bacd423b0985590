package strip

import "testing"

// An address that opens with a capitalised street type takes the street's
// name before it; Estonian street types after the name.
func TestIdentStreetNameBeforeType(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"He lives on Quarry Hill Road now", []string{"Quarry", "Hill", "Road"}, []string{"lives"}},
		{"Please deliver to 14 Tamsworth Lane, thank you", []string{"Tamsworth", "14"}, []string{"deliver", "thank"}},
		// a landmark street without an address stays
		{"Meet me at the Main Street cafe", nil, []string{"Main", "Street", "cafe"}},
		{"Walk down Harbour Street to the pier", nil, []string{"Harbour", "pier"}},
		// Estonian: tee (road), põik (lane)
		{"Send the card to 6614 Kuuse tee 87, Apt. 931", []string{"Kuuse", "6614", "87", "931"}, []string{"card"}},
		{"My new address is Vahtra põik 12, Tartu", []string{"Vahtra", "12"}, []string{"address"}},
		// "tee" as a word stays
		{"Is the tee time at 9 still free?", nil, []string{"tee", "time"}},
	})
}

// An address that closes a sentence does not run into the next one.
func TestIdentAddressEndsWithSentence(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"vivo en 316 Pine St, Elizabeth. Mi hija va a llamar mañana.", []string{"316", "Pine", "Elizabeth"}, []string{"Mi"}},
		{"My address is 9 Willow Way, Edison. We will be away in June.", []string{"Willow", "Edison"}, []string{"We"}},
		{"Send it to 12 Oak Rd, Leeds. Thanks!", []string{"Oak", "Leeds"}, []string{"Thanks"}},
	})
}

// Phones and ids as Latin-American patients write them.
func TestIdentLatinPhonesAndIDs(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"¿Me dan la primera cita? Tel. 442 189 0034", []string{"442", "189", "0034"}, []string{"cita"}},
		{"mi número nuevo es 55 9087 6543, ¿lo actualizan?", []string{"55", "9087", "6543"}, []string{"actualizan"}},
		{"la cita a nombre de mi hijo, cédula 1.023.889.456", []string{"023", "889", "456"}, []string{"cita"}},
		{"soy enfermera, número de empleado 30488", []string{"30488"}, []string{"enfermera"}},
		{"I paid 100 200 3000 dollars over three years", nil, []string{"100", "200", "3000"}},
	})
}
