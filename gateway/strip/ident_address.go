package strip

import "strings"

// International street addresses and postal blocks:
//
//   - street type after the name: "Király u. 15.", "Stensås terrasse 38",
//     "Trenerys gate 232", "35 Pentelis Str.";
//   - street type before the name: "ul. Jesionowa 127", "trg revolucije 17",
//     "Avda. Rio Nalon 58", "C/ Señores Curas 88";
//   - a house or postal number, an unknown street word and a house number:
//     "74678 midtvollen 130", "5638 Aasa 43";
//   - "the corner of <street> and <street>";
//   - postal blocks: the lines after a street address (unit, city, region,
//     country, postal code), also with quoting prefixes ("> ", "??? ").

func (s *Stripper) isStreetType(sc *scratch, j int) bool {
	if sc.tb.toks[j].kind != tkWord {
		return false
	}
	return tokKind(sc, j)&gStreet != 0
}

// houseNumber: a number of at most 5 digits (optionally with a letter:
// "15a", "12B") at j.
func houseNumber(sc *scratch, j int) bool {
	if j >= len(sc.tb.toks) {
		return false
	}
	t := &sc.tb.toks[j]
	w := sc.tb.normOf(j)
	if t.kind == tkNum {
		return len(w) <= 5 && countDigits(w) == len(w)
	}
	if t.kind == tkWord && t.flags&fDigit != 0 && len(w) <= 5 && w[0] >= '0' && w[0] <= '9' {
		d := countDigits(w)
		// "12b" is a house number; "5k" and "2m" are a race or an amount
		if last := w[len(w)-1]; d == len(w)-1 && (last == 'k' || last == 'm') {
			return false
		}
		return d >= 1 && len(w)-d <= 1
	}
	return false
}

// streetNameWord: a word that may be part of a street's name.
func (s *Stripper) streetNameWord(sc *scratch, j int) bool {
	t := &sc.tb.toks[j]
	if t.kind != tkWord || t.flags&fDigit != 0 || sc.cover[j] != 0 {
		return false
	}
	w := sc.tb.normOf(j)
	if s.k.stop[0][w] && !placeParticle[w] {
		return false
	}
	if t.flags&(fCap|fAllCap) != 0 {
		return !s.isLexiconWord(w) || !isEnglishWord(w)
	}
	return !s.knownTok(sc, j) || placeParticle[w]
}

// afterNumber extends over a trailing "." glued to a house number ("u. 15.").
func afterNumber(sc *scratch, j int) int {
	toks := sc.tb.toks
	if j < len(toks) && toks[j].norm == "." && toks[j].flags&fSpace == 0 {
		// only when a sentence does not obviously go on in lower case
		if j+1 >= len(toks) || toks[j+1].flags&fNewline != 0 || toks[j+1].kind != tkWord || toks[j+1].flags&fCap == 0 {
			return j + 1
		}
		return j + 1
	}
	return j
}

