package strip

// Places and nationalities outside a street address: countries, cities,
// states (gazetteer), unknown localities after a place cue ("grew up in
// Remniku", "flew to LEPPEN"), and nationality / religious-group words.
//
// Policy (see gazetteer/README.md):
//   - a listed country, state or city written with a capital is removed in
//     every message ("Flights to Canada", "I live in Boston"); in an
//     all-lower-case message it is removed after a place cue only ("flight to
//     boston" stays readable when nothing marks it as a place of the writer);
//   - entries marked ~ (also everyday words or given names: "Jersey",
//     "Mobile", "Victoria") need a capital and a place cue;
//   - an unknown capitalised word is a place only after a strong place cue
//     ("grew up in", "flew to", "moved here from", "I'm in", "based in");
//   - a nationality is removed unless it names a language ("in Spanish",
//     "speak French", "English version").

// weak place cues: a preposition right before the candidate.
var placePrep = map[string]bool{
	"in": true, "to": true, "from": true, "at": true, "near": true, "around": true, "outside": true,
	"across": true, "toward": true, "towards": true, "via": true, "of": true, "en": true, "de": true,
	"visit": true, "visiting": true, "visited": true, "leave": true, "leaving": true, "left": true,
	"reach": true, "reached": true, "into": true, "through": true,
	"desde": true, "hacia": true, "cerca": true,
}

// strong place cues: the words before the preposition (or the verb itself)
// that make an unknown capitalised word a place.
var placeVerb = map[string]bool{
	"grew": true, "flew": true, "fly": true, "flying": true, "flown": true, "moved": true, "move": true,
	"moving": true, "relocated": true, "relocating": true, "based": true, "live": true,
	"lives": true, "lived": true, "living": true, "born": true, "raised": true, "arrived": true,
	"arrive": true, "arriving": true, "travel": true, "travelled": true, "traveled": true, "travelling": true,
	"traveling": true, "trip": true, "vacation": true, "holiday": true,
	"resides": true, "reside": true, "residing": true, "stationed": true, "stayed": true, "staying": true,
	"returned": true, "here": true, "city": true, "town": true, "village": true, "hometown": true,
	"headquartered": true, "settled": true, "emigrated": true, "immigrated": true, "fled": true,
	"visit": true, "visiting": true, "visited": true, "serving": true,
	"vivo": true, "vive": true, "vivimos": true, "naci": true, "nacio": true,
	"originally": true, "hail": true, "hails": true, "native": true, "natives": true,
}

// "I'm in X", "we are in X": a first-person being verb before the preposition.
// ("I'm from X", "she is from X": origin; "I'm in X" is left alone, it is
// mostly where someone is looking for a service).
var placeBe = map[string]bool{"i'm": true, "im": true, "am": true, "we're": true, "are": true, "is": true, "was": true, "were": true, "he's": true, "she's": true, "they're": true, "soy": true, "es": true, "somos": true}

// words that may join the words of a place name ("Villafranca del Cid",
// "Begunje na Gorenjskem", "Stratford-upon-Avon").
var placeParticle = map[string]bool{
	"de": true, "del": true, "la": true, "las": true, "los": true, "da": true, "do": true, "dos": true,
	"das": true, "di": true, "du": true, "le": true, "les": true, "sur": true, "am": true, "an": true,
	"im": true, "bei": true, "ob": true, "na": true, "nad": true, "pod": true, "upon": true, "on": true,
	"en": true, "y": true, "i": true, "e": true, "von": true, "van": true, "der": true, "den": true,
}

// nationality words that stay in fixed everyday phrases
var nationPhrase = map[string]bool{
	"express": true, "airlines": true, "airline": true, "fries": true, "fry": true, "toast": true, "cheese": true,
	"pastry": true, "delight": true, "muffin": true, "muffins": true, "shepherd": true, "bulldog": true,
	"horn": true, "braid": true, "press": true, "kiss": true, "dressing": true, "roulette": true,
	"idol": true, "eagle": true, "legion": true, "red": true, "kale": true, "bank": true,
	// a nationality that qualifies a thing rather than a person
	"union": true, "pound": true, "pounds": true, "transfer": true, "transfers": true, "card": true,
	"cards": true, "currency": true, "account": true, "accounts": true, "dollar": true, "dollars": true,
	"food": true, "foods": true, "cuisine": true, "restaurant": true, "restaurants": true, "dish": true,
	"dishes": true, "recipe": true, "recipes": true, "bbq": true, "barbecue": true, "takeout": true,
	"market": true, "markets": true, "stocks": true, "economy": true, "holiday": true, "holidays": true,
	"time": true, "timezone": true, "plug": true, "plugs": true, "outlet": true, "outlets": true,
	"adapter": true, "visa": true, "embassy": true, "consulate": true, "passport": true, "bonds": true,
	"wine": true, "wines": true, "beer": true, "coffee": true, "tea": true, "style": true, "breakfast": true,
}

