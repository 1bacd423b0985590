package strip

// Clause pass of the residue stage: in a clinical message, a clause that
// holds a clinical finding is replaced entirely, except core function words
// and appointment logistics (vocab/<lang>_keep.txt) and identifier findings,
// so the everyday words around a symptom ("woke up five times every night",
// "for the first few days") do not survive. Clauses without a clinical
// finding keep the residue pass's word-by-word behaviour.
//
// A clause ends at sentence punctuation, a comma, semicolon, colon, bracket,
// quote or dash with spaces, a line break, or a conjunction
// (vocab/<lang>_clause.txt; "and", "or" and "so" only before a subject); the
// boundary itself is kept. A short fragment of time and quantity words next to
// a clinical clause of the same sentence ("At first, ...") goes with it.

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
// vc holds the vocabulary class of every word the residue pass saw (0 for
// tokens inside findings).
func (s *Stripper) clinicalClauses(sc *scratch, st []uint8, vc []uint8) bool {
	toks := sc.tb.toks
	n := len(toks)
	type clause struct {
		a, b  int32 // token range [a, b)
		clin  bool  // holds a clinical finding
		frag  bool  // a short fragment of time / quantity words only ("at first", "after two weeks")
		words int32
	}
	var buf [32]clause
	cl := buf[:0]
	for start := 0; start < n; {
		end := start
		c := clause{a: int32(start), frag: true}
		for end < n {
			if end > start && (toks[end].sent != toks[start].sent || toks[end].flags&fNewline != 0) {
				break
			}
			if s.clauseBoundary(sc, st, vc, end) {
				break
			}
			if !c.clin && s.clinicalTok(sc, st, end) {
				c.clin = true
			}
			if toks[end].kind != tkPunct {
				c.words++
				// a logistics word (vKeep that is not a function word) or an
				// identifier finding keeps the fragment readable
				// (a fragment holds only function, time and quantity words and numbers)
				if st[end] == rsCovered {
					c.frag = false
				} else if toks[end].kind == tkWord && toks[end].flags&fDigit == 0 {
					v := vc[end]
					if v&(vKeep|vFunc) == vKeep || v&(vFunc|vTime) == 0 && st[end] != rsClin {
						c.frag = false
					}
				}
			}
			end++
		}
		if c.frag && greeting(sc, start) {
			c.frag = false // "Good morning," is a greeting, not a time fragment of the symptom
		}
		if end == start {
			end++ // the boundary token itself
		} else {
			c.b = int32(end)
			cl = append(cl, c)
		}
		start = end
	}
	changed := false
	for ci := range cl {
		c := &cl[ci]
		do := c.clin
		if !do && c.frag && c.words > 0 && c.words <= 4 {
			// a short time / quantity fragment next to a clinical clause of the
			// same sentence belongs to it ("At first, [symptom]")
			sent := toks[c.a].sent
			if ci > 0 && cl[ci-1].clin && toks[cl[ci-1].a].sent == sent || ci+1 < len(cl) && cl[ci+1].clin && toks[cl[ci+1].a].sent == sent {
				do = true
			}
		}
		if !do {
			continue
		}
		for x := int(c.a); x < int(c.b); x++ {
			if st[x] != rsKeep && st[x] != rsFunc || toks[x].kind == tkPunct {
				continue
			}
			if vc[x]&vKeep != 0 && !(x > int(c.a) && c.clin && midClauseWhen(sc.tb.normOf(x))) {
				continue
			}
			st[x] = rsClin
			changed = true
		}
	}
	return changed
}

// clauseBoundary: punctuation or a conjunction that ends a clause.
func (s *Stripper) clauseBoundary(sc *scratch, st []uint8, vc []uint8, x int) bool {
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
	if t.kind != tkWord || vc[x]&vClause == 0 {
		return false
	}
	// "and" / "or" join phrases as often as clauses: they end a clause only
	// when a subject follows ("fever and I need an appointment", not
	// "fever and need to go all the time")
	switch sc.tb.normOf(x) {
	case "and", "or", "nor", "plus", "so", "y", "e", "o", "u", "ni":
		if x+1 >= len(sc.tb.toks) {
			return true
		}
		return sc.tb.is(x+1, wcClauseSubject)
	}
	return true
}

// words that start a new clause after "and" / "or"
var clauseSubject = map[string]bool{
	"my": true, "his": true, "her": true, "our": true, "their": true, "your": true,
	"i": true, "i'm": true, "im": true, "i've": true, "ive": true, "i'd": true, "i'll": true,
	"we": true, "we're": true, "we've": true, "you": true, "he": true, "she": true, "they": true,
	"he's": true, "she's": true, "they're": true, "it": true, "it's": true, "this": true, "that": true,
	"there": true, "there's": true, "can": true, "could": true, "would": true, "will": true,
	"please": true, "thanks": true, "thank": true, "what": true, "when": true, "where": true, "how": true,
	"do": true, "does": true, "is": true, "are": true, "should": true,
	"mi": true, "mis": true, "su": true, "sus": true, "yo": true, "quiero": true, "necesito": true, "puedo": true, "pueden": true, "gracias": true,
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

// greetingTimes follow "good" in a greeting.
var greetingTimes = map[string]bool{"morning": true, "afternoon": true, "evening": true, "day": true, "night": true}

// greeting reports whether token i is part of a "good morning" style greeting.
func greeting(sc *scratch, i int) bool {
	n := len(sc.tb.toks)
	switch w := sc.tb.normOf(i); {
	case w == "good":
		return i+1 < n && sc.tb.is(i+1, wcGreetingTime)
	case sc.tb.is(i, wcGreetingTime):
		return i > 0 && sc.tb.normOf(i-1) == "good"
	}
	return false
}

// midClauseWhen: a subordinator that, inside a clinical clause and not at its
// start, tells when the symptom comes ("worse when I lie down", "hurts
// whenever I bend"): part of the symptom, not of the question.
func midClauseWhen(w string) bool {
	return w == "when" || w == "whenever" || w == "cuando"
}
