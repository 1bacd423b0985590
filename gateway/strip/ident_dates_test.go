package strip

import "testing"

func TestIdentYearsAgesZips(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"The orchestra was founded in 1977.", []string{"1977"}, []string{"founded"}},
		{"During 2017, the company invested heavily.", []string{"2017"}, []string{"invested"}},
		{"She was born on 2/19/1956. Her maiden name is Olsen", []string{"19", "1956", "Olsen"}, []string{"maiden"}},
		{"I eat 2000 calories a day", nil, []string{"2000", "calories"}},
		{"My brother just turned 60", []string{"60"}, []string{"brother"}},
		{"My birthday is on the weekend. I'll turn 23.", []string{"23"}, []string{"birthday"}},
		{"Written when he was 78.", []string{"78"}, []string{"written"}},
		{"I am 47 and new here", []string{"47"}, []string{"new"}},
		{"ZIP: 3520", []string{"3520"}, nil},
		{"My zip code is 394 13", []string{"394", "13"}, nil},
		{"my zip code is 75534-030", []string{"75534", "030"}, nil},
		// times and counts stay
		{"Can I come at 10 tomorrow?", nil, []string{"10"}},
		{"I was 5 minutes late", nil, []string{"5", "minutes"}},
	})
}

func TestIdentNameAges(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"hi this is priya raman, my son arjun is 6 and has a question about school", []string{"priya", "raman", "arjun", "6"}, []string{"school"}},
		{"Our daughter Lukas turned 12.", []string{"Lukas", "12"}, nil},
		{"Svetlana Ivanova, 84, lives alone", []string{"84"}, []string{"alone"}},
		// counts after a name stay
		{"Tell Maria is 5 minutes away", nil, []string{"5", "minutes"}},
	})
}

// A weekday written with a date is part of the date; a weekday alone is
// logistics and stays.
func TestIdentWeekdayWithDate(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"I have an appointment on Friday, the 21st.", []string{"friday", "21st"}, []string{"appointment"}},
		{"can we do Tuesday, March 3 instead", []string{"tuesday", "march", "3"}, []string{"instead"}},
		{"see you Monday the 6th then", []string{"monday", "6th"}, []string{"see", "then"}},
		{"moved to Monday, March 3, 2025 at 10", []string{"monday", "march", "2025"}, []string{"moved"}},
		{"can we move it to Thursday next week", nil, []string{"thursday", "week"}},
		{"the clinic is shut on Sunday\n3 May is fine", []string{"may"}, []string{"sunday", "shut"}},
	})
}

// Ages over 89 written in words (ident_ages.go).
func TestIdentSpelledAges(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"Dad is ninety-four and wants to visit the chapel", []string{"ninety", "four"}, []string{"chapel"}},
		{"Mrs Okafor, ninety-one, would like a newspaper", []string{"ninety", "one"}, nil},
		{"my grandmother (ninety) fell last night", []string{"ninety"}, []string{"grandmother"}},
		{"she turns a hundred on Sunday, can we bring a cake to the ward party?", []string{"hundred"}, []string{"Sunday"}},
		{"mi abuelo tiene noventa y tres años y quiere visitar la capilla", []string{"noventa", "tres"}, []string{"abuelo"}},
		{"the wait was ninety minutes", nil, []string{"ninety", "minutes"}},
		{"I'm ninety percent sure the car park closes at ten", nil, []string{"ninety", "percent"}},
		{"a hundred people came to the fun run", nil, []string{"hundred", "people"}},
	})
}
