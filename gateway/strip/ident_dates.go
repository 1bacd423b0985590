package strip

// Years, ages and postal codes that the engine's pattern matchers leave:
//
//   - a year (1900-2099) standing alone ("founded in 1977", "During 2017",
//     "a 1973 film"), unless it counts something ("2000 calories", "$2019");
//   - ages: "I just turned 47", "I'll turn 23", "when he was 78", "I am 47",
//     "aged 52", "47 yo", "my 47-year-old";
//   - postal codes after a cue or in an address: "ZIP: 3520", "my zip code
//     is 880", "394 13", "53-320", "3610-114", "75534-030".

// yearCount: words after a number that make it a quantity, not a year.
var yearCount = map[string]bool{
	"mg": true, "mcg": true, "ml": true, "calories": true, "calorie": true, "kcal": true, "steps": true,
	"units": true, "unit": true, "dollars": true, "dollar": true, "usd": true, "euros": true, "pounds": true,
	"miles": true, "mile": true, "feet": true, "ft": true, "meters": true, "m": true, "km": true, "words": true,
	"points": true, "people": true, "times": true, "lbs": true, "kg": true, "g": true, "%": true, "x": true,
	"hours": true, "minutes": true, "seconds": true, "days": true, "rpm": true, "sq": true, "square": true,
	"pesos": true, "yen": true, "rupees": true, "credits": true, "followers": true, "likes": true, "views": true,
	"messages": true, "items": true, "pieces": true, "pages": true, "cc": true, "iu": true,
}

// yearBefore: words before a number that make it a code or an amount.
var yearBefore = map[string]bool{
	"$": true, "€": true, "£": true, "#": true, "number": true, "no": true, "pin": true, "code": true,
	"room": true, "suite": true, "apt": true, "flight": true, "unit": true, "ext": true, "x": true,
	"model": true, "version": true, "v": true, "level": true, "page": true, "item": true, "order": true,
	"about": true, "over": true, "under": true, "than": true, "approximately": true, "around": true,
}

func (s *Stripper) matchYears(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.date
	for i := 0; i < n; i++ {
		t := &toks[i]
		if t.kind != tkNum || sc.cover[i] != 0 {
			continue
		}
		w := toks[i].norm
		if len(w) != 4 || (w[:2] != "19" && w[:2] != "20") {
			continue
		}
		if i > 0 && (yearBefore[toks[i-1].norm] || toks[i-1].kind == tkPunct && toks[i].flags&fSpace == 0 && toks[i-1].norm != "(" && toks[i-1].norm != "'") {
			continue
		}
		if i+1 < n {
			nx := toks[i+1].norm
			if yearCount[nx] || toks[i+1].flags&fSpace == 0 && toks[i+1].kind != tkPunct {
				continue
			}
			if toks[i+1].kind == tkPunct && toks[i+1].flags&fSpace == 0 && (nx == "-" || nx == "/" || nx == ":") && i+2 < n && toks[i+2].kind == tkNum {
				continue
			}
		}
		sc.add(i, i+1, cat)
	}
}

// agePerson: words for a person whose age may follow ("my grandmother is 94",
// "my grandfather, 96, ...").
var agePerson = map[string]bool{
	"mother": true, "mom": true, "mum": true, "mama": true, "mommy": true, "grandmother": true, "grandma": true,
	"granny": true, "nana": true, "gran": true, "father": true, "dad": true, "papa": true, "daddy": true,
	"grandfather": true, "grandpa": true, "granddad": true, "husband": true, "wife": true, "partner": true,
	"spouse": true, "aunt": true, "uncle": true, "brother": true, "sister": true, "son": true, "daughter": true,
	"child": true, "baby": true, "kid": true, "boy": true, "girl": true, "patient": true, "neighbor": true,
	"neighbour": true, "friend": true, "man": true, "woman": true, "lady": true, "gentleman": true,
	"resident": true, "law": true, "abuela": true, "abuelo": true, "madre": true, "padre": true, "esposo": true,
	"esposa": true, "hijo": true, "hija": true, "tia": true, "tio": true,
}

