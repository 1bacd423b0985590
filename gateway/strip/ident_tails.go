package strip

// Places and names next to findings already made:
//
//   - a place after a street address and a comma ("12 Oak Str., Mertola",
//     "4 Lime Road, Alcoutim, Portugal", lower case too when a listed
//     country closes it: "9 rua nova 3, sé, portugal");
//   - coordinated names before a verb at a sentence start ("Dale and White
//     were ...");
//   - a name between a verb of giving or telling and a possessive ("had
//     given Angel her keys").

// matchAddressPlaceTail: a place after an address finding and a comma, or a
// listed, capitalised place after "in" ("at 12b Oak Run in Dallas").
func (s *Stripper) matchAddressPlaceTail(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	addrCat := s.ic.address
	locCat := s.ic.location
	zipCat := s.ic.zip
	g := defaultGazetteer()
	nsp := len(sc.spans)
	for si := 0; si < nsp; si++ {
		if sc.spans[si].cat != addrCat {
			continue
		}
		e := int(sc.spans[si].te)
		for round := 0; round < 3; round++ {
			if e < n && toks[e].norm == "." && toks[e].flags&fSpace == 0 && sc.cover[e] == 0 {
				e++ // "Str., Klirou"
			}
			// ", Dallas" or " in Dallas" (a listed place, capitalised, after "in")
			if e+1 >= n {
				break
			}
			via := toks[e].norm
			if via != "," && via != "in" || sc.cover[e] != 0 {
				break
			}
			j := e + 1
			if sc.cover[j] != 0 || toks[j].kind != tkWord || toks[j].flags&fDigit != 0 || toks[j].flags&fNewline != 0 {
				break
			}
			capd := toks[j].flags&(fCap|fAllCap) != 0
			end := j
			if sc.gk[j]&(gCountry|gCity|gState|gFirst) != 0 {
				if e2, k := g.longest(sc, j, gCountry|gCity|gState); k != 0 && (capd || k&gAmbiguous == 0) {
					end = e2
				}
			}
			if via == "in" && (end == j || !capd) {
				break
			}
			if end == j && capd {
				end = s.placeRun(sc, j)
			}
			if end == j && !capd && len(toks[j].norm) >= 2 && !s.k.stop[0][toks[j].norm] &&
				j+2 < n && toks[j+1].norm == "," && sc.gk[j+2]&gCountry != 0 {
				// "..., sé, portugal": an unknown word before a listed country
				end = j + 1
			}
			if end == j || !sc.free(j, end) {
				break
			}
			// the place closes the address: the sentence or line goes on with punctuation or a code
			if end < n && toks[end].flags&fNewline == 0 && toks[end].kind == tkWord {
				break
			}
			sc.add(j, end, locCat)
			e = end
			if e < n && toks[e].kind == tkNum && toks[e].flags&fNewline == 0 && sc.cover[e] == 0 {
				if l := len(toks[e].norm); l >= 3 && l <= 6 {
					sc.add(e, e+1, zipCat)
					e++
				}
			}
		}
	}
}

// coordVerb: verbs after "X and Y" at a sentence start that make both names.
var coordVerb = map[string]bool{
	"were": true, "are": true, "have": true, "had": true, "met": true, "wrote": true, "said": true,
	"founded": true, "started": true, "agreed": true, "married": true, "both": true, "will": true,
	"went": true, "sang": true, "played": true, "recorded": true, "formed": true, "created": true,
	"built": true, "worked": true, "work": true, "live": true, "lived": true, "left": true, "came": true,
}

// matchCoordNames: "Dale and White were precision engineers": two
// capitalised words joined by "and" before a plural verb, the pair opening a
// sentence, each a listed name (also one that is an everyday word) or an
// unknown word.
func (s *Stripper) matchCoordNames(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := sc.tb.nextCap(0); i+3 < n; i = sc.tb.nextCap(i + 1) { // the first name is capitalised
		if toks[i].kind != tkWord || toks[i].flags&fCap == 0 || toks[i].flags&(fAllCap|fDigit) != 0 || toks[i+1].norm != "and" ||
			!coordVerb[toks[i+3].norm] || !s.sentenceInitial(sc, i) {
			continue
		}
		y := i + 2
		if toks[y].kind != tkWord || toks[y].flags&fCap == 0 || toks[y].flags&(fAllCap|fDigit) != 0 || toks[y].flags&fNewline != 0 {
			continue
		}
		if !s.coordNameWord(sc, i) || !s.coordNameWord(sc, y) {
			continue
		}
		if sc.cover[i] == 0 {
			sc.add(i, i+1, s.cName)
		}
		if sc.cover[y] == 0 {
			sc.add(y, y+1, s.cName)
		}
		i = y
	}
}

