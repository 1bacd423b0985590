package strip

import "strings"

// Some clinical names are everyday words in lower case and only their
// written case tells them apart: "PrEP" (HIV pre-exposure prophylaxis) is
// "prep" (meal prep, prep school) otherwise. exactCaseTerms marks a token
// written exactly in such a form; "prep", "Prep" and "PREP" stay to the
// lexicon's context rules.
var exactCaseTerms = map[string]string{
	"PrEP":     "sexual_health",
	"nPEP":     "sexual_health",
	"DoxyPEP":  "sexual_health",
	"doxyPEP":  "sexual_health",
	"DoxyPrEP": "sexual_health",
}

// haveCaseTerms are condition initials that only in capitals, after a verb
// of having, name a disease: "I've got MS", "my son has CP", "she had a PE",
// "diagnosed with ME". A capitalised word after them makes them a product
// ("I have MS Teams"); lower case ("ms", "me") is left alone.
var haveCaseTerms = map[string]bool{
	"MS": true, "ME": true, "CF": true, "AF": true, "RA": true, "CP": true, "UC": true, "PE": true,
	"TB": true, "SLE": true, "MND": true, "ALS": true, "CFS": true, "EDS": true, "POTS": true,
	"PCOS": true, "FND": true, "CKD": true,
}

// haveVerbs come right before such initials, with "a" allowed after "had"
// and "with" ("had a PE").
var haveVerbs = map[string]bool{"got": true, "have": true, "has": true, "had": true, "with": true, "diagnosed": true, "dx": true}

// caseCueHeads name a disease's signs, tests or care right before "of" or
// "for" and such initials: "early signs of MS", "tested for TB",
// "treatment for RA".
var caseCueHeads = map[string]bool{
	"sign": true, "signs": true, "symptom": true, "symptoms": true, "diagnosis": true, "diagnosed": true,
	"tested": true, "test": true, "testing": true, "screened": true, "screening": true, "treatment": true,
	"treatments": true, "treated": true, "meds": true, "medication": true, "medications": true, "flare": true,
	"flares": true, "cure": true, "causes": true, "living": true, "lives": true, "progression": true,
}

// caseCueBefore: token p is "of"/"for"/"with" after such a head word.
func caseCueBefore(toks []token, p int) bool {
	w := toks[p].norm
	if w != "of" && w != "for" && w != "with" || p == 0 {
		return false
	}
	return caseCueHeads[toks[p-1].norm] && toks[p-1].flags&fAllCap == 0
}

func (s *Stripper) markExactCase(text string, sc *scratch) {
	toks := sc.tb.toks
	ep := strings.Contains(text, "EP")
	caps := sc.tb.anyFlags&fAllCap != 0
	if !ep && !caps {
		return // every form above ends in "EP" or is in capitals
	}
	cond, hasCond := s.k.catIndex["condition"]
	for i := range toks {
		t := &toks[i]
		if t.kind != tkWord || sc.cover[i] != 0 {
			continue
		}
		surf := text[t.start:t.end]
		surf = strings.TrimSuffix(strings.TrimSuffix(surf, "'s"), "’s")
		if cat, ok := exactCaseTerms[surf]; ok {
			if id, ok := s.k.catIndex[cat]; ok {
				sc.add(i, i+1, id)
			}
			continue
		}
		if !hasCond || !haveCaseTerms[surf] || i == 0 || mostlyCaps(toks) { // in capitals a capital tells nothing
			continue
		}
		p := i - 1
		if toks[p].norm == "a" && p > 0 {
			p--
		} else if surf == "PE" {
			continue // "we had PE today": a pulmonary embolism is "a PE"
		}
		if !haveVerbs[toks[p].norm] && !caseCueBefore(toks, p) || toks[p].flags&fAllCap != 0 {
			continue
		}
		if i+1 < len(toks) && toks[i+1].kind == tkWord && toks[i+1].flags&(fCap|fAllCap) != 0 && toks[i+1].sent == t.sent {
			continue // "I have MS Teams"
		}
		sc.add(i, i+1, cond)
	}
}
