package strip

// Brands, products, venues, landmarks, titles and stage names
// (gazetteer/brands_*.txt, landmarks.txt, media.txt, dog_cat_breeds.txt,
// kind gBrand) are capitalised like people's names but name no private
// person ("Add Dr Pepper to the list", "Is the Louvre open", "Play
// Heartbreak Hotel by Elvis"). dropBrandNames runs after the name finders: a
// name, location or number-less address finding that lies inside a listed
// brand written with a capital is dropped, unless a cue right before it says
// a person is meant ("my name is Mercedes", "my daughter Mercedes") or that
// it is someone's employer ("I work at Walmart": an employer is an
// identifier). The brand's tokens are marked (gBrandRun) so that the residue
// pass does not take them either.
// Companies, banks, insurers, agencies and teams (orgs.txt, kind gOrgName)
// are often someone's employer, and the dev set's identifier slice marks
// them: a name finding on one is only relabelled [organization].
// It also keeps a city after "in" that the name list knows as a given name
// ("a bar in Austin"): outside an address a city stays readable.

func (s *Stripper) dropBrandNames(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if len(sc.gk) != n || n == 0 {
		return
	}
	g := defaultGazetteer()
	drop := false
	caps := int8(0) // mostlyCaps, computed on first use
	for i := 0; i < n; i++ {
		t := &toks[i]
		if sc.gk[i]&(gBrand|gOrgName|gBrandFirst) == 0 || t.kind != tkWord || t.flags&(fCap|fAllCap) == 0 {
			continue
		}
		if t.flags&fAllCap != 0 {
			if caps == 0 {
				caps = -1
				if mostlyCaps(toks) {
					caps = 1
				}
			}
			if caps > 0 {
				break // in text written in capitals, "BEST BUY" may be two words
			}
		}
		end, kind := g.longest(sc, i, gBrand|gOrgName)
		if kind&(gBrand|gOrgName) == 0 || s.personCueBefore(sc, i) {
			continue
		}
		if kind&gBrand == 0 || employerCueBefore(sc, i) {
			// a company, an agency or a team stays removed, as what it is
			// ("the address of Transunion is ...": [organization], not [name])
			spansWithin(sc, i, end, func(sp *span) {
				if sp.cat == s.cName {
					sp.cat = s.ic.organization
				}
			})
			i = end - 1
			continue
		}
		for x := i; x < end; x++ {
			sc.gk[x] |= gBrandRun
		}
		spansWithin(sc, i, end, func(sp *span) {
			if s.droppableProper(sc, sp) {
				sp.te = sp.ts
				drop = true
			}
		})
		i = end - 1
	}
	// a city that is also a given name, after a locative word: a place
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != s.cName || sp.te != sp.ts+1 || sp.ts == 0 {
			continue
		}
		x := int(sp.ts)
		if toks[x].flags&fCap == 0 || sc.gk[x]&gCity == 0 || !cityPrep[toks[x-1].norm] {
			continue
		}
		if x+1 < n && toks[x+1].kind == tkWord && toks[x+1].flags&fCap != 0 {
			continue // "in Austin Smith's class"
		}
		sp.te = sp.ts
		drop = true
	}
	if drop {
		compactSpans(sc)
	}
}

// spansWithin calls fn once for every span that lies wholly inside tokens
// [ts, te), found through the cover (so a message with many brands costs no
// scan of every span per brand).
func spansWithin(sc *scratch, ts, te int, fn func(sp *span)) {
	last := int32(0)
	for x := ts; x < te; x++ {
		si := sc.cover[x]
		if si == 0 || si == last {
			continue
		}
		last = si
		if sp := &sc.spans[si-1]; int(sp.ts) >= ts && int(sp.te) <= te && sp.te > sp.ts {
			fn(sp)
		}
	}
}

// cityPrep: words after which a capitalised city is where something is.
var cityPrep = map[string]bool{"in": true, "near": true, "around": true, "outside": true, "downtown": true}

// droppableProper: a finding a brand may undo (names, locations, and an
// address without a number: "at Olive Garden"). An organisation finding
// stays: its matcher found it through a cue ("from Can Capital").
func (s *Stripper) droppableProper(sc *scratch, sp *span) bool {
	switch sp.cat {
	case s.cName, s.ic.location:
		return true
	case s.ic.address:
		for x := sp.ts; x < sp.te; x++ {
			if sc.tb.toks[x].flags&fDigit != 0 {
				return false
			}
		}
		return true
	}
	return false
}

// personCueBefore: the words right before token i introduce a person ("my
// name is", "I'm", "this is", "Dear", "my daughter", "Mr.").
func (s *Stripper) personCueBefore(sc *scratch, i int) bool {
	toks := sc.tb.toks
	p := i - 1
	if p >= 0 && toks[p].norm == "," {
		p--
	}
	if p >= 0 && toks[p].norm == "." && p > 0 && personCues[toks[p-1].norm] {
		return true
	}
	if p < 0 {
		return false
	}
	w := toks[p].norm
	if personCues[w] || relationWords[w] || signOffs[w] || w == "i'm" || w == "im" || w == "named" || w == "called" || w == "hi" || w == "hello" || w == "hey" {
		return true
	}
	if p >= 1 && (w == "is" || w == "am" || w == ":") {
		q := toks[p-1].norm
		return q == "name" || q == "this" || q == "i" || q == "it"
	}
	return false
}

// employerCueBefore: the brand is where someone works, which identifies
// them ("I work at Walmart", "employed by Verizon", "my job at Target").
func employerCueBefore(sc *scratch, i int) bool {
	toks := sc.tb.toks
	p := i - 1
	if p >= 0 && toks[p].norm == "the" {
		p--
	}
	if p < 0 {
		return false
	}
	switch toks[p].norm {
	case "at", "for", "by", "with", "from", "joined", "join", "left", "quit":
	default:
		return false
	}
	for j := p - 1; j >= 0 && j >= p-3; j-- {
		switch toks[j].norm {
		case "work", "works", "working", "worked", "employed", "employee", "employer", "job", "jobs", "intern",
			"interned", "internship", "position", "role", "manager", "engineer", "hired", "contractor",
			"joined", "quit", "left", "career", "shift", "shifts", "trabajo", "trabaja":
			return true
		}
	}
	return toks[p].norm == "joined" || toks[p].norm == "join" || toks[p].norm == "quit"
}

// compactSpans drops the emptied spans (te == ts) and re-indexes the cover.
func compactSpans(sc *scratch) {
	out := sc.spans[:0]
	for _, sp := range sc.spans {
		if sp.te > sp.ts {
			out = append(out, sp)
		}
	}
	sc.spans = out
	clear(sc.cover)
	for si, sp := range sc.spans {
		for x := sp.ts; x < sp.te; x++ {
			sc.cover[x] = int32(si + 1)
		}
	}
}
