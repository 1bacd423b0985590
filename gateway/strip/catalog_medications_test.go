package strip

import "testing"

// Table for lexicon/en/medication.catalog.txt: messages naming a medicine from
// the catalog must be clinical and the medicine's name must be gone from the
// redacted text. Sentences written for this test.
func TestCatalogMedicationsStripped(t *testing.T) {
	s := Default()
	cases := [][2]string{
		// cardiovascular
		{"they switched me from lisinopril to Exforge last month", "exforge"},
		{"is it ok to take Cartia XT at night", "cartia"},
		{"can I drink coffee on Multaq", "multaq"},
		// diabetes and insulins by brand
		{"my Lantus SoloStar pen is almost empty", "solostar"},
		{"does Glyxambi make you pee a lot", "glyxambi"},
		{"I keep glucose tabs in my purse", "glucose tabs"},
		// antibiotics, antivirals, antifungals
		{"the urgent care gave me cefadroxil for my throat", "cefadroxil"},
		{"can I drink wine while on tinidazole", "tinidazole"},
		{"is Biktarvy or Descovy better for me", "descovy"},
		{"I used Lotrimin AF on my feet", "lotrimin"},
		// oncology
		{"my mom starts FOLFOX next week", "folfox"},
		{"he's on Tagrisso and his skin is peeling", "tagrisso"},
		{"they gave me a Neulasta Onpro after chemo", "neulasta onpro"},
		// immunology, hormones, contraception
		{"my insurance switched me from Humira to Hadlima", "hadlima"},
		{"I started Tri-Lo-Sprintec in March", "sprintec"},
		{"should I keep using Estrogel while traveling", "estrogel"},
		// respiratory, allergy, cough and cold
		{"I use my Breztri twice a day", "breztri"},
		{"I gave her children's Zyrtec before bed", "zyrtec"},
		{"can I take Mucinex DM with Tylenol PM", "mucinex dm"},
		// GI, pain, OTC products
		{"I drank the Suprep and it was awful", "suprep"},
		{"the Preparation H isn't doing anything", "preparation h"},
		{"I took two Advil Liqui-Gels an hour ago", "liqui"},
		{"does Excedrin Migraine raise blood pressure", "excedrin migraine"},
		// neuro, psych, sleep
		{"my son takes Qudexy for seizures", "qudexy"},
		{"is Azstarys stronger than Focalin", "azstarys"},
		{"ZzzQuil doesn't help me sleep anymore", "zzzquil"},
		// derm, eye, vaccines
		{"I put triamcinolone acetonide on the rash", "triamcinolone acetonide"},
		{"my eye doctor prescribed Rhopressa", "rhopressa"},
		{"I got Shingrix and my arm hurts", "shingrix"},
		// supplements and misspellings
		{"is ashwagandha safe with my thyroid", "ashwagandha"},
		{"I took ibuprofin and amoxicilin together", "ibuprofin"},
		{"the metforman gives me diarrhea", "metforman"},
		// UK and Canadian names, drug classes
		{"I've been on co-codamol for my back", "codamol"},
		{"the GP gave me Buscopan", "buscopan"},
		{"is a calcium channel blocker safe in pregnancy", "calcium channel blocker"},
	}
	checkRemoved(t, s, cases)
}

// Terms of medication.catalog.ambiguous.txt count next to a clinical term.
func TestCatalogMedicationsAmbiguousInContext(t *testing.T) {
	checkDecisions(t, []string{
		"I used Nix for head lice on my daughter",
		"can I take fish oil with warfarin",
		"does turmeric interact with eliquis",
		"I take probiotics with my antibiotics",
		"my PPI makes me bloated",
	}, nil)
}

// Everyday look-alikes of catalog terms stay harmless.
func TestCatalogMedicationsHarmless(t *testing.T) {
	checkDecisions(t, nil, []string{
		"I need to nix that plan and start over",
		"our fleet management software is down",
		"the android app keeps crashing after the update",
		"please add fish oil and turmeric to the shopping list",
		"what is our capex budget for next quarter",
		"how do I claim back my PPI payments from the bank",
		"foods rich in vitamin c for a smoothie",
		"grab the school shots from the basketball game",
		"the coil on my stove stopped heating",
		"a gin and tonic with quinine water please",
		"what's the ADT alarm code for the office",
		"I ordered a pizza and some probiotic yogurt",
		"my creatine shake is in the fridge",
		"is the Delta 8 flight on time",
		"set a reminder to pick up Tobi from school",
		"cancel my Depo order, wrong address",
		"the tucks in my shirt keep coming out",
		"I bought a bag of sea moss gel at the market",
		"put collagen peptides in my coffee every morning",
		"what time does the Panamax ship dock",
	})
}
