package strip

import "testing"

// checkCatalogProceduresRemoved: each message must be clinical and the given words (lower
// case) must be gone from the redacted text.
func checkCatalogProceduresRemoved(t *testing.T, cases [][2]string) {
	t.Helper()
	checkRemoved(t, Default(), cases)
}

// Procedures and surgeries from lexicon/en/procedure.catalog.txt, by
// specialty, lay removal forms and recovery talk. Sentences written for
// these tests.
func TestCatalogProceduresClinical(t *testing.T) {
	checkCatalogProceduresRemoved(t, [][2]string{
		{"I got my gallbladder out last spring and still get cramps", "gallbladder out"},
		{"she had her uterus removed two years ago", "uterus removed"},
		{"my dad had his knee replaced in March", "knee replaced"},
		{"going in for a knee scope next week", "knee scope"},
		{"is a meniscectomy worse than a repair", "meniscectomy"},
		{"recovery time after a bunionectomy?", "bunionectomy"},
		{"he had a stent put in after the heart attack", "stent put in"},
		{"they did a watchman procedure on my mom", "watchman procedure"},
		{"how long is the ERCP procedure", "ercp"},
		{"I had polyps removed during the scope", "polyps removed"},
		{"my sleeve gastrectomy was 3 years ago", "sleeve gastrectomy"},
		{"they recommended a myomectomy for the fibroids", "myomectomy"},
		{"had a LEEP last month, is spotting normal", "leep"},
		{"my husband is booked for a TURP", "turp"},
		{"I had lithotripsy for the stone", "lithotripsy"},
		{"is a vitrectomy painful", "vitrectomy"},
		{"my son got tubes in his ears last year", "tubes in his ears"},
		{"septoplasty recovery is taking forever", "septoplasty"},
		{"I need to get a cavity filled on Friday", "cavity filled"},
		{"had a tooth pulled and the socket still hurts", "tooth pulled"},
		{"thinking about a tummy tuck and a breast lift", "breast lift"},
		{"had Mohs surgery on my nose", "mohs surgery"},
		{"my aunt had a craniotomy for a tumor", "craniotomy"},
		{"he is on the transplant list for a kidney", "on the transplant list"},
		{"I finished chemo in June", "finished chemo"},
		{"she is doing rounds of chemo every three weeks", "rounds of chemo"},
		{"does pelvic floor therapy help after birth", "pelvic floor therapy"},
		{"my stitches dissolved but the scar is red", "stitches dissolved"},
		{"my incision is red and oozing", "incision is red"},
		{"still recovering from surgery and very weak", "recovering from surgery"},
	})
}

// Everyday sentences that share words with the procedure catalog stay
// harmless (everyday words are in procedure.catalog.ambiguous.txt).
func TestCatalogProceduresHarmless(t *testing.T) {
	checkDecisions(t, nil, []string{
		"what is the scope of this project",
		"I need to fess up about the late payment",
		"is your checkout PCI compliant",
		"my friend Tavi is coming over for dinner",
		"the boiler needs a valve repair this week",
		"we had screws put in the shelf",
		"I got the sleeve for my phone",
		"the spa offers teeth whitening deals",
		"I want veneers on the new kitchen cabinets",
		"the hardware removal took all afternoon",
	})
}

// Lab tests, markers and imaging from lexicon/en/test.catalog.txt.
func TestCatalogTestsClinical(t *testing.T) {
	checkCatalogProceduresRemoved(t, [][2]string{
		{"waiting on my AMH results from the clinic", "amh"},
		{"the NT scan is next Tuesday", "nt scan"},
		{"my estradiol level is 40, is that low", "estradiol"},
		{"had a knee MRI yesterday", "knee mri"},
		{"the sinus CT showed nothing", "sinus ct"},
		{"what does a high calcium score mean", "calcium score"},
		{"is a transvaginal ultrasound painful", "transvaginal ultrasound"},
		{"my quantiferon test came back positive", "quantiferon"},
		{"do I need to fast for a fasting lipid panel", "fasting lipid panel"},
		{"the hida scan showed low ejection", "hida scan"},
		{"scheduled for a gastric emptying study", "gastric emptying study"},
		{"got my blood drawn this morning", "blood drawn"},
		{"is the one hour glucose test accurate", "one hour glucose test"},
		{"I have a zio patch on for two weeks", "zio patch"},
		{"my sperm count was low", "sperm count"},
		{"they ordered a home sleep study", "home sleep study"},
	})
}