// language contexts: "in Spanish", "speak French", "English version"
var langBefore = map[string]bool{
	"in": true, "into": true, "to": true, "speak": true, "speaks": true, "speaking": true, "spoke": true,
	"learn": true, "learning": true, "study": true, "studying": true, "translate": true, "translated": true,
	"say": true, "write": true, "read": true, "understand": true, "fluent": true, "native": true,
	"teach": true, "teaching": true, "taught": true, "from": true, "en": true, "hablo": true, "habla": true,
	"know": true, "knows": true, "practice": true, "practise": true, "improve": true, "my": true, "your": true,
	"and": true, "or": true, "only": true, "some": true, "any": true, "language": true, "languages": true,
}

var langAfter = map[string]bool{
	"language": true, "languages": true, "translation": true, "translations": true, "translator": true,
	"version": true, "speaker": true, "speakers": true, "speaking": true, "subtitles": true, "class": true,
	"classes": true, "lessons": true, "lesson": true, "course": true, "word": true, "words": true,
	"phrase": true, "phrases": true, "teacher": true, "tutor": true, "interpreter": true, "dictionary": true,
	"grammar": true, "alphabet": true, "keyboard": true, "text": true, "menu": true, "settings": true,
	"option": true, "mode": true, "please": true, "?": true, "or": true, "and": true, "to": true,
}

// travel cues make an unknown word a place, but a listed country or city
// after them is just a destination ("flying to Canada next week") and stays.
var travelVerb = map[string]bool{
	"flew": true, "fly": true, "flying": true, "flown": true, "arrived": true, "arrive": true, "arriving": true,
	"travel": true, "travelled": true, "traveled": true, "travelling": true, "traveling": true, "trip": true,
	"vacation": true, "holiday": true, "visit": true, "visiting": true, "visited": true, "stayed": true,
	"staying": true, "returned": true, "serving": true,
}

// residenceCue: the strong cue before token i is about where someone lives,
// comes from or works (not a trip).
func (s *Stripper) residenceCue(sc *scratch, i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if sc.tb.toks[j].kind == tkPunct {
			return false
		}
		w := sc.tb.normOf(j)
		if travelVerb[w] {
			return false
		}
		if placeVerb[w] || placeBe[w] {
			return true
		}
	}
	return false
}

// placeCueWord: token j may be the cue word right before a place (placeCue
// finds none unless the word is in placePrep or placeVerb: every word it
// accepts there is in one of them, and gk's gPlacePrep marks placePrep words).
func placeCueWord(toks []token, j int) bool { return toks[j].cls&(wcPlacePrep|wcPlaceVerb) != 0 }

func (s *Stripper) placeCue(sc *scratch, i int) (weak, strong bool) {
	toks := sc.tb.toks
	if i == 0 || !placeCueWord(toks, i-1) {
		return false, false
	}
	p := sc.tb.normOf(i - 1)
	if toks[i-1].kind == tkWord && (p == "visit" || p == "visiting" || p == "visited" || p == "hometown" || p == "leave" || p == "leaving" || p == "city" || p == "town" || p == "village") {
		return true, true
	}
	if i-1 < len(sc.gk) && sc.gk[i-1]&gSet != 0 {
		if sc.gk[i-1]&gPlacePrep == 0 {
			return false, false
		}
	} else if !placePrep[p] {
		return false, false
	}
	weak = true
	// look back over up to three words for a strong cue
	for j := i - 2; j >= 0 && j >= i-4; j-- {
		w := sc.tb.normOf(j)
		if toks[j].kind == tkPunct {
			break
		}
		if w == "here" || w == "there" {
			if p == "from" {
				return true, true
			}
			continue
		}
		if (w == "city" || w == "town" || w == "village") && sc.tb.normOf(j+1) != "of" {
			// "city traffic in Miami" is no cue; "the city of Leeds" is
			continue
		}
		if sc.tb.is(j, wcPlaceVerb) || sc.tb.is(j, wcPlaceBe) && (p == "from" || p == "de") {
			return true, true
		}
	}
	return true, false
}

