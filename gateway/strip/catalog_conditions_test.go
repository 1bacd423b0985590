package strip

import "testing"

// Tables for the condition catalogue (lexicon/en/condition.catalog.txt and
// condition.catalog.ambiguous.txt): for a sample of each organ system the
// message must be clinical and the condition words must be gone from the
// redacted text. Sentences written for these tests.
func TestCatalogConditions(t *testing.T) {
	s := Default()
	cases := [][2]string{
		// cardiovascular
		{"my father has hypertrophic cardiomyopathy", "hypertrophic cardiomyopathy"},
		{"they found a bicuspid aortic valve on the echo", "bicuspid aortic valve"},
		{"my baby was born with a ventricular septal defect", "ventricular septal defect"},
		{"I have paroxysmal atrial fibrillation", "paroxysmal atrial fibrillation"},
		{"is white coat hypertension a real thing", "white coat hypertension"},
		// respiratory
		{"my daughter has exercise induced asthma", "exercise induced asthma"},
		{"grandpa was diagnosed with idiopathic pulmonary fibrosis", "idiopathic pulmonary fibrosis"},
		{"I think I have walking pneumonia or maybe double pneumonia", "double pneumonia"},
		// GI and liver
		{"can eosinophilic oesophagitis go away", "eosinophilic oesophagitis"},
		{"my mom has primary sclerosing cholangitis", "primary sclerosing cholangitis"},
		{"I was told I have non alcoholic fatty liver disease", "non alcoholic fatty liver disease"},
		{"my chrons is acting up again", "chrons"},
		// kidney and urology
		{"my husband has iga nephropathy", "iga nephropathy"},
		{"I keep getting a water infection every month", "water infection"},
		// endocrine and metabolic
		{"she has type ii diabetes", "type ii diabetes"},
		{"does diabetis cause blurry vision", "diabetis"},
		{"my endo thinks it is congenital adrenal hyperplasia", "congenital adrenal hyperplasia"},
		{"I was diagnosed with hashimoto's thyroiditis", "hashimoto's thyroiditis"},
		// blood and immune
		{"my son has hereditary spherocytosis", "hereditary spherocytosis"},
		{"I have common variable immunodeficiency", "common variable immunodeficiency"},
		// infections
		{"my kids caught slapped cheek from daycare", "slapped cheek"},
		{"I had rocky mountain spotted fever last summer", "rocky mountain spotted fever"},
		{"how do you get rid of toenail fungus", "toenail fungus"},
		{"my toddler has pinworms again", "pinworms"},
		// skin, eye, ENT, dental
		{"my hands are covered in dyshidrotic eczema", "dyshidrotic eczema"},
		{"I have wet macular degeneration in one eye", "wet macular degeneration"},
		{"my son has glue ear and needs grommets", "glue ear"},
		{"my dentist says I have receding gums and pericoronitis", "pericoronitis"},
		{"my baby has a tongue tie and can't latch", "tongue tie"},
		// musculoskeletal and rheumatology
		{"I have arthritis in my hands", "arthritis in my hands"},
		{"the MRI showed femoroacetabular impingement", "femoroacetabular impingement"},
		{"my plantar fascitis is killing me", "plantar fascitis"},
		{"she was diagnosed with granulomatosis with polyangiitis", "granulomatosis with polyangiitis"},
		// neurology
		{"my son has absence seizures at school", "absence seizures"},
		{"I get ocular migraines when I'm stressed", "ocular migraine"},
		{"my aunt has progressive supranuclear palsy", "progressive supranuclear palsy"},
		{"he was diagnosed with chronic inflammatory demyelinating polyneuropathy", "chronic inflammatory demyelinating polyneuropathy"},
		// cancers
		{"my mom was diagnosed with cholangiocarcinoma", "cholangiocarcinoma"},
		{"my wife has triple negative breast cancer", "triple negative breast cancer"},
		{"what is the survival rate for diffuse large b cell lymphoma", "diffuse large b cell lymphoma"},
		{"he has cancer of the pancreas", "cancer of the pancreas"},
		// genetic and rare, paediatric, women's and men's health, geriatrics
		{"our daughter has prader willi syndrome", "prader willi syndrome"},
		{"my newborn has an undescended testicle", "undescended testicle"},
		{"my son has nursemaid's elbow", "nursemaid's elbow"},
		{"the scan showed a chocolate cyst on my ovary", "chocolate cyst"},
		{"I was told I have a bartholin cyst", "bartholin cyst"},
		{"my grandmother has sarcopenia and falls a lot", "sarcopenia"},
		// lay names with a frame (ambiguous file)
		{"I have a bad back from years of lifting", "bad back"},
		{"my doctor says I have a touch of sugar", "touch of sugar"},
	}
	checkRemoved(t, s, cases)
}

// Everyday sentences that share words with the catalogue's ambiguous terms
// stay harmless: acronyms, brands, places, idioms and food talk.
func TestCatalogConditionsHarmless(t *testing.T) {
	checkDecisions(t, nil, []string{
		"we need AAA roadside assistance",
		"AMD stock is up today",
		"my HS reunion is next week",
		"read the TOS before signing up",
		"he was the MVP of the game",
		"the NHL season starts in October",
		"there is a port wine stain on the carpet",
		"Huntington Bank branch hours",
		"Lou Gehrig's record stood for decades",
		"blocked tubes in the radiator",
		"I'm short sighted about money",
		"what is the gist of the article",
		"keto puts you in ketosis fast",
		"cat scratch fever is my favourite song",
		"the frailty of human nature",
		"what are pre existing conditions in insurance",
		"we drove through Nash county",
		"the bends in the road are sharp",
		"I'd like a touch of sugar in my tea",
		"he has a wandering eye for new cars",
		"is the black lung whiskey any good",
		"can I get the pizza with a gluten free crust",
	})
}
