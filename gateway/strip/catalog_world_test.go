package strip

import "testing"

// Tables for the session-8 coverage files: medication.world.txt,
// test.more.txt, procedure.more.txt, device.more.txt and symptom.more.txt.
// A message naming one of their terms must be clinical and the term gone from
// the redacted text. Sentences written for this test.
func TestWorldCatalogsStripped(t *testing.T) {
	s := Default()
	checkRemoved(t, s, [][2]string{
		// medicines of India, the UK, Nigeria, the Philippines, Latin America
		{"can I give Combiflam to my 10 year old", "combiflam"},
		{"doctor put me on Glycomet GP 1 last month", "glycomet"},
		{"is Telfast 180 ok with coffee", "telfast"},
		{"Biogesic or Neozep for a cold?", "neozep"},
		{"my gran takes thyroxine every morning", "thyroxine"},
		{"switching from dosulepin to something else", "dosulepin"},
		{"they gave me Innohep injections after the op", "innohep"},
		{"can I take Alaxan FR on an empty stomach", "alaxan"},
		// tests, procedures and devices
		{"my calprotectin came back at 250, what next", "calprotectin"},
		{"what does a raised NT-proBNP mean", "nt-probnp"},
		{"recovery time after a pancreaticoduodenectomy", "pancreaticoduodenectomy"},
		{"is phacoemulsification painful", "phacoemulsification"},
		{"my Accu-Chek Guide keeps giving an error", "accu-chek"},
		{"how often should I change the PICO dressing", "pico dressing"},
		// lay symptoms in regional words
		{"been having loose stools and a dodgy tummy since the curry", "dodgy tummy"},
		{"sir my body paining since two days", "body paining"},
		{"there is burning micturition from morning", "burning micturition"},
		{"masakit ang ulo ko since last night", "masakit ang ulo"},
		{"my baby is grunting and there are fewer wet nappies today", "fewer wet nappies"},
	})
}

// The everyday names kept out of the strong lists stay harmless without a
// clinical word or a first-person frame.
func TestWorldCatalogsEveryday(t *testing.T) {
	checkClinical(t, []clinCase{
		{"Add protein powder and herbal tea to the shopping list", false},
		{"Is the A to Z of London guide in stock?", false},
		{"Syeda Khan will join the meeting at 3", false},
		{"please contac me about the invoice", false},
		{"the baby monitor app keeps disconnecting from wifi", false},
	})
}
