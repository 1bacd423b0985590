// Package strip removes clinical content and personal identifiers from
// patient messages and decides whether a message is clinical.
//
// The knowledge (lexicons, context phrases, name lists) lives in embedded
// data files under lexicon/<lang>/ and context/<lang>/; see lexicon/README.md.
// Matching is a single left-to-right pass over normalised tokens through a
// token trie, plus a handful of token-level pattern matchers for identifiers.
package strip

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Finding is one removed span, with byte offsets into the input.
type Finding struct {
	Category string `json:"category"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// Result of stripping one message.
type Result struct {
	Clinical   bool      // the message carries clinical content
	Redacted   string    // readable text with typed placeholders
	Findings   []Finding // removed spans, sorted by Start, non-overlapping
	Categories []string  // sorted distinct clinical categories (empty when not clinical)
	Lang       string    // "en" or "es" (best guess)
	Urgency    string    // "" | "emergency" | "self_harm"
}

// Stripper holds the compiled knowledge. It is safe for concurrent use.
type Stripper struct {
	k          *knowledge
	pool       sync.Pool
	phoneMu    sync.RWMutex
	phoneCache map[uint32]bool
	// frequently used category ids
	cDosage, cTest, cBody, cName, cCare, cSymptom, cProc catID
	cCondition, cInjury, cMedication                     catID
	cSafe, cBefore, cAfter, cBlock, cFiller, cMod, cHead catID
	langES                                               int
	pairCat                                              map[catID]bool // categories that pair with a body part
	words                                                *wordTable     // per-token word classes (wordclass.go)
	ic                                                   identCats      // identifier category ids (catids.go)
	fuzzy                                                *fuzzyIndex    // misspelt lexicon words (fuzzy.go)
	langEN                                               int
	catPrio                                              []int // catPriority by category id (50 when unlisted)
	// by language index: vocabFor, langBit and langIndex of the language's name
	langVoc  []map[string]uint8
	langBits []uint8
	langIdx  []uint8
}

// New loads the embedded knowledge.
func New() (*Stripper, error) {
	k, err := loadKnowledge(knowledgeFS)
	if err != nil {
		return nil, err
	}
	identWarmUp() // gazetteers and word list of the identifier pass (ident_*.go), loaded once
	return newFromKnowledge(k), nil
}

func newFromKnowledge(k *knowledge) *Stripper {
	s := &Stripper{k: k, phoneCache: map[uint32]bool{}}
	s.pool.New = func() any { return &scratch{} }
	s.cDosage = k.catIndex["dosage"]
	s.cMedication = k.catIndex["medication"]
	s.cTest = k.catIndex["test"]
	s.cBody = k.catIndex["body_part"]
	s.cName = k.catIndex["name"]
	s.cCare = k.catIndex["care_history"]
	s.cProc = k.catIndex["procedure"]
	s.cSymptom = k.catIndex["symptom"]
	s.cCondition = k.catIndex["condition"]
	s.cInjury = k.catIndex["injury"]
	s.cSafe = k.catIndex[catSafe]
	s.cBefore = k.catIndex[catBefore]
	s.cAfter = k.catIndex[catAfter]
	s.cBlock = k.catIndex[catBlock]
	s.cFiller = k.catIndex[catFiller]
	s.cMod = k.catIndex[catMod]
	s.cHead = k.catIndex[catHead]
	s.pairCat = map[catID]bool{k.catIndex["symptom"]: true, k.catIndex["injury"]: true, k.catIndex["condition"]: true}
	s.langES = -1
	if li, ok := k.langIndex["es"]; ok {
		s.langES = int(li)
	}
	s.langEN = -1
	if li, ok := k.langIndex["en"]; ok {
		s.langEN = int(li)
	}
	s.ic = newIdentCats(k)
	for _, l := range k.langs {
		s.langVoc = append(s.langVoc, vocabFor(l))
		s.langBits = append(s.langBits, s.langBit(l))
		s.langIdx = append(s.langIdx, k.langIndex[l])
	}
	s.catPrio = make([]int, len(k.cats))
	for id, name := range k.cats {
		if s.catPrio[id] = catPriority[name]; s.catPrio[id] == 0 {
			s.catPrio[id] = 50
		}
	}
	s.words = newWordTable(s)
	if s.langEN >= 0 {
		s.fuzzy = newFuzzyIndex(k.tr, 1<<s.langEN)
	}
	return s
}

var (
	defaultOnce sync.Once
	defaultS    *Stripper
)

// Default returns the process-wide Stripper, built once.
func Default() *Stripper {
	defaultOnce.Do(func() {
		s, err := New()
		if err != nil {
			panic("strip: embedded knowledge is broken: " + err.Error())
		}
		defaultS = s
	})
	return defaultS
}

// PlaceholderConfidential stands in the redacted text for the specially
// protected categories (confidentialCategories).
const PlaceholderConfidential = "[confidential]"

// confidentialCategories are the categories whose name alone discloses what
// the law protects most (pregnancy and reproductive health, sexual health
// and HIV, mental health, substance use, as in 42 CFR Part 2 and state
// laws): the redacted text the social-media team reads says [confidential]
// instead, so "[pregnancy] [diagnostic]" cannot spell out what was removed. The
// finding keeps its exact category for routing and the audit log.
var confidentialCategories = map[string]bool{
	"pregnancy": true, "sexual_health": true, "mental_health": true, "substance": true,
}

// confidentialList holds the keys of confidentialCategories: a few string
// compares cost less than the map lookup for every finding.
var confidentialList = func() []string {
	var l []string
	for c, ok := range confidentialCategories {
		if ok {
			l = append(l, c)
		}
	}
	return l
}()

func isConfidential(category string) bool {
	for _, c := range confidentialList {
		if c == category {
			return true
		}
	}
	return false
}

// Placeholder returns the placeholder for a category, e.g. "[symptom]",
// PlaceholderConfidential for a specially protected category, or
// PlaceholderClinical for the residue pass's clinical context.
func Placeholder(category string) string {
	if category == CategoryClinicalContext {
		return PlaceholderClinical
	}
	if isConfidential(category) {
		return PlaceholderConfidential
	}
	if w, ok := placeholderWord[category]; ok {
		return "[" + w + "]"
	}
	return "[" + category + "]"
}

// placeholderWord: the word a placeholder shows where the category's own name
// is an everyday word of the messages it stands in ("allergy [test]" would
// read as if "test" had been written, "my son's [allergy]" as if the patient
// had written "allergy"). The finding keeps the category.
var placeholderWord = map[string]string{
	"test":      "diagnostic",
	"body_part": "anatomy",
	"allergy":   "allergen",
}

// writePlaceholder writes Placeholder(category) without building it.
func writePlaceholder(b *strings.Builder, category string) {
	if category == CategoryClinicalContext {
		b.WriteString(PlaceholderClinical)
		return
	}
	if isConfidential(category) {
		b.WriteString(PlaceholderConfidential)
		return
	}
	switch category {
	case "test", "body_part", "allergy":
		category = placeholderWord[category]
	}
	b.WriteByte('[')
	b.WriteString(category)
	b.WriteByte(']')
}

// TermCounts reports the number of loaded terms per "<lang>/<category>".
func (s *Stripper) TermCounts() map[string]int {
	out := make(map[string]int, len(s.k.termCount))
	for k, v := range s.k.termCount {
		out[k] = v
	}
	return out
}

// context flags per token
const (
	cxBeforeEnd   uint8 = 1 << iota // a licensing phrase ends at this token
	cxFiller                        // filler word
	cxAfterStart                    // a licensing phrase starts at this token
	cxBlockStart                    // a veto phrase starts at this token
	cxStrong                        // the licensing phrase ending here is a strong frame
	cxMod                           // modifier word (absorbed before a finding)
	cxHead                          // head noun (absorbed after a finding)
	cxStrongAfter                   // a strong licensing phrase starts here (context/<lang>/after_strong.txt)
)

// Strip analyses one message.
func (s *Stripper) Strip(text string) Result {
	sc := s.pool.Get().(*scratch)
	defer s.pool.Put(sc)
	res := Result{Lang: "en"}
	tokenize(text, &sc.tb)
	s.words.classify(&sc.tb)
	toks := sc.tb.toks
	n := len(toks)
	if cap(sc.cover) < n {
		sc.cover = make([]int32, n)
	} else {
		sc.cover = sc.cover[:n]
		clear(sc.cover)
	}
	sc.spans = sc.spans[:0]
	sc.cands = sc.cands[:0]
	if n == 0 {
		res.Redacted = strings.ToValidUTF8(text, "\uFFFD")
		return res
	}
	lang := s.detectLang(text, sc)
	res.Lang = s.k.langs[lang]
	sc.lang = lang
	sc.spanish = lang == s.langES // identifier rules that rely on the English word list skip Spanish text

	s.findIdentifiers(text, sc)
	if sc.tb.anyFlags&fDigit != 0 {
		if sc.tb.anyFlags&fAllCap != 0 {
			s.dropCapsAddresses(sc) // ident_address.go
		}
		s.absorbNumberPrefixes(sc) // ident.go
	}
	ctx := s.scanLexicon(sc, lang)
	s.dropFacilityTerms(sc)      // clinical_facility.go
	s.dropMediaTitles(sc)        // clinical_media.go
	s.dropQuotedTitles(text, sc) // clinical_quoted.go
	s.dropShoppingLists(sc)      // clinical_shopping.go
	s.dropTitledTerms(sc)        // clinical_titles.go
	s.dropNamedThings(sc)        // clinical_named.go
	s.dropJokes(sc)              // clinical_jokes.go
	s.dropObjectTerms(sc)        // clinical_objects.go
	s.resolve(sc, ctx)
	s.markExactCase(text, sc) // clinical_casemarks.go
	s.findNames(text, sc)
	s.dropBrandNames(sc) // ident_brands.go
	if strings.IndexByte(text, '#') >= 0 {
		s.hashtagTerms(sc) // clinical_hashtags.go
	}
	s.numericClinical(sc)
	if sc.tb.anyFlags&fDigit != 0 {
		s.labUnitValues(sc) // clinical_labunits.go
	}
	s.clinicalNumeric(sc) // clinical_numeric.go
	s.gestationWeeks(sc)  // clinical_gestation.go
	s.propagate(sc)
	s.markCareDays(sc) // ident_caredays.go
	res = s.build(text, sc, res)
	s.finish(&res, text, sc) // residue pass (residue.go)
	if res.Redacted == "" {
		// the residue pass did not rewrite it (text is not empty: it has tokens)
		res.Redacted = redact(text, res.Findings)
	}
	return res
}

// redact writes the text with each finding replaced by its placeholder.
func redact(text string, fs []Finding) string {
	valid := utf8.ValidString(text)
	if len(fs) == 0 && valid {
		return text
	}
	grow := len(text) // room for the text and every placeholder: one allocation
	for _, f := range fs {
		grow += len(f.Category) + len(PlaceholderConfidential)
	}
	var b strings.Builder
	b.Grow(grow)
	prev := 0
	for _, f := range fs {
		seg := text[prev:f.Start]
		if !valid {
			seg = strings.ToValidUTF8(seg, "\uFFFD")
		}
		b.WriteString(seg)
		writePlaceholder(&b, f.Category)
		prev = f.End
	}
	seg := text[prev:]
	if !valid {
		seg = strings.ToValidUTF8(seg, "\uFFFD")
	}
	b.WriteString(seg)
	return b.String()
}

func (s *Stripper) detectLang(text string, sc *scratch) int {
	if len(s.k.langs) < 2 {
		return 0
	}
	best, bestScore := 0, 0
	scores := [8]int{}
	bonus := 0 // Spanish signs beyond its stop words, counted once one is there
	marks := 0 // of them, the written ones: accented words, "¿" and "¡"
	langES := s.langES
	hasES := langES >= 0
	esBit := uint8(0)
	if hasES {
		esBit = uint8(1) << langES
	}
	toks := sc.tb.toks
	info := sc.tb.info[:len(toks)]
	for i := range toks {
		t := &toks[i]
		if t.kind != tkWord {
			// "¿" and "¡" open only Spanish questions and exclamations
			if hasES && t.end-t.start == 2 && text[t.start] == 0xc2 && (text[t.start+1] == 0xbf || text[t.start+1] == 0xa1) {
				bonus += 2
				marks += 2
			}
			continue
		}
		// a lower-case word written with an accent or ñ that folds away
		// ("máquina", "reunión", "niño") is Spanish far more often than English
		// (capitalised ones are often names: "Szász"); short Spanish messages
		// share "me", "no", "de" with English. These signs count only in a
		// message with a Spanish stop word: an address block or a list of
		// foreign names alone stays English.
		if hasES && t.flags&(fCap|fAllCap|fPoss) == 0 && int(t.end-t.start) > len(t.norm) && spanishLetters(text[t.start:t.end]) {
			bonus++
			marks++
		}
		wi := &info[i]
		m := wi.stop
		// a function word of both languages ("me", "no", "a") counts for Spanish
		// too (the Spanish stop list leaves the shared ones out)
		if hasES && m&esBit == 0 && wi.voc[langES]&vFunc != 0 {
			bonus++
		}
		for m != 0 {
			li := bits.TrailingZeros8(m)
			scores[li]++
			m &= m - 1
		}
	}
	if s.langES >= 0 && (scores[s.langES] > 0 || marks >= 2) {
		// two Spanish signs make a Spanish message even with no Spanish stop
		// word, as in a note written in headings ("Dx: EPOC, oxígeno a 2 litros")
		scores[s.langES] += bonus
	}
	for li := range s.k.langs {
		if scores[li] > bestScore {
			best, bestScore = li, scores[li]
		}
	}
	return best
}

// depluralise returns a singular candidate for an English/Spanish plural.
func depluralise(w string) string {
	n := len(w)
	if n <= 3 || w[n-1] != 's' || w[n-2] == 's' || w[n-2] == 'u' || w[n-2] == '\'' {
		return ""
	}
	if strings.HasSuffix(w, "ies") && n > 4 {
		return w[:n-3] + "y"
	}
	return w[:n-1]
}

func depluraliseES(w string) string {
	n := len(w)
	if n > 4 && strings.HasSuffix(w, "es") {
		return w[:n-2]
	}
	return ""
}

// scanLexicon runs the token trie over uncovered tokens and records
// candidate spans (clinical and pseudo categories). It returns per-token
// context flags.
func (s *Stripper) scanLexicon(sc *scratch, lang int) []uint8 {
	toks := sc.tb.toks
	n := len(toks)
	tr := s.k.tr
	// reuse buf as context flags
	if cap(sc.buf) < n {
		sc.buf = make([]byte, n)
	}
	ctx := sc.buf[:n]
	clear(ctx)
	bit := uint8(1) << lang
	lower := sc.tb.anyFlags&(fCap|fAllCap) == 0 // a message without capitals: names are lower-case too
	// each token's id and the id of its singular form (classify looked them up)
	if cap(sc.tids) < 2*n {
		sc.tids = make([]int32, 2*n)
	}
	tids := sc.tids[:2*n]
	info := sc.tb.info[:n]
	isEN := lang == s.langEN
	for x := range toks {
		t := &toks[x]
		a, b := int32(-1), int32(-1)
		if t.kind != tkPunct || t.norm == "#" {
			a = info[x].tid
			if t.kind == tkWord {
				b = info[x].tidS
				if a < 0 && b < 0 && isEN {
					a = s.misspelt(sc, x, lower)
				}
			}
		}
		tids[2*x], tids[2*x+1] = a, b
	}
	// contractions written with a spaced apostrophe ("can ' t", "I ' m") read
	// as one token; rare, so the map is only made when one is seen
	join := spacedContractions(sc, tids, tr)
	probe := tr.kidHash != nil // frozen
	for i := 0; i < n; {
		if sc.cover[i] != 0 || toks[i].kind == tkPunct && !(sc.tb.normOf(i) == "#") {
			i++
			continue
		}
		node := int32(0)
		bestNode := int32(-1)
		bestEnd := -1
		var best, term lexEntry
		bestOK := false
		termEnd := -1 // longest term or safe phrase (a longer context phrase must not hide it: "medication" in "medication for")
		j := i
		for j < n {
			if sc.cover[j] != 0 {
				break
			}
			t := &toks[j]
			if j > i && t.kind == tkPunct {
				c := sc.tb.normOf(j)
				if (c == "-" || c == "/" || c == "–" || c == "." && abbrevDot(toks, j)) && j+1 < n && toks[j+1].kind != tkPunct {
					j++
					continue
				}
			}
			next := int32(-1)
			if node != 0 && probe {
				// tr.child without the call (the probe inlined here)
				if tids[2*j] >= 0 {
					next = tr.probe(node, tids[2*j])
				}
				if next < 0 && tids[2*j+1] >= 0 && t.kind == tkWord {
					next = tr.probe(node, tids[2*j+1])
				}
			} else {
				if tids[2*j] >= 0 {
					next = tr.child(node, tids[2*j])
				}
				if next < 0 && tids[2*j+1] >= 0 && t.kind == tkWord {
					next = tr.child(node, tids[2*j+1])
				}
			}
			if next < 0 {
				break
			}
			node = next
			j++
			if join != nil {
				if k, ok := join[j-1]; ok && j-1+k <= n && sc.cover[j-2+k] == 0 {
					j += k - 1
				}
			}
			if ents, ok := tr.terms(node); ok {
				if e, ok := s.pickEntry(ents, bit, j-i, sc, i, j); ok {
					bestEnd, best, bestOK, bestNode = j, e, true, node
					if s.k.clinical[e.cat] || e.cat == s.cSafe {
						termEnd, term = j, e
					}
				}
			}
		}
		if !bestOK && tids[2*i+1] >= 0 && tids[2*i+1] != tids[2*i] && tids[2*i] >= 0 && lang == s.langEN && toks[i].flags&(fCap|fAllCap) == 0 {
			// the exact plural may only start longer phrases ("strokes of
			// genius") while its singular is a term ("two strokes"): walk again
			// with the singular first (rare; walkTrie is the same walk as above,
			// kept inline here because as a call it cost 4 % of Strip)
			var m trieMatch
			s.walkTrie(sc, tids, join, i, bit, true, &m)
			bestEnd, best, bestOK, bestNode, termEnd, term = m.end, m.best, m.ok, m.node, m.termEnd, m.term
		}
		if bestOK && best.cat == s.cSafe {
			if k := s.termAcross(sc, tids, join, i, bestEnd, bit); k > i {
				// a clinical term starts inside the safe phrase and runs past it
				// ("what a pain" in "what a pain in my back"): the term wins
				i = k
				continue
			}
		}
		if !bestOK {
			i++
			continue
		}
		// every pseudo entry of the matched phrase sets its context flag
		// ("tengo" may be a term and a licensing phrase; "severe" a filler and a modifier)
		isTerm := s.k.clinical[best.cat]
		ents, _ := tr.terms(bestNode)
		for _, e := range ents {
			if e.lang&bit == 0 {
				continue
			}
			switch e.cat {
			case s.cBefore:
				ctx[bestEnd-1] |= cxBeforeEnd
				if e.anchor {
					ctx[bestEnd-1] |= cxStrong
				}
			case s.cAfter:
				ctx[i] |= cxAfterStart
				if e.anchor {
					ctx[i] |= cxStrongAfter
				}
			case s.cBlock:
				ctx[i] |= cxBlockStart
			case s.cFiller, s.cMod, s.cHead:
				if isTerm {
					continue
				}
				f := cxFiller
				if e.cat == s.cMod {
					f = cxMod
				} else if e.cat == s.cHead {
					f = cxHead
				}
				for x := i; x < bestEnd; x++ {
					ctx[x] |= f
				}
			}
		}
		if best.cat != s.cSafe && isTerm {
			if k := s.safeAcross(sc, tids, i, bestEnd, bit); k > i {
				// a safe phrase starts inside the term and runs past it ("had a
				// stroke" in "had a stroke of luck"): the idiom wins, read from there
				i = k
				continue
			}
			sc.cands = append(sc.cands, span{ts: int32(i), te: int32(bestEnd), cat: best.cat, amb: best.amb, urg: best.urgency, lang: best.lang, anchor: best.anchor})
		}
		if !isTerm && best.cat != s.cSafe {
			if termEnd > i {
				if term.cat != s.cSafe {
					sc.cands = append(sc.cands, span{ts: int32(i), te: int32(termEnd), cat: term.cat, amb: term.amb, urg: term.urgency, lang: term.lang, anchor: term.anchor})
				}
				i = termEnd
				continue
			}
			// context phrases may overlap terms ("my" + "my chest"): advance one token
			i++
			continue
		}
		i = bestEnd
	}
	return ctx
}

// abbrevDot: the "." at token j closes a one-letter abbreviation inside a
// phrase ("H. pylori", "E. coli", "C. diff"): the walk reads on over it, as
// the lexicon's own phrase keys have no punctuation.
func abbrevDot(toks []token, j int) bool {
	return j > 0 && toks[j-1].kind == tkWord && toks[j-1].end-toks[j-1].start == 1 && toks[j].flags&fSpace == 0
}

// trieMatch is the result of one trie walk from a token.
type trieMatch struct {
	end, termEnd int // end of the best entry, and of the longest term or safe phrase
	best, term   lexEntry
	node         int32
	ok           bool
}

// walkTrie walks the trie from token i over uncovered tokens and returns the
// best entry of the longest phrase (the exact word first, then its singular;
// singularFirst reverses that at token i).
func (s *Stripper) walkTrie(sc *scratch, tids []int32, join map[int]int, i int, bit uint8, singularFirst bool, m *trieMatch) {
	toks := sc.tb.toks
	cover := sc.cover
	n := len(toks)
	tr := s.k.tr
	end, termEnd, bestNode := -1, -1, int32(-1)
	var best, term lexEntry
	ok := false
	node := int32(0)
	for j := i; j < n && j < len(cover) && 2*j+1 < len(tids); {
		if cover[j] != 0 {
			break
		}
		t := &toks[j]
		if j > i && t.kind == tkPunct {
			c := t.norm
			if (c == "-" || c == "/" || c == "–" || c == "." && abbrevDot(toks, j)) && j+1 < n && toks[j+1].kind != tkPunct {
				j++
				continue
			}
		}
		a, b := tids[2*j], tids[2*j+1]
		if singularFirst && j == i {
			a, b = b, a
		}
		next := tr.child(node, a)
		if next < 0 && b >= 0 && t.kind == tkWord {
			next = tr.child(node, b)
		}
		if next < 0 {
			break
		}
		node = next
		j++
		if join != nil {
			if k, ok := join[j-1]; ok && j-1+k <= n && cover[j-2+k] == 0 {
				j += k - 1
			}
		}
		if ents, has := tr.terms(node); has {
			if e, picked := s.pickEntry(ents, bit, j-i, sc, i, j); picked {
				end, best, ok, bestNode = j, e, true, node
				if s.k.clinical[e.cat] || e.cat == s.cSafe {
					termEnd, term = j, e
				}
			}
		}
	}
	*m = trieMatch{end: end, termEnd: termEnd, best: best, term: term, node: bestNode, ok: ok}
}

// termAcross returns the first token k in (i, end) where a clinical term
// starts that ends after end with a clinical word of its own there, or -1: a
// safe phrase must not hide the term it overlaps ("what a pain" in "what a
// pain in my back").
func (s *Stripper) termAcross(sc *scratch, tids []int32, join map[int]int, i, end int, bit uint8) int {
	for k := i + 1; k < end; k++ {
		if sc.tb.toks[k].kind == tkPunct {
			continue
		}
		var m trieMatch
		s.walkTrie(sc, tids, join, k, bit, false, &m)
		if m.termEnd <= end || !s.k.clinical[m.term.cat] {
			continue
		}
		// the part past the safe phrase must say something clinical itself (an
		// unambiguous term or a body part: "in my back"), not only finish the
		// phrase ("test results" after "bank stress test")
		for x := end; x < m.termEnd; x++ {
			var r trieMatch
			if s.walkTrie(sc, tids, join, x, bit, false, &r); r.termEnd > x && s.k.clinical[r.term.cat] && (!r.term.amb || r.term.cat == s.cBody) {
				return k
			}
		}
	}
	return -1
}

// safeAcross returns the first token k in (i, end) where a safe phrase of the
// language starts that ends after end, or -1: leftmost-longest matching would
// otherwise let a term that starts earlier hide the idiom it overlaps.
func (s *Stripper) safeAcross(sc *scratch, tids []int32, i, end int, bit uint8) int {
	toks := sc.tb.toks
	n := len(toks)
	tr := s.k.tr
	for k := i + 1; k < end; k++ {
		if toks[k].kind == tkPunct {
			continue
		}
		node := int32(0)
		for j := k; j < n && sc.cover[j] == 0; {
			next := int32(-1)
			if tids[2*j] >= 0 {
				next = tr.child(node, tids[2*j])
			}
			if next < 0 && tids[2*j+1] >= 0 && toks[j].kind == tkWord {
				next = tr.child(node, tids[2*j+1])
			}
			if next < 0 {
				break
			}
			node = next
			j++
			if j <= end {
				continue
			}
			if ents, ok := tr.terms(node); ok {
				for _, e := range ents {
					if e.cat == s.cSafe && e.lang&bit != 0 {
						return k
					}
				}
			}
		}
	}
	return -1
}

func (s *Stripper) pickEntry(ents []lexEntry, bit uint8, ntok int, sc *scratch, i, j int) (lexEntry, bool) {
	var best lexEntry
	found := false
	for _, e := range ents {
		if e.lang&bit == 0 {
			// other language: only unambiguous, long terms (drug names etc.)
			if e.amb || int(sc.tb.toks[j-1].end-sc.tb.toks[i].start) < 6 || !s.k.clinical[e.cat] {
				continue
			}
		}
		if !found {
			best, found = e, true
			continue
		}
		if better(s, e, best) {
			best = e
		}
	}
	return best, found
}

func better(s *Stripper, a, b lexEntry) bool {
	// safe beats everything, context phrases lose to real terms
	if a.cat == s.cSafe {
		return true
	}
	if b.cat == s.cSafe {
		return false
	}
	ac, bc := s.k.clinical[a.cat], s.k.clinical[b.cat]
	if ac != bc {
		return ac
	}
	if a.amb != b.amb {
		return !a.amb
	}
	if a.urgency != b.urgency {
		return a.urgency > b.urgency
	}
	if int(a.cat) < len(s.catPrio) && int(b.cat) < len(s.catPrio) {
		return s.catPrio[a.cat] < s.catPrio[b.cat]
	}
	pa, pb := catPriority[s.k.cats[a.cat]], catPriority[s.k.cats[b.cat]]
	if pa == 0 {
		pa = 50
	}
	if pb == 0 {
		pb = 50
	}
	return pa < pb
}

// resolve decides ambiguous candidates and covers accepted ones.
func (s *Stripper) resolve(sc *scratch, ctx []uint8) {
	toks := sc.tb.toks
	n := len(toks)
	cands := sc.cands
	anchor := func(c *span) bool { return c.accepted && s.k.clinical[c.cat] && c.cat != s.cBody }
	// pass 1: unambiguous + frame-licensed
	for ci := range cands {
		c := &cands[ci]
		if !c.amb {
			c.accepted = true
			continue
		}
		if int(c.te) < n && ctx[c.te]&cxBlockStart != 0 {
			continue
		}
		// licensing phrase before (skipping fillers)
		j := int(c.ts) - 1
		for skip := 0; j >= 0 && skip < 4 && ctx[j]&cxFiller != 0 && ctx[j]&cxBeforeEnd == 0; skip++ {
			j--
		}
		if j >= 0 && ctx[j]&cxStrong != 0 {
			c.accepted = true
			continue
		}
		// a strong frame after ("crying for no reason", "tired all the time")
		if int(c.te) < n && ctx[c.te]&cxStrongAfter != 0 && c.cat != s.cBody && !(c.te-c.ts == 1 && weakAfterTerm[toks[int(c.ts)].norm]) {
			c.accepted = true
			continue
		}
		// a lab analyte or a vital sign with its value ("potassium 5.8",
		// "ldl 190 at age 30", "oxygen 91 percent")
		if c.cat == s.cTest && s.valueAfter(sc, int(c.te), !c.anchor) {
			c.accepted = true
			continue
		}
		// a lab abbreviation written in capitals with its value ("ALT 78",
		// "LH of 12"): the anchor-only short names need no other clinical word then
		if c.cat == s.cTest && c.anchor && s.capsAnalyteValue(sc, int(c.ts), int(c.te)) {
			c.accepted = true
			continue
		}
		if c.anchor {
			continue
		}
		if j >= 0 && ctx[j]&cxBeforeEnd != 0 && c.cat != s.cCare {
			c.accepted = true
			continue
		}
		// licensing phrase after
		j = int(c.te)
		if j < n && ctx[j]&cxAfterStart != 0 {
			c.accepted = true
			continue
		}
	}
	// pass 1b: a body part next to an ambiguous clinical word licenses both
	// ("my gums bleed", "a mole on my back", "sprained my wrist", "clicking in my ear")
	for ci := range cands {
		c := &cands[ci]
		if c.cat != s.cBody || !c.amb {
			continue
		}
		for cj := ci - 2; cj <= ci+2; cj++ {
			if cj < 0 || cj >= len(cands) || cj == ci {
				continue
			}
			o := &cands[cj]
			if !s.pairCat[o.cat] || toks[o.ts].sent != toks[c.ts].sent {
				continue
			}
			d := int(o.ts) - int(c.te)
			if d < 0 {
				d = int(c.ts) - int(o.te)
			}
			if d > 3 || (int(o.te) < n && ctx[o.te]&cxBlockStart != 0) {
				continue
			}
			c.accepted = true
			if o.amb && !o.accepted {
				o.accepted = true
				o.anchor = false
			}
		}
	}
	// pass 2: ambiguous near an anchor (within 8 tokens, or same sentence within 25)
	// anchors are visited in order, so keep the last anchor before and scan ahead.
	anchors := sc.anchors[:0]
	for ci := range cands {
		if anchor(&cands[ci]) {
			anchors = append(anchors, int32(ci))
		}
	}
	sc.anchors = anchors
	ai := 0
	for ci := range cands {
		c := &cands[ci]
		for ai < len(anchors) && cands[anchors[ai]].te <= c.ts {
			ai++
		}
		if c.accepted {
			continue
		}
		if int(c.te) < n && ctx[c.te]&cxBlockStart != 0 {
			continue
		}
		near := func(o *span) bool {
			d := int(o.ts) - int(c.te)
			if d < 0 {
				d = int(c.ts) - int(o.te)
			}
			return d <= 8 || toks[o.ts].sent == toks[c.ts].sent && d <= 25
		}
		if ai > 0 && near(&cands[anchors[ai-1]]) {
			c.accepted = true
			continue
		}
		if ai < len(anchors) && near(&cands[anchors[ai]]) {
			c.accepted = true
			continue
		}
		if ai+1 < len(anchors) && near(&cands[anchors[ai+1]]) {
			c.accepted = true
		}
	}
	s.concernAccept(sc)   // clinical_concern.go
	s.bodyStateAccept(sc) // clinical_bodystate.go
	for ci := range cands {
		c := cands[ci]
		if !c.accepted || !sc.free(int(c.ts), int(c.te)) {
			continue
		}
		// absorb adjacent modifiers ("very severe") and head nouns ("problems")
		if c.cat != s.cBody {
			for steps := 0; steps < 3 && c.ts > 0 && ctx[c.ts-1]&cxMod != 0 && sc.cover[c.ts-1] == 0 && toks[c.ts-1].flags&fNewline == 0; steps++ {
				c.ts--
			}
			for steps := 0; steps < 2 && int(c.te) < n && ctx[c.te]&cxHead != 0 && sc.cover[c.te] == 0 && toks[c.te].flags&fNewline == 0; steps++ {
				c.te++
			}
		}
		sc.spans = append(sc.spans, c)
		idx := int32(len(sc.spans))
		for x := c.ts; x < c.te; x++ {
			sc.cover[x] = idx
		}
	}
}

// everyday words that a strong "after" frame does not license alone
// ("my balance is low all the time", "it's cold all the time here")
var weakAfterTerm = map[string]bool{"low": true, "down": true, "high": true, "cold": true, "hot": true, "pressure": true, "heavy": true, "warm": true, "empty": true, "flat": true}

var doseUnits = map[string]uint8{
	"mg": 2, "mgs": 2, "mcg": 2, "milligram": 2, "milligrams": 2, "microgram": 2, "micrograms": 2,
	"iu": 2, "meq": 2, "mmol": 2, "tablet": 2, "tablets": 2, "tab": 1, "tabs": 1, "pill": 2, "pills": 2,
	"capsule": 2, "capsules": 2, "caps": 1, "puff": 2, "puffs": 2, "drop": 1, "drops": 1, "cc": 1,
	"ml": 1, "mls": 1, "g": 1, "gm": 1, "grams": 1, "units": 1, "unit": 1, "dose": 1, "doses": 1,
	"mg/dl": 2, "miligramos": 2, "pastillas": 2, "pastilla": 2, "tabletas": 2, "tableta": 2,
	"capsulas": 2, "gotas": 1, "unidades": 1, "mililitros": 1, "milliliters": 1, "injections": 2,
	"injection": 2, "shots": 1, "patch": 1, "patches": 1, "sprays": 1, "inhalations": 2, "vials": 2,
}

var weightUnits = map[string]bool{"pounds": true, "pound": true, "lbs": true, "lb": true, "kg": true, "kilos": true, "kilograms": true, "libras": true, "kilos.": true}
var spelledNums = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "fifteen": true, "twenty": true, "thirty": true, "forty": true, "fifty": true,
	"a": true, "few": true, "some": true, "several": true, "many": true, "much": true, "dozen": true,
	"ninety": true, "hundred": true, "noventa": true, "cien": true, "ciento": true}

var weightVerbs = map[string]bool{"gained": true, "gain": true, "gaining": true, "lost": true, "lose": true, "losing": true, "dropped": true, "put": true, "on": true, "subi": true, "baje": true, "perdi": true, "gane": true}

var valueLinks = map[string]bool{
	"was": true, "is": true, "at": true, "of": true, ":": true, "=": true, "came": true, "back": true,
	"level": true, "levels": true, "around": true, "about": true, "over": true, "under": true,
	"es": true, "de": true, "fue": true, "en": true, "reading": true, "count": true, "went": true,
	"up": true, "down": true, "to": true, "now": true, "were": true, "are": true, "esta": true,
	"above": true, "below": true, "like": true, "almost": true, "nearly": true, "el": true, "la": true,
	"my": true, "mi": true, "high": true, "low": true, "only": true, "still": true,
	"salio": true, "le": true, "me": true, "dio": true, "marca": true, "marco": true, "anda": true, "tiene": true,
	"tengo": true, "tenia": true, "estaba": true, "sube": true, "subio": true, "bajo": true, "alta": true, "alto": true,
}

var valueUnits = map[string]bool{
	"%": true, "mg": true, "dl": true, "mmhg": true, "bpm": true, "degrees": true, "f": true, "c": true,
	"mmol": true, "l": true, "grados": true, "°": true, "k": true, "lbs": true, "kg": true,
}

// takeVerbs: a count of units after one of them is a dose ("took 2 tabs").
var takeVerbs = map[string]bool{
	"take": true, "takes": true, "took": true, "taking": true, "taken": true, "swallowed": true,
	"swallow": true, "popped": true, "pop": true, "popping": true, "dropped": true, "injected": true,
	"inject": true, "tomo": true, "tome": true, "tomar": true, "tomando": true,
}

// takeBefore: a verb of taking one or two tokens before token i.
func takeBefore(sc *scratch, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if takeVerbs[sc.tb.toks[k].norm] {
			return true
		}
	}
	return false
}

// numericClinical finds dosages ("20mg", "2 tablets", "bid") and values that
// follow a clinical term ("A1C was 9.2", "fever of 102").
func (s *Stripper) numericClinical(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	clinical := false
	for _, sp := range sc.spans {
		if s.k.clinical[sp.cat] {
			clinical = true
			break
		}
	}
	dig := hasDigit(sc) // doses, frequencies, readings and values all need a digit-bearing token
	for i := 0; dig && i < n; i++ {
		if sc.cover[i] != 0 {
			continue
		}
		t := &toks[i]
		w := toks[i].norm
		if t.kind == tkWord && t.flags&fDigit != 0 {
			if isDose(w) && (clinical || strongDose(w) || takeBefore(sc, i)) {
				sc.add(i, i+1, s.cDosage)
				continue
			}
			if isFreq(w) {
				sc.add(i, i+1, s.cDosage)
				continue
			}
		}
		if t.kind == tkNum && i+1 < n && sc.cover[i+1] == 0 {
			u := toks[i+1].norm
			end := i + 2
			if end+1 < n && toks[end].norm == "/" && toks[end].flags&fSpace == 0 {
				u2 := u + "/" + toks[end+1].norm
				if doseUnits[u2] > 0 {
					u = u2
					end += 2
				}
			}
			if lvl := doseUnits[u]; lvl == 2 || lvl == 1 && (clinical || takeBefore(sc, i)) {
				sc.add(i, end, s.cDosage)
				i = end - 1
				continue
			}
		}
	}
	// weight change: "gained 24 pounds", "lost 10 lbs", "put on 5 kg"
	for i := 1; (dig || sc.tb.anyCls&wcSpelledNum != 0) && i+1 < n; i++ { // a number or a spelled number
		if sc.cover[i] != 0 || sc.cover[i+1] != 0 || !toks[i+1].is(wcWeightUnit) || !(toks[i].kind == tkNum || toks[i].is(wcSpelledNum)) {
			continue
		}
		st := i
		p := toks[i-1].norm
		if (p == "about" || p == "almost" || p == "over" || p == "like") && i > 1 {
			st--
			p = toks[i-2].norm
		}
		if weightVerbs[p] && sc.cover[st-1] == 0 {
			sc.add(st-1, i+2, s.cSymptom)
			i++
		}
	}
	// a number right before a dosage unit found by the lexicon ("500 mg")
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != s.cDosage || sp.ts == 0 {
			continue
		}
		b := int(sp.ts) - 1
		if toks[b].kind == tkNum && sc.cover[b] == 0 && toks[sp.ts].flags&fNewline == 0 {
			sp.ts--
			sc.cover[b] = int32(si + 1)
		}
	}
	// blood-pressure shaped readings in a clinical message ("150/95"), or
	// anywhere right after a blood-pressure word ("bp was 150/95")
	if dig {
		for i := 0; i+2 < n; i++ {
			if toks[i].kind != tkNum || sc.cover[i] != 0 || toks[i+1].norm != "/" || toks[i+2].kind != tkNum || sc.cover[i+2] != 0 ||
				toks[i+1].flags&fSpace != 0 || toks[i+2].flags&fSpace != 0 {
				continue
			}
			if !clinical && !bpCueBefore(sc, i) {
				continue
			}
			a, b := atoi(toks[i].norm), atoi(toks[i+2].norm)
			if a >= 70 && a <= 260 && b >= 30 && b <= 160 && a > b {
				sc.add(i, i+3, s.cTest)
				i += 2
			}
		}
	}
	// spoken blood pressure: "140 over 90"
	for i := 0; dig && i+2 < n; i++ {
		if toks[i].kind != tkNum || sc.cover[i] != 0 || toks[i+1].norm != "over" || toks[i+2].kind != tkNum || sc.cover[i+2] != 0 {
			continue
		}
		a, b := atoi(toks[i].norm), atoi(toks[i+2].norm)
		if a >= 70 && a <= 260 && b >= 30 && b <= 160 && a > b {
			sc.add(i, i+3, s.cTest)
			i += 2
		}
	}
	// values after clinical terms
	nsp := len(sc.spans)
	for si := 0; dig && si < nsp; si++ { // the value is a number
		sp := sc.spans[si]
		if !s.k.clinical[sp.cat] || sp.cat == s.cBody {
			continue
		}
		j := int(sp.te)
		for steps := 0; j < n && steps < 4 && sc.cover[j] == 0 && toks[j].kind != tkNum && toks[j].is(wcValueLink); steps++ {
			j++
		}
		if j >= n || sc.cover[j] != 0 || toks[j].kind != tkNum || toks[j].sent != toks[sp.te-1].sent {
			continue
		}
		end := j + 1
		if end+1 < n && toks[end].norm == "/" && toks[end+1].kind == tkNum && toks[end].flags&fSpace == 0 {
			end += 2
		}
		for end < n && sc.cover[end] == 0 && valueUnits[toks[end].norm] && end-j < 5 {
			end++
			if end < n && toks[end].norm == "/" && end+1 < n && valueUnits[toks[end+1].norm] {
				end += 2
			}
		}
		sc.add(j, end, s.cTest)
	}
}

// wordSig is one bit of 64 chosen by a word's length and its first and last
// bytes (a filter: equal words have equal signatures).
func wordSig(w string) uint64 {
	if len(w) == 0 {
		return 1
	}
	return 1 << ((uint(len(w)) + uint(w[0])*7 + uint(w[len(w)-1])*13) & 63)
}

// propagate covers every other occurrence of an accepted finding's tokens,
// so a removed word never survives elsewhere in the same message.
func (s *Stripper) propagate(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	nsp := len(sc.spans)
	if nsp == 0 {
		return
	}
	// candidate spans to propagate (word-bearing, short)
	keys := sc.anchors[:0]
	for si := 0; si < nsp; si++ {
		sp := sc.spans[si]
		l := int(sp.te - sp.ts)
		if l <= 0 || l > 8 {
			continue
		}
		for x := sp.ts; x < sp.te; x++ {
			if toks[x].kind == tkWord {
				keys = append(keys, int32(si))
				break
			}
		}
	}
	sc.anchors = keys
	if len(keys) > 0 {
		// a 64-bit signature of the keys' first words: a token whose word
		// sets no bit of it starts none of them
		var firstSig uint64
		for _, si := range keys {
			firstSig |= wordSig(toks[int(sc.spans[si].ts)].norm)
		}
		var byFirst map[string][]int32
		if len(keys) > 16 {
			byFirst = make(map[string][]int32, len(keys))
			for _, si := range keys {
				f := toks[int(sc.spans[si].ts)].norm
				if len(byFirst[f]) < 4 {
					byFirst[f] = append(byFirst[f], si)
				}
			}
		}
		for i := 0; i < n; i++ {
			if sc.cover[i] != 0 || toks[i].kind != tkWord {
				continue
			}
			w := toks[i].norm
			if firstSig&wordSig(w) == 0 {
				continue
			}
			list := keys
			if byFirst != nil {
				list = byFirst[w]
			}
			for _, si := range list {
				sp := sc.spans[si]
				if toks[int(sp.ts)].norm != w {
					continue
				}
				l := int(sp.te - sp.ts)
				if i+l > n {
					continue
				}
				match := true
				for x := 1; x < l; x++ {
					if sc.cover[i+x] != 0 || toks[i+x].norm != toks[int(sp.ts)+x].norm {
						match = false
						break
					}
				}
				if match && sc.add(i, i+l, sp.cat) {
					i += l - 1
					break
				}
			}
		}
	}
	// single word tokens of multi-token names ("Vanessa P. Hertzog ... Vanessa")
	var nameWords map[string]bool
	for si := 0; si < nsp; si++ {
		sp := sc.spans[si]
		if sp.cat != s.cName || sp.te-sp.ts < 2 {
			continue
		}
		if nameWords == nil {
			nameWords = map[string]bool{}
		}
		for x := sp.ts; x < sp.te; x++ {
			if toks[x].kind == tkWord && len(toks[int(x)].norm) >= 2 && len(nameWords) < 64 {
				nameWords[toks[int(x)].norm] = true
			}
		}
	}
	if len(nameWords) > 0 {
		for i := 0; i < n; i++ {
			if sc.cover[i] == 0 && toks[i].kind == tkWord && toks[i].flags&(fCap|fAllCap) != 0 && nameWords[toks[i].norm] {
				sc.add(i, i+1, s.cName)
			}
		}
	}
}

// build turns spans into the Result.
func (s *Stripper) build(text string, sc *scratch, res Result) Result {
	toks := sc.tb.toks
	spans := sc.spans
	slices.SortFunc(spans, func(a, b span) int { return int(a.ts) - int(b.ts) })
	// merge adjacent spans of one category separated only by spaces / hyphens
	merged := spans[:0]
	for _, sp := range spans {
		// safety net: never emit overlapping findings
		if len(merged) > 0 && sp.ts < merged[len(merged)-1].te {
			last := &merged[len(merged)-1]
			if sp.te <= last.te {
				continue
			}
			if last.cat == sp.cat {
				last.te = sp.te
				continue
			}
			sp.ts = last.te
		}
		if len(merged) > 0 {
			last := &merged[len(merged)-1]
			if last.cat == sp.cat && last.te == sp.ts && toks[sp.ts].flags&fNewline == 0 {
				gap := text[toks[sp.ts-1].end:toks[sp.ts].start]
				if strings.Trim(gap, " \t") == "" {
					last.te = sp.te
					if sp.urg > last.urg {
						last.urg = sp.urg
					}
					continue
				}
			}
			// spans separated by a single hyphen token of the same category
			if last.cat == sp.cat && last.te+1 == sp.ts && toks[int(last.te)].norm == "-" {
				last.te = sp.te
				continue
			}
		}
		merged = append(merged, sp)
	}
	sc.spans = merged
	if len(merged) > 0 {
		res.Findings = make([]Finding, 0, len(merged))
	}
	// the distinct clinical categories, on the stack until the result takes a copy
	var catBuf [8]string
	cats := catBuf[:0]
	urg := uint8(0)
	for _, sp := range merged {
		st, en := int(toks[sp.ts].start), int(toks[sp.te-1].end)
		name := s.k.cats[sp.cat]
		res.Findings = append(res.Findings, Finding{Category: name, Start: st, End: en})
		if s.k.clinical[sp.cat] {
			res.Clinical = true
			found := false
			for _, c := range cats {
				if c == name {
					found = true
					break
				}
			}
			if !found {
				cats = append(cats, name)
			}
		}
		if sp.urg > urg {
			urg = sp.urg
		}
	}
	// Redacted is written once the residue pass is done (redact)
	if res.Clinical {
		// only clinical-category findings whose meaning is clinical by themselves
		// (a lone body part or dosage cannot make a message clinical)
		sort.Strings(cats)
		res.Categories = slices.Clone(cats)
	}
	switch urg {
	case urgEmergency:
		res.Urgency = "emergency"
	case urgSelfHarm:
		res.Urgency = "self_harm"
	}
	if res.Categories == nil {
		res.Categories = []string{}
	}
	return res
}

// bpCueBefore: "bp", "pressure" or "b/p" within the three words before token i
// ("bp was 150/95", "my pressure is 160/100"), or a Spanish pressure word
// earlier in the sentence ("me tomé la tensión en la farmacia y salió 150/95").
func bpCueBefore(sc *scratch, i int) bool {
	for j := i - 1; j >= 0 && j >= i-10 && sc.tb.toks[j].sent == sc.tb.toks[i].sent; j-- {
		switch sc.tb.normOf(j) {
		case "presion", "tension", "presión", "tensión":
			return true
		}
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		switch sc.tb.normOf(j) {
		case "bp", "bps", "pressure":
			return true
		case "p":
			if j >= 2 && sc.tb.normOf(j-1) == "/" && sc.tb.normOf(j-2) == "b" {
				return true
			}
		}
	}
	return false
}

// spanishLetters reports whether w holds one of the letters Spanish writes
// with a diacritic (á é í ó ú ü ñ, either case).
func spanishLetters(w string) bool {
	for _, r := range w {
		switch r {
		case 'á', 'é', 'í', 'ó', 'ú', 'ü', 'ñ', 'Á', 'É', 'Í', 'Ó', 'Ú', 'Ü', 'Ñ':
			return true
		}
	}
	return false
}
