package strip

// matchDashCodes: reference codes written as capital letters, a hyphen and
// digits ("INV-30412", "BD-44719", "HMO-55102-7", "XK-2291-B"). The tokenizer
// splits them at the hyphens; without this the letters could be read as a
// street or a name and the digits left in place. A code needs four digits or
// more, or an identifier cue ("case number", "invoice", "order #") within
// three words before it, so that "COVID-19", "PHQ-9" and "CA-125" stay. An
// identifier finding that ends where such a glued tail starts takes the tail.
func (s *Stripper) matchDashCodes(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.id
	glued := func(j int) bool { return j < n && toks[j].flags&(fSpace|fNewline) == 0 }
	// the code's tail: "-" + letters or digits, glued, repeated
	tail := func(j int) (int, int) {
		digits := 0
		for j+1 < n && toks[j].norm == "-" && glued(j) && glued(j+1) && (toks[j+1].kind == tkNum || toks[j+1].kind == tkWord && (toks[j+1].flags&(fAllCap|fDigit) != 0 || len(toks[j+1].norm) == 1)) {
			digits += countDigits(toks[j+1].norm)
			j += 2
		}
		return j, digits
	}
	for i := 0; i+2 < n; i++ {
		t := &toks[i]
		if t.kind != tkWord || t.flags&(fAllCap|fCap) == 0 || len(t.norm) > 5 {
			continue
		}
		if sc.cover[i] != 0 {
			continue
		}
		if t.flags&fAllCap == 0 && len(t.norm) > 1 {
			continue // "Inv-30412" is rare; "Covid-2020" is not a code
		}
		end, digits := tail(i + 1)
		if end == i+1 || digits == 0 || !sc.free(i, end) {
			continue
		}
		cue := false
		for j := i - 1; j >= 0 && j >= i-3; j-- {
			if toks[j].is(wcIDCue) || toks[j].norm == "#" || toks[j].norm == "number" || toks[j].norm == "numbers" {
				cue = true
				break
			}
		}
		if digits < 4 && !cue {
			continue
		}
		sc.add(i, end, cat)
		i = end - 1
	}
	// an id finding that stops before a glued tail: "[id]-B"
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != cat {
			continue
		}
		e := int(sp.te)
		if end, _ := tail(e); end > e && sc.free(e, end) {
			for x := e; x < end; x++ {
				sc.cover[x] = int32(si + 1)
			}
			sp.te = int32(end)
		}
	}
}
