package strip

// Unknown proper nouns and organisations.
//
// In mixed-case text a capitalised word that is no English word, no lexicon
// term and no listed everyday word ("Persint", "Kreutzmann", "Flateyri") is a
// name of a person, a place or an organisation, all identifiers. The run of
// capitalised words around it belongs to the same name ("Balefire Global",
// "Hanne Kreutzmann"). Organisation names are also found by their ending
// ("Healthpocket Inc", "Allstate Insurance Group", "Owens and Sons") and
// after work cues ("I work for Citigroup", "later became Credit Karma").

// words after a sentence-initial unknown word that make it a name
// ("Verdafero is the brainchild", "Leif, can I", "Ubul: What a wife").
var properNext = map[string]bool{
	"is": true, "was": true, "has": true, "had": true, "will": true, "says": true, "said": true,
	"shouted": true, "asked": true, "told": true, "and": true, "from": true, ",": true, ":": true,
	"lives": true, "works": true, "called": true, "wrote": true, "became": true, "invested": true,
	"can": true, "could": true, "would": true, "did": true, "does": true, "went": true, "got": true,
	"spent": true, "began": true, "started": true, "gave": true, "made": true, "took": true, "left": true,
	"moved": true, "joined": true, "worked": true, "lived": true, "loves": true, "likes": true, "wants": true,
	"needs": true, "thinks": true, "knows": true, "came": true, "comes": true, "goes": true, "sings": true,
	"sang": true, "writes": true, "explained": true, "replied": true, "answered": true,
}

// businessWord: a shop, restaurant or venue named after it ("Luigi's
// Pizzeria", "Sonrisas Dental") is a public place, not a personal identifier.
var businessWord = map[string]bool{
	"pizzeria": true, "restaurant": true, "cafe": true, "café": true, "bar": true, "grill": true, "bakery": true,
	"diner": true, "shop": true, "store": true, "salon": true, "spa": true, "hotel": true, "inn": true, "pub": true,
	"kitchen": true, "deli": true, "market": true, "cantina": true, "taqueria": true, "bistro": true, "steakhouse": true,
	"motel": true, "resort": true, "lodge": true, "gym": true, "fitness": true, "cinema": true, "theater": true,
	"theatre": true, "museum": true, "gallery": true, "boutique": true, "brewery": true, "winery": true, "tavern": true,
	"burgers": true, "pizza": true, "tacos": true, "sushi": true, "bbq": true, "coffee": true, "pharmacy": true,
	"airport": true, "station": true, "stadium": true, "arena": true, "park": true, "zoo": true, "mall": true,
}

var spanishFacility = map[string]bool{
	"clinica": true, "hospital": true, "centro": true, "consultorio": true, "farmacia": true, "oficina": true,
	"sucursal": true, "sede": true, "laboratorio": true, "tienda": true, "seguro": true, "aseguradora": true,
}

// brandNext: nouns after a brand or service name ("Revolut account").
var brandNext = map[string]bool{
	"account": true, "accounts": true, "card": true, "cards": true, "app": true, "top": true, "transfer": true,
	"transfers": true, "payment": true, "payments": true, "subscription": true, "membership": true, "wallet": true,
	"balance": true, "points": true, "rewards": true, "pay": true, "store": true, "order": true, "orders": true,
	"prime": true, "plus": true, "premium": true, "login": true, "password": true, "username": true, "profile": true,
	"plan": true, "policy": true, "coverage": true, "network": true, "portal": true, "website": true, "site": true,
	"phone": true, "device": true, "tablet": true, "laptop": true, "watch": true, "car": true, "truck": true,
}

// runParticle: lower-case words inside a place's or a person's name.
var runParticle = map[string]bool{
	"de": true, "del": true, "da": true, "di": true, "do": true, "dos": true, "das": true, "du": true,
	"van": true, "von": true, "der": true, "den": true, "la": true, "le": true, "los": true, "las": true,
}

// organisation cues: the capitalised run after them is an organisation.
var orgCueBefore = map[string]bool{
	"became": true, "joined": true, "joining": true, "employer": true, "company": true,
	"firm": true, "startup": true, "corporation": true,
}

