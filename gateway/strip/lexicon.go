package strip

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

//go:embed lexicon context
var knowledgeFS embed.FS

// Category names used in findings.
var clinicalCategories = []string{
	"symptom", "condition", "medication", "dosage", "procedure", "test",
	"mental_health", "substance", "sexual_health", "pregnancy", "injury",
	"body_part", "allergy", "device", "care_history",
}

var identifierCategories = []string{
	"name", "phone", "email", "address", "zip", "date", "age", "id", "ssn", "url", "ip", "handle",
}

// internal pseudo categories (never reported)
const (
	catSafe   = "_safe"   // phrase that is never clinical (longest match wins)
	catBefore = "_before" // context phrase that licenses an ambiguous term after it
	catAfter  = "_after"  // context phrase that licenses an ambiguous term before it
	catBlock  = "_block"  // phrase right after an ambiguous term that vetoes it ("tired of")
	catFiller = "_filler" // words that may sit between a context phrase and a term
	catMod    = "_mod"    // modifiers absorbed into an adjacent clinical finding ("severe", "very")
	catHead   = "_head"   // head nouns absorbed after a clinical finding ("problems", "issues")
)

// category priority when one phrase is listed in several files: lower wins.
var catPriority = map[string]int{
	"allergy": 1, "mental_health": 2, "substance": 3, "sexual_health": 4, "pregnancy": 5,
	"medication": 6, "dosage": 7, "test": 8, "procedure": 9, "device": 10, "injury": 11,
	"condition": 12, "symptom": 13, "care_history": 14, "body_part": 15,
}

type catID uint8

type lexEntry struct {
	cat     catID
	amb     bool
	lang    uint8 // bit mask of languages
	urgency uint8 // 0 none, 1 emergency, 2 self_harm
	anchor  bool  // ambiguous term licensed only by a nearby clinical term
}

// ambiguous terms of these categories are licensed only by a nearby clinical
// term (never by a first-person frame such as "my" or "I have").
var anchorOnlyCats = map[string]bool{
	"body_part": true, "test": true, "procedure": true, "device": true,
	"pregnancy": true, "sexual_health": true,
}

const (
	urgNone uint8 = iota
	urgEmergency
	urgSelfHarm
)

// trie is built with maps (add); freeze turns it into arrays for matching
// (child, terms) and drops the maps, which add rebuilds if it is called again.
type trie struct {
	root  []int32          // frozen: token id -> child of the root (-1 none)
	ids   map[string]int32 // token -> id
	edges map[uint64]int32 // building: (node<<32 | tokid) -> child
	term  map[int32][]lexEntry
	nodes int32
	// frozen: the children of every other node sorted by token id
	// (kidTok/kidNode[kidOff[n]:kidOff[n+1]]), and each node's entries
	// (termAt[n] is an index+1 into termList)
	kidOff, kidTok, kidNode []int32
	termAt                  []int32
	// kidHash: open-addressed (linear probing) table of the non-root edges
	// (see kidKey), a power of two; kidShift = 32 - log2(len)
	kidHash  []uint64
	kidShift uint8
	termList [][]lexEntry
	// tokLang: token id -> the languages of the entries the token is part of
	tokLang []uint8
}

func newTrie() *trie {
	return &trie{ids: map[string]int32{}, edges: map[uint64]int32{}, term: map[int32][]lexEntry{}, nodes: 1}
}

func (t *trie) tokID(s string, create bool) int32 {
	if id, ok := t.ids[s]; ok {
		return id
	}
	if !create {
		return -1
	}
	id := int32(len(t.ids))
	t.ids[s] = id
	return id
}

// child returns the child of node along token tok, or -1. The root's
// children are a direct table; every other edge is found in kidHash (the
// sorted kid arrays are kept for unfreeze). Small enough to be inlined.
func (t *trie) child(node, tok int32) int32 {
	if node == 0 && uint(tok) < uint(len(t.root)) {
		return t.root[tok]
	}
	return t.kid(node, tok)
}

