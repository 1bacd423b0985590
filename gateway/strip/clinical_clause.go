package strip

// Clause pass of the residue stage: in a clinical message, a clause that
// holds a clinical finding is replaced entirely, except core function words
// and appointment logistics (vocab/<lang>_keep.txt) and identifier findings,
// so the everyday words around a symptom ("woke up five times every night",
// "for the first few days") do not survive. Clauses without a clinical
// finding keep the residue pass's word-by-word behaviour.
//
// A clause ends at sentence punctuation, a comma, semicolon, colon, bracket,
// quote or dash with spaces, a line break, or a coordinating / subordinating
// conjunction (vocab/<lang>_clause.txt); the boundary itself is kept.

// clauseBreakPunct lists punctuation that ends a clause.
func clauseBreakPunct(p string) bool {
	switch p {
	case ".", "!", "?", ";", ",", ":", "(", ")", "[", "]", "{", "}", "\"", "…", "¿", "¡", "“", "”", "|", "•", "*":
		return true
	}
	return false
}

// clinicalClauses marks every kept word of a clause with a clinical finding
// as clinical context. It reports whether anything changed.
func (s *Stripper) clinicalClauses(sc *scratch, st []uint8, voc map[string]uint8) bool {
	toks := sc.tb.toks
	n := len(toks)
	changed := false
	start := 0
	for start < n {
		// find the end of the clause that starts at start
		end := start
		clin := false
		for end < n {
			if end > start && (toks[end].sent != toks[start].sent || toks[end].flags&fNewline != 0) {
				break
			}
			if s.clauseBoundary(sc, st, voc, end) {
				break
			}
			if !clin && s.clinicalTok(sc, st, end) {
				clin = true
			}
			end++
		}
		if clin {
			for x := start; x < end; x++ {
				if st[x] != rsKeep && st[x] != rsFunc || toks[x].kind == tkPunct {
					continue
				}
				w := sc.tb.normOf(x)
				if s.vocClass(voc, w)&vKeep != 0 {
					continue
				}
				st[x] = rsClin
				changed = true
			}
		}
		if end == start {
			end++ // the boundary token itself
		}
		start = end
	}
	return changed
}

// clauseBoundary: punctuation or a conjunction that ends a clause.
func (s *Stripper) clauseBoundary(sc *scratch, st []uint8, voc map[string]uint8, x int) bool {
	t := &sc.tb.toks[x]
	if st[x] == rsCovered {
		return false
	}
	if t.kind == tkPunct {
		p := sc.tb.normOf(x)
		if clauseBreakPunct(p) {
			return true
		}
		// a dash between spaces ("tired - can't sleep")
		if (p == "-" || p == "–" || p == "—") && t.flags&fSpace != 0 {
			return true
		}
		return false
	}
	if t.kind != tkWord || s.vocClass(voc, sc.tb.normOf(x))&vClause == 0 {
		return false
	}
	// "and" / "or" join phrases as often as clauses: they end a clause only
	// when a subject follows ("fever and I need an appointment", not
	// "fever and need to go all the time")
	switch sc.tb.normOf(x) {
	case "and", "or", "nor", "plus", "y", "e", "o", "u", "ni":
		if x+1 >= len(sc.tb.toks) {
			return true
		}
		return clauseSubject[sc.tb.normOf(x+1)]
	}
	return true
}

// words that start a new clause after "and" / "or"
var clauseSubject = map[string]bool{
	"i": true, "i'm": true, "im": true, "i've": true, "ive": true, "i'd": true, "i'll": true,
	"we": true, "we're": true, "we've": true, "you": true, "he": true, "she": true, "they": true,
	"he's": true, "she's": true, "they're": true, "it": true, "it's": true, "this": true, "that": true,
	"there": true, "there's": true, "can": true, "could": true, "would": true, "will": true,
	"please": true, "thanks": true, "thank": true, "what": true, "when": true, "where": true, "how": true,
	"do": true, "does": true, "is": true, "are": true, "should": true,
	"yo": true, "quiero": true, "necesito": true, "puedo": true, "pueden": true, "gracias": true,
	"el": true, "ella": true, "ellos": true, "nosotros": true, "usted": true,
}

// clinicalTok: token x is inside an engine clinical finding or is a word the
// residue pass replaced as clinical context.
func (s *Stripper) clinicalTok(sc *scratch, st []uint8, x int) bool {
	switch st[x] {
	case rsClin:
		return clauseFromResidue
	case rsCovered:
		// a specialist or a care setting alone ("any dentists around here")
		// does not make its clause clinical
		if sp := sc.spanAt(x); sp != nil && s.k.clinical[sp.cat] && sp.cat != s.cCare {
			return true
		}
	}
	return false
}

// clauseFromResidue: a clause whose only clinical evidence is a residue
// replacement (an unknown word in a clinical message) is clinical too.
var clauseFromResidue = true
