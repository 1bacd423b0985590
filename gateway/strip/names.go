package strip

import (
	"sort"
	"strings"
)

var placePrefix = map[string]bool{
	"san": true, "santa": true, "santo": true, "saint": true, "st": true, "fort": true, "port": true,
	"mount": true, "mt": true, "los": true, "las": true, "el": true, "lake": true, "new": true, "palo": true,
	"point": true, "glen": true, "cape": true, "del": true, "de": true, "costa": true, "rancho": true,
}

var placeSuffix = map[string]bool{
	"city": true, "valley": true, "beach": true, "springs": true, "heights": true, "hills": true,
	"creek": true, "falls": true, "village": true, "grove": true, "island": true, "park": true,
	"county": true, "township": true, "harbor": true, "bay": true, "lake": true, "station": true,
	"center": true, "mall": true, "airport": true, "university": true, "college": true, "hospital": true,
	"clinic": true, "street": true, "avenue": true, "road": true, "bridge": true, "square": true,
	"mountain": true, "ridge": true, "canyon": true, "point": true, "junction": true, "gardens": true,
}

var titleWords = map[string]bool{
	"dr": true, "doctor": true, "mr": true, "mrs": true, "ms": true, "miss": true, "mx": true,
	"prof": true, "professor": true, "nurse": true, "sr": true, "sra": true, "srta": true,
	"dra": true, "doctora": true, "don": true, "dona": true, "rev": true, "pastor": true,
	"np": true, "rn": true, "pa": true, "dds": true, "md": true, "sister": true, "senor": true,
	"senora": true, "senorita": true, "lic": true, "enfermera": true, "enfermero": true,
}

// titles whose following word is taken even in lower case ("dr patel").
var strongTitle = map[string]bool{
	"dr": true, "mr": true, "mrs": true, "ms": true, "dra": true, "sra": true, "sr": true, "srta": true,
	"prof": true,
}

// introductions: the next capitalised (or listed) words are a name.
var introPhrases = [][]string{
	{"my", "name", "is"}, {"name", "is"}, {"name", ":"}, {"i'm"}, {"im"}, {"i", "am"}, {"this", "is"},
	{"call", "me"}, {"me", "llamo"}, {"mi", "nombre", "es"}, {"soy"}, {"signed"}, {"patient", ":"},
	{"mom", "is"}, {"dad", "is"}, {"son", "is"}, {"daughter", "is"}, {"husband", "is"}, {"wife", "is"},
	{"named"}, {"se", "llama"}, {"nombre", ":"}, {"it's"}, {"its"}, {"from", ":"}, {"attn", ":"},
	{"wife"}, {"husband"}, {"son"}, {"daughter"}, {"mother"}, {"father"}, {"mom"}, {"dad"}, {"sister"},
	{"brother"}, {"niece"}, {"nephew"}, {"aunt"}, {"uncle"}, {"grandson"}, {"granddaughter"}, {"friend"},
	{"partner"}, {"fiance"}, {"girlfriend"}, {"boyfriend"}, {"hcp"}, {"proxy"}, {"esposa"}, {"esposo"},
	{"hijo"}, {"hija"}, {"mama"}, {"papa"}, {"hermana"}, {"hermano"},
	{"dear"}, {"hi"}, {"hello"}, {"hey"}, {"hola"}, {"estimado"}, {"estimada"}, {"spoke", "with"},
	{"talked", "to"}, {"spoke", "to"}, {"ask", "for"}, {"asked", "for"}, {"see"}, {"with"},
	{"last", "name", "?"}, {"last", "name", ":"}, {"last", "name", "is"}, {"surname", "is"}, {"surname", ":"},
	{"surname", "?"}, {"first", "name", "is"}, {"first", "name", ":"}, {"first", "name", "?"}, {"name", "?"},
	{"family", "name", "is"}, {"maiden", "name", "is"}, {"named", "him"}, {"named", "her"}, {"calls", "me"},
	{"goes", "by"}, {"go", "by"}, {"known", "as"}, {"follow", "up", "with"}, {"kid"}, {"child"},
	{"grandma"}, {"grandpa"}, {"granny"}, {"gran"}, {"nana"}, {"grandad"}, {"granddad"}, {"grandmother"},
	{"grandfather"}, {"cousin"}, {"mum"}, {"mummy"}, {"auntie"}, {"aunty"}, {"stepson"}, {"stepdaughter"},
	{"colleague"}, {"coworker"}, {"neighbour"}, {"neighbor"}, {"roommate"}, {"flatmate"},
	{"call"}, {"text"}, {"facetime"}, {"email"}, {"message"}, {"ring"}, {"invite"}, {"tell"}, {"ask"},
}