// kidHash packs an edge into one word: node, token id and child, kidBits
// bits each (node 0, never a key, marks an empty slot).
const (
	kidBits = 21
	kidMask = 1<<kidBits - 1
)

func kidKey(node, tok int32) uint64 {
	return uint64(node)<<(2*kidBits) | uint64(tok)<<kidBits
}

func kidHashAt(key uint64, shift uint8) uint32 {
	return uint32(key * 0x9E3779B97F4A7C15 >> (32 + shift))
}

func (t *trie) kid(node, tok int32) int32 {
	if tok < 0 {
		return -1
	}
	if t.kidHash != nil {
		return t.probe(node, tok)
	}
	if t.root != nil {
		// frozen, too large for kidHash: binary search of the sorted kids
		lo, end := t.kidOff[node], t.kidOff[node+1]
		for hi := end; lo < hi; {
			m := int32(uint32(lo+hi) >> 1)
			if t.kidTok[m] < tok {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < end && t.kidTok[lo] == tok {
			return t.kidNode[lo]
		}
		return -1
	}
	if c, ok := t.edges[uint64(node)<<32|uint64(uint32(tok))]; ok {
		return c
	}
	return -1
}

// probe finds a non-root edge in kidHash (frozen trie; tok >= 0; node 0
// finds nothing). Small enough to be inlined into scanLexicon's walk.
func (t *trie) probe(node, tok int32) int32 {
	key := kidKey(node, tok)
	for h := kidHashAt(key, t.kidShift); ; h++ {
		e := t.kidHash[h&uint32(len(t.kidHash)-1)]
		if e&^kidMask == key {
			return int32(e & kidMask)
		}
		if e == 0 {
			return -1
		}
	}
}

// freeze builds the matching arrays once loading is done and drops the maps.
func (t *trie) freeze() {
	t.unfreeze()
	root := make([]int32, len(t.ids))
	for i := range root {
		root[i] = -1
	}
	for id := range root {
		if c, ok := t.edges[uint64(uint32(id))]; ok {
			root[id] = c
		}
	}
	t.root = root
	t.kidOff = make([]int32, t.nodes+1)
	for key := range t.edges {
		if node := int32(key >> 32); node != 0 {
			t.kidOff[node+1]++
		}
	}
	for n := int32(1); n <= t.nodes; n++ {
		t.kidOff[n] += t.kidOff[n-1]
	}
	t.kidTok = make([]int32, len(t.edges))
	t.kidNode = make([]int32, len(t.edges))
	fill := slices.Clone(t.kidOff)
	for key, c := range t.edges {
		if node := int32(key >> 32); node != 0 {
			t.kidTok[fill[node]] = int32(uint32(key))
			t.kidNode[fill[node]] = c
			fill[node]++
		}
	}
	for n := int32(1); n < t.nodes; n++ {
		// insertion sort: a node has few children
		for x := t.kidOff[n] + 1; x < t.kidOff[n+1]; x++ {
			for y := x; y > t.kidOff[n] && t.kidTok[y-1] > t.kidTok[y]; y-- {
				t.kidTok[y-1], t.kidTok[y] = t.kidTok[y], t.kidTok[y-1]
				t.kidNode[y-1], t.kidNode[y] = t.kidNode[y], t.kidNode[y-1]
			}
		}
	}
	t.kidHash = nil
	if t.nodes <= kidMask && len(root) <= kidMask {
		// a quarter to half full: a lookup that finds nothing (the usual end
		// of a walk) stops after few probes, and the table is 16 MB at the
		// lexicon's 0.7 million edges (sizing it a third full doubled it to
		// 32 MB as soon as the edges passed 699,050)
		size, shift, edges := 2, uint8(31), int(t.kidOff[t.nodes])
		for size < 2*edges {
			size, shift = size*2, shift-1
		}
		t.kidHash, t.kidShift = make([]uint64, size), shift
		for n := int32(1); n < t.nodes; n++ {
			for x := t.kidOff[n]; x < t.kidOff[n+1]; x++ {
				key := kidKey(n, t.kidTok[x])
				h := kidHashAt(key, shift)
				for t.kidHash[h] != 0 {
					h = (h + 1) & uint32(size-1)
				}
				t.kidHash[h] = key | uint64(t.kidNode[x])
			}
		}
	}
	t.termAt = make([]int32, t.nodes)
	t.termList = make([][]lexEntry, 0, len(t.term))
	for node, list := range t.term {
		t.termList = append(t.termList, list)
		t.termAt[node] = int32(len(t.termList))
	}
	t.edges, t.term = nil, nil
}

// unfreeze rebuilds the maps of a frozen trie (add after freeze).
func (t *trie) unfreeze() {
	if t.root == nil {
		return
	}
	t.edges = make(map[uint64]int32, len(t.kidTok)+len(t.root))
	for id, c := range t.root {
		if c >= 0 {
			t.edges[uint64(uint32(id))] = c
		}
	}
	for n := int32(1); n < t.nodes; n++ {
		for x := t.kidOff[n]; x < t.kidOff[n+1]; x++ {
			t.edges[uint64(n)<<32|uint64(uint32(t.kidTok[x]))] = t.kidNode[x]
		}
	}
	t.term = make(map[int32][]lexEntry, len(t.termList))
	for node, x := range t.termAt {
		if x > 0 {
			t.term[int32(node)] = t.termList[x-1]
		}
	}
	t.root, t.kidOff, t.kidTok, t.kidNode, t.termAt, t.termList = nil, nil, nil, nil, nil, nil
	t.kidHash = nil
}

// terms returns the entries ending at node.
func (t *trie) terms(node int32) ([]lexEntry, bool) {
	if t.root != nil {
		if x := t.termAt[node]; x > 0 {
			return t.termList[x-1], true
		}
		return nil, false
	}
	list, ok := t.term[node]
	return list, ok
}

func (t *trie) add(keys []string, e lexEntry) {
	t.unfreeze()
	node := int32(0)
	for _, k := range keys {
		id := t.tokID(k, true)
		for int(id) >= len(t.tokLang) {
			t.tokLang = append(t.tokLang, 0)
		}
		t.tokLang[id] |= e.lang
		key := uint64(node)<<32 | uint64(uint32(id))
		c, ok := t.edges[key]
		if !ok {
			c = t.nodes
			t.nodes++
			t.edges[key] = c
		}
		node = c
	}
	list := t.term[node]
	for i := range list {
		if list[i].cat == e.cat && list[i].amb == e.amb {
			list[i].lang |= e.lang
			if e.urgency != 0 {
				list[i].urgency = e.urgency
			}
			// a phrase listed as a strong frame and as an ordinary one is strong
			if e.anchor {
				list[i].anchor = true
			}
			return
		}
	}
	t.term[node] = append(list, e)
}

// knowledge is everything loaded from the embedded files.
type knowledge struct {
	cats      []string // catID -> name
	catIndex  map[string]catID
	clinical  []bool // catID -> clinical?
	langs     []string
	langIndex map[string]uint8
	tr        *trie
	// per language word sets
	stop      []map[string]bool // stop words for language detection
	stopMask  map[string]uint8  // word -> bit mask of languages listing it as a stop word
	common    map[string]bool   // capitalised words that are not names (all languages)
	given     map[string]bool
	surname   map[string]bool
	nameAmb   map[string]bool // names that are also common words
	cities    map[string]bool // single-token keys of city names (first token)
	terms     map[string]int  // per category counts (for reports)
	termCount map[string]int
}

func (k *knowledge) cat(name string) catID {
	if id, ok := k.catIndex[name]; ok {
		return id
	}
	id := catID(len(k.cats))
	k.cats = append(k.cats, name)
	k.catIndex[name] = id
	isClin := !strings.HasPrefix(name, "_")
	for _, c := range identifierCategories {
		if c == name {
			isClin = false
		}
	}
	k.clinical = append(k.clinical, isClin)
	return id
}

// phraseKeys tokenises a lexicon phrase into normalised keys (hyphens dropped).
func phraseKeys(s string, tb *tokbuf) []string {
	tokenize(s, tb)
	keys := make([]string, 0, len(tb.toks))
	for i := range tb.toks {
		n := tb.normOf(i)
		if tb.toks[i].kind == tkPunct && (n == "-" || n == "‐" || n == "–") {
			continue
		}
		k := n
		if tb.toks[i].flags&fPoss != 0 && tb.toks[i].kind == tkWord {
			// keep possessive-stripped form
			k = n
		}
		keys = append(keys, strings.Clone(k))
	}
	return keys
}

func readLines(fsys fs.FS, p string, fn func(line string)) error {
	if strings.Contains(p, "/es/") {
		fn = contractSpanish(fn)
	}
	return readLinesRaw(fsys, p, fn)
}

// readLinesRaw is readLines without the Spanish contraction: the phrases as
// the file writes them (the lexicon hygiene tests read files this way).
func readLinesRaw(fsys fs.FS, p string, fn func(line string)) error {
	f, err := fsys.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var ex lineExpander // the file's @name groups: lexicon_expand.go
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if err := ex.expand(n, line, fn); err != nil { // {a|b} and [opt] groups: lexicon_expand.go
			return fmt.Errorf("strip: %s:%d: %v", p, n, err)
		}
	}
	return sc.Err()
}

func loadKnowledge(fsys fs.FS) (*knowledge, error) {
	k := &knowledge{
		catIndex:  map[string]catID{},
		langIndex: map[string]uint8{},
		tr:        newTrie(),
		common:    map[string]bool{},
		given:     map[string]bool{},
		surname:   map[string]bool{},
		nameAmb:   map[string]bool{},
		cities:    map[string]bool{},
		termCount: map[string]int{},
	}
	for _, c := range clinicalCategories {
		k.cat(c)
	}
	for _, c := range identifierCategories {
		k.cat(c)
	}
	for _, c := range []string{catSafe, catBefore, catAfter, catBlock, catFiller, catMod, catHead} {
		k.cat(c)
	}
	// languages = union of lexicon/<lang> and context/<lang> directories; "en" first.
	langSet := map[string]bool{"en": true}
	for _, root := range []string{"lexicon", "context"} {
		ents, err := fs.ReadDir(fsys, root)
		if err != nil {
			continue
		}
		for _, e := range ents {
			if e.IsDir() {
				langSet[e.Name()] = true
			}
		}
	}
	k.langs = []string{"en"}
	var others []string
	for l := range langSet {
		if l != "en" {
			others = append(others, l)
		}
	}
	sort.Strings(others)
	k.langs = append(k.langs, others...)
	if len(k.langs) > 8 {
		return nil, fmt.Errorf("strip: too many languages")
	}
	for i, l := range k.langs {
		k.langIndex[l] = uint8(i)
	}
	k.stop = make([]map[string]bool, len(k.langs))
	tb := &tokbuf{}
	for li, lang := range k.langs {
		bit := uint8(1) << li
		k.stop[li] = map[string]bool{}
		// lexicon/<lang>/<category>[.ambiguous].txt
		dir := path.Join("lexicon", lang)
		ents, _ := fs.ReadDir(fsys, dir)
		for _, e := range ents {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".txt") {
				continue
			}
			base := strings.TrimSuffix(name, ".txt")
			amb := false
			if strings.HasSuffix(base, ".ambiguous") {
				amb = true
				base = strings.TrimSuffix(base, ".ambiguous")
			}
			base = strings.ToLower(strings.TrimSpace(base))
			// "<category>.framed.ambiguous.txt": ambiguous terms of an anchor-only
			// category that a first-person frame licenses after all ("my
			// hemoglobin is low": a lab analyte, unlike "my test" or "my scan")
			framed := strings.HasSuffix(base, ".framed")
			// "<category>.<part>.txt" adds to <category> ("symptom.sleep.txt")
			if c, _, ok := strings.Cut(base, "."); ok && c != "" {
				base = c
			}
			p := path.Join(dir, name)
			switch base {
			case "appointment", "frames", "safe", "before", "after", "block", "filler":
				// context files written beside the lexicons
				if err := k.loadContextFile(fsys, p, base, amb, lang, li, bit, tb); err != nil {
					return nil, err
				}
				continue
			case "name", "given_name", "surname", "family_name", "first_name", "last_name", "name_given", "name_family":
				err := readLines(fsys, p, func(line string) {
					for _, w := range strings.Fields(strings.ToLower(line)) {
						w = foldString(w)
						if amb {
							k.nameAmb[w] = true
						} else if base == "surname" || base == "family_name" || base == "last_name" || base == "name_family" {
							k.surname[w] = true
						} else {
							k.given[w] = true
						}
					}
					k.termCount[lang+"/name"]++
				})
				if err != nil {
					return nil, err
				}
				continue
			case "city", "address", "place", "location":
				err := readLines(fsys, p, func(line string) {
					keys := phraseKeys(line, tb)
					if len(keys) == 0 {
						return
					}
					k.cities[strings.Join(keys, " ")] = true
					k.termCount[lang+"/address"]++
				})
				if err != nil {
					return nil, err
				}
				continue
			case "stopwords", "common":
				err := readLines(fsys, p, func(line string) {
					for _, w := range strings.Fields(line) {
						w = foldString(w)
						if base == "stopwords" {
							k.stop[li][w] = true
						}
						k.common[w] = true
					}
				})
				if err != nil {
					return nil, err
				}
				continue
			}
			cid := k.cat(base)
			if !k.clinical[cid] {
				// identifier lexicons other than names/places are not supported
				continue
			}
			err := readLines(fsys, p, func(line string) {
				anchor := amb && anchorOnlyCats[base] && !framed
				if strings.HasPrefix(line, "~") {
					line = strings.TrimSpace(line[1:])
					anchor = amb
				}
				keys := phraseKeys(line, tb)
				if len(keys) == 0 {
					return
				}
				k.tr.add(keys, lexEntry{cat: cid, amb: amb, lang: bit, anchor: anchor})
				k.termCount[lang+"/"+base]++
			})
			if err != nil {
				return nil, err
			}
		}
		// context/<lang>/*.txt and lexicon/<lang>/context/*.txt
		for _, cdir := range []string{path.Join("context", lang), path.Join("lexicon", lang, "context")} {
			if err := k.loadContextDir(fsys, cdir, lang, li, bit, tb); err != nil {
				return nil, err
			}
		}
	}
	k.tr.freeze()
	k.stopMask = map[string]uint8{}
	for li := range k.stop {
		for w := range k.stop[li] {
			k.stopMask[w] |= 1 << li
		}
	}
	return k, nil
}