func (s *Stripper) matchIntlStreets(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.address
	for i := 0; i < n; i++ {
		kind := tokKind(sc, i)
		if kind&(gStreetPre|gStreet) == 0 { // both rules start at a street type
			continue
		}
		if sc.cover[i] != 0 || toks[i].kind != tkWord {
			continue
		}
		w := toks[i].norm
		// street type before the name: "ul. Jesionowa 127", "C/ Señores Curas 88"
		if kind&gStreetPre != 0 {
			j := i + 1
			dot := false
			if j < n && (toks[j].norm == "." || toks[j].norm == "/") && toks[j].flags&fSpace == 0 {
				dot = true
				j++
			}
			short := len(w) <= 2 || w == "str" || w == "avda" || w == "bd" || w == "pr" || w == "os"
			if short && !dot {
				goto after
			}
			if w == "c" && (j-1 <= i || toks[j-1].norm != "/") {
				goto after
			}
			st := j
			words, unknown := 0, false
			for j < n && words < 4 && toks[j].flags&fNewline == 0 && s.streetNameWord(sc, j) {
				if !s.knownTok(sc, j) || toks[j].flags&(fCap|fAllCap) != 0 {
					unknown = true
				}
				words++
				j++
			}
			if words > 0 && j > st && houseNumber(sc, j) && toks[j].flags&fNewline == 0 && (unknown || dot) && sc.free(i, j+1) {
				end := afterNumber(sc, j+1)
				sc.add(i, end, cat)
				i = end - 1
				continue
			}
		}
	after:
		// street type after the name: "Király u. 15.", "Stensås terrasse 38"
		if kind&gStreet != 0 && i > 0 {
			j := i + 1
			if w == "u" || w == "ut" || w == "krt" || w == "rkp" || w == "str" || w == "st" {
				if j < n && toks[j].norm == "." && toks[j].flags&fSpace == 0 {
					j++
				} else if w == "u" || w == "krt" || w == "rkp" {
					continue
				}
			} else if j < n && toks[j].norm == "." && toks[j].flags&fSpace == 0 {
				j++
			}
			if !houseNumber(sc, j) || toks[j].flags&fNewline != 0 || sc.cover[j] != 0 {
				continue
			}
			st := i
			unknown := false
			for st > 0 && i-st < 3 && toks[st].flags&fNewline == 0 && s.streetNameWord(sc, st-1) {
				if !s.knownTok(sc, st-1) || toks[st-1].flags&(fCap|fAllCap) != 0 {
					unknown = true
				}
				st--
			}
			if st == i || !unknown {
				continue
			}
			end := afterNumber(sc, j+1)
			if sc.free(st, end) {
				sc.add(st, end, cat)
				i = end - 1
			}
			continue
		}
	}
	// house number + street type + name: "33 avenue de Provence", "26 rue des lieutemants Thomazo"
	for i := 0; i+2 < n; i++ {
		if tokKind(sc, i+1)&gStreetPre == 0 || sc.cover[i] != 0 || sc.cover[i+1] != 0 || toks[i+1].flags&fNewline != 0 || !houseNumber(sc, i) {
			continue
		}
		w := toks[i+1].norm
		if len(w) <= 2 && w != "av" {
			continue
		}
		j := i + 2
		words := 0
		for j < n && words < 4 && toks[j].flags&fNewline == 0 && s.streetNameWord(sc, j) {
			if !placeParticle[toks[j].norm] {
				words++
			}
			j++
		}
		for j > i+2 && placeParticle[toks[j-1].norm] {
			j--
		}
		if words == 0 || !sc.free(i, j) {
			continue
		}
		sc.add(i, j, cat)
		i = j - 1
	}
	// number + unknown street word(s) + house number: "74678 midtvollen 130"
	for i := 0; i+2 < n; i++ {
		if sc.cover[i] != 0 || toks[i].kind != tkNum || len(toks[i].norm) < 2 || len(toks[i].norm) > 5 {
			continue
		}
		j := i + 1
		unknown := false
		for j < n && j-i <= 3 && toks[j].flags&fNewline == 0 && s.streetNameWord(sc, j) {
			if !s.knownTok(sc, j) {
				unknown = true
			}
			j++
		}
		if j == i+1 || !unknown || !houseNumber(sc, j) || toks[j].flags&fNewline != 0 || !sc.free(i, j+1) {
			continue
		}
		end := afterNumber(sc, j+1)
		sc.add(i, end, cat)
		i = end - 1
	}
}

// addressCueWords: words that announce an address in the same sentence.
var addressCueWords = map[string]bool{
	"address": true, "addresses": true, "lives": true, "live": true, "lived": true, "living": true,
	"corner": true, "located": true, "sent": true, "send": true, "ship": true, "deliver": true,
	"mail": true, "meet": true, "office": true, "offices": true, "moved": true, "street": true,
	"located.": true, "direccion": true, "vivo": true, "calle": true,
}