// commVerbs: asking someone to be called, texted or told; the next
// capitalised given name is the person ("call Jasmine", "text Rose").
var commVerbs = map[string]bool{
	"call": true, "text": true, "facetime": true, "email": true, "message": true, "ring": true,
	"invite": true, "tell": true, "ask": true,
}

// nameCue: words that start a title, introduction or sign-off rule.
var nameCue = func() map[string]uint8 {
	m := map[string]uint8{}
	for w := range titleWords {
		m[w] |= 1
	}
	for _, ph := range introPhrases {
		m[ph[0]] |= 2
	}
	for w := range signOffs {
		m[w] |= 4
	}
	return m
}()

var introByFirst = func() map[string][][]string {
	m := map[string][][]string{}
	for _, ph := range introPhrases {
		m[ph[0]] = append(m[ph[0]], ph)
		// the tokenizer strips a possessive 's: "it's" is the token "it"
		if w, ok := strings.CutSuffix(ph[0], "'s"); ok {
			m[w] = append(m[w], ph)
		}
	}
	// longest phrase first ("named him" before "named")
	for _, list := range m {
		sort.SliceStable(list, func(a, b int) bool { return len(list[a]) > len(list[b]) })
	}
	return m
}()

var relationWords = map[string]bool{
	"wife": true, "husband": true, "son": true, "daughter": true, "mother": true, "father": true, "mom": true,
	"dad": true, "sister": true, "brother": true, "niece": true, "nephew": true, "aunt": true, "uncle": true,
	"grandson": true, "granddaughter": true, "friend": true, "partner": true, "fiance": true, "girlfriend": true,
	"boyfriend": true, "hcp": true, "proxy": true, "esposa": true, "esposo": true, "hijo": true, "hija": true,
	"mama": true, "papa": true, "hermana": true, "hermano": true, "grandma": true, "grandpa": true,
	"granny": true, "gran": true, "nana": true, "grandad": true, "granddad": true, "grandmother": true,
	"grandfather": true, "cousin": true, "mum": true, "mummy": true, "auntie": true, "aunty": true,
	"stepson": true, "stepdaughter": true, "colleague": true, "coworker": true, "neighbour": true,
	"neighbor": true, "roommate": true, "flatmate": true,
}

var signOffs = map[string]bool{
	"thanks": true, "thank": true, "regards": true, "best": true, "sincerely": true, "cheers": true,
	"gracias": true, "saludos": true, "atentamente": true, "cordialmente": true, "love": true,
	"respectfully": true, "thx": true, "ty": true, "bendiciones": true,
}

// isNameLike: a token that may be part of a name given its shape.
func (s *Stripper) nameShape(sc *scratch, i int, allCapsText bool) bool {
	t := &sc.tb.toks[i]
	if t.kind != tkWord || t.flags&fDigit != 0 {
		return false
	}
	if allCapsText {
		return t.flags&(fCap|fAllCap) != 0
	}
	return t.flags&fCap != 0
}

func (s *Stripper) listedName(w string) bool {
	return (s.k.given[w] || s.k.surname[w]) && !s.k.nameAmb[w]
}

// titleCased: most words of the text start with a capital ("My Husband Has
// A Cough"), so a capital says nothing about a name.
func titleCased(toks []token) bool { return capShare(toks, fCap|fAllCap, 3) }

// mostlyCaps: the text is written mostly in upper case (clinical notes), so a
// capital says nothing about a name.
func mostlyCaps(toks []token) bool { return capShare(toks, fAllCap, 4) }

// capShare: at least minWords words, and 60 % of them carry one of the flags.
func capShare(toks []token, flags uint16, minWords int) bool {
	words, caps := 0, 0
	for i := range toks {
		if toks[i].kind == tkWord && toks[i].flags&fDigit == 0 {
			words++
			if toks[i].flags&flags != 0 {
				caps++
			}
		}
	}
	return words >= minWords && caps*10 >= words*6
}