func (k *knowledge) loadContextDir(fsys fs.FS, cdir, lang string, li int, bit uint8, tb *tokbuf) error {
	cents, _ := fs.ReadDir(fsys, cdir)
	for _, e := range cents {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".txt") {
			continue
		}
		base := strings.TrimSuffix(name, ".txt")
		amb := false
		if strings.HasSuffix(base, ".ambiguous") {
			amb = true
			base = strings.TrimSuffix(base, ".ambiguous")
		}
		if err := k.loadContextFile(fsys, path.Join(cdir, name), base, amb, lang, li, bit, tb); err != nil {
			return err
		}
	}
	return nil
}

// loadContextFile loads one context-rule file (before/after/block/filler/safe,
// emergency/self_harm, stopwords/common). "frames" is an alias of "before"
// (strong unless .ambiguous) and "appointment" of "safe".
func (k *knowledge) loadContextFile(fsys fs.FS, p, base string, amb bool, lang string, li int, bit uint8, tb *tokbuf) error {
	var entry lexEntry
	switch base {
	case "before", "frames":
		entry = lexEntry{cat: k.cat(catBefore), lang: bit, anchor: !amb && base == "frames"}
	case "after":
		entry = lexEntry{cat: k.cat(catAfter), lang: bit}
	case "after_strong":
		// licenses even anchor-only terms ("tired all the time")
		entry = lexEntry{cat: k.cat(catAfter), lang: bit, anchor: true}
	case "block":
		entry = lexEntry{cat: k.cat(catBlock), lang: bit}
	case "filler":
		entry = lexEntry{cat: k.cat(catFiller), lang: bit}
	case "modifiers", "modifier":
		entry = lexEntry{cat: k.cat(catMod), lang: bit}
	case "heads", "head":
		entry = lexEntry{cat: k.cat(catHead), lang: bit}
	case "safe", "appointment":
		entry = lexEntry{cat: k.cat(catSafe), lang: bit}
	case "emergency":
		entry = lexEntry{cat: k.cat("symptom"), lang: bit, urgency: urgEmergency}
	case "self_harm":
		entry = lexEntry{cat: k.cat("mental_health"), lang: bit, urgency: urgSelfHarm}
	case "stopwords", "common":
		return readLines(fsys, p, func(line string) {
			for _, w := range strings.Fields(line) {
				w = foldString(w)
				if base == "stopwords" {
					k.stop[li][w] = true
				}
				k.common[w] = true
			}
		})
	default:
		return nil
	}
	return readLines(fsys, p, func(line string) {
		keys := phraseKeys(line, tb)
		if len(keys) == 0 {
			return
		}
		if entry.urgency != 0 {
			k.addUrgency(keys, entry)
		} else {
			k.tr.add(keys, entry)
		}
		k.termCount[lang+"/"+base]++
	})
}