func (s *Stripper) matchPlaces(sc *scratch) {
	g := defaultGazetteer()
	toks := sc.tb.toks
	n := len(toks)
	locCat := s.ic.location
	natCat := s.ic.nationality
	lower := sc.tb.lowerText()
	search := int8(0) // searchMessage, computed on first use
	isSearch := func() bool {
		if search == 0 {
			search = -1
			if searchMessage(sc) {
				search = 1
			}
		}
		return search > 0
	}
	for i := 0; i < n; i++ {
		// a token neither in the place gazetteer nor after a place cue takes
		// nothing (both parts below start from one of those)
		if sc.gk[i]&(gCountry|gCity|gState|gNation|gFirst) == 0 && (i == 0 || !placeCueWord(toks, i-1)) {
			continue
		}
		t := &toks[i]
		if t.kind != tkWord || sc.cover[i] != 0 || t.flags&fDigit != 0 {
			continue
		}
		capd := t.flags&(fCap|fAllCap) != 0
		end, kind := i, uint32(0)
		if sc.gk[i]&(gCountry|gCity|gState|gNation|gFirst) != 0 {
			end, kind = g.longest(sc, i, gCountry|gCity|gState|gNation)
			if kind&(gCountry|gCity|gState) != 0 {
				end = parenQualifier(sc, end)
			}
		}
		if kind != 0 && sc.free(i, end) {
			weak, strong := s.placeCue(sc, i)
			amb := kind&gAmbiguous != 0
			// every word of a multi-word entry written in capitals counts as capitalised
			if kind&(gCountry|gCity|gState) != 0 {
				ok := false
				resid := strong && s.residenceCue(sc, i)
				switch {
				case amb:
					ok = capd && (resid || weak && s.placeFollows(sc, end))
				default:
					ok = resid || s.placeFollows(sc, end) || kind&gCountry != 0 && capd && !lower && s.countryAsTopic(sc, i, end)
				}
				// a person's own travel, or the city the writer is in (ident_moves.go)
				if !ok && weak && capd && !lower && !sc.spanish {
					// a city, state or country of a person's own travel ("flying to
					// Canada next week", "arrived this morning from Belgium")
					ok = s.personMove(sc, i) ||
						kind&gCity != 0 && writerIn(sc, i) && !isSearch()
				}
				if capd && !lower && compassRegion(sc, i) {
					// "Southern Tunisia": the region, compass word included
					i--
					ok = true
				}
				if ok && kind&gNation != 0 && !amb {
					// "Georgian" style overlaps: fall through as a place
				}
				if ok {
					sc.add(i, end, locCat)
					i = s.placeTail(sc, end, locCat) - 1
					continue
				}
				if kind&gNation == 0 {
					// a listed place that is only a destination or a search area stays
					i = end - 1
					continue
				}
			}
			if kind&gNation != 0 {
				if amb && !capd {
					continue
				}
				if amb && end < n && toks[end].kind == tkWord && toks[end].flags&fCap != 0 && toks[end].flags&fNewline == 0 {
					// "Karen White", "Christian Bale": a given name, left to the name rules
					continue
				}
				if end < n && nationPhrase[sc.tb.normOf(end)] && end-i == 1 {
					continue
				}
				if tokKind(sc, i)&gLangName != 0 && end == i+1 && s.languageUse(sc, i) && !personIsBefore(sc, i) {
					continue
				}
				sc.add(i, end, natCat)
				i = end - 1
				continue
			}
		}
		// unknown place after a strong cue: capitalised, or an unknown word
		// after a residence cue ("my friend lives in harburg")
		weak, strong := false, false
		if i > 0 && placeCueWord(toks, i-1) { // placeCue's own first test, without the call
			weak, strong = s.placeCue(sc, i)
		}
		if weak && !strong && capd && !lower && !sc.spanish && (s.personMove(sc, i) || writerIn(sc, i) && !isSearch()) {
			strong = true
		}
		if !weak || !strong {
			continue
		}
		if !capd || lower {
			w := sc.tb.normOf(i)
			// a word the lexicon uses ("icu", "resus", ambiguous or not) is no place:
			// "visiting my dad in icu"
			if len(w) >= 3 && !sc.spanish && !s.knownTok(sc, i) && tokKind(sc, i) == 0 && !s.k.given[w] && !s.k.surname[w] && sc.tb.info[i].tid < 0 {
				sc.add(i, i+1, locCat)
				i = s.placeTail(sc, i+1, locCat) - 1
			}
			continue
		}
		if e := s.placeRun(sc, i); e > i && !(e < n && (residueFacility[sc.tb.normOf(e)] || placeSuffix[sc.tb.normOf(e)] && toks[e].flags&(fCap|fAllCap) != 0)) {
			sc.add(i, e, locCat)
			i = s.placeTail(sc, e, locCat) - 1
		}
	}
}