// matchCornerStreets: "the corner of <street> and <street>" and Faker-style
// "<Name> <street type>" ("Elisabeth Parks", "Mathias Pass") after an address
// cue.
// cornerWords opens matchCornerStreets' phrase ("corner of"); militaryPosts
// open a military address (matchMilitaryAddresses). Class bits (wordclass.go)
// let a message without one skip the matcher.
var (
	cornerWords   = map[string]bool{"corner": true}
	militaryPosts = map[string]bool{"apo": true, "fpo": true, "dpo": true}
)

func (s *Stripper) matchCornerStreets(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.address
	if sc.tb.anyCls&wcCorner == 0 {
		return
	}
	for i := 0; i+1 < n; i++ {
		if toks[i].cls&wcCorner == 0 || toks[i+1].norm != "of" || sc.cover[i] != 0 {
			continue
		}
		st := i
		if i > 0 && toks[i-1].norm == "the" && sc.cover[i-1] == 0 {
			st = i - 1
		}
		j := i + 2
		// first street: an address finding, a name + street type, or a
		// capitalised name when a second street follows ("Brantwick and Oldmere")
		e1 := s.streetAt(sc, j)
		if e1 <= j {
			if e := s.capRun(sc, j); e > j && e < n && toks[e].norm == "and" {
				if e2 := s.capRun(sc, e+1); e2 > e+1 {
					sc.add(st, e2, cat)
					i = e2 - 1
					continue
				}
			}
		}
		if e1 <= j {
			continue
		}
		if sc.cover[j] == 0 {
			sc.add(j, e1, cat)
		}
		sc.add(st, i+2, cat)
		if e1 < n && toks[e1].norm == "." && toks[e1].flags&fSpace == 0 {
			e1++
		}
		if e1 < n && toks[e1].norm == "and" && sc.cover[e1] == 0 {
			if e2 := s.streetAt(sc, e1+1); e2 > e1+1 {
				if sc.cover[e1+1] == 0 {
					sc.add(e1+1, e2, cat)
				}
				sc.add(e1, e1+1, cat)
			}
		}
	}
}

// streetAt returns the end of a street starting at j: an address finding, a
// capitalised run closed by a street type, or j.
func (s *Stripper) streetAt(sc *scratch, j int) int {
	toks := sc.tb.toks
	n := len(toks)
	if j >= n {
		return j
	}
	if sc.cover[j] != 0 {
		if sp := coverSpan(sc, j); sp != nil && s.k.cats[sp.cat] == "address" {
			return int(sp.te)
		}
		return j
	}
	k := j
	for k < n && k-j < 4 && toks[k].flags&fNewline == 0 && sc.cover[k] == 0 {
		if toks[k].kind == tkNum || toks[k].kind == tkWord && (toks[k].flags&(fCap|fAllCap) != 0 || !s.knownTok(sc, k)) {
			if k > j && s.isStreetType(sc, k) {
				return k + 1
			}
			if k > j && toks[k].kind == tkNum && houseNumber(sc, k) && toks[k-1].kind == tkWord {
				return k + 1
			}
			k++
			continue
		}
		if k > j && s.isStreetType(sc, k) {
			return k + 1
		}
		break
	}
	return j
}

// lineStart: the first token of the line holding token i.
func lineStart(toks []token, i int) int {
	for i > 0 && toks[i].flags&fNewline == 0 {
		i--
	}
	return i
}

// linePrefix: quoting or bullet punctuation at the start of a line.
func linePrefix(w string) bool {
	switch w {
	case ">", "?", "|", "*", "-", "•", "·", "#", "–", "—", "¿":
		return true
	}
	return false
}