func (s *Stripper) matchProperNouns(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	words, caps, upper := 0, 0, 0
	for i := range toks {
		if toks[i].kind == tkWord && toks[i].flags&fDigit == 0 {
			words++
			if toks[i].flags&(fCap|fAllCap) != 0 {
				caps++
			}
			if toks[i].flags&fAllCap != 0 {
				upper++
			}
		}
	}
	if caps == 0 {
		return
	}
	allCaps := words >= 4 && upper*10 >= words*6
	orgCat := s.ic.organization
	locCat := s.ic.location
	nameCat := s.cName
	for i := sc.tb.nextCap(0); i < n; i = sc.tb.nextCap(i + 1) { // only capitalised words start a finding
		t := &toks[i]
		if sc.cover[i] != 0 || t.kind != tkWord || t.flags&fDigit != 0 || t.flags&(fCap|fAllCap) == 0 {
			continue
		}
		w := toks[i].norm
		// organisation by its ending: capitalised run + suffix
		if e, st := s.orgBySuffix(sc, i); e > i {
			sc.add(st, e, orgCat)
			i = e - 1
			continue
		}
		if allCaps || len(w) < 2 || (len(w) < 3 || t.flags&fAllCap != 0 && len(w) <= 4) && !s.workCue(sc, i) {
			continue
		}
		// a sentence-initial word needs a verb or a possessive after it (cheap test first)
		if s.sentenceInitial(sc, i) && t.flags&fPoss == 0 && !(i+1 < n && properNext[toks[i+1].norm]) {
			continue
		}
		unknown := !s.knownTok(sc, i) && tokKind(sc, i)&(gCountry|gCity|gState|gNation|gStreet) == 0
		cued := i > 0 && orgCueBefore[toks[i-1].norm] && sc.cover[i-1] == 0 || s.workCue(sc, i)
		if !unknown && !cued {
			// a listed given name opening a sentence with a verb ("Leon shouted at")
			if !(s.k.given[w] && !s.k.nameAmb[w] && !isEnglishWord(w) && s.sentenceInitial(sc, i) && i+1 < n && properNext[toks[i+1].norm] && toks[i+1].norm != ",") {
				continue
			}
			if sc.free(i, i+1) {
				sc.add(i, i+1, nameCat)
			}
			continue
		}
		initial := s.sentenceInitial(sc, i)
		if initial && !cued {
			nx := ""
			if i+1 < n {
				nx = toks[i+1].norm
			}
			if !(properNext[nx] || t.flags&fPoss != 0) || len(w) < 4 && !s.listedName(w) {
				continue
			}
		}
		// the capitalised run around it
		st, e := i, i+1
		for st > 0 && i-st < 3 && sc.cover[st-1] == 0 && toks[st].flags&fNewline == 0 && s.properNeighbour(sc, st-1) && !s.sentenceInitialBreak(sc, st-1) {
			st--
		}
		for e < n && e-i < 3 && sc.cover[e] == 0 && toks[e].flags&fNewline == 0 && s.properNeighbour(sc, e) {
			e++
		}
		// a particle and one more capitalised word ("Villafranca del Cid", "Bruna da Costa")
		if e+1 < n && e == i+1 && toks[e].flags&(fCap|fAllCap|fNewline) == 0 && runParticle[toks[e].norm] &&
			sc.cover[e] == 0 && sc.cover[e+1] == 0 && toks[e+1].flags&fNewline == 0 && s.properNeighbour(sc, e+1) {
			e += 2
		}
		if st >= 2 && (toks[st-1].norm == "de" || toks[st-1].norm == "del") && (residueFacility[toks[st-2].norm] || businessWord[toks[st-2].norm] || spanishFacility[toks[st-2].norm]) {
			// "la clínica de Doral": a facility named after its place
			i = e - 1
			continue
		}
		if e < n && brandNext[toks[e].norm] && !cued {
			// "my Revolut account", "a Monzo top up": a brand or service
			i = e - 1
			continue
		}
		if s.overlapsPlace(sc, st, e) || e < n && (residueFacility[toks[e].norm] || FacilityWord(toks[e].norm)) || interjection(w) {
			i = e - 1
			continue
		}
		cat := nameCat
		switch {
		case cued:
			cat = orgCat
		case e < n && tokKind(sc, e-1)&gOrgSuffix != 0 && e-1 > st:
			cat = orgCat
		case st > 0 && (toks[st-1].norm == "in" || toks[st-1].norm == "near" || toks[st-1].norm == "around" || toks[st-1].norm == "outside"):
			cat = locCat
		}
		if sc.free(st, e) {
			sc.add(st, e, cat)
		}
		i = e - 1
	}
}