// findNames marks personal names on uncovered tokens.
func (s *Stripper) findNames(text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	allCapsText := mostlyCaps(toks) // clinical notes
	titleCase := -1                 // titleCased(toks), computed once when first needed
	isTitleCased := func() bool {
		if titleCase < 0 {
			titleCase = 0
			if titleCased(toks) {
				titleCase = 1
			}
		}
		return titleCase == 1
	}
	lowerText := true
	for i := range toks {
		if toks[i].flags&(fCap|fAllCap) != 0 {
			lowerText = false
			break
		}
	}
	cName := s.cName
	notName := func(i int) bool {
		c := sc.tb.toks[i].cls
		return c&(wcCommon|wcMonth|wcWeekday) != 0 || tokKind(sc, i)&(gNation|gCountry|gLangName) != 0
	}
	// extend from a name token over initials, hyphenated parts and further name words.
	extend := func(i int, maxWords int) int {
		end := i + 1
		count := 1
		for end < n && count < maxWords && sc.cover[end] == 0 && toks[end].flags&fNewline == 0 {
			w := toks[end].norm
			t := &toks[end]
			if t.kind == tkPunct {
				if (w == "-" || w == "'") && t.flags&fSpace == 0 && end+1 < n && toks[end+1].flags&fSpace == 0 && s.nameShape(sc, end+1, allCapsText) && sc.cover[end+1] == 0 {
					end += 2
					continue
				}
				if w == "." && end > 0 && len(toks[end-1].norm) == 1 && toks[end-1].kind == tkWord {
					end++
					continue
				}
				break
			}
			if t.kind != tkWord || t.flags&fDigit != 0 {
				break
			}
			if len(w) == 1 && t.flags&fCap != 0 && w != "i" && w != "a" {
				end++
				count++
				continue
			}
			if s.nameShape(sc, end, allCapsText) && (sc.tb.listedTok(end) || !notName(end) && !toks[end].is(wcStopEN)) && !toks[end].is(wcLexWord) {
				end++
				count++
				continue
			}
			if lowerText && sc.tb.listedTok(end) && !toks[end].is(wcCommon) {
				end++
				count++
				continue
			}
			break
		}
		// do not end on a dangling hyphen or period
		return end
	}
	mark := func(st, end int) {
		sc.add(st, end, cName)
	}
	if lowerText {
		s.lowerFullNames(sc)
	}
	for i := 0; i < n; i++ {
		if sc.cover[i] != 0 {
			continue
		}
		t := &toks[i]
		w := toks[i].norm
		// fast skip: lower-case words that start no name rule
		if t.kind == tkWord && t.flags&(fCap|fAllCap) == 0 && !lowerText && t.cls&(wcNameCue|wcSelfIntro) == 0 {
			continue
		}
		if t.flags&(fCap|fAllCap) != 0 && i < len(sc.gk) && sc.gk[i]&gFirst != 0 {
			// a multi-word place from the gazetteer wins over a listed name inside it ("New York")
			if e := s.gazPlaceRun(sc, i); e > i {
				i = e - 1
				continue
			}
		}
		if i > 0 && t.flags&(fCap|fAllCap) != 0 && toks[i-1].flags&(fCap|fAllCap) != 0 && toks[i-1].is(wcPlacePrefix) && !toks[i].is(wcTitle) && !sc.tb.listedTok(i) || i > 0 && (toks[i-1].norm == "san" || toks[i-1].norm == "santa" || toks[i-1].norm == "santo") && toks[i-1].flags&fCap != 0 && t.flags&fCap != 0 {
			// "San Francisco", "Santa Rosa", "Fort Collins": a place, not a person
			for i+1 < n && toks[i+1].flags&(fCap|fAllCap) != 0 && toks[i+1].kind == tkWord && sc.cover[i+1] == 0 {
				i++
			}
			continue
		}
		if i+1 < n && t.flags&(fCap|fAllCap) != 0 && toks[i+1].flags&(fCap|fAllCap) != 0 && toks[i+1].is(wcPlaceSuffix) && !toks[i].is(wcTitle) {
			// "Daly City", "Castro Valley", "Palm Springs": a place
			i++
			continue
		}
		// 1. titles
		if t.kind == tkWord && toks[i].is(wcTitle) {
			j := i + 1
			if j < n && toks[j].norm == "." && toks[j].flags&fSpace == 0 {
				j++
			}
			if j < n && sc.cover[j] == 0 && toks[j].kind == tkWord && toks[j].flags&fDigit == 0 && toks[j].flags&fNewline == 0 {
				ok := s.nameShape(sc, j, allCapsText) && !toks[j].is(wcCommon|wcStopEN|wcLexWord)
				if !ok && strongTitle[w] && !toks[j].is(wcCommon|wcStopEN) && (toks[i].flags&fCap != 0 || j > i+1 || sc.tb.listedTok(j)) {
					ok = true
				}
				// "dr o'brien", "dr nwosu": a lower-case title before a word no list knows
				if !ok && strongTitle[w] && !toks[j].is(wcCommon|wcStopEN|wcLexWord) && !isEnglishWord(toks[j].norm) && len(toks[j].norm) > 2 {
					ok = true
				}
				if !ok && sc.tb.listedTok(j) && (toks[j].flags&fCap != 0 || strongTitle[w]) {
					ok = true
				}
				if ok {
					end := extend(j, 3)
					mark(j, end)
					i = end - 1
					continue
				}
			}
		}
		// 2. introductions
		if (t.kind == tkWord || w == ":") && toks[i].is(wcIntroFirst) {
			for _, ph := range s.words.phrases[sc.tb.info[i].intro] { // introByFirst[w]
				if i+len(ph) > n {
					continue
				}
				match := true
				for x, p := range ph {
					// "it's" reaches here as "it" with its 's stripped (fPoss)
					if toks[i+x].norm != p && !(toks[i+x].flags&fPoss != 0 && len(p) == len(toks[i+x].norm)+2 && strings.HasSuffix(p, "'s") && strings.HasPrefix(p, toks[i+x].norm)) {
						match = false
						break
					}
				}
				if !match {
					continue
				}
				j := i + len(ph)
				if j < n && toks[j].norm == "," {
					j++
				}
				if j >= n || sc.cover[j] != 0 || toks[j].kind != tkWord || toks[j].flags&fDigit != 0 {
					break
				}
				relation := len(ph) == 1 && relationWords[ph[0]]
				// a person named after a relation, a verb of calling, "with" or "see"
				personSlot := relation || len(ph) == 1 && (commVerbs[ph[0]] || ph[0] == "with" || ph[0] == "see")
				weak := relation || len(ph) == 1 && commVerbs[ph[0]] || len(ph) == 1 && (ph[0] == "i'm" || ph[0] == "im" || ph[0] == "soy" || ph[0] == "it's" || ph[0] == "its" || ph[0] == "see" || ph[0] == "with" || ph[0] == "dear" || ph[0] == "hi" || ph[0] == "hello" || ph[0] == "hey" || ph[0] == "hola") || (len(ph) == 2 && ph[0] == "i") || (len(ph) == 2 && ph[0] == "this")
				var ok bool
				if weak {
					// "I'm Maria", "this is John Smith": needs a listed name, capitalised
					ok = sc.tb.listedTok(j) && (toks[j].flags&(fCap|fAllCap) != 0 || lowerText && !toks[j].is(wcCommon)) && !toks[j].is(wcLexWord)
					// a self-introduction typed in lower case inside mixed-case text
					// ("Hi i am sarah, ..."): only a given name that is no English word
					if !ok && selfIntro(ph) && toks[j].flags&(fCap|fAllCap) == 0 && toks[j].is(wcGiven) &&
						!toks[j].is(wcNameAmb|wcCommon|wcStopEN|wcLexWord) && !isEnglishWord(toks[j].norm) {
						ok = true
					}
					// a writer naming themselves at the start with a name that is
					// also a word ("hey its hope, ...", "this is joy.", "I'm Chase."):
					// the name closes the clause
					if !ok && (selfIntro(ph) || len(ph) == 1 && (ph[0] == "it's" || ph[0] == "its")) && introAtStart(toks, i) &&
						toks[j].is(wcGiven|wcNameAmb) && !toks[j].is(wcStopEN) && (!toks[j].is(wcLexWord) || toks[j].flags&fCap != 0 && toks[j].flags&fSentStart == 0) &&
						nameClosesClause(toks, j+1) {
						ok = true
					}
					// a relative named with a word, capitalised mid-sentence ("my
					// husband Chase", "my friend Rose"), unless every word is
					// capitalised ("My Husband Has A Cough")
					if !ok && personSlot && toks[j].flags&fCap != 0 && toks[j].flags&(fAllCap|fSentStart) == 0 &&
						toks[j].is(wcGiven|wcNameAmb) && !toks[j].is(wcLexWord|wcStopEN) && !isTitleCased() {
						ok = true
					}
				} else {
					// in a message without capitals, an English word after the cue is no
					// name ("my wife is staying with her sister")
					ok = !toks[j].is(wcCommon|wcStopEN|wcLexWord) && (toks[j].flags&(fCap|fAllCap) != 0 || sc.tb.listedTok(j) || lowerText && (!isEnglishWord(toks[j].norm) || toks[j].is(wcGiven|wcNameAmb)))
				}
				if ok {
					end := extend(j, 3)
					mark(j, end)
					i = end - 1
				}
				break
			}
			if sc.cover[i] != 0 {
				continue
			}
		}
		// 2b. "hope here", "hey, mercy here." at the start: a given name (also a
		// word) before "here" that closes the clause
		if t.kind == tkWord && i+1 < n && toks[i+1].norm == "here" && sc.cover[i] == 0 && introAtStart(toks, i) &&
			toks[i].is(wcGiven|wcNameAmb) && !toks[i].is(wcStopEN|wcLexWord) && t.flags&fAllCap == 0 && nameClosesClause(toks, i+2) {
			mark(i, i+1)
			continue
		}
		// 3. sign-offs: "Thanks, John" / "- Maria" at the end of the message
		if (t.kind == tkWord && toks[i].is(wcSignOff)) || (w == "-" || w == "—" || w == "–") {
			j := i + 1
			for j < n && (toks[j].norm == "," || toks[j].norm == "you" || toks[j].norm == "!" || toks[j].norm == "regards" || toks[j].norm == "so" || toks[j].norm == "much") && j-i < 4 {
				j++
			}
			if j < n && sc.cover[j] == 0 && toks[j].kind == tkWord && toks[j].flags&fDigit == 0 && (n-j) <= 4 {
				if (toks[j].flags&(fCap|fAllCap) != 0 || sc.tb.listedTok(j)) && !toks[j].is(wcCommon|wcStopEN|wcLexWord) {
					end := extend(j, 3)
					// the rest of the message must be short (a signature)
					if n-end <= 2 {
						mark(j, end)
						i = end - 1
						continue
					}
				}
			}
		}
		// 4. listed names in name shape (an all-caps word in mixed-case text is an acronym: "ANA", "PSA")
		if t.kind == tkWord && (allCapsText || t.flags&fAllCap == 0) && t.flags&fDigit == 0 && len(w) >= 3 && s.nameShape(sc, i, allCapsText) && sc.tb.listedTok(i) && !notName(i) && !toks[i].is(wcLexWord) &&
			!(i > 0 && placeAfterPrep(sc, i)) {
			// a lone listed surname at a sentence start with nothing after it is weak; accept given names or pairs
			end := extend(i, 4)
			if end > i+1 || toks[i].is(wcGiven) || toks[i].flags&fSentStart == 0 || allCapsText {
				mark(i, end)
				i = end - 1
				continue
			}
		}
		// 5a. "Szabina J Gelencsér", "Faina D. Yefremova": Cap + initial + Cap
		if t.kind == tkWord && t.flags&fCap != 0 && t.flags&fAllCap == 0 && !allCapsText && i+2 < n && len(w) > 1 &&
			!notName(i) && !toks[i].is(wcStopEN|wcLexWord|wcTitle) {
			j := i + 1
			if len(toks[j].norm) == 1 && toks[j].kind == tkWord && toks[j].flags&fCap != 0 && toks[j].norm != "i" && toks[j].norm != "a" {
				k := j + 1
				if k < n && toks[k].norm == "." {
					k++
				}
				if k < n && toks[k].kind == tkWord && toks[k].flags&fCap != 0 && sc.cover[k] == 0 && !notName(k) && !toks[k].is(wcLexWord) {
					end := extend(k, 2)
					mark(i, end)
					i = end - 1
					continue
				}
			}
		}
		// 5b. Cap + Cap where the second looks like a family name ("Krisztián Szöllösy", "Johan Lindqvist")
		if t.kind == tkWord && t.flags&fCap != 0 && t.flags&fAllCap == 0 && !allCapsText && i+1 < n && len(w) > 2 &&
			toks[i+1].kind == tkWord && toks[i+1].flags&fCap != 0 && toks[i+1].flags&fAllCap == 0 && sc.cover[i+1] == 0 &&
			!notName(i) && !toks[i].is(wcStopEN|wcLexWord|wcTitle) && surnameShaped(toks[i+1].norm) &&
			!notName(i+1) && !toks[i+1].is(wcLexWord) && !(s.sentenceInitial(sc, i) && isEnglishWord(w)) {
			end := extend(i+1, 2)
			mark(i, end)
			i = end - 1
			continue
		}
		// 5c. a lone capitalised family-name-shaped word mid-sentence ("spoke with Magnusson")
		if t.kind == tkWord && t.flags&fCap != 0 && t.flags&fAllCap == 0 && !allCapsText && t.flags&fSentStart == 0 && len(w) >= 7 &&
			i > 0 && toks[i-1].kind == tkWord && surnameShaped(w) && !notName(i) && !toks[i].is(wcLexWord|wcCity|wcStateName) && !isEnglishWord(w) {
			mark(i, i+1)
			continue
		}
		// 5. an unknown capitalised word followed by a listed surname: "Teresa Kreutzmann", "Jon Smith"
		if t.kind == tkWord && t.flags&fDigit == 0 && t.flags&fCap != 0 && !allCapsText && i+1 < n && toks[i+1].kind == tkWord && toks[i+1].flags&fCap != 0 && sc.cover[i+1] == 0 {
			if toks[i+1].is(wcSurname) && !toks[i+1].is(wcNameAmb) && !notName(i) && !toks[i].is(wcStopEN|wcLexWord) && len(w) > 1 {
				end := extend(i+1, 3)
				mark(i, end)
				i = end - 1
			}
		}
	}
	if !identExtraOff {
		s.matchProperNouns(sc)
		s.matchOrgSubjects(sc)
		s.growNames(sc)
		s.matchJobTitles(sc)
		s.matchNameNumbers(sc)
		s.matchNumberNames(sc)
		s.orgSuffixAfter(sc)
		s.matchOrgLines(sc)
		s.dropFacilityNames(sc)
		s.absorbLeadingNumbers(sc)
		s.matchAddressPlaceTail(sc) // ident_tails.go: again for the addresses the name rules found
		s.nameAges(sc)
		s.matchReportingNames(sc)
		s.matchCoordNames(sc) // ident_tails.go
		s.matchGivenNames(sc)
		s.matchWhereabouts(sc) // ident_moves.go
	}
	s.joinNameSyllables(sc)
}

