package strip

// Hashtags glue a phrase into one word ("#breastcancer", "#type1diabetes",
// "#chronicpain", "#mentalhealth"). hashtagTerms splits such a word into two
// or three lexicon words and keeps the split that spells an unambiguous
// clinical term of the lexicon; the whole hashtag is then that term. A
// hashtag that is one lexicon word already ("#endometriosis") is found by
// the trie walk like any word.

const (
	hashtagMaxSplit = 3
	// hashtagBudget bounds the trie probes one message may spend on its
	// hashtags (a crafted 1 MB run of hashtags costs no more than this)
	hashtagBudget = 20000
)

func (s *Stripper) hashtagTerms(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	budget := hashtagBudget
	for i := 1; i < n && budget > 0; i++ {
		t := &toks[i]
		if t.kind != tkWord || sc.cover[i] != 0 || toks[i-1].norm != "#" || t.flags&fSpace != 0 {
			continue
		}
		w := t.norm
		if len(w) < 6 || len(w) > 40 {
			continue
		}
		if e, ok := s.splitTerm(w, 0, 1, &budget); ok {
			sc.add(i, i+1, e.cat)
		}
	}
}

// splitTerm walks the trie from node over w split into lexicon words (at
// most hashtagMaxSplit of them, depth is how many are used) and returns an
// unambiguous clinical entry that ends exactly at the end of w.
func (s *Stripper) splitTerm(w string, node int32, depth int, budget *int) (lexEntry, bool) {
	tr := s.k.tr
	for k := 1; k <= len(w) && *budget > 0; k++ {
		*budget--
		id := tr.tokID(w[:k], false)
		if id < 0 {
			continue
		}
		c := tr.child(node, id)
		if c < 0 {
			continue
		}
		if k == len(w) {
			if depth < 2 {
				return lexEntry{}, false // a single word is the trie walk's
			}
			ents, ok := tr.terms(c)
			if !ok {
				return lexEntry{}, false
			}
			for _, e := range ents {
				if !e.amb && s.k.clinical[e.cat] {
					return e, true
				}
			}
			return lexEntry{}, false
		}
		if depth < hashtagMaxSplit {
			if e, ok := s.splitTerm(w[k:], c, depth+1, budget); ok {
				return e, true
			}
		}
	}
	return lexEntry{}, false
}
