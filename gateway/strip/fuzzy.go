package strip

import (
	"hash/maphash"
	"strings"
)

// Patients misspell clinical words ("pnemonia", "amoxicilin", "panic
// atacks"). A word that no list knows, not even the English word list, is
// read as the lexicon word one edit away (a letter dropped, added, changed,
// or two letters swapped) when exactly one such word exists. The index is the
// symmetric-delete scheme: every lexicon word of at least fuzzyMinLen letters
// is stored under its own hash and the hash of each variant with one letter
// deleted; a token's own deletions then meet the words one edit away, which
// are verified letter by letter.

const (
	fuzzyMinLen = 6  // shorter words are too often a different word one letter away
	fuzzyMaxLen = 24 // longer tokens are not words
)

type fuzzyIndex struct {
	seed  maphash.Seed
	head  map[uint64]int32 // key hash -> first entry + 1
	next  []int32          // entry -> next entry with the same key + 1
	tid   []int32          // entry -> the word's trie token id
	words map[int32]string // token id -> word
}

// fuzzyWord: plain lower-case ASCII letters within the length bounds.
func fuzzyWord(w string) bool {
	if len(w) < fuzzyMinLen || len(w) > fuzzyMaxLen {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// newFuzzyIndex indexes the trie words that English entries use (langBit).
func newFuzzyIndex(tr *trie, langBit uint8) *fuzzyIndex {
	ids := tr.ids
	fx := &fuzzyIndex{seed: maphash.MakeSeed(), head: map[uint64]int32{}, words: map[int32]string{}}
	var buf []byte
	add := func(key []byte, id int32) {
		h := maphash.Bytes(fx.seed, key)
		fx.tid = append(fx.tid, id)
		fx.next = append(fx.next, fx.head[h])
		fx.head[h] = int32(len(fx.tid))
	}
	for w, id := range ids {
		if !fuzzyWord(w) || int(id) >= len(tr.tokLang) || tr.tokLang[id]&langBit == 0 {
			continue
		}
		fx.words[id] = w
		add([]byte(w), id)
		for i := 0; i < len(w); i++ {
			if i > 0 && w[i] == w[i-1] {
				continue // the same deletion as the letter before
			}
			buf = append(append(buf[:0], w[:i]...), w[i+1:]...)
			add(buf, id)
		}
	}
	return fx
}

// lookup returns the token id of the one lexicon word within one edit of w,
// or -1 (none, or more than one).
func (fx *fuzzyIndex) lookup(w string) int32 {
	if fx == nil || !fuzzyWord(w) {
		return -1
	}
	found := int32(-1)
	var buf [fuzzyMaxLen]byte
	check := func(key []byte) bool {
		for e := fx.head[maphash.Bytes(fx.seed, key)]; e > 0; e = fx.next[e-1] {
			id := fx.tid[e-1]
			if id == found || !oneEdit(w, fx.words[id]) {
				continue
			}
			if found >= 0 {
				return false // two words one edit away: no guess
			}
			found = id
		}
		return true
	}
	if !check([]byte(w)) {
		return -1
	}
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] {
			continue
		}
		k := append(append(buf[:0], w[:i]...), w[i+1:]...)
		if !check(k) {
			return -1
		}
	}
	return found
}

// oneEdit reports whether the token tok and the lexicon word w differ by
// exactly one deletion, insertion, substitution or swap of two neighbouring
// letters. A token that is the word plus one letter at the end is no typo: it
// is an English derivation more often ("ataraxy" of "atarax").
func oneEdit(tok, w string) bool {
	if tok == w {
		return false
	}
	a, b := tok, w
	if len(a) < len(b) {
		a, b = b, a
	}
	la, lb := len(a), len(b)
	if la-lb > 1 {
		return false
	}
	i := 0
	for i < lb && a[i] == b[i] {
		i++
	}
	if la == lb {
		// substitution at i, or a swap of i and i+1
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	if i == lb && len(tok) > len(w) {
		return false
	}
	// a has one letter more: skip it
	return a[i+1:] == b[i:]
}

// misspelt returns the trie id of the lexicon word that token x misspells, or
// -1. Only a word that no list knows is a candidate: no English word, no name,
// place or any other listed word, and no capitalised word (a capital marks a
// name or a brand, also at the start of a sentence) unless the whole message
// is written without capitals.
func (s *Stripper) misspelt(sc *scratch, x int, lower bool) int32 {
	t := &sc.tb.toks[x]
	if t.flags&(fDigit|fAllCap) != 0 || len(t.norm) < fuzzyMinLen {
		return -1
	}
	if t.flags&fCap != 0 && !lower {
		return -1
	}
	wi := &sc.tb.info[x]
	if wi.cls != 0 || wi.gaz != 0 || wi.stop != 0 || wi.clin != 0 {
		return -1
	}
	if id := s.britishSpelling(t.norm); id >= 0 {
		return id
	}
	if isEnglishWord(t.norm) {
		return -1
	}
	return s.fuzzy.lookup(t.norm)
}

// britishRespell: British spellings of medical words and their American
// forms, which the lexicon lists ("gonorrhoea", "oedema", "paediatric",
// "tumour", "hospitalised", "centre"). The British form is an English word,
// so the misspelling index does not look at it.
var britishRespell = [][2]string{
	{"ae", "e"}, {"oe", "e"}, {"our", "or"}, {"isation", "ization"}, {"ised", "ized"},
	{"ising", "izing"}, {"ise", "ize"}, {"yse", "yze"}, {"tre", "ter"}, {"ogue", "og"},
}

// britishSpelling returns the trie id of the American form of w when w is a
// British spelling of an English lexicon word, or -1.
func (s *Stripper) britishSpelling(w string) int32 {
	var buf [fuzzyMaxLen + 8]byte
	for _, r := range britishRespell {
		i := strings.Index(w, r[0])
		if i < 0 || len(w)-len(r[0])+len(r[1]) > len(buf) {
			continue
		}
		b := append(buf[:0], w[:i]...)
		b = append(b, r[1]...)
		b = append(b, w[i+len(r[0]):]...)
		if id := s.fuzzy.exact(b); id >= 0 {
			return id
		}
	}
	return -1
}

// exact returns the trie id of the indexed word w, or -1.
func (fx *fuzzyIndex) exact(w []byte) int32 {
	h := maphash.Bytes(fx.seed, w)
	for e := fx.head[h]; e != 0; e = fx.next[e-1] {
		id := fx.tid[e-1]
		if fx.words[id] == string(w) {
			return id
		}
	}
	return -1
}