// joinNameSyllables: a name found up to a hyphen takes the lower-case
// syllable written right after it, even when that syllable is an English
// word ("[Ji]-woo Park", "[Hye]-jin"), and then a capitalised family name
// that follows ("Ji-woo Park"). Compound suffixes ("Smith-led") stay.
func (s *Stripper) joinNameSyllables(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != s.cName {
			continue
		}
		e := int(sp.te)
		if e+1 >= n || toks[e].norm != "-" || toks[e].flags&fSpace != 0 || sc.cover[e] != 0 || sc.cover[e+1] != 0 {
			continue
		}
		t := &toks[e+1]
		if t.kind != tkWord || t.flags&(fSpace|fCap|fAllCap|fDigit|fNewline) != 0 || len(t.norm) < 2 || len(t.norm) > 5 || compoundSuffixes[t.norm] || s.k.stop[0][t.norm] {
			continue
		}
		end := e + 2
		// the family name after it, capitalised and on the same line
		if end < n && sc.cover[end] == 0 && toks[end].kind == tkWord && toks[end].flags&fCap != 0 && toks[end].flags&(fAllCap|fNewline|fDigit) == 0 &&
			(s.k.surname[toks[end].norm] || s.k.nameAmb[toks[end].norm] || !s.knownTok(sc, end) && !s.isLexiconWord(toks[end].norm)) {
			end++
		}
		for x := int(sp.te); x < end; x++ {
			sc.cover[x] = int32(si + 1)
		}
		sp.te = int32(end)
	}
}

