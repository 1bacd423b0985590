package strip

// A clinic's or practice's proper name may end in a clinical word ("Greenfield
// Surgery", "Cedar Grove Physical Therapy", "the Summit Dermatology group"):
// written capitalised after a name of its own, the word names the venue, not a
// patient's care. dropFacilityTerms removes the lexicon candidates inside such
// a run before they are resolved, so that booking a visit there stays
// logistics. A run made only of clinical words ("I had Knee Surgery") keeps
// its terms, and so does text written all in capitals.
func (s *Stripper) dropFacilityTerms(sc *scratch) {
	n := len(sc.tb.toks)
	if len(sc.cands) == 0 || sc.tb.anyFlags&fCap == 0 {
		return
	}
	var inCand []bool // tokens inside any candidate, marked once when first needed
	out := sc.cands[:0]
	for ci := range sc.cands {
		c := sc.cands[ci]
		// only a service's name ("Surgery", "Physical Therapy", "Hospice" is
		// care): a disease or a drug in a venue's name still tells ("Summit
		// Cancer Care")
		if (c.cat == s.cProc || c.cat == s.cCare) && sc.tb.toks[c.ts].flags&fCap != 0 {
			if inCand == nil {
				inCand = make([]bool, n)
				for _, o := range sc.cands {
					for x := o.ts; x < o.te; x++ {
						inCand[x] = true
					}
				}
			}
			if s.inFacilityName(sc, inCand, int(c.ts), int(c.te), n) {
				continue
			}
		}
		out = append(out, c)
	}
	sc.cands = out
}

// inFacilityName: tokens [ts, te) are capitalised words inside a run of
// capitalised words that ends in a facility word, and the run has, before
// ts, a capitalised word of its own that is no clinical word ("Greenfield").
func (s *Stripper) inFacilityName(sc *scratch, inCand []bool, ts, te, n int) bool {
	toks := sc.tb.toks
	for x := ts; x < te; x++ {
		if toks[x].kind != tkWord || toks[x].flags&fCap == 0 || toks[x].flags&fAllCap != 0 {
			return false
		}
	}
	// the run's end: the last capitalised word on the same line
	e := te
	for e < n && e < te+3 && toks[e].kind == tkWord && toks[e].flags&fCap != 0 && toks[e].flags&fNewline == 0 {
		e++
	}
	if !FacilityWord(toks[e-1].norm) && !(e < n && toks[e].kind == tkWord && venueNoun[toks[e].norm]) {
		return false
	}
	// a word of the venue's own name before the term
	for b := ts - 1; b >= 0 && b >= ts-3; b-- {
		t := &toks[b]
		if t.kind != tkWord || t.flags&fCap == 0 || t.flags&fAllCap != 0 || toks[b+1].flags&fNewline != 0 {
			return false
		}
		if t.flags&fSentStart != 0 && t.is(wcStopEN) {
			return false
		}
		if !t.is(wcLexWord|wcStopEN|wcTitle) && !inCand[b] {
			return true
		}
	}
	return false
}

// venueNoun: a lower-case word after a capitalised run that makes it a venue
// ("the Summit Dermatology group", "Lakeside Orthopedics office").
var venueNoun = map[string]bool{
	"group": true, "office": true, "offices": true, "clinic": true, "practice": true, "location": true,
	"locations": true, "branch": true, "team": true, "center": true, "centre": true, "building": true,
	"campus": true, "site": true, "department": true, "network": true,
}
