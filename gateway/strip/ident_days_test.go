package strip

import "testing"

// Days of the month written without a month, and the first day of a range
// (ident_days.go); ordinals that rank things stay.
func TestIdentDaysOfMonth(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"See you on the 17th!", []string{"17th"}, []string{"See"}},
		{"can we move it to the 3rd at 2pm?", []string{"3rd"}, []string{"move"}},
		{"I'll be away from the 16th until the 20th", []string{"16th", "20th"}, []string{"away"}},
		{"Find me a hotel in Goa for 20-22 March", []string{"20", "22", "March"}, []string{"hotel", "Goa"}},
		{"booked 20–22 March", []string{"20", "22"}, []string{"booked"}},
		{"on 12 and 13 May", []string{"12", "13", "May"}, nil},
		{"between the 3rd and the 5th of June", []string{"3rd", "5th", "June"}, []string{"between"}},
		{"she lives on the 3rd floor", nil, []string{"3rd", "floor"}},
		{"for the 2nd time this week", nil, []string{"2nd", "time"}},
		{"we came 2nd in the quiz", nil, []string{"2nd"}},
		{"on the 45th anniversary", nil, []string{"45th"}},
	})
}

// Latin-American street addresses: type first, house number after a marker
// (ident_latinstreets.go).
func TestIdentLatinStreets(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"Nueva dirección: Calle 70 No. 8-15, Barranquilla.", []string{"Calle", "70", "8", "15", "Barranquilla"}, []string{"Nueva"}},
		{"vivo en la Calle 5 #23-10 apto 302, Medellín", []string{"Calle", "5", "23", "10", "302", "Medellín"}, []string{"vivo"}},
		{"Carrera 15 # 93A-62, Bogotá", []string{"Carrera", "15", "93A", "62"}, nil},
		{"mándenlo a Jr. Huallaga 732, dpto 501, Lima", []string{"Huallaga", "732", "501"}, []string{"mándenlo"}},
		{"Av. Arequipa 1520, Miraflores", []string{"Arequipa", "1520"}, nil},
		{"Diagonal 40A Sur # 12-30", []string{"Diagonal", "40A", "12", "30"}, nil},
		{"corrí la carrera 10 veces este año", nil, []string{"carrera", "10"}},
	})
}

// A second day after a date and a joiner, and a day that closes a question.
func TestIdentDaysJoinedAndClosing(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"any morning slot on the 9th or 10th?", []string{"9th", "10th"}, []string{"morning"}},
		{"can we do the 29th instead?", []string{"29th"}, []string{"instead"}},
		{"who won? we came 2nd!", nil, []string{"2nd"}},
	})
}

// Social-media handles; times written with "@" stay.
func TestIdentHandles(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"I'm @joe_mcd on here lol", []string{"joe_mcd"}, []string{"here"}},
		{"my daughter (@ana.lopez) messaged you", []string{"ana.lopez"}, []string{"daughter"}},
		{"see you @5pm at the desk", nil, []string{"5pm", "desk"}},
		{"write to ana@example.com", []string{"ana@example.com"}, nil},
	})
}

// "who's 91": the tokenizer strips the 's, the age still counts.
func TestIdentAgeAfterWhos(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"asking for my mum who's 91 and still sharp", []string{"91"}, []string{"mum"}},
	})
}

// Romanised given names with a lower-case syllable that is an English word,
// and the family name after them.
func TestIdentNameSyllables(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"I'm Ji-woo Park, member no. 12345", []string{"Ji", "woo", "Park"}, []string{"member"}},
		{"Thanks for checking. Best, Hye-jin Park", []string{"Hye", "jin", "Park"}, []string{"Thanks"}},
	})
}