// blockTok: a token that may sit on a postal line (city, region, country,
// postal code): capitalised words, places, numbers, "nan", short punctuation.
func (s *Stripper) blockTok(sc *scratch, j int, lower bool) (ok, content bool) {
	t := &sc.tb.toks[j]
	w := sc.tb.normOf(j)
	if sc.cover[j] != 0 {
		sp := coverSpan(sc, j)
		if sp != nil {
			c := s.k.cats[sp.cat]
			if c == "address" || c == "zip" || c == "location" || c == "nationality" {
				return true, true
			}
		}
		return false, false
	}
	switch t.kind {
	case tkPunct:
		switch w {
		case ",", ".", "(", ")", "-", "/", "∆":
			return true, false
		}
		return false, false
	case tkNum:
		return len(w) <= 7, true
	}
	if w == "nan" {
		return true, true
	}
	if t.flags&fDigit != 0 {
		return len(w) <= 8, true
	}
	if tokKind(sc, j)&(gCountry|gCity|gState|gNation) != 0 {
		return true, true
	}
	if t.flags&fAllCap != 0 && len(w) == 2 {
		// region codes: "AT", "NO", "IN", "OR" are stop words too
		return true, true
	}
	if t.flags&(fCap|fAllCap) != 0 || lower {
		if s.k.stop[0][w] && !placeParticle[w] {
			return false, false
		}
		if lower && s.knownTok(sc, j) && !placeParticle[w] && !stateNames[w] {
			return false, false
		}
		if s.isLexiconWord(w) && isEnglishWord(w) {
			return false, false
		}
		return true, true
	}
	if placeParticle[w] {
		return true, false
	}
	return false, false
}

// growAddressBlocks extends every street address over the rest of its line
// and over following postal lines.
func (s *Stripper) growAddressBlocks(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.address
	lower := true
	for i := range toks {
		if toks[i].flags&(fCap|fAllCap) != 0 {
			lower = false
			break
		}
	}
	locCat := s.ic.location
	nsp := len(sc.spans)
	for si := 0; si < nsp; si++ {
		if sc.spans[si].cat != cat {
			if sc.spans[si].cat == locCat {
				// a place line closing a block: a postal code may open the next line
				j := int(sc.spans[si].te)
				for j < n && toks[j].kind == tkPunct && toks[j].flags&fNewline == 0 && sc.cover[j] == 0 {
					j++
				}
				if j < n && toks[j].flags&fNewline != 0 && toks[j].kind == tkNum && len(sc.tb.normOf(j)) >= 4 && len(sc.tb.normOf(j)) <= 6 && sc.cover[j] == 0 && lineStart(toks, int(sc.spans[si].ts)) > 0 {
					sc.add(j, j+1, s.ic.zip)
				}
			}
			continue
		}
		j := int(sc.spans[si].te)
		lines := 0
		for j < n && lines < 6 {
			if toks[j].flags&fNewline != 0 {
				// a new line: skip quoting prefixes, then take it whole or stop
				k := j
				for k < n && toks[k].kind == tkPunct && linePrefix(sc.tb.normOf(k)) && sc.cover[k] == 0 && (k == j || toks[k].flags&fNewline == 0) {
					k++
				}
				e, ok := s.blockLine(sc, k, lower)
				if !ok {
					// a postal code opening the next line ("\n 51971 for this card")
					if k < n && toks[k].kind == tkNum && len(sc.tb.normOf(k)) >= 4 && len(sc.tb.normOf(k)) <= 6 && sc.cover[k] == 0 {
						sc.add(k, k+1, s.ic.zip)
					}
					break
				}
				s.coverRuns(sc, k, e, cat)
				j = e
				lines++
				continue
			}
			// rest of the current line
			e, ok := s.blockLine(sc, j, lower)
			if !ok {
				// take a prefix of the line: ", Cyprus (Greek) 51034 last night"
				k := j
				last := j
				for k < n && toks[k].flags&fNewline == 0 {
					ok2, content := s.blockTok(sc, k, lower)
					if !ok2 || s.addressSentenceEnd(sc, k) {
						break
					}
					k++
					if content {
						last = k
					}
				}
				if last > j {
					s.coverRuns(sc, j, last, cat)
				}
				break
			}
			s.coverRuns(sc, j, e, cat)
			j = e
		}
	}
}

