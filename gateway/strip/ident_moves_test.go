package strip

import "testing"

// A place tied to a person's own movement or presence, a compass region, an
// employer's town, and a weekday in a sentence that places someone.
func TestIdentWhereabouts(t *testing.T) {
	checkIdentCases(t, []identCase{
		// a city as the goal of a person's travel
		{"Next month we are travelling to Lisbon for the wedding", []string{"Lisbon"}, []string{"wedding", "month"}},
		{"Who is coming to Toronto with us in May?", []string{"Toronto"}, []string{"coming"}},
		{"Mrs. Okafor flew to Krakow last spring.", []string{"Krakow", "Okafor"}, []string{"flew", "spring"}},
		{"On the way home we returned to Winnipeg by train.", []string{"Winnipeg"}, []string{"train"}},
		{"My trip to Osaka got cancelled", []string{"Osaka"}, []string{"trip", "cancelled"}},
		// unknown town names after the same cues
		{"She is driving to Vellmarsk tonight", []string{"Vellmarsk"}, []string{"driving", "tonight"}},
		{"Who's coming to Brakkefjord with me?", []string{"Brakkefjord"}, []string{"coming"}},
		// a country as origin or destination of a person's travel
		{"The Duke arrived at the palace this morning from Portugal.", []string{"Portugal"}, []string{"palace", "morning"}},
		{"We are flying to Portugal next week", []string{"Portugal"}, []string{"flying", "week"}},
		// no person moves: a destination or origin of money, cards, parcels
		{"Can you send my new card to Lisbon?", nil, []string{"Lisbon", "card"}},
		{"My parcel arrived from Toronto damaged", nil, []string{"Toronto", "parcel"}},
		{"How long does a transfer from Portugal take?", nil, []string{"Portugal", "transfer"}},
		// the writer's city
		{"I'm in Rotterdam for a trade fair this week", []string{"Rotterdam"}, []string{"trade", "fair"}},
		{"I am currently in Brakkefjord, back Friday", []string{"Brakkefjord"}, []string{"currently"}},
		{"I'll be in Denver until Sunday", []string{"Denver"}, []string{"until"}},
		// a search area and a country stay
		{"I'm in Denver, can you find me a dentist there?", nil, []string{"Denver", "dentist"}},
		{"I'm in Portugal, can I still use my card?", nil, []string{"Portugal", "card"}},
		// compass regions
		{"The charity works across Northern Kenya and Southern Portugal", []string{"Northern", "Kenya", "Southern", "Portugal"}, []string{"charity"}},
		{"I lived in South Africa for years", []string{"South", "Africa"}, []string{"years"}},
		// an employer's town
		{"After that she worked at Quillfeather Holdings Inc in Tilburg for two years.", []string{"Tilburg", "Quillfeather"}, []string{"worked", "years"}},
		// weekdays: with a place of someone they go, alone they stay
		{"Mr. Haddad flew to Oslo on Wednesday evening.", []string{"Oslo", "Wednesday", "Haddad"}, []string{"evening"}},
		{"Let's meet on Thursday at 41 Larkspur Road, Denton", []string{"Thursday", "Larkspur"}, []string{"meet"}},
		{"Can I come in on Thursday afternoon instead?", nil, []string{"Thursday", "afternoon"}},
		{"Is the pharmacy open on Sunday in Denver?", nil, []string{"Sunday", "Denver"}},
		// lower-case everyday requests keep their destination
		{"i'm traveling to boston next week, let my bank know", nil, []string{"boston", "bank"}},
		{"how bad is city traffic in miami on friday", nil, []string{"miami", "friday"}},
	})
}

// A capitalised word before a reporting verb at the start of a sentence or clause is a name.
func TestIdentReportingNames(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"Tamsin shouted at the driver to stop.", []string{"Tamsin"}, []string{"shouted", "driver"}},
		{"Quarrington began painting at sixty.", []string{"Quarrington"}, []string{"began", "painting"}},
		{"I called the office, Grace said they were closed.", []string{"Grace"}, []string{"called", "closed"}},
		{"Everyone said it was fine.", nil, []string{"Everyone", "said"}},
		{"Mom said I should call today.", nil, []string{"Mom", "said"}},
		{"They told me to bring my card.", nil, []string{"told", "card"}},
		{"Monday began with a long meeting.", nil, []string{"Monday", "began"}},
	})
}

// A name followed by a family / kind word and a facility word is a practice's name, which stays.
func TestIdentFacilityAfterTwoWords(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"Could you try Okonkwo Family Dentistry instead?", nil, []string{"Okonkwo", "Family", "Dentistry"}},
		{"Book me at Haverbrook Family Dental on the 4th", nil, []string{"Haverbrook", "Dental"}},
		{"Please call Okonkwo tomorrow about the invoice", []string{"Okonkwo"}, []string{"invoice"}},
	})
}