// addUrgency marks an existing clinical phrase with an urgency, or adds it.
func (k *knowledge) addUrgency(keys []string, e lexEntry) {
	node := int32(0)
	for _, key := range keys {
		node = k.tr.child(node, k.tr.tokID(key, false))
		if node < 0 {
			break
		}
	}
	if node >= 0 {
		list, _ := k.tr.terms(node)
		found := false
		for i := range list {
			if k.clinical[list[i].cat] {
				list[i].urgency = e.urgency
				list[i].lang |= e.lang
				list[i].amb = false
				found = true
			}
		}
		if found {
			return
		}
	}
	k.tr.add(keys, e)
}

func foldString(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// contractSpanish wraps a phrase consumer of a Spanish file so that "de el"
// and "a el" reach it as people write them, "del" and "al": a family line that
// crosses "{de|a}" with "{el ...|la ...}" would otherwise yield phrases that
// never match. The pronoun "él" (accented) is left alone ("la casa de él").
func contractSpanish(fn func(string)) func(string) {
	return func(line string) {
		if !strings.Contains(line, " el ") && !strings.HasSuffix(line, " el") {
			fn(line)
			return
		}
		words := strings.Split(line, " ")
		out := words[:0]
		for i := 0; i < len(words); i++ {
			w := words[i]
			if i+1 < len(words) && (words[i+1] == "el" || words[i+1] == "El") {
				switch strings.ToLower(strings.TrimPrefix(w, "~")) {
				case "de":
					out = append(out, w+"l")
					i++
					continue
				case "a":
					out = append(out, w+"l")
					i++
					continue
				}
			}
			out = append(out, w)
		}
		fn(strings.Join(out, " "))
	}
}