// Everyday sentences with test-like words stay harmless.
func TestCatalogTestsHarmless(t *testing.T) {
	checkDecisions(t, nil, []string{
		"CVS is closed on Sunday",
		"can I get a beta test invite",
		"the sales lead results are in",
		"ammonia levels in my fish tank are high",
		"chloride levels in the pool are off",
		"the frozen section of the store is closed",
		"my kid wrote a lab report for school",
		"the stock hit its peak and trough this week",
		"I bought a new CK shirt",
	})
}

// Devices and aids from lexicon/en/device.catalog.txt.
func TestCatalogDevicesClinical(t *testing.T) {
	checkCatalogProceduresRemoved(t, [][2]string{
		{"my dexcom g7 keeps falling off in the shower", "dexcom g7"},
		{"he has rods and screws in his back", "rods and screws"},
		{"my mom uses a rollator now", "rollator"},
		{"the cpap mask leaves marks on my face", "cpap mask"},
		{"I have a suprapubic catheter since last year", "suprapubic catheter"},
		{"she got a wearable defibrillator", "wearable defibrillator"},
		{"are orthotics worth it for flat feet", "orthotics"},
		{"my ostomy pouch keeps leaking", "ostomy pouch"},
		{"do I need a prescription for a peak flow meter", "peak flow meter"},
		{"the spinal cord stimulator helps my pain", "spinal cord stimulator"},
	})
}

// Everyday sentences with device-like words stay harmless.
func TestCatalogDevicesHarmless(t *testing.T) {
	checkDecisions(t, nil, []string{
		"I lost my face mask on the bus",
		"the moon boot is back in fashion",
		"I bought compression socks for running",
		"we need more test strips for the pool",
		"the power port on my laptop is broken",
		"the shower chair in our hotel room is broken",
		"the flight attendant showed us the oxygen mask",
	})
}

// Lay symptom phrasings from lexicon/en/symptom.consumer.txt.
func TestCatalogSymptomsClinical(t *testing.T) {
	checkCatalogProceduresRemoved(t, [][2]string{
		{"blood when I wipe, should I worry", "blood when i wipe"},
		{"my poop is pale and greasy", "poop is pale"},
		{"I haven't pooped in four days", "haven't pooped in four days"},
		{"my pee smells like ammonia", "pee smells like ammonia"},
		{"peeing every 15 minutes today", "peeing every 15 minutes"},
		{"little red dots on my legs after the hike", "red dots"},
		{"my baby won't latch on the left side", "won't latch"},
		{"my newborn hasn't pooped in 3 days", "hasn't pooped"},
		{"my toddler keeps tugging at his ears", "tugging at his ears"},
		{"I keep seeing flashes of light in my eye", "flashes of light"},
		{"humming in my right ear all night", "humming in my right ear"},
		{"I bled through a pad every hour", "bled through a pad"},
		{"one testicle is bigger than the other", "bigger than the other"},
		{"my heart keeps skipping and then pounds", "heart keeps skipping"},
		{"my tooth hurts when I drink something cold", "hurts when i drink something cold"},
		{"there's a bitter taste in my mouth all day", "bitter taste"},
		{"my knee keeps giving way on the stairs", "keeps giving way"},
		{"I feel like I can't get enough air", "can't get enough air"},
	})
}

// Everyday sentences with symptom-like words stay harmless.
func TestCatalogSymptomsHarmless(t *testing.T) {
	checkDecisions(t, nil, []string{
		"my heart skipped a beat when I saw the price",
		"the screen has white patches after the update",
		"my stomach is growling, where can I eat near here",
		"there was a blowout sale at the mall",
		"I keep dropping calls on this network",
		"the dog keeps tugging at the leash",
	})
}