// blockLine: the line starting at j (up to the next line break) is a postal
// line when it has 1..7 tokens, all blockToks, at least one of them content.
func (s *Stripper) blockLine(sc *scratch, j int, lower bool) (int, bool) {
	toks := sc.tb.toks
	n := len(toks)
	if j >= n {
		return j, false
	}
	k := j
	content := 0
	for k < n && (k == j || toks[k].flags&fNewline == 0) {
		ok, c := s.blockTok(sc, k, lower)
		if !ok {
			return j, false
		}
		if c {
			content++
		}
		k++
		if k-j > 8 {
			return j, false
		}
	}
	if content == 0 {
		return j, false
	}
	// drop trailing punctuation
	e := k
	for e > j && toks[e-1].kind == tkPunct && sc.cover[e-1] == 0 {
		e--
	}
	return e, true
}

// coverRuns adds findings of cat over the uncovered tokens in [a, b),
// leaving leading / trailing punctuation of each run outside.
func (s *Stripper) coverRuns(sc *scratch, a, b int, cat catID) {
	toks := sc.tb.toks
	x := a
	for x < b {
		if sc.cover[x] != 0 {
			x++
			continue
		}
		y := x
		for y < b && sc.cover[y] == 0 {
			y++
		}
		st, en := x, y
		for st < en && toks[st].kind == tkPunct {
			st++
		}
		for en > st && toks[en-1].kind == tkPunct && toks[en-1].norm != ")" {
			en--
		}
		if en > st {
			sc.add(st, en, cat)
		}
		x = y
	}
}

// matchCountryBlocks: a line that is a country (with an optional postal
// code) closes a postal block: "ALFRICK\nUnited Kingdom", "Finland 38524".
func (s *Stripper) matchCountryBlocks(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	g := defaultGazetteer()
	locCat := s.ic.location
	zipCat := s.ic.zip
	lower := sc.tb.lowerText()
	for i := 0; i < n; i++ {
		if sc.gk[i]&(gCountry|gState|gFirst) == 0 || toks[i].kind != tkWord || sc.cover[i] != 0 {
			continue
		}
		end, kind := g.longest(sc, i, gCountry|gState)
		if kind == 0 || kind&gAmbiguous != 0 && toks[i].flags&(fCap|fAllCap) == 0 {
			continue
		}
		// "Country 12345" / "Country (Greek) 12345" on the same line
		z := end
		if z+2 < n && sc.tb.normOf(z) == "(" && sc.tb.normOf(z+2) == ")" {
			z += 3
		}
		zipEnd := z
		if z < n && toks[z].kind == tkNum && len(sc.tb.normOf(z)) >= 3 && len(sc.tb.normOf(z)) <= 6 && toks[z].flags&fNewline == 0 && sc.cover[z] == 0 {
			zipEnd = z + 1
			if zipEnd < n && toks[zipEnd].kind == tkNum && len(sc.tb.normOf(zipEnd)) <= 3 && toks[zipEnd].flags&fNewline == 0 {
				zipEnd++
			}
		}
		lineOnly := (toks[i].flags&fNewline != 0 || i > 0 && linePrefixOnly(sc, i)) && (zipEnd >= n || toks[zipEnd].flags&fNewline != 0 || toks[zipEnd].kind == tkPunct && (zipEnd+1 >= n || toks[zipEnd+1].flags&fNewline != 0))
		if zipEnd == z && !lineOnly && !s.afterAddressLine(sc, i) {
			continue
		}
		if !sc.free(i, zipEnd) {
			continue
		}
		sc.add(i, z, locCat)
		if zipEnd > z {
			sc.add(z, zipEnd, zipCat)
		}
		if !lineOnly {
			i = zipEnd - 1
			continue
		}
		// the line before is the city line
		ls := lineStart(toks, i)
		if ls > 0 {
			pe := ls // exclusive end of the previous line
			ps := lineStart(toks, pe-1)
			for ps < pe && toks[ps].kind == tkPunct && linePrefix(sc.tb.normOf(ps)) {
				ps++
			}
			if e, ok := s.blockLine(sc, ps, lower); ok && e > ps && e-ps <= 6 {
				s.coverRuns(sc, ps, e, locCat)
			}
		}
		i = zipEnd - 1
	}
}