// placeTail: ", Portugal" / ", TX" after a place finding ending at j.
func (s *Stripper) placeTail(sc *scratch, j int, cat catID) int {
	if !s.placeFollows(sc, j) {
		return j
	}
	toks := sc.tb.toks
	e := j
	if len(toks[j+1].norm) == 2 && toks[j+1].flags&fAllCap != 0 {
		sc.add(j+1, j+2, cat)
		e = j + 2
	} else if e2, _ := defaultGazetteer().longest(sc, j+1, gCountry|gState); e2 > j+1 && sc.add(j+1, e2, cat) {
		e = e2
	} else {
		return j
	}
	// "Houston, TX 77506": the postal code goes with it
	if e < len(toks) && toks[e].kind == tkNum && len(toks[e].norm) == 5 && sc.cover[e] == 0 && toks[e].flags&fNewline == 0 {
		z := e + 1
		if z+1 < len(toks) && toks[z].norm == "-" && toks[z+1].kind == tkNum && len(toks[z+1].norm) == 4 {
			z += 2
		}
		sc.add(e, z, s.ic.zip)
		e = z
	}
	return e
}

// placeFollows: ", Texas" / ", USA" / ", CA" after a candidate.
func (s *Stripper) placeFollows(sc *scratch, j int) bool {
	toks := sc.tb.toks
	if j+1 >= len(toks) || toks[j].norm != "," {
		return false
	}
	w := toks[j+1].norm
	if len(w) == 2 && toks[j+1].flags&fAllCap != 0 && stateAbbr[toUpperASCII(w)] {
		return true
	}
	_, k := defaultGazetteer().longest(sc, j+1, gCountry|gState)
	return k != 0 && k&gAmbiguous == 0
}

func toUpperASCII(w string) string {
	b := []byte(w)
	for i := range b {
		if b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 32
		}
	}
	return string(b)
}

// languageUse: a language-name adjective used as a language.
// personIsBefore: token i follows "I'm", "she's", "my mother is" ...: a
// nationality said of a person ("I'm Polish and need a translator"), even
// where the word could name the language.
func personIsBefore(sc *scratch, i int) bool {
	if i == 0 {
		return false
	}
	switch sc.tb.normOf(i - 1) {
	case "i'm", "im", "am", "she's", "shes", "he's", "hes", "we're", "they're", "theyre":
		return true
	case "is", "was", "are":
		if i < 2 {
			return false
		}
		p := sc.tb.normOf(i - 2)
		return relationWords[p] || p == "she" || p == "he" || p == "we" || p == "they" || p == "i"
	}
	return false
}

func (s *Stripper) languageUse(sc *scratch, i int) bool {
	n := len(sc.tb.toks)
	if i > 0 && langBefore[sc.tb.normOf(i-1)] {
		return true
	}
	if i+1 >= n || i+1 < n && langAfter[sc.tb.normOf(i+1)] {
		return true
	}
	if i+1 < n && sc.tb.toks[i+1].kind == tkPunct && sc.tb.normOf(i+1) != "-" {
		return true
	}
	// "a Spanish-speaking provider", "English-language forms"
	if i+2 < n && sc.tb.normOf(i+1) == "-" && langAfter[sc.tb.normOf(i+2)] {
		return true
	}
	return false
}