// coordNameWord: token x is a found name, a listed name or an unknown capitalised word.
func (s *Stripper) coordNameWord(sc *scratch, x int) bool {
	if sc.cover[x] != 0 {
		sp := coverSpan(sc, x)
		return sp != nil && sp.cat == s.cName
	}
	w := sc.tb.normOf(x)
	if len(w) < 2 || s.anyStop(w) || titleWords[w] || relationWords[w] || labelWords[w] || monthNames[w] > 0 || weekdayNames[w] ||
		tokKind(sc, x)&(gNation|gCountry|gCity|gState|gOrgSuffix) != 0 || s.isLexiconWord(w) || facilityWord[w] {
		return false
	}
	return s.k.given[w] || s.k.surname[w] || s.k.nameAmb[w] || !s.knownTok(sc, x)
}

// giveVerb: verbs of giving or telling after which a capitalised word and a
// possessive make the word a person ("given Belle his address").
var giveVerb = map[string]bool{
	"give": true, "gave": true, "given": true, "gives": true, "giving": true, "handed": true, "hand": true,
	"told": true, "tell": true, "showed": true, "show": true, "sent": true, "send": true, "lent": true,
	"texted": true, "emailed": true, "promised": true, "offered": true, "owe": true, "owes": true,
}

var possessiveWord = map[string]bool{"his": true, "her": true, "their": true, "my": true, "our": true, "your": true}

// matchGivenNames: a capitalised word between a verb of giving or telling
// and a possessive ("had given Angel his address", "I told Rosa my news").
func (s *Stripper) matchGivenNames(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := sc.tb.nextCap(1); i+1 < n; i = sc.tb.nextCap(i + 1) { // the given name is capitalised
		t := &toks[i]
		if t.kind != tkWord || t.flags&fCap == 0 || t.flags&(fAllCap|fDigit) != 0 || sc.cover[i] != 0 || t.flags&fNewline != 0 ||
			toks[i-1].cls&wcGiveVerb == 0 || toks[i+1].cls&wcPossessive == 0 {
			continue
		}
		if s.coordNameWord(sc, i) {
			sc.add(i, i+1, s.cName)
		}
	}
}

// matchWordNumberStreets: a street word, a house number, a capitalised name
// and a street type, opening a line or after an address cue ("Korvgatan 41
// Lindqvist Plads", "to Mäeotsa 12 Harper Cliffs"): the whole is the street
// address, the leading word included.
func (s *Stripper) matchWordNumberStreets(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.address
	for i := 0; i+3 < n; i++ {
		t := &toks[i]
		if t.kind != tkWord || t.flags&fDigit != 0 || sc.cover[i] != 0 || !houseNumber(sc, i+1) || toks[i+1].flags&fNewline != 0 {
			continue
		}
		w := toks[i].norm
		if len(w) < 3 || s.anyStop(w) || unitWords[w] || monthNames[w] > 0 || weekdayNames[w] || titleWords[w] || labelWords[w] {
			continue
		}
		lineOpen := i == 0 || t.flags&fNewline != 0 || linePrefixOnly(sc, i)
		cue := i > 0 && toks[i-1].kind != tkNum && (streetCues[toks[i-1].norm] || toks[i-1].norm == ":")
		if !lineOpen && !cue {
			continue
		}
		if t.flags&(fCap|fAllCap) == 0 && s.knownTok(sc, i) || isEnglishWord(w) && !lineOpen {
			continue
		}
		k := i + 2
		for k < n && k-i-2 < 3 && toks[k].flags&fNewline == 0 && toks[k].kind == tkWord && toks[k].flags&(fCap|fAllCap) != 0 &&
			sc.cover[k] == 0 && !s.isStreetType(sc, k) && s.streetNameWord(sc, k) {
			k++
		}
		if k == i+2 || k >= n || toks[k].flags&fNewline != 0 || toks[k].flags&(fCap|fAllCap) == 0 || !s.isStreetType(sc, k) || !sc.free(i, k+1) {
			continue
		}
		sc.add(i, k+1, cat)
		i = k
	}
}
