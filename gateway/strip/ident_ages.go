package strip

// Ages over 89 written in words ("I'm ninety-three", "my father (ninety)",
// "Florence Mensah, ninety-five, had ...", "turns a hundred", "tiene noventa
// y dos años"). As with digits (matchMoreAges), the number needs a frame that
// makes it an age: a verb of being or turning before it and the clause ending
// after it, "aged" before it, "years old" / "años" after it, or apposition
// between commas or brackets after a person.

var spelledUnits = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
	"un": 1, "una": 1, // "noventa y un años", "ciento un años"
}

// spelledAgeAt returns the end of a spelled number from 90 to 119 starting at
// i, or i.
func spelledAgeAt(toks []token, i int) int {
	n := len(toks)
	switch toks[i].norm {
	case "ninety", "noventa":
		j := i + 1
		// "ninety-three", "ninety three", "noventa y dos"
		k := j
		if k < n && (toks[k].norm == "-" && toks[k].flags&fSpace == 0 || toks[k].norm == "y") {
			k++
		}
		if k < n && spelledUnits[toks[k].norm] > 0 {
			return k + 1
		}
		return j
	case "hundred":
		// "a hundred", "one hundred" are read from the article; a bare
		// "hundred" starts nothing
		return i
	case "a", "one":
		if i+1 < n && toks[i+1].norm == "hundred" {
			j := i + 2
			// "a hundred and two"
			if j+1 < n && toks[j].norm == "and" && spelledUnits[toks[j+1].norm] > 0 {
				return j + 2
			}
			return j
		}
	case "cien":
		return i + 1
	case "ciento":
		if i+1 < n && spelledUnits[toks[i+1].norm] > 0 {
			return i + 2
		}
	}
	return i
}

func (s *Stripper) matchSpelledAges(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.age
	for i := 1; i < n; i++ {
		if toks[i].kind != tkWord || sc.cover[i] != 0 || !toks[i].is(wcSpelledNum) {
			continue
		}
		e := spelledAgeAt(toks, i)
		if e == i || !sc.free(i, e) {
			continue
		}
		p := toks[i-1].norm
		pp := ""
		if i >= 2 {
			pp = toks[i-2].norm
		}
		next := ""
		if e < n {
			next = toks[e].norm
		}
		clauseEnd := e >= n || toks[e].kind == tkPunct && next != "-" && next != "/" && next != ":" ||
			next == "and" || next == "but" || next == "now" || next == "next" || next == "this" || next == "in" || next == "on" || next == "y"
		yearsOld := next == "years" || next == "year" || next == "yrs" || next == "anos" || next == "años"
		ok := yearsOld && (e+1 < n && (toks[e+1].norm == "old" || toks[e+1].norm == "-") || next == "anos" || next == "años")
		switch p {
		case "turned", "turning", "turns", "turn", "cumple", "cumplio", "cumplió", "cumplira", "cumplirá":
			ok = ok || clauseEnd || yearsOld
		case "aged", "age", "edad":
			ok = true
		case "i'm", "im", "he's", "she's", "hes", "shes", "who's", "whos", "tiene", "tenia", "tenía":
			ok = ok || clauseEnd
		case "is", "was", "am", "be", "now":
			ok = ok || clauseEnd && (pp == "he" || pp == "she" || pp == "i" || pp == "who" || pp == "will" || pp == "i'll" || pp == "'ll" || agePerson[pp] || p == "be" || p == "now" || toks[i-2].flags&fCap != 0)
		case ",", "(":
			ok = ok || e >= n || next == "," || next == ")" || next == "."
		}
		if ok {
			sc.add(i, e, cat)
			i = e - 1
		}
	}
}