// compoundSuffixes: lower-case words that follow a name's hyphen in English
// compounds, not in names ("Smith-led", "Jones-style").
var compoundSuffixes = map[string]bool{
	"led": true, "based": true, "style": true, "ish": true, "esque": true, "like": true, "type": true,
	"era": true, "made": true, "owned": true, "run": true, "free": true, "level": true, "wide": true,
	"born": true, "inc": true, "ltd": true, "co": true, "law": true, "fan": true, "fans": true,
	"mania": true, "esq": true, "jr": true, "sr": true, "class": true, "sized": true, "only": true,
	"aged": true, "year": true, "old": true, "day": true, "week": true, "month": true, "time": true,
}

// isLexiconWord reports whether w alone is a clinical lexicon entry.
func (s *Stripper) isLexiconWord(w string) bool {
	tr := s.k.tr
	node := tr.child(0, tr.tokID(w, false))
	if node < 0 {
		return false
	}
	ents, ok := tr.terms(node)
	if !ok {
		return false
	}
	for _, e := range ents {
		if s.k.clinical[e.cat] && !e.amb {
			return true
		}
	}
	return false
}

var surnameSuffixes = []string{
	"son", "sen", "sson", "ez", "ski", "sky", "ska", "ova", "ovic", "vic", "vich", "escu", "ini", "elli", "etti",
	"mann", "berg", "stein", "ian", "yan", "poulos", "akis", "oglu", "dottir", "nen", "inen", "ainen", "quist",
	"qvist", "strom", "gaard", "feld", "witz", "wicz", "czyk", "enko", "chuk", "uk", "off", "eff", "ides", "opoulos",
	"ovski", "ewski", "owski", "sy", "szy", "ssy", "schmidt", "bauer", "huber", "meyer", "maier", "lund", "holm",
	"yama", "moto", "mura", "kawa", "hara", "saki", "zaki", "shita", "guchi", "hashi", "uchi", "naga", "naka",
	"ovich", "evich", "shvili", "adze", "idze", "oglou", "zadeh", "pour", "nejad", "opoulou", "akos",
}

