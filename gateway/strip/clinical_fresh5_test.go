package strip

import "testing"

// Short search-box queries (fresh5.jsonl): a lab value without "my", question
// frames around a condition, terse complaints; and the everyday senses of
// medical words that such queries use. Written again in other words.
func TestFresh5ShortQueries(t *testing.T) {
	checkClinical(t, []clinCase{
		{"hdl 28 is that bad", true},
		{"creatinine 1.9 at 70", true},
		{"temp 101.2 in toddler", true},
		{"oxygen 88 percent at night", true},
		{"pulse 140 sitting down", true},
		{"alt and ast slightly elevated", true},
		{"stages of ckd", true},
		{"is impetigo contagious to adults", true},
		{"copd or asthma", true},
		{"blood when i brush my teeth", true},
		{"sunscreen in my eye burning", true},
		{"8 months old not crawling", true},
		{"what temp to set the smoker", false},
		{"temperature 72 in the office", false},
		{"my o2 contract renews in 24 months", false},
		{"2 stroke oil mix ratio", false},
		{"command injection example", false},
		{"molar volume of a gas", false},
		{"kidney bean soup recipe", false},
		{"rash decisions quotes", false},
		{"cancer rising traits", false},
		{"contractions in formal writing", false},
		{"liver pate on toast", false},
		{"my dad had two strokes last year", true},
	})
}