// sentenceInitialBreak: token j starts a sentence (a run never grows back over it
// unless it is capitalised mid-sentence).
func (s *Stripper) sentenceInitialBreak(sc *scratch, j int) bool {
	return s.sentenceInitial(sc, j) && s.knownTok(sc, j)
}

// properNeighbour: a capitalised word next to an unknown proper noun that
// belongs to the same name.
func (s *Stripper) properNeighbour(sc *scratch, j int) bool {
	t := &sc.tb.toks[j]
	if t.kind != tkWord || t.flags&fDigit != 0 || t.flags&(fCap|fAllCap) == 0 {
		return false
	}
	w := sc.tb.normOf(j)
	if s.k.stop[0][w] || monthNames[w] > 0 || weekdayNames[w] || titleWords[w] || s.isLexiconWord(w) || residueFacility[w] || FacilityWord(w) {
		return false
	}
	if s.vocEN(sc, j)&(vCapOK|vFunc) != 0 {
		return false
	}
	return true
}

// orgBySuffix: a capitalised run (1-4 words) closed by an organisation
// suffix ("Healthpocket Inc", "Allstate Insurance Group", "Owens and Sons").
// It returns the end and start of the name, or (i, i).
func (s *Stripper) orgBySuffix(sc *scratch, i int) (int, int) {
	toks := sc.tb.toks
	n := len(toks)
	// cheap pre-check: an organisation suffix within the next five tokens
	suffix := false
	for k := i + 1; k < n && k <= i+5 && !suffix; k++ {
		suffix = tokKind(sc, k)&gOrgSuffix != 0 || toks[k].norm == "sons"
	}
	if !suffix {
		return i, i
	}
	j := i
	unknown := false
	for j < n && j-i < 4 && sc.cover[j] == 0 && (j == i || toks[j].flags&fNewline == 0) {
		t := &toks[j]
		w := toks[j].norm
		if t.kind == tkPunct {
			if (w == "&" || w == "-") && j > i && j+1 < n && toks[j+1].kind == tkWord {
				j++
				continue
			}
			break
		}
		if t.kind != tkWord || t.flags&(fCap|fAllCap) == 0 && !(w == "and" && j > i) {
			break
		}
		if j > i && (tokKind(sc, j)&gOrgSuffix != 0 || w == "sons" && (toks[j-1].norm == "and" || toks[j-1].norm == "&")) {
			e := j + 1
			for e < n && e-i < 6 && toks[e].kind == tkWord && toks[e].flags&(fCap|fAllCap) != 0 && sc.cover[e] == 0 && toks[e].flags&fNewline == 0 && tokKind(sc, e)&gOrgSuffix != 0 {
				e++
			}
			if e < n && toks[e].norm == "." && toks[e].flags&fSpace == 0 && len(toks[e-1].norm) <= 4 {
				e++
			}
			// the name needs an unknown word or two capitalised words before the suffix
			if unknown || j-i >= 2 && toks[j-1].norm != "and" {
				if s.sentenceInitial(sc, i) && !unknown {
					return i, i
				}
				return e, i
			}
			return i, i
		}
		if w != "and" {
			if s.k.stop[0][w] || monthNames[w] > 0 || weekdayNames[w] || titleWords[w] {
				break
			}
			if !s.knownTok(sc, j) {
				unknown = true
			}
		}
		j++
	}
	return i, i
}