// surnameShaped: a family-name ending seen in many languages ("-son", "-ez", "-ski", "-ová", "-inen").
func surnameShaped(w string) bool {
	if len(w) < 5 {
		return false
	}
	for _, suf := range surnameSuffixByLast[w[len(w)-1]] {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// surnameSuffixByLast: surnameSuffixes by their last byte (only those can
// end a word that ends in that byte).
var surnameSuffixByLast = func() (t [256][]string) {
	for _, suf := range surnameSuffixes {
		t[suf[len(suf)-1]] = append(t[suf[len(suf)-1]], suf)
	}
	return t
}()

// gazPlaceRun: the end of a multi-word city, state or country of the
// gazetteer starting at the capitalised token i, written with capitals and
// not yet covered ("New York", "Baton Rouge"), or i.
func (s *Stripper) gazPlaceRun(sc *scratch, i int) int {
	e, k := defaultGazetteer().longest(sc, i, gCity|gState|gCountry)
	if k == 0 || e < i+2 {
		return i
	}
	toks := sc.tb.toks
	for x := i; x < e; x++ {
		if sc.cover[x] != 0 || toks[x].kind == tkWord && toks[x].flags&(fCap|fAllCap) == 0 {
			return i
		}
	}
	return e
}

// lowerFullNames: in a message written without capitals, a given name and a
// family name in a row, with an optional middle initial, are a person ("i saw
// john a smith today", "please tell maria lopez i called"): a listed given
// name (also one that is a word: "will", "grace") before a listed family
// name, or a listed given name that is no word before an unknown word.
func (s *Stripper) lowerFullNames(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := 0; i+1 < n; i++ {
		if sc.cover[i] != 0 || toks[i].kind != tkWord || toks[i].flags&fDigit != 0 || !toks[i].is(wcGiven|wcNameAmb) ||
			toks[i].is(wcStopEN|wcLexWord|wcMonth|wcWeekday|wcTitle) {
			continue
		}
		j := i + 1
		if j+1 < n && toks[j].kind == tkWord && len(toks[j].norm) == 1 && toks[j].norm != "a" && toks[j].norm != "i" || j+1 < n && len(toks[j].norm) == 1 && toks[j].norm == "a" && toks[j+1].is(wcSurname) {
			j++ // a middle initial ("john a smith")
		}
		if j >= n || sc.cover[j] != 0 || toks[j].kind != tkWord || toks[j].flags&(fDigit|fNewline) != 0 || len(toks[j].norm) < 2 ||
			toks[j].is(wcStopEN|wcLexWord|wcMonth|wcWeekday|wcTitle) {
			continue
		}
		if i < len(sc.gk) && sc.gk[i]&(gFirst|gCountry|gCity|gState) != 0 {
			if e, k := defaultGazetteer().longest(sc, i, gCountry|gCity|gState); k != 0 && e > i {
				continue // a place ("hong kong", "santa monica")
			}
		}
		surname := toks[j].is(wcSurname) && !toks[j].is(wcNameAmb)
		given := toks[i].is(wcGiven) && !toks[i].is(wcNameAmb) && !isEnglishWord(toks[i].norm)
		unknown := !s.knownTok(sc, j) && !isEnglishWord(toks[j].norm)
		if surname || given && unknown {
			sc.add(i, j+1, s.cName)
			i = j
		}
	}
}

// selfIntro reports whether an introduction cue is the writer naming
// themselves ("i am", "i'm", "this is", "my name is").
func selfIntro(ph []string) bool {
	switch len(ph) {
	case 1:
		return ph[0] == "i'm" || ph[0] == "im"
	case 2:
		return ph[0] == "i" && ph[1] == "am" || ph[0] == "this" && ph[1] == "is" || ph[0] == "name" && ph[1] == "is"
	case 3:
		return ph[0] == "my" && ph[1] == "name" && ph[2] == "is"
	}
	return false
}

// greetingWords open a message before an introduction ("hey its hunter").
var greetingWords = map[string]bool{
	"hi": true, "hey": true, "hello": true, "hiya": true, "yo": true, "morning": true, "evening": true,
	"afternoon": true, "good": true, "heya": true, "howdy": true, "hola": true, "ok": true, "okay": true,
}

// introAtStart: token i opens the message or its sentence, or follows a
// greeting ("hi, ", "hey!! ", "good morning, ").
func introAtStart(toks []token, i int) bool {
	k := i - 1
	for k >= 0 && toks[k].kind == tkPunct && (toks[k].norm == "," || toks[k].norm == "!" || toks[k].norm == "." || toks[k].norm == "-") {
		k--
	}
	if k < 0 {
		return true
	}
	if toks[i].flags&fSentStart != 0 && k < i-1 {
		return true
	}
	// "hey", "hi there", "good morning"
	for x := 0; x < 2 && k >= 0; x++ {
		if greetingWords[toks[k].norm] {
			return k == 0 || toks[k].flags&fSentStart != 0 || x == 1 && greetingWords[toks[k+1].norm]
		}
		if toks[k].norm != "there" && toks[k].norm != "morning" && toks[k].norm != "all" && toks[k].norm != "team" {
			return false
		}
		k--
	}
	return false
}

// nameClosesClause: what follows a name at j ends its clause ("its hope, i
// need", "this is joy.", "hope here -", end of message).
func nameClosesClause(toks []token, j int) bool {
	if j >= len(toks) {
		return true
	}
	if toks[j].kind == tkPunct {
		switch toks[j].norm {
		case ",", ".", "!", "-", "—", "–", ":", ";", "?", "(", ")":
			return true
		}
		return false
	}
	return toks[j].flags&fNewline != 0
}

// selfIntroWord: lower-case words that open a writer's naming of themselves
// in mixed-case text ("Hi, it's Grace.", "hey this is Joy").
var selfIntroWord = map[string]bool{"it": true, "it's": true, "its": true, "i'm": true, "im": true, "i": true, "this": true}