// placeRun: the capitalised run of an unknown place name at i (1-4 words,
// particles inside), or i when the word cannot be a place name.
func (s *Stripper) placeRun(sc *scratch, i int) int {
	toks := sc.tb.toks
	n := len(toks)
	j := i
	words := 0
	end := i
	for j < n && words < 4 && sc.cover[j] == 0 && (j == i || toks[j].flags&fNewline == 0) {
		t := &toks[j]
		w := toks[j].norm
		if t.kind == tkPunct {
			if (w == "-" || w == "'") && t.flags&fSpace == 0 && j+1 < n && toks[j+1].flags&fSpace == 0 && toks[j+1].kind == tkWord && j > i {
				j++
				continue
			}
			break
		}
		if t.kind != tkWord {
			break
		}
		if t.flags&(fCap|fAllCap) == 0 {
			if j > i && placeParticle[w] && j+1 < n && toks[j+1].flags&(fCap|fAllCap) != 0 && toks[j+1].kind == tkWord {
				j++
				continue
			}
			if j > i && toks[j-1].kind == tkPunct && toks[j].flags&fSpace == 0 {
				// "Kędzierzyn-koźle"
				j++
				end = j
				continue
			}
			break
		}
		if !s.placeWordOK(sc, j) && !(placePrefix[w] && j+1 < n && toks[j+1].kind == tkWord && toks[j+1].flags&(fCap|fAllCap) != 0 && toks[j+1].flags&fNewline == 0 && sc.cover[j+1] == 0 && s.placeWordOK(sc, j+1)) || residueFacility[w] {
			break
		}
		words++
		j++
		end = j
	}
	return end
}

// placeWordOK: a capitalised word that may be (part of) a proper place name.
func (s *Stripper) placeWordOK(sc *scratch, j int) bool {
	t := &sc.tb.toks[j]
	w := sc.tb.normOf(j)
	if t.flags&fDigit != 0 || len(w) < 2 {
		return false
	}
	if s.k.common[w] || s.k.stop[0][w] || monthNames[w] > 0 || weekdayNames[w] || titleWords[w] || s.isLexiconWord(w) {
		return false
	}
	if s.vocEN(sc, j)&(vCapOK|vFunc) != 0 {
		return false
	}
	if t.flags&fAllCap != 0 && len(w) <= 3 {
		// acronyms ("ATM", "USA" is in the gazetteer)
		return false
	}
	return true
}

// countryAsTopic: a capitalised country named for itself ("Estonia was super
// fun to visit", "I'm glad to hear that Norway is moving", "In Belgium they
// have") rather than as a destination ("flying to Canada"), an institution
// ("the UK", "a UK account") or a search area.
func (s *Stripper) countryAsTopic(sc *scratch, i, end int) bool {
	toks := sc.tb.toks
	n := len(toks)
	if i > 0 {
		p := toks[i-1].norm
		switch p {
		case "to", "the", "into", "toward", "towards", "via", "a", "an", "of", "from", "outside", "within", "across", "around", "near", "at":
			return false
		case "in":
			// "declined in Portugal" stays; "In Belgium they have ..." opens a sentence about the country
			if toks[i-1].flags&fCap == 0 {
				return false
			}
		}
		for j := i - 1; j >= 0 && j >= i-4; j-- {
			if toks[j].kind == tkPunct {
				break
			}
			if travelVerb[toks[j].norm] {
				return false
			}
		}
	}
	if end < n && (nationPhrase[toks[end].norm] || toks[end].kind == tkWord && toks[end].flags&fCap != 0 || toks[end].kind == tkNum || toks[end].norm == "(") {
		return false
	}
	// a country line of a postal block is left to the block rules
	if toks[i].flags&fNewline != 0 || i > 0 && linePrefixOnly(sc, i) && toks[i].flags&fSentStart == 0 {
		return false
	}
	return true
}

// parenQualifier extends a place over a one-word qualifier in brackets right
// after it ("Cyprus (Greek)", "Unionville (Orange)"): the qualifier names
// the same place.
func parenQualifier(sc *scratch, end int) int {
	toks := sc.tb.toks
	if end+2 < len(toks) && toks[end].norm == "(" && toks[end+1].kind == tkWord && toks[end+1].flags&fCap != 0 &&
		toks[end+2].norm == ")" && toks[end].flags&fNewline == 0 && sc.free(end, end+3) {
		return end + 3
	}
	return end
}