// agePrev: "turned 47", "turn 23", "was 78", "am 47", "aged 52",
// "my grandmother is 94", "my grandfather, 96,".
func (s *Stripper) matchMoreAges(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.age
	for i := 1; i < n; i++ {
		t := &toks[i]
		if t.kind != tkNum || sc.cover[i] != 0 {
			continue
		}
		w := toks[i].norm
		v := atoi(w)
		if v < 1 || v > 120 || len(w) > 3 {
			continue
		}
		p := toks[i-1].norm
		pp := ""
		if i >= 2 {
			pp = toks[i-2].norm
		}
		next := ""
		if i+1 < n {
			next = toks[i+1].norm
		}
		clauseEnd := i+1 >= n || toks[i+1].kind == tkPunct && next != "-" && next != "/" && next != ":" || next == "and" || next == "but" || next == "now" || next == "this" || next == "next" || next == "last" || next == "today" || next == "tomorrow" || next == "yesterday" || next == "in" || next == "on" || next == "so"
		ok := false
		switch p {
		case "turned", "turning", "turns", "turn":
			ok = clauseEnd || next == "years" || next == "yrs"
		case "was", "is", "am", "be", "were":
			// "when he was 78.", "I am 47", "she is 6 and"
			if clauseEnd && (pp == "he" || pp == "she" || pp == "i" || pp == "who" || pp == "they" || pp == "will" || pp == "i'll" || pp == "'ll" || agePerson[pp]) {
				ok = true
			}
		case ",", "(":
			// apposition: "my grandfather, 96, lives with us", "grandma (93)"
			ok = agePerson[pp] && (i+1 >= n || next == "," || next == ")" || next == ".")
			// after a name, an age over 89: "Greta Lindahl, 98, is", "Joan Reid (100)"
			if !ok && v >= 90 && i >= 2 && toks[i-2].kind == tkWord && toks[i-2].flags&fCap != 0 && toks[i-2].flags&fAllCap == 0 &&
				(!s.knownTok(sc, i-2) || s.listedName(toks[i-2].norm)) {
				ok = i+1 >= n || next == "," || next == ")" || next == "."
			}
		case "now":
			// "nurse here from 1958 to 1990, now 90."
			ok = v >= 90 && (i+1 >= n || next == "." || next == "," || next == "!" || next == ";")
		case "tiene", "cumple", "cumplio", "tenia":
			// "mi abuela tiene 94" (without "anos")
			ok = (clauseEnd || next == "y") && v >= 90
		case "aged", "age", "ages", "edad":
			ok = true
		case "i'm", "im", "he's", "she's", "who's", "whos":
			ok = clauseEnd
		case "who":
			// "my mum who's 91 and": the tokenizer strips the 's
			ok = clauseEnd && toks[i-1].flags&fPoss != 0
		}
		if ok {
			sc.add(i, i+1, cat)
		}
	}
}

// postalCues open a postal code (matchPostalCodes; class bit wcPostalCue).
var postalCues = map[string]bool{"zip": true, "zipcode": true, "postcode": true, "postal": true, "plz": true, "cp": true}

// matchPostalCodes: codes after a zip / postal cue, in the shapes used
// around the world ("3520", "394 13", "53-320", "3610-114", "75534-030",
// "SW1A 1AA" is left to the id matcher).
func (s *Stripper) matchPostalCodes(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.zip
	if sc.tb.anyCls&wcPostalCue == 0 {
		return
	}
	for i := 0; i < n; i++ {
		if toks[i].kind != tkWord || toks[i].cls&wcPostalCue == 0 {
			continue
		}
		j := i + 1
		for j < n && j-i <= 4 && sc.cover[j] == 0 && toks[j].kind != tkNum {
			x := toks[j].norm
			if x != "code" && x != ":" && x != "is" && x != "#" && x != "number" && x != "-" && x != "=" {
				break
			}
			j++
		}
		if j >= n || toks[j].kind != tkNum || sc.cover[j] != 0 || len(toks[j].norm) > 6 {
			// a partly covered code: "[zip]-030"
			if j < n && sc.cover[j] != 0 {
				e := j
				for e < n && sc.cover[e] != 0 {
					e++
				}
				if e+1 < n && toks[e].norm == "-" && toks[e].flags&fSpace == 0 && toks[e+1].kind == tkNum && toks[e+1].flags&fSpace == 0 {
					sc.add(e, e+2, cat)
				}
			}
			continue
		}
		e := j + 1
		if e+1 < n && (toks[e].norm == "-" && toks[e].flags&fSpace == 0 && toks[e+1].flags&fSpace == 0 || toks[e].kind == tkNum && len(toks[e].norm) <= 3 && toks[e].flags&fNewline == 0) {
			if toks[e].norm == "-" && toks[e+1].kind == tkNum {
				e += 2
			} else if toks[e].kind == tkNum {
				e++
			}
		}
		sc.add(j, e, cat)
	}
}
