package strip

import (
	"strings"
	"testing"
)

// Names from the broad catalogues (lexicon/en/name.catalog.txt,
// surname.catalog.txt) are removed in the frames that need a listed name:
// lower-case messages, a name at the start of a sentence before a verb,
// "tell X to call me", coordinated names and "my son X".
func TestCatalogNamesRemoved(t *testing.T) {
	s := Default()
	cases := []struct{ text, name string }{
		{"i saw jaxson at the park yesterday", "jaxson"},
		{"can you ask kinsley to bring the forms", "kinsley"},
		{"tell oluwaseun to call me back", "oluwaseun"},
		{"tell chukwuemeka to call me when he lands", "chukwuemeka"},
		{"please tell xiaoming to call me after lunch", "xiaoming"},
		{"my son brayden has soccer practice tonight", "brayden"},
		{"my daughter saanvi starts school monday", "saanvi"},
		{"my son oisin is visiting this weekend", "oisin"},
		{"my wife gurpreet will pick up the package", "gurpreet"},
		{"my husband tesfaye is driving today", "tesfaye"},
		{"Jaylen called me twice this morning", "jaylen"},
		{"Seoyeon said the meeting moved to friday", "seoyeon"},
		{"Oleksandr wants to reschedule the call", "oleksandr"},
		{"Abdirahman dropped off the keys", "abdirahman"},
		{"Thandiwe is coming over later", "thandiwe"},
		{"Yitzhak sent the documents yesterday", "yitzhak"},
		{"Wisler will bring the car around noon", "wisler"},
		{"kamari and zayden are going to the movies", "zayden"},
		{"kamari and zayden are going to the movies", "kamari"},
		{"Priyanka and Dhruv are coming to dinner", "dhruv"},
		{"Nkechi and Obinna got married last year", "obinna"},
		{"Mehmet and Zeynep moved to a new apartment", "zeynep"},
		{"i talked to kwabena about the rent", "kwabena"},
		{"i met bartosz at the conference", "bartosz"},
		{"can you send the invoice to giorgos", "giorgos"},
		{"this is yolanda hinojosa calling about my account", "hinojosa"},
		{"my name is chinonso okonkwo", "okonkwo"},
		{"my name is anh nguyen and i need help with my card", "anh"},
		{"my name is mariusz wisniewski", "wisniewski"},
		{"my name is haruto takahashi", "takahashi"},
		{"my name is deshawn mcclendon", "deshawn"},
		{"my name is siobhan oconnell", "oconnell"},
		{"my name is farhad rahimi", "rahimi"},
		{"my name is dimitrios papadopoulos", "papadopoulos"},
		{"my name is kemal yilmaz", "yilmaz"},
		{"my name is jelena jovanovic", "jovanovic"},
		{"my name is abebe bekele", "bekele"},
		{"my name is kofi asante", "asante"},
		{"my name is sibusiso dlamini", "dlamini"},
		{"Mrs. Kowalczyk asked about the delivery", "kowalczyk"},
		{"Mr. Papadakis will sign the lease", "papadakis"},
		{"please call Dr. Venkataraman back", "venkataraman"},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		checkInvariants(t, s, c.text, r)
		if strings.Contains(strings.ToLower(r.Redacted), c.name) {
			t.Errorf("%q: name %q survives in %q", c.text, c.name, r.Redacted)
		}
	}
}

// Everyday messages whose words are also names in the catalogues (listed in
// name.catalog.ambiguous.txt, or kept out of the lists) keep their words.
func TestCatalogNamesAmbiguousKept(t *testing.T) {
	s := Default()
	cases := []struct{ text, word string }{
		{"we went skiing in aspen last winter", "aspen"},
		{"add some basil to the sauce", "basil"},
		{"the journey took six hours", "journey"},
		{"the piper played at the wedding", "piper"},
		{"my barber closed early today", "barber"},
		{"i need a new pair of chambers for the bike", "chambers"},
		{"the cloud storage is full", "cloud"},
		{"i'm flying to denver next week", "denver"},
		{"we're visiting london in may", "london"},
		{"the hotel in brooklyn was great", "brooklyn"},
		{"my kia needs an oil change", "kia"},
		{"how do i roll over my ira", "ira"},
		{"the hoa fee went up again", "hoa"},
		{"she bought a chanel bag", "chanel"},
		{"the essence of the plan is simple", "essence"},
		{"we loved the serenity of the lake", "serenity"},
		{"the navy blue shirt is sold out", "navy"},
		{"that was a precious moment", "precious"},
		{"the wren built a nest on the porch", "wren"},
		{"the juniper bushes need trimming", "juniper"},
		{"what a lovely day for a walk", "lovely"},
		{"the urban area has more traffic", "urban"},
		{"paisley patterns are back in style", "paisley"},
		{"my son can swim now", "son"},
		{"the app no me deja entrar", "deja"},
		{"compré una mesa de madera", "madera"},
		{"la cadena del perro se rompió", "cadena"},
		{"subí la escalera del edificio", "escalera"},
		{"i ordered a bacon sandwich", "bacon"},
		{"the thatcher fixed our roof", "thatcher"},
		{"the gunner fired the cannon", "gunner"},
		{"the marquis arrived at the ball", "marquis"},
	}
	for _, c := range cases {
		r := s.Strip(c.text)
		checkInvariants(t, s, c.text, r)
		if !strings.Contains(strings.ToLower(r.Redacted), c.word) {
			t.Errorf("%q: %q was removed: %q", c.text, c.word, r.Redacted)
		}
	}
}