// overlapsPlace: a listed city, state or country (or a "San ..."-style
// place) lies within [st, e); such runs are left to the place policy.
func (s *Stripper) overlapsPlace(sc *scratch, st, e int) bool {
	g := defaultGazetteer()
	for x := st; x < e; x++ {
		if placePrefix[sc.tb.normOf(x)] && x+1 < len(sc.tb.toks) {
			return true
		}
		if x > 0 && placePrefix[sc.tb.normOf(x-1)] && sc.tb.toks[x-1].flags&(fCap|fAllCap) != 0 {
			return true
		}
		if end, k := g.longest(sc, x, gCity|gState|gCountry); end > x && k != 0 {
			return true
		}
		if s.k.cities[sc.tb.normOf(x)] {
			return true
		}
	}
	return false
}

// interjection: "Hmmmm", "Ummm", "Ahh", "Hahaha" (at most two distinct letters).
func interjection(w string) bool {
	var a, b byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case a == 0 || c == a:
			a = c
		case b == 0 || c == b:
			b = c
		default:
			return false
		}
	}
	return true
}

// matchInstitutionsOf: "the University of Nicosia", "Bank of Valletta",
// "College of St. Scholastica": the place names the institution.
func (s *Stripper) matchInstitutionsOf(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	orgCat := s.ic.organization
	for i := sc.tb.nextCap(0); i+2 < n; i = sc.tb.nextCap(i + 1) { // the institution word is capitalised
		w := toks[i].norm
		if toks[i].flags&fCap == 0 || sc.cover[i] != 0 || toks[i+1].norm != "of" {
			continue
		}
		switch w {
		case "university", "college", "institute", "academy", "bank", "school", "museum", "church", "diocese", "archdiocese":
		default:
			continue
		}
		e := i + 2
		for e < n && e-i < 6 && sc.cover[e] == 0 && toks[e].kind == tkWord && toks[e].flags&(fCap|fAllCap) != 0 && toks[e].flags&fNewline == 0 && !s.k.stop[0][toks[e].norm] {
			e++
		}
		if e > i+2 {
			sc.add(i, e, orgCat)
			i = e - 1
		}
	}
}

// workCue: "work for X", "worked at X", "employed by X", "intern at X".
func (s *Stripper) workCue(sc *scratch, i int) bool {
	if i < 2 || sc.cover[i-1] != 0 {
		return false
	}
	p := sc.tb.normOf(i - 1)
	if p != "for" && p != "at" && p != "by" && p != "with" {
		return false
	}
	switch sc.tb.normOf(i - 2) {
	case "work", "works", "worked", "working", "employed", "job", "intern", "interned", "internship", "hired", "contractor", "consultant", "volunteer", "volunteered",
		"recorded", "sponsored", "acquired":
		return true
	}
	return false
}

// matchOrgLines: in a contact block (lines that carry names, addresses,
// phones), a short line of capitalised words that is nothing else is the
// organisation ("Paxata", "Amazon Web Services", "stillwater supercomputing inc.").
func (s *Stripper) matchOrgLines(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	orgCat := s.ic.organization
	type line struct{ s, e int }
	var lines [64]line
	nl := 0
	for i := 0; i < n && nl < len(lines); {
		j := i + 1
		for j < n && toks[j].flags&fNewline == 0 {
			j++
		}
		lines[nl] = line{i, j}
		nl++
		i = j
	}
	if nl < 3 {
		return
	}
	// identOnly: every word of the line is covered by an identifier finding
	identOnly := func(l line) bool {
		words := 0
		for x := l.s; x < l.e; x++ {
			if toks[x].kind == tkPunct {
				continue
			}
			if sc.cover[x] == 0 {
				return false
			}
			words++
		}
		return words > 0
	}
	for li := 0; li < nl; li++ {
		l := lines[li]
		st := l.s
		for st < l.e && toks[st].kind == tkPunct && linePrefix(toks[st].norm) {
			st++
		}
		words := 0
		ok := st < l.e
		for x := st; x < l.e && ok; x++ {
			t := &toks[x]
			if sc.cover[x] != 0 {
				ok = false
				break
			}
			if t.kind == tkPunct {
				w := toks[x].norm
				if w != "." && w != "," && w != "&" && w != "-" {
					ok = false
				}
				continue
			}
			w := toks[x].norm
			if t.kind != tkWord || labelWords[w] || signOffs[w] || s.k.stop[0][w] && w != "and" && w != "of" {
				ok = false
				break
			}
			words++
		}
		if !ok || words == 0 || words > 5 {
			continue
		}
		prevID := li > 0 && identOnly(lines[li-1])
		nextID := li+1 < nl && identOnly(lines[li+1])
		if !(prevID && nextID) && !(prevID && li >= 2 && identOnly(lines[li-2])) && !(nextID && li+2 < nl && identOnly(lines[li+2])) {
			continue
		}
		e := l.e
		for e > st && toks[e-1].kind == tkPunct && toks[e-1].norm != "." {
			e--
		}
		if sc.free(st, e) {
			sc.add(st, e, orgCat)
		}
	}
}

