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

func (s *Stripper) markExactCase(text string, sc *scratch) {
	if !strings.Contains(text, "EP") {
		return // every form above ends in "EP"
	}
	toks := sc.tb.toks
	for i := range toks {
		t := &toks[i]
		if t.kind != tkWord || sc.cover[i] != 0 {
			continue
		}
		surf := text[t.start:t.end]
		surf = strings.TrimSuffix(strings.TrimSuffix(surf, "'s"), "’s")
		cat, ok := exactCaseTerms[surf]
		if !ok {
			continue
		}
		if id, ok := s.k.catIndex[cat]; ok {
			sc.add(i, i+1, id)
		}
	}
}