// linePrefixOnly: token i is the first non-prefix token of its line.
func linePrefixOnly(sc *scratch, i int) bool {
	toks := sc.tb.toks
	j := i - 1
	for j >= 0 && toks[j+1].flags&fNewline == 0 {
		if toks[j].kind != tkPunct || !linePrefix(toks[j].norm) {
			return false
		}
		j--
	}
	return toks[j+1].flags&fNewline != 0 || j+1 == 0
}

// coverSpan returns the span covering token x during matching (spans are
// only appended then, so cover holds its index + 1), or nil.
func coverSpan(sc *scratch, x int) *span {
	c := sc.cover[x]
	if c <= 0 || int(c) > len(sc.spans) {
		return nil
	}
	return &sc.spans[c-1]
}

// capRun: a run of 1-3 capitalised words at j that are not function words.
func (s *Stripper) capRun(sc *scratch, j int) int {
	toks := sc.tb.toks
	e := j
	for e < len(toks) && e-j < 3 && sc.cover[e] == 0 && toks[e].kind == tkWord && toks[e].flags&(fCap|fAllCap) != 0 && toks[e].flags&fNewline == 0 {
		w := toks[e].norm
		if s.k.stop[0][w] || monthNames[w] > 0 || weekdayNames[w] {
			break
		}
		e++
	}
	return e
}

// matchMilitaryAddresses: "APO AA 33879", "FPO AE 44941", "DPO AP 51065",
// with "PSC 5420, Box 2708" / "Unit 1009 Box 0219" / "USNS Møller" before.
func (s *Stripper) matchMilitaryAddresses(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.address
	if sc.tb.anyCls&wcMilPost == 0 {
		return
	}
	for i := 0; i+2 < n; i++ {
		if toks[i].cls&wcMilPost == 0 || sc.cover[i] != 0 {
			continue
		}
		r := sc.tb.normOf(i + 1)
		if r != "aa" && r != "ae" && r != "ap" {
			continue
		}
		e := i + 2
		if toks[e].kind == tkNum && len(sc.tb.normOf(e)) == 5 {
			e++
		}
		st := i
		// the line before: unit / box / ship
		if toks[i].flags&fNewline != 0 && i > 0 {
			ls := lineStart(toks, i-1)
			for ps := i - 1; ps >= ls && ps >= i-5; ps-- {
				pw := sc.tb.normOf(ps)
				if pw == "psc" || pw == "unit" || pw == "cmr" || strings.HasPrefix(pw, "us") && len(pw) >= 3 && len(pw) <= 5 && pw != "us" && pw != "use" && pw != "used" && pw != "uses" && pw != "usa" {
					st = ps
				}
			}
		}
		s.coverRuns(sc, st, e, cat)
		i = e - 1
	}
}

// matchNameNumbers: a proper name followed by a house number after an
// address cue is a street ("lives on Joaquin Suarez 2906", "the bus station
// is on Peter Zuidhove 188").
func (s *Stripper) matchNameNumbers(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	addr := s.ic.address
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != s.cName && sp.cat != s.ic.location {
			continue
		}
		j := int(sp.te)
		if j >= n || sc.cover[j] != 0 || !houseNumber(sc, j) || toks[j].flags&fNewline != 0 {
			continue
		}
		if j+1 < n {
			nx := toks[j+1].norm
			if nx == ":" || nx == "am" || nx == "pm" || nx == "a" || nx == "p" || nx == "o'clock" || nx == "-" || nx == "/" || nx == "%" || nx == "years" || nx == "times" {
				continue
			}
		}
		ts := int(sp.ts)
		if ts > 0 && titleWords[toks[ts-1].norm] || ts > 1 && toks[ts-1].norm == "." && titleWords[toks[ts-2].norm] {
			continue
		}
		// an address cue in the same sentence before the name
		cue := false
		for k := ts - 1; k >= 0 && k >= ts-8; k-- {
			w := toks[k].norm
			if addressCueWords[w] || w == "on" || w == "at" || w == "corner" || w == "to" || w == "is" {
				cue = true
				break
			}
			if toks[k].kind == tkPunct && (w == "." || w == "?" || w == "!") {
				break
			}
		}
		if !cue {
			continue
		}
		sp.cat = addr
		end := afterNumber(sc, j+1)
		// "[Ilmalankuja] 82 [Zachary Cliffs]": the street name goes on after the number
		if end < n && sc.cover[end] != 0 && toks[end].flags&fNewline == 0 {
			if o := coverSpan(sc, end); o != nil && o.cat == s.cName && int(o.ts) == end {
				o.cat = addr
			}
		}
		for x := j; x < end; x++ {
			sc.cover[x] = int32(si + 1)
		}
		sp.te = int32(end)
	}
}

