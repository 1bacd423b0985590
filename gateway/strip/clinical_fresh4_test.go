package strip

import "testing"

// Clinical phrasings of chronic-illness communities, patient portals and
// social media, found missing by the fourth blind set (fresh4.jsonl), and
// the figures of speech it showed flagged; written again in other words.
func TestFresh4Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"ferritin 9 ng/mL on my portal, is that bad", true},
		{"her sodium came back 128 mmol/L", true},
		{"his potassium was high yesterday", true},
		{"how much sodium is in a bagel", false},
		{"hEDS and MCAS have wrecked this week, I'm exhausted", true},
		{"my knee subluxed again on the stairs", true},
		{"mom started hemo last month and hates the chair", true},
		{"is a 31 weeker likely to need oxygen", true},
		{"appointment for my 3D mammo got moved", true},
		{"dad's triple bypass was in 2019", true},
		{"one month off cigs and the cravings are brutal", true},
		{"they flushed my port today and it stung", true},
		{"grandpa is in the neuro ICU, any news", true},
		{"the glucometer says HI, what do I do", true},
		{"my fantasy team is on life support after this week", false},
		{"the stock market had a meltdown today", false},
		{"we need a cure for mondays around here", false},
		{"this playlist is a dose of nostalgia", false},
		{"the bathroom drain has a clot of hair", false},
		{"is the drugstore on Elm open late", false},
		{"the hold music beeps like a heart monitor", false},
	})
	checkIdentCases(t, []identCase{
		{"can you book an interpreter, she only speaks Tagalog", nil, []string{"tagalog"}},
		{"what is 40 degrees Celsius in Fahrenheit", nil, []string{"celsius", "fahrenheit"}},
		{"is the gift shop open on Memorial Day", nil, []string{"memorial"}},
		{"my flight is United 2210 to Denver tonight", nil, []string{"denver"}},
	})
}

// A hashtag that glues a clinical phrase into one word is that phrase.
func TestHashtagTerms(t *testing.T) {
	checkClinical(t, []clinCase{
		{"three years clear today #breastcancer #grateful", true},
		{"new pump day #type1diabetes", true},
		{"rough week #chronicpain", true},
		{"#mondaymotivation let's go team", false},
		{"#throwbackthursday to the staff picnic", false},
	})
}
