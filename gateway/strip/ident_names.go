package strip

// Name growth after the engine's name rules and the proper-noun pass:
//
//   - speaker labels at the start of a line ("Ella: What a wife.");
//   - signature / header lines that are only a name ("naomi ryan",
//     "Maika van de Noort", "Ella H. Snider");
//   - words coordinated with a found name ("Dale and White", "[name] and Bowers");
//   - lists of given names ("they had 3: silvana, adam and caleb");
//   - the rest of a found name: initials, particles and unknown words
//     ("Hanne I. Kreutzmann", "Ana Dias", "lena andersson").

// labelWords: line labels that are never a person ("Name:", "Bot:", "Q:").
var labelWords = map[string]bool{
	"name": true, "names": true, "phone": true, "address": true, "email": true, "mail": true, "note": true,
	"notes": true, "bot": true, "user": true, "date": true, "when": true, "where": true, "subject": true,
	"re": true, "fw": true, "fwd": true, "q": true, "a": true, "ps": true, "to": true, "from": true, "cc": true,
	"tel": true, "fax": true, "mobile": true, "desk": true, "office": true, "website": true, "zip": true,
	"dob": true, "time": true, "location": true, "agent": true, "customer": true, "me": true, "you": true,
	"answer": true, "question": true, "update": true, "edit": true, "title": true, "company": true,
	"nurse": true, "doctor": true, "patient": true, "reply": true, "message": true, "hint": true, "tip": true,
	"warning": true, "important": true, "attention": true, "reminder": true, "status": true, "result": true,
}

// extraTitles: abbreviated titles that are not in the engine's title list.
var extraTitles = map[string]bool{"ing": true, "arq": true, "lic": true, "abog": true, "atte": true, "ph": true, "phd": true, "esq": true, "jr": true, "sr": true}

// nameParticle: lower-case words inside a name ("Willemine ten Pas", "Dyan van Gijn").
var nameParticle = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "ten": true, "ter": true, "da": true,
	"di": true, "du": true, "le": true, "la": true, "del": true, "dos": true, "das": true, "bin": true,
	"al": true, "el": true, "y": true, "mc": true, "st": true,
}

// surnameParticle: the particles that, written in lower case between two
// capitalised words, mark a family name even when the name is also a word
// ("Willemine ten Pas", "Anna van Dam", "Luis de Leon").
var surnameParticle = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "ten": true, "ter": true,
	"di": true, "du": true, "del": true, "dos": true, "das": true, "da": true, "bin": true,
}

// particleSurname: token j, right after a lower-case surname particle, can be
// the family name: a capitalised word that is no function word, month,
// weekday, clinical term, label or title (a known word is allowed here).
func (s *Stripper) particleSurname(sc *scratch, j int) bool {
	t := &sc.tb.toks[j]
	if t.kind != tkWord || t.flags&fDigit != 0 || sc.cover[j] != 0 || t.flags&fNewline != 0 || len(sc.tb.normOf(j)) < 2 {
		return false
	}
	return !sc.tb.is(j, wcStopEN|wcMonth|wcWeekday|wcLexWord|wcLabelWord|wcTitle|wcExtraTitle)
}

func (s *Stripper) nameWordOK(sc *scratch, j int, lower bool) bool {
	t := &sc.tb.toks[j]
	if t.kind != tkWord || t.flags&fDigit != 0 || sc.cover[j] != 0 {
		return false
	}
	w := sc.tb.normOf(j)
	if len(w) == 1 {
		return t.flags&fCap != 0 && w != "i" && w != "a" || lower && w != "i" && w != "a"
	}
	if sc.tb.is(j, wcStopEN|wcMonth|wcWeekday|wcLexWord|wcLabelWord|wcTitle|wcExtraTitle) {
		return false
	}
	if lower && sc.spanish && t.flags&(fCap|fAllCap) == 0 && !sc.tb.listedTok(j) {
		return false
	}
	if t.flags&(fCap|fAllCap) == 0 && !lower {
		return false
	}
	if sc.tb.listedTok(j) {
		return true
	}
	if s.vocEN(sc, j)&(vCapOK|vFunc) != 0 {
		return false
	}
	return !s.knownTok(sc, j)
}