// absorbLeadingNumbers: house, unit and postal numbers and a street name
// found as a person's name right before an address on the same line belong
// to it ("28919 136 [Filadelfeos Str.]", "6614 [Luite] tee 87", "049 [name]-[address]").
func (s *Stripper) absorbLeadingNumbers(sc *scratch) {
	toks := sc.tb.toks
	addr := s.ic.address
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != addr {
			continue
		}
		b := int(sp.ts)
		// an address that opens with a capitalised street type takes the
		// capitalised words before it: its street name ("on Alder Bank Street")
		names := 0
		if toks[b].kind == tkWord && toks[b].flags&fCap != 0 && tokKind(sc, b)&gStreet != 0 {
			names = 3
		}
		for steps := 0; b > 0 && steps < 5 && toks[b].flags&fNewline == 0; steps++ {
			p := b - 1
			if names > 0 && sc.cover[p] == 0 && toks[p].kind == tkWord && toks[p].flags&fCap != 0 && toks[p].flags&fDigit == 0 &&
				!s.sentenceInitial(sc, p) {
				if w := toks[p].norm; !s.anyStop(w) && !titleWords[w] && monthNames[w] == 0 && !weekdayNames[w] {
					names--
					sc.cover[p] = int32(si + 1)
					sp.ts = int32(p)
					b = p
					continue
				}
			}
			if sc.cover[p] != 0 {
				o := coverSpan(sc, p)
				if o == nil || o.cat != s.cName || int(o.te) != b {
					break
				}
				// a name right before an address on one line is its street name
				o.cat = addr
				b = int(o.ts)
				continue
			}
			w := toks[p].norm
			if toks[p].kind == tkNum && len(w) <= 6 && !strings.ContainsAny(w, ".,") || w == "-" && toks[p].flags&fSpace == 0 {
				sc.cover[p] = int32(si + 1)
				sp.ts = int32(p)
				b = p
				continue
			}
			break
		}
	}
}

// matchNumberNames: house numbers right before a proper name after an
// address cue are a street ("lives at 28919 136 [Filadelfeos]", "The
// restaurant is at 9816 214 [Pavlou Drandaki]").
func (s *Stripper) matchNumberNames(sc *scratch) {
	toks := sc.tb.toks
	addr := s.ic.address
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != s.cName {
			continue
		}
		b := int(sp.ts)
		nums := 0
		for b > 0 && nums < 3 && sc.cover[b-1] == 0 && toks[b-1].kind == tkNum && len(toks[b-1].norm) <= 6 && toks[b].flags&fNewline == 0 && !strings.ContainsAny(toks[b-1].norm, ".,") {
			b--
			nums++
		}
		if nums == 0 {
			continue
		}
		cue := false
		for k := b - 1; k >= 0 && k >= b-8; k-- {
			w := toks[k].norm
			if addressCueWords[w] || w == "at" || w == "on" {
				cue = true
				break
			}
			if toks[k].kind == tkPunct && (w == "." || w == "?" || w == "!") {
				break
			}
		}
		if !cue {
			continue
		}
		for x := b; x < int(sp.ts); x++ {
			sc.cover[x] = int32(si + 1)
		}
		sp.ts = int32(b)
		sp.cat = addr
	}
}

