package strip

import "strings"

// Weight change written with fillers or a glued unit, which numericClinical
// does not see: "gained a quick 15 pounds", "gaining 40lbs", "lost about
// 10kg", "put on another 8 lbs".

func weightChangeVerb(w string) bool {
	switch w {
	case "gained", "gain", "gaining", "gains", "lost", "lose", "losing",
		"dropped", "put", "packed", "piled", "subi", "baje", "perdi", "gane":
		return true
	}
	return false
}

var weightFillers = map[string]bool{
	"a": true, "about": true, "almost": true, "over": true, "like": true, "another": true, "nearly": true,
	"around": true, "quick": true, "whole": true, "good": true, "extra": true, "some": true, "on": true,
	"up": true, "least": true, "at": true, "roughly": true, "approximately": true, "more": true, "than": true,
	"unos": true, "como": true, "casi": true, "mas": true, "de": true,
}

// gluedWeight: "20lbs", "15kg", "10pounds", "3.5kg".
func gluedWeight(w string) bool {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || w[i] == '.') {
		i++
	}
	if i == 0 || i == len(w) {
		return false
	}
	switch w[i:] {
	case "lb", "lbs", "kg", "kgs", "kilo", "kilos", "pounds", "pound", "stone", "st":
		return true
	}
	return false
}

func (s *Stripper) clinicalNumeric(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if sc.tb.anyFlags&fDigit == 0 && sc.tb.anyCls&wcSpelledNum == 0 {
		return // every weight read needs a digit-bearing token or a spelled number
	}
	for i := 0; i+1 < n; i++ {
		if sc.cover[i] != 0 || toks[i].kind != tkWord || !weightChangeVerb(toks[i].norm) {
			continue
		}
		j := i + 1
		for k := 0; k < 4 && j < n && sc.cover[j] == 0 && weightFillers[toks[j].norm]; k++ {
			j++
		}
		if j >= n || sc.cover[j] != 0 {
			continue
		}
		w := toks[j].norm
		end := -1
		switch {
		case toks[j].kind == tkWord && toks[j].flags&fDigit != 0 && gluedWeight(w):
			end = j + 1
		case (toks[j].kind == tkNum || spelledNums[w]) && j+1 < n && sc.cover[j+1] == 0 && weightUnits[strings.TrimSuffix(toks[j+1].norm, ".")]:
			end = j + 2
		}
		if end < 0 || toks[end-1].sent != toks[i].sent {
			continue
		}
		sc.add(i, end, s.cSymptom)
		i = end - 1
	}
}
