package strip

import "testing"

// A place after a street address and a comma, and a country line closing a
// multi-line address.
func TestIdentAddressPlaceTail(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"She lives at 14 Korai Str., Pyrgolia", []string{"Pyrgolia", "14", "Korai"}, []string{"lives"}},
		{"Ship it to 7 Orchard Lane, Tresswick, please", []string{"Tresswick", "Orchard"}, []string{"please", "Ship"}},
		{"meet me at 118 kalevankatu 4, lauttasaari, finland", []string{"lauttasaari", "finland", "kalevankatu"}, []string{"meet"}},
		{"Send the parcel to 5 Hope Road, Kellvale 40213 today", []string{"Kellvale", "40213"}, []string{"parcel", "today"}},
		// a comma followed by an ordinary clause stays
		{"I moved to 22 Birch Road, Nice people live there", []string{"Birch"}, []string{"people", "live"}},
		{"Please book a taxi to 31 Quarry Street West\n Suite 8\n Elm Brook\n New Zealand. Call me when you arrive.", []string{"New", "Zealand", "Quarry"}, []string{"taxi", "Call", "arrive"}},
		// a country on a line with no address before it stays
		{"Trip ideas:\nNorway in June", nil, []string{"Norway", "June"}},
	})
}

// Coordinated names before a verb, names between a verb of giving and a
// possessive, speaker labels in a dialogue, hyphenated names.
func TestIdentCoordAndGivenNames(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"Any better duo? Rivers and Holt were brilliant songwriters.", []string{"Rivers", "Holt"}, []string{"brilliant"}},
		{"Hale and Brook have opened a bakery.", []string{"Hale", "Brook"}, []string{"bakery"}},
		{"Salt and Pepper were on the table", nil, []string{"Salt", "Pepper", "table"}},
		{"Bread and Butter are cheap here", nil, []string{"Bread", "Butter"}},
		{"Marco had given Belle his phone", []string{"Belle", "Marco"}, []string{"phone"}},
		{"I told Ivy my plans yesterday", []string{"Ivy"}, []string{"plans"}},
		{"I gave Tuesday my full attention", nil, []string{"Tuesday", "attention"}},
		{"I told Mum my news", nil, []string{"Mum", "news"}},
		{"Agent: How can I help?\nHope: I lost my card\nAgent: Sorry", []string{"Hope"}, []string{"lost", "card"}},
		{"Note: bring the forms\nHope: it works out", nil, []string{"Note", "Hope", "forms"}},
		{"\"It was a fair decision,\" says Kivi-aho.", []string{"Kivi", "aho"}, []string{"decision"}},
		{"Customer: What's the name on the account? Agent: Eve Lindgren", []string{"Eve", "Lindgren"}, []string{"account"}},
		{"We travel on Christmas Eve", nil, []string{"Christmas", "Eve"}},
	})
}

// A street word, a house number, a name and a street type at a line start or
// after an address cue.
func TestIdentWordNumberStreets(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"Brightloom\n\nHavnegade 41 Lindqvist Dam\n Suite 12\n ODENSE\n Denmark 5000", []string{"Havnegade", "41", "Lindqvist", "Dam", "Odense", "5000"}, nil},
		{"My addresses are 12 Oak Road, and Torikatu 82 Jerome Cliffs\n Apt. 4\n PORI", []string{"Torikatu", "82", "Jerome", "Cliffs", "PORI"}, []string{"addresses"}},
		{"Deliver to Mäeotsa 12 Harper Hill tomorrow", []string{"Mäeotsa", "12", "Harper"}, []string{"Deliver", "tomorrow"}},
		// an everyday word before a number mid-sentence is no street
		{"We won game 3 Saturday Park style", nil, []string{"won", "game"}},
	})
}

// A proper-noun run takes a particle and one more capitalised word; an
// unknown or capitalised run after "recorded for", "sponsored by", "acquired
// by" is an organisation.
func TestIdentParticleRunsAndOrgCues(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"The festival is held in Villanueva del Prado, they say.", []string{"Villanueva", "Prado"}, []string{"festival", "say"}},
		{"The live take recorded for Silver Anvil sold a million copies", []string{"Silver", "Anvil"}, []string{"live", "copies"}},
		{"The tour was sponsored by Quellbright this year", []string{"Quellbright"}, []string{"tour", "year"}},
		// a cue word without its preposition is no cue
		{"I recorded Silver Anvil songs", nil, []string{"recorded"}},
		{"My loan is owned by Chase", nil, []string{"loan", "Chase"}},
	})
}