// matchSpanishHouseNumbers: "vivo en el 1822 de la calle 5", "el 300 de la
// avenida Reforma": a house number before "de la calle / avenida ...".
func (s *Stripper) matchSpanishHouseNumbers(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.address
	for i := 0; i+3 < n; i++ {
		if toks[i].kind != tkNum || sc.cover[i] != 0 || len(toks[i].norm) > 5 || toks[i+1].norm != "de" {
			continue
		}
		j := i + 2
		if j < n && (toks[j].norm == "la" || toks[j].norm == "el") {
			j++
		}
		if j >= n || tokKind(sc, j)&gStreetPre == 0 || sc.cover[j] != 0 {
			continue
		}
		e := j + 1
		for e < n && e-j <= 3 && sc.cover[e] == 0 && toks[e].flags&fNewline == 0 && (toks[e].kind == tkNum || toks[e].kind == tkWord && (toks[e].flags&fCap != 0 || !s.anyStop(toks[e].norm))) {
			e++
		}
		if e > j+1 && sc.free(i, e) {
			sc.add(i, e, cat)
			i = e - 1
		}
	}
}

// anyStop: w is a function word of any loaded language.
func (s *Stripper) anyStop(w string) bool {
	for li := range s.k.stop {
		if s.k.stop[li][w] {
			return true
		}
	}
	return false
}

// afterAddressLine: token i opens a line (after quoting prefixes) and the
// line before ends with an address finding: a country there closes the
// address even when the sentence goes on ("...\n New Zealand. Please call").
func (s *Stripper) afterAddressLine(sc *scratch, i int) bool {
	toks := sc.tb.toks
	if i == 0 || !(toks[i].flags&fNewline != 0 || linePrefixOnly(sc, i)) {
		return false
	}
	p := lineStart(toks, i) - 1
	for p >= 0 && toks[p].kind == tkPunct && sc.cover[p] == 0 {
		p--
	}
	if p < 0 || sc.cover[p] == 0 {
		return false
	}
	sp := coverSpan(sc, p)
	return sp != nil && (sp.cat == s.ic.address || sp.cat == s.ic.zip)
}

// dropCapsAddresses: in a message written in capitals, a capital says nothing,
// so an address found only through capitalised words and a number ("MY SON
// SWALLOWED A BUTTON BATTERY ABOUT 20 MINUTES AGO") is no address; one with a
// street type, a unit, a PO box or a postal code stays.
func (s *Stripper) dropCapsAddresses(sc *scratch) {
	toks := sc.tb.toks
	if !mostlyCaps(toks) {
		return
	}
	drop := false
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != s.ic.address || sp.te <= sp.ts {
			continue
		}
		marked := false
		for x := int(sp.ts); x < int(sp.te) && !marked; x++ {
			w := toks[x].norm
			marked = streetSuffix[w] || unitWords[w] || w == "box" || toks[x].is(wcEuroStreet) ||
				toks[x].kind == tkNum && len(w) == 5
		}
		if !marked {
			sp.te = sp.ts
			drop = true
		}
	}
	if drop {
		compactSpans(sc)
	}
}

// addressSentenceEnd: the full stop at k ends the sentence an address closed
// ("..., Elizabeth. Se ve muy confundida", "12 Oak Street. Ella is ..."): the
// next word starts a sentence and is no place. After a street type's
// abbreviation ("Pine St. Ella") only a function word starts a sentence.
func (s *Stripper) addressSentenceEnd(sc *scratch, k int) bool {
	toks := sc.tb.toks
	if toks[k].kind != tkPunct || k+1 >= len(toks) || k == 0 {
		return false
	}
	switch toks[k].norm {
	case ".", "!", "?":
	default:
		return false
	}
	j := k + 1
	if toks[j].kind != tkWord || toks[j].flags&fSentStart == 0 || sc.cover[j] != 0 {
		return false
	}
	if tokKind(sc, j)&(gCountry|gCity|gState) != 0 {
		return false
	}
	if toks[k].norm == "." && toks[k].flags&fSpace == 0 && streetTypes[sc.tb.normOf(k-1)] {
		return s.anyStop(sc.tb.normOf(j))
	}
	return true
}