// orgSuffixAfter: a found name or place followed by an organisation suffix
// becomes the organisation ("[Civic Impulse] LLC").
func (s *Stripper) orgSuffixAfter(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	orgCat := s.ic.organization
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != s.cName && sp.cat != s.ic.location {
			continue
		}
		e := int(sp.te)
		for e < n && sc.cover[e] == 0 && toks[e].kind == tkWord && toks[e].flags&(fCap|fAllCap) != 0 && toks[e].flags&fNewline == 0 && tokKind(sc, e)&gOrgSuffix != 0 {
			e++
		}
		if e == int(sp.te) {
			continue
		}
		if e < n && toks[e].norm == "." && toks[e].flags&fSpace == 0 {
			e++
		}
		for x := int(sp.te); x < e; x++ {
			sc.cover[x] = int32(si + 1)
		}
		sp.te = int32(e)
		sp.cat = orgCat
	}
}

// orgNouns: what an organisation is said to be ("X is a design agency").
var orgNouns = map[string]bool{
	"agency": true, "company": true, "bank": true, "firm": true, "startup": true, "corporation": true,
	"business": true, "organization": true, "organisation": true, "nonprofit": true, "charity": true,
	"institution": true, "consultancy": true, "manufacturer": true, "retailer": true, "provider": true,
	"insurer": true, "publisher": true, "label": true, "brand": true, "studio": true, "foundation": true,
}

// matchOrgSubjects: "Standard And Poors is a design agency", "Persint is an
// Icelandic multinational investment bank": the subject is an organisation.
func (s *Stripper) matchOrgSubjects(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	orgCat := s.ic.organization
	for i := sc.tb.nextCap(0); i < n; i = sc.tb.nextCap(i + 1) { // the subject opens with a capital
		if sc.cover[i] != 0 || toks[i].kind != tkWord || toks[i].flags&fCap == 0 || !s.sentenceInitial(sc, i) {
			continue
		}
		e := i
		for e < n && e-i < 4 && sc.cover[e] == 0 && toks[e].kind == tkWord && (toks[e].flags&(fCap|fAllCap) != 0 || toks[e].norm == "and" && e > i) && toks[e].flags&fNewline == 0 {
			e++
		}
		if e == i || e+2 >= n || toks[e-1].norm == "and" {
			continue
		}
		if v := toks[e].norm; v != "is" && v != "was" {
			continue
		}
		a := toks[e+1].norm
		if a != "a" && a != "an" && a != "the" {
			continue
		}
		ok := false
		for k := e + 2; k < n && k <= e+7 && toks[k].flags&fNewline == 0; k++ {
			if toks[k].kind == tkPunct {
				break
			}
			if orgNouns[toks[k].norm] {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		// an everyday subject ("The bank is a ...", "This is a company") is no name
		w := toks[i].norm
		if s.anyStop(w) || e == i+1 && s.knownTok(sc, i) && !s.listedName(w) && tokKind(sc, i) == 0 && isEnglishWord(w) {
			continue
		}
		if s.vocEN(sc, i)&vCapOK != 0 {
			continue
		}
		if sc.free(i, e) {
			sc.add(i, e, orgCat)
		}
	}
}