func (s *Stripper) growNames(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if n == 0 {
		return
	}
	lower := sc.tb.lowerText()
	cName := s.cName
	// 1. speaker labels and name-only lines
	for i := 0; i < n; i++ {
		if i > 0 && toks[i].flags&fNewline == 0 {
			continue
		}
		// skip quoting prefixes
		ls := i
		for ls < n && toks[ls].kind == tkPunct && linePrefix(toks[ls].norm) && (ls == i || toks[ls].flags&fNewline == 0) {
			ls++
		}
		if ls >= n || toks[ls].kind != tkWord || sc.cover[ls] != 0 || ls > i && toks[ls].flags&fNewline != 0 {
			continue
		}
		w := toks[ls].norm
		// "Ella: What a wife." / "tracy:"i'm ...""
		if ls+1 < n && toks[ls+1].norm == ":" && toks[ls+1].flags&fSpace == 0 && !labelWords[w] && len(w) >= 2 {
			if s.listedName(w) && !isEnglishWord(w) || !s.knownTok(sc, ls) && toks[ls].flags&fAllCap == 0 || s.k.given[w] && toks[ls].flags&fCap != 0 && !s.k.common[w] {
				sc.add(ls, ls+1, cName)
				continue
			}
			// in a dialogue (two or more speaker lines) a listed name that is also a word ("Destiny:", "Hope:")
			if toks[ls].flags&fCap != 0 && toks[ls].flags&fAllCap == 0 && (s.k.given[w] || s.k.nameAmb[w]) && !titleWords[w] && !relationWords[w] && speakerLines(sc) >= 2 {
				sc.add(ls, ls+1, cName)
				continue
			}
		}
		// a line that is only a name: 2-5 name words / initials / particles, one of them a listed given name or unknown
		j := ls
		words, listed, unknown := 0, 0, 0
		for j < n && (j == ls || toks[j].flags&fNewline == 0) {
			t := &toks[j]
			wj := toks[j].norm
			if t.kind == tkPunct {
				if wj == "." && j > ls && len(toks[j-1].norm) == 1 || wj == "-" && t.flags&fSpace == 0 || wj == "'" {
					j++
					continue
				}
				break
			}
			if nameParticle[wj] && j > ls && j+1 < n && toks[j+1].flags&fNewline == 0 {
				j++
				continue
			}
			if !s.nameWordOK(sc, j, lower) {
				break
			}
			words++
			if len(wj) > 1 {
				if s.k.given[wj] && !s.k.nameAmb[wj] || s.k.surname[wj] && !s.k.nameAmb[wj] {
					listed++
				} else if !s.knownTok(sc, j) {
					unknown++
				}
			}
			j++
		}
		lineEnd := j >= n || toks[j].flags&fNewline != 0
		if lineEnd && words >= 2 && words <= 5 && (listed >= 1 && listed+unknown >= 2 || unknown >= 2 && words <= 3 && s.hasContactFinding(sc)) {
			e := j
			for e > ls && toks[e-1].kind == tkPunct && toks[e-1].norm != "." {
				e--
			}
			if sc.free(ls, e) {
				sc.add(ls, e, cName)
			}
		}
	}
	// 2. lists of given names: "silvana, adam, christopher and caleb"
	for i := 0; i+1 < n; i++ {
		if sc.cover[i] != 0 || toks[i].kind != tkWord {
			continue
		}
		if nx := toks[i+1].norm; nx != "," && nx != "and" && nx != "&" {
			continue
		}
		j := i
		items, listed := 0, 0
		var idx [16]int
		for j < n && items < 16 {
			if toks[j].kind != tkWord || toks[j].flags&fDigit != 0 {
				break
			}
			if sc.cover[j] == 0 && sc.tb.listedTok(j) {
				listed++
			}
			idx[items] = j
			items++
			j++
			if j < n && (toks[j].norm == "," || toks[j].norm == "and" || toks[j].norm == "&") {
				if j+1 < n && toks[j].norm == "," && toks[j+1].norm == "and" {
					j++
				}
				j++
				continue
			}
			break
		}
		if items >= 3 && listed*3 >= items*2 {
			for x := 0; x < items; x++ {
				k := idx[x]
				if sc.cover[k] == 0 && s.nameWordOK(sc, k, true) || sc.cover[k] == 0 && sc.tb.listedTok(k) {
					sc.add(k, k+1, cName)
				}
			}
			i = j - 1
		}
	}
	// 2b. lower-case text: a listed given name and an unknown word ("olga krylova", "eva kleist")
	if lower {
		for i := 0; i+1 < n; i++ {
			if sc.cover[i] != 0 || sc.cover[i+1] != 0 || toks[i].kind != tkWord || toks[i+1].kind != tkWord || toks[i+1].flags&fNewline != 0 {
				continue
			}
			w := toks[i].norm
			if !toks[i].is(wcGiven) || toks[i].is(wcNameAmb) || isEnglishWord(w) {
				continue
			}
			w2 := toks[i+1].norm
			if len(w2) < 3 || !(s.k.surname[w2] && !s.k.nameAmb[w2] || !s.knownTok(sc, i+1)) || s.isLexiconWord(w2) {
				continue
			}
			sc.add(i, i+2, cName)
			i++
		}
		// a listed given name that is no English word ("the true gender of bertram");
		// not in Spanish messages, where many given names are everyday words
		for i := 0; i < n && !sc.spanish; i++ {
			if sc.cover[i] != 0 || toks[i].kind != tkWord || toks[i].flags&fDigit != 0 {
				continue
			}
			w := toks[i].norm
			if len(w) < 4 || !s.k.given[w] || s.k.nameAmb[w] || s.k.common[w] || isEnglishWord(w) || s.isLexiconWord(w) || tokKind(sc, i)&(gCity|gCountry|gState|gNation) != 0 || monthNames[w] > 0 {
				continue
			}
			if i > 0 && (placePrefix[toks[i-1].norm] || toks[i-1].norm == "san" || toks[i-1].norm == "saint") {
				continue // "san francisco", "st louis"
			}
			if e, k := defaultGazetteer().longest(sc, i, gCity|gState|gCountry); e > i+1 && k != 0 {
				continue
			}
			sc.add(i, i+1, cName)
		}
	}
	// 2b. an unknown capitalised word, a lower-case surname particle and a
	// capitalised word: "Willemine ten Pas", also at the start of a sentence
	// where a capital alone says nothing
	for i := sc.tb.nextCap(0); i+2 < n; i = sc.tb.nextCap(i + 1) { // every token it takes opens with a capital
		if sc.cover[i] != 0 || toks[i].kind != tkWord || toks[i].flags&fCap == 0 || toks[i].flags&fAllCap != 0 ||
			toks[i+1].cls&wcSurnameParticle == 0 || toks[i+1].flags&(fCap|fAllCap|fNewline) != 0 || sc.cover[i+1] != 0 ||
			toks[i+2].flags&fCap == 0 || !s.particleSurname(sc, i+2) {
			continue
		}
		if !s.nameWordOK(sc, i, false) || tokKind(sc, i)&(gCountry|gCity|gState|gNation) != 0 {
			continue
		}
		sc.add(i, i+3, cName)
		i += 2
	}
	// 3. grow found names and take coordinated names (a few rounds)
	for round := 0; round < 3; round++ {
		changed := false
		nsp := len(sc.spans)
		for si := 0; si < nsp; si++ {
			sp := sc.spans[si]
			if sp.cat != cName {
				continue
			}
			ts, te := int(sp.ts), int(sp.te)
			// right: initials, particles, name words
			e := te
			for e < n && e-te < 4 && sc.cover[e] == 0 && toks[e].flags&fNewline == 0 {
				w := toks[e].norm
				if toks[e].kind == tkPunct {
					if (w == "." && len(toks[e-1].norm) == 1 || w == "-" && toks[e].flags&fSpace == 0) && e+1 < n && toks[e+1].flags&fNewline == 0 {
						e++
						continue
					}
					break
				}
				// two or three particles, then the family name ("van der Berg", "de la Cruz")
				if surnameParticle[w] && toks[e].flags&(fCap|fAllCap) == 0 {
					k := e + 1
					for k < n && k-e < 3 && nameParticle[toks[k].norm] && toks[k].kind == tkWord && toks[k].flags&(fCap|fAllCap|fNewline) == 0 && sc.cover[k] == 0 {
						k++
					}
					if k > e+1 && k < n && toks[k].flags&fCap != 0 && s.particleSurname(sc, k) {
						e = k + 1
						continue
					}
					if k > e+1 && k < n && sc.cover[k] != 0 && sc.spans[sc.cover[k]-1].cat == cName && toks[k].flags&fNewline == 0 {
						e = k // "[Maria] de la [Cruz]": the particles go with the names
						break
					}
				}
				if nameParticle[w] && e+1 < n && toks[e+1].flags&(fCap|fAllCap) != 0 &&
					(s.nameWordOK(sc, e+1, lower) || surnameParticle[w] && toks[e].flags&(fCap|fAllCap) == 0 && s.particleSurname(sc, e+1)) {
					e++
					continue
				}
				// a particle between two found names ("[Johan] de [Vries]"): it goes with them
				if nameParticle[w] && len(w) > 1 && toks[e].flags&(fCap|fAllCap) == 0 && e+1 < n && toks[e+1].flags&fNewline == 0 &&
					sc.cover[e+1] != 0 && sc.spans[sc.cover[e+1]-1].cat == cName {
					e++
					break
				}
				if len(w) == 1 && (toks[e].flags&fCap != 0 || lower) && (w != "i" && w != "a" || lower && w == "a" && e+1 < n && !s.knownTok(sc, e+1)) && e+1 < n && s.nameWordOK(sc, e+1, lower) {
					e++
					continue
				}
				if len(w) == 1 && (toks[e].flags&fCap != 0 || lower) && w != "i" && e+2 < n && toks[e+1].norm == "." && toks[e+1].flags&fSpace == 0 && s.nameWordOK(sc, e+2, lower) {
					e++
					continue
				}
				if w == "a" && toks[e].flags&fCap != 0 && e+1 < n && toks[e+1].flags&fCap != 0 && s.nameWordOK(sc, e+1, lower) {
					e++
					continue
				}
				if len(w) > 1 && s.nameWordOK(sc, e, lower) && (toks[e].flags&(fCap|fAllCap) != 0 || !s.knownTok(sc, e)) {
					e++
					continue
				}
				// the lower-case part of a hyphenated name ("Hauta-aho", "Ben-ami")
				if e > te && toks[e].kind == tkWord && toks[e].flags&(fSpace|fDigit) == 0 && toks[e-1].norm == "-" && toks[e-1].flags&fSpace == 0 && !s.k.stop[0][w] {
					e++
					continue
				}
				// a family name that is also a word after a listed given name ("Ana Dias", "Karen White")
				if len(w) > 2 && e == te && te-ts == 1 && toks[e].kind == tkWord && toks[e].flags&fCap != 0 && toks[e].flags&fAllCap == 0 &&
					s.k.given[toks[ts].norm] && !s.k.stop[0][w] && !labelWords[w] && !titleWords[w] && monthNames[w] == 0 && !weekdayNames[w] &&
					!s.isLexiconWord(w) && !FacilityWord(w) && !brandNext[w] && tokKind(sc, e)&(gCountry|gCity|gState|gNation|gOrgSuffix) == 0 {
					if s.vocEN(sc, e)&(vCapOK|vFunc) == 0 {
						e++
						continue
					}
				}
				break
			}
			for e > te && toks[e-1].kind == tkPunct && toks[e-1].norm != "." {
				e--
			}
			if e > te {
				s.coverRuns(sc, te, e, cName)
				changed = true
			}
			// left: "Hanne I. [name]", "Eve [name]"
			b := ts
			initial := false
			for b > 0 && ts-b < 4 && sc.cover[b-1] == 0 && toks[b].flags&fNewline == 0 {
				w := toks[b-1].norm
				if toks[b-1].kind == tkPunct {
					if w == "." && b-2 >= 0 && len(toks[b-2].norm) == 1 && toks[b-2].flags&fCap != 0 {
						b -= 2
						initial = true
						continue
					}
					// "Valentine-[Murray]": a hyphenated double name
					if w == "-" && toks[b-1].flags&fSpace == 0 && toks[b].flags&fSpace == 0 && b-2 >= 0 && sc.cover[b-2] == 0 &&
						toks[b-2].kind == tkWord && toks[b-2].flags&fCap != 0 && !s.k.stop[0][toks[b-2].norm] && !s.isLexiconWord(toks[b-2].norm) {
						b -= 2
						continue
					}
					break
				}
				if len(w) == 1 && toks[b-1].flags&fCap != 0 && (w != "a" && w != "i" || b-2 >= 0 && toks[b-2].kind == tkWord && toks[b-2].flags&fCap != 0 && sc.cover[b-2] == 0 && s.nameWordOK(sc, b-2, lower)) {
					b--
					continue
				}
				if nameParticle[w] && toks[b-1].flags&(fCap|fAllCap) == 0 && toks[b-1].flags&fNewline == 0 {
					// "Maika van de [Noort]": particles, then a name word
					p := b - 1
					for p > 0 && nameParticle[toks[p-1].norm] && toks[p-1].flags&(fCap|fAllCap) == 0 && sc.cover[p-1] == 0 && toks[p].flags&fNewline == 0 {
						p--
					}
					q := p - 1
					if q >= 0 && sc.cover[q] == 0 && toks[p].flags&fNewline == 0 && toks[q].kind == tkWord && toks[q].flags&fCap != 0 && s.nameWordOK(sc, q, lower) && (s.listedName(toks[q].norm) || !s.knownTok(sc, q)) {
						b = q
						continue
					}
					break
				}
				if len(w) > 1 && s.nameWordOK(sc, b-1, lower) && (toks[b-1].flags&(fCap|fAllCap) != 0 && (s.k.given[w] || !s.knownTok(sc, b-1)) || lower && !s.knownTok(sc, b-1)) {
					b--
					continue
				}
				// "Tom I. [Holzman]", "Martin [Karlsen]": a capitalised given name (even one
				// that is also a word) right before an initial or a name
				if len(w) > 1 && toks[b-1].kind == tkWord && toks[b-1].flags&fCap != 0 && toks[b-1].flags&fAllCap == 0 &&
					(s.k.given[w] || s.k.nameAmb[w] || initial) && !s.k.stop[0][w] && !labelWords[w] && !titleWords[w] && !s.isLexiconWord(w) &&
					monthNames[w] == 0 && !weekdayNames[w] {
					b--
					initial = false
					continue
				}
				break
			}
			if b < ts && toks[b].kind == tkWord && len(toks[b].norm) > 1 {
				s.coverRuns(sc, b, ts, cName)
				changed = true
			}
			// coordinated: "X and [name]", "[name] and X", "[name], X and Y"
			if te+1 < n && (toks[te].norm == "and" || toks[te].norm == "&" || toks[te].norm == ",") && sc.cover[te] == 0 {
				x := te + 1
				if toks[te].norm == "," && x < n && toks[x].norm == "and" {
					x++
				}
				listy := toks[te].norm != "," || x+1 < n && (toks[x+1].norm == "and" || toks[x+1].norm == ",") || x < n && s.listedName(toks[x].norm)
				if x < n && sc.cover[x] == 0 && listy && s.coordName(sc, x, lower) {
					sc.add(x, x+1, cName)
					changed = true
				}
			}
			if ts >= 2 && (toks[ts-1].norm == "and" || toks[ts-1].norm == "&") && sc.cover[ts-1] == 0 {
				x := ts - 2
				if x < n && sc.cover[x] == 0 && s.coordName(sc, x, lower) && !s.sentenceInitial(sc, x) {
					sc.add(x, x+1, cName)
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
}

// nameAges: "Svetlana Ivanova, 84, was born": an age in apposition to a name.
func (s *Stripper) nameAges(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	ageCat := s.ic.age
	for si := range sc.spans {
		sp := sc.spans[si]
		if sp.cat != s.cName {
			continue
		}
		j := int(sp.te)
		// "my son Arjun is 6 and", "Lukas turned 12."
		if j+1 < n && (toks[j].norm == "is" || toks[j].norm == "was" || toks[j].norm == "turned" || toks[j].norm == "turns" || toks[j].norm == "turning") &&
			toks[j+1].kind == tkNum && sc.cover[j+1] == 0 {
			v := atoi(toks[j+1].norm)
			k := j + 2
			if k < n && (toks[k].norm == "years" || toks[k].norm == "yrs" || toks[k].norm == "yo") {
				k++
				if k < n && toks[k].norm == "old" {
					k++
				}
			}
			if v >= 1 && v <= 120 && (k >= n || toks[k].kind == tkPunct || toks[k].norm == "and" || toks[k].norm == "but" || toks[k].norm == "now") {
				sc.add(j+1, k, ageCat)
			}
			continue
		}
		// "Betty Moss, 89,", "Liam Byrne (34)", "Amelia Jones, 9yo,"
		if j+1 >= n || toks[j].norm != "," && toks[j].norm != "(" || toks[j+1].flags&fDigit == 0 && toks[j+1].kind != tkNum || sc.cover[j+1] != 0 {
			continue
		}
		v, ok := ageNumber(toks[j+1].norm)
		if !ok || v < 1 || v > 120 {
			continue
		}
		k := j + 2
		if k < n && (toks[k].norm == "years" || toks[k].norm == "yrs" || toks[k].norm == "yo") {
			k++
		}
		if k >= n || toks[k].norm == "," || toks[k].norm == "." || toks[k].norm == ")" || toks[k].norm == "and" {
			sc.add(j+1, k, ageCat)
		}
	}
}

// ageNumber reads "34", "9yo", "9y", "90yrs" (a number with an age unit
// written onto it).
func ageNumber(w string) (int, bool) {
	d := 0
	for d < len(w) && d < 3 && w[d] >= '0' && w[d] <= '9' {
		d++
	}
	if d == 0 {
		return 0, false
	}
	switch w[d:] {
	case "", "yo", "y", "yrs", "yr", "y/o", "yro":
		return atoi(w[:d]), true
	}
	return 0, false
}

// coordName: a word coordinated with a found name that is a name too:
// capitalised mid-sentence (even an everyday word: "White", "Reed"), or a
// listed name in lower-case text.
func (s *Stripper) coordName(sc *scratch, x int, lower bool) bool {
	t := &sc.tb.toks[x]
	if t.kind != tkWord || t.flags&fDigit != 0 {
		return false
	}
	w := sc.tb.normOf(x)
	if len(w) < 2 || s.k.stop[0][w] || monthNames[w] > 0 || weekdayNames[w] || titleWords[w] || s.isLexiconWord(w) || labelWords[w] {
		return false
	}
	if s.vocEN(sc, x)&(vCapOK|vFunc) != 0 {
		return false
	}
	if lower {
		return sc.tb.listedTok(x) || !s.knownTok(sc, x)
	}
	if t.flags&fCap == 0 || t.flags&fAllCap != 0 {
		return false
	}
	// the word after must not continue a noun phrase ("Smith and Sons Plumbing")
	if x+1 < len(sc.tb.toks) && sc.tb.toks[x+1].kind == tkWord && sc.tb.toks[x+1].flags&fCap != 0 {
		return false
	}
	return true
}

// hasContactFinding: the message carries a phone, email, address or URL.
func (s *Stripper) hasContactFinding(sc *scratch) bool {
	for si := range sc.spans {
		switch s.k.cats[sc.spans[si].cat] {
		case "phone", "email", "address", "url", "zip":
			return true
		}
	}
	return false
}

// placeAfterPrep: token i is a listed city after a place preposition ("a
// doctor in Campbell"): a place, not a person.
func placeAfterPrep(sc *scratch, i int) bool {
	if i == 0 || tokKind(sc, i)&(gCity|gState|gCountry) == 0 || tokKind(sc, i)&gAmbiguous != 0 {
		return false
	}
	switch sc.tb.normOf(i - 1) {
	case "in", "near", "around", "from", "to", "at", "en", "de", "cerca":
		return true
	}
	return false
}

// FacilityWord reports whether w (a normalised token) names a kind of
// clinic, practice or business ("Dental", "Radiology", "Clinic", "Pizzeria").
// A capitalised run that contains or precedes one is a facility's name, which
// stays readable; the residue pass may use it for its own runs.
func FacilityWord(w string) bool {
	return facilityWord[w] || businessWord[w] && w != "market" && w != "store"
}

var facilityWord = map[string]bool{
	"health": true, "healthcare": true, "medical": true, "dental": true, "dentistry": true, "clinic": true,
	"clinics": true, "center": true, "centre": true, "hospital": true, "pediatrics": true, "pediatric": true,
	"radiology": true, "imaging": true, "orthodontics": true, "orthodontic": true, "practice": true,
	"physicians": true, "specialists": true, "pharmacy": true, "labs": true, "laboratory": true, "institute": true,
	"optometry": true, "vision": true, "eyecare": true, "optical": true, "chiropractic": true, "surgery": true,
	"surgical": true, "urgent": true, "wellness": true, "therapy": true, "rehab": true, "rehabilitation": true,
	"dermatology": true, "cardiology": true, "oncology": true, "obgyn": true, "gynecology": true, "podiatry": true,
	"medicine": true, "smiles": true, "clinica": true, "centro": true, "care": true,
	"campus": true, "pavilion": true, "wing": true,
}

// legalEnding: a company's legal form; a name that ends with one is a
// company even with a facility word inside ("Brightwater Health Analytics Inc").
var legalEnding = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "llp": true, "ltd": true, "limited": true, "corp": true,
	"corporation": true, "co": true, "plc": true, "gmbh": true, "ag": true, "sa": true, "bv": true, "nv": true,
}

// legalRun: the capitalised run through token x ends with a legal form
// within three more words.
func (s *Stripper) legalRun(sc *scratch, x int) bool {
	toks := sc.tb.toks
	for e := x; e < len(toks) && e <= x+3; e++ {
		if toks[e].kind != tkWord || e > x && (toks[e].flags&fNewline != 0 || toks[e].flags&(fCap|fAllCap) == 0) {
			return false
		}
		if legalEnding[toks[e].norm] {
			return true
		}
	}
	return false
}

// dropFacilityNames removes name findings that are a clinic's or a
// business's name ("North Bay Radiology", "Dental Connection", "Try
// Hasaimoto Family Dentistry"): in appointment booking they are the venue,
// not a person.
func (s *Stripper) dropFacilityNames(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	drop := false
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != s.cName && sp.cat != s.ic.organization || sp.te <= sp.ts {
			continue
		}
		// a facility word in the name, or right after it
		fac := FacilityWord(toks[int(sp.ts)].norm) || FacilityWord(toks[int(sp.te)-1].norm)
		if !fac && !s.legalRun(sc, int(sp.te)-1) {
			// inside the name, unless a company ending closes it ("Menlo Park Dental Excellence",
			// not "Expert Health Data Inc")
			for x := int(sp.ts) + 1; x < int(sp.te)-1 && !fac; x++ {
				fac = toks[x].kind == tkWord && FacilityWord(toks[x].norm)
			}
		}
		e := int(sp.te)
		// a facility word right after it, or after one more capitalised word ("Hasaimoto Family Dentistry")
		for x := e; !fac && x < n && x < e+2 && toks[x].flags&fNewline == 0 && toks[x].kind == tkWord && toks[x].flags&fCap != 0; x++ {
			fac = FacilityWord(toks[x].norm)
		}
		if !fac {
			continue
		}
		// a person's name followed by a practice stays a name ("Peter Castillo MD")
		if p := int(sp.ts) - 1; p > 0 && toks[p].norm == "." && toks[p].flags&fSpace == 0 && titleWords[toks[p-1].norm] || p >= 0 && titleWords[toks[p].norm] {
			continue
		}
		for x := sp.ts; x < sp.te; x++ {
			sc.cover[x] = 0
		}
		sp.te = sp.ts
		drop = true
	}
	if drop {
		compactSpans(sc) // ident_brands.go
	}
}

// nameLabel is the word that labels a name (matchLabelledNames; class bit wcNameLabel).
var nameLabel = map[string]bool{"name": true}

// matchLabelledNames runs before the lexicon: the words after "Name:" or
// "my name is" are a name even when one of them is also a clinical term
// ("Name: Åsa Laine", where "Asa" is an aspirin abbreviation).
func (s *Stripper) matchLabelledNames(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if sc.tb.anyCls&wcNameLabel == 0 {
		return
	}
	for i := 0; i+2 < n; i++ {
		if toks[i].kind != tkWord || toks[i].cls&wcNameLabel == 0 {
			continue
		}
		j := i + 1
		switch toks[j].norm {
		case ":":
			j++
		case "is":
			if i == 0 || !(toks[i-1].norm == "my" || toks[i-1].norm == "his" || toks[i-1].norm == "her" || toks[i-1].norm == "full" || toks[i-1].norm == "patient") {
				continue
			}
			j++
		default:
			continue
		}
		if j >= n || toks[j].kind != tkWord || sc.cover[j] != 0 {
			continue
		}
		lower := toks[j].flags&(fCap|fAllCap) == 0
		e := j
		words := 0
		for e < n && words < 4 && sc.cover[e] == 0 && (e == j || toks[e].flags&fNewline == 0) {
			t := &toks[e]
			w := toks[e].norm
			if t.kind == tkPunct {
				if (w == "." || w == "-" || w == "'") && e > j && e+1 < n && toks[e+1].kind == tkWord && toks[e+1].flags&fNewline == 0 {
					e++
					continue
				}
				break
			}
			if t.kind != tkWord || t.flags&fDigit != 0 || s.anyStop(w) && !nameParticle[w] || labelWords[w] && e > j {
				break
			}
			if !lower && t.flags&(fCap|fAllCap) == 0 && !nameParticle[w] {
				break
			}
			words++
			e++
		}
		for e > j && toks[e-1].kind == tkPunct {
			e--
		}
		if words > 0 && sc.free(j, e) {
			sc.add(j, e, s.cName)
			i = e - 1
		}
	}
}

// reporting verbs: a capitalised word that opens a sentence (or a clause after
// a comma) and is followed by one of them is someone's name ("Zak shouted at
// ...", "Walker began writing ...", "Grace said").
var reportVerb = map[string]bool{
	"said": true, "says": true, "shouted": true, "asked": true, "told": true, "replied": true,
	"explained": true, "began": true, "wrote": true, "sang": true, "answered": true, "added": true,
	"whispered": true, "yelled": true, "laughed": true, "smiled": true, "nodded": true, "insisted": true,
	"announced": true, "argued": true, "screamed": true, "cried": true, "sighed": true, "texted": true,
	"emailed": true, "phoned": true, "promised": true, "admitted": true, "complained": true,
}

// matchReportingNames: a listed name (also one that is an everyday word:
// "Grace", "Walker") or an unknown capitalised word before a reporting verb
// at the start of a sentence or clause.
func (s *Stripper) matchReportingNames(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := sc.tb.nextCap(0); i+1 < n; i = sc.tb.nextCap(i + 1) { // the name is capitalised
		t := &toks[i]
		if t.kind != tkWord || t.flags&fCap == 0 || t.flags&(fAllCap|fDigit) != 0 || sc.cover[i] != 0 || sc.cover[i+1] != 0 ||
			toks[i+1].kind != tkWord || !toks[i+1].is(wcReportVerb) {
			continue
		}
		if !(s.sentenceInitial(sc, i) || i > 0 && (toks[i-1].norm == "," || toks[i-1].norm == "\"")) {
			continue
		}
		w := toks[i].norm
		// a city that is also a listed name ("Leon", "Florence") is the person
		// when it shouts or says something; countries and states are not
		if len(w) < 2 || s.anyStop(w) || titleWords[w] || relationWords[w] || monthNames[w] > 0 || weekdayNames[w] ||
			tokKind(sc, i)&(gNation|gCountry|gState) != 0 || tokKind(sc, i)&gCity != 0 && !s.k.given[w] && !s.k.surname[w] || s.isLexiconWord(w) {
			continue
		}
		if s.k.given[w] || s.k.surname[w] || s.k.nameAmb[w] || !s.knownTok(sc, i) {
			sc.add(i, i+1, s.cName)
		}
	}
}

// speakerLabel: labels of a dialogue's speakers ("Agent:", "User:").
var speakerLabel = map[string]bool{
	"agent": true, "customer": true, "user": true, "bot": true, "me": true, "you": true, "q": true, "a": true,
	"doctor": true, "nurse": true, "patient": true,
}

// speakerLines counts the lines that open with a capitalised word and a
// colon ("Ella: ...", "Destiny: ...", "Agent: ..."), not a field label.
func speakerLines(sc *scratch) int {
	toks := sc.tb.toks
	c := 0
	for i := sc.tb.nextCap(0); i+1 < len(toks); i = sc.tb.nextCap(i + 1) { // a capitalised speaker
		if (i == 0 || toks[i].flags&fNewline != 0) && toks[i].kind == tkWord && toks[i].flags&fCap != 0 &&
			toks[i+1].norm == ":" && toks[i+1].flags&fSpace == 0 && (!labelWords[toks[i].norm] || speakerLabel[toks[i].norm]) {
			c++
		}
	}
	return c
}
