package strip

import "testing"

// Listed brands, products, landmarks, titles and breeds are no person's name;
// a cue for a person or an employer still wins, and a listed company stays
// removed as an organisation.
func TestBrandsAreNoNames(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"Is the Costco on Main open late tonight?", nil, []string{"costco"}},
		{"Do you have the PlayStation 5 in stock?", nil, []string{"playstation"}},
		{"what oil does a Toyota Corolla take", nil, []string{"toyota", "corolla"}},
		{"How far is Yellowstone from here", nil, []string{"yellowstone"}},
		{"Play Bohemian Rhapsody please", nil, []string{"bohemian", "rhapsody"}},
		{"My Golden Retriever ate my charger cable", nil, []string{"golden", "retriever"}},
		{"can you add Oreo cookies to my list", nil, []string{"oreo"}},
		// a listed company the name finders take stays removed, as an organisation
		{"The address of Citigroup is on the letter", []string{"citigroup"}, []string{"address", "letter"}},
		// someone's employer is an identifier
		{"I work at Costco and my shift starts at 6", []string{"costco"}, nil},
		// a cue for a person wins over a listed title
		{"my daughter Gucci starts school today", []string{"gucci"}, []string{"daughter"}},
		// a place that some title also names stays a place
		{"I live in New York with my kids", []string{"new", "york"}, []string{"kids"}},
	})
	s := Default()
	r := s.Strip("The address of Citigroup is on the letter")
	if len(r.Findings) != 1 || r.Findings[0].Category != "organization" {
		t.Errorf("a listed company: %+v, want one organization finding (%q)", r.Findings, r.Redacted)
	}
}

// A relative named with a word, capitalised mid-sentence, is a person.
func TestRelativeNamedWithAWord(t *testing.T) {
	checkIdentCases(t, []identCase{
		{"My husband Chase will pick up the forms", []string{"chase"}, []string{"husband", "forms"}},
		{"my friend Rose asked about parking", []string{"rose"}, []string{"friend", "parking"}},
		{"my mom Joy and I will both come", []string{"joy"}, []string{"mom", "come"}},
		// a modal stays a modal
		{"my son Will be there at 5", nil, []string{"will", "there"}},
	})
}
