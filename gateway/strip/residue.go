package strip

// Residue pass: runs after the engine's findings and removes what they left
// behind.
//
//   - In a clinical message every remaining content word that is not in a
//     safe vocabulary (function words, greetings, time words, appointment
//     logistics, common everyday words) is replaced; consecutive replaced
//     words collapse into one "[clinical]" placeholder (finding category
//     "clinical_context"). Numbers and mixed letter+digit tokens go too.
//   - In any message, capitalised words mid-sentence that are not in the safe
//     vocabulary and sit next to an address cue (house number, street type,
//     ZIP, an address finding) or a person cue (title, introduction, a name
//     finding), or form a run of two or more such words, become "[address]"
//     or "[name]".
//
// The safe vocabulary lives in vocab/<lang>_function.txt (function words:
// kept, but swallowed when they sit between two replaced words) and
// vocab/<lang>_safe.txt (everyday words: always kept). Spanish also reuses the
// engine's lexicon/es/stopwords.txt and common.txt. A word that the engine's
// lexicon lists as an unambiguous clinical term is never safe.

import (
	"embed"
	"io/fs"
	"path"
	"strings"
	"sync"
)

//go:embed vocab
var vocabFS embed.FS

// CategoryClinicalContext is the finding category of the residue pass in
// clinical messages; its placeholder is PlaceholderClinical.
const CategoryClinicalContext = "clinical_context"

// PlaceholderClinical replaces a run of clinical-context words.
const PlaceholderClinical = "[clinical]"

const (
	vFunc   uint8 = 1 << iota // function word
	vSafe                     // everyday word
	vCapOK                    // a capitalised form is never a name/place (weekday, brand, acronym)
	vPlace                    // country, nationality, state: a place only next to an address
	vKeep                     // kept even inside a clinical clause (core function words, logistics)
	vClause                   // conjunction that ends a clause
	vTime                     // time / quantity word (a clause of only these is a fragment)
)

type residueVocab struct {
	words map[string]map[string]uint8 // lang -> folded word -> class bits
}

var (
	vocabOnce sync.Once
	vocab     residueVocab
)

func loadVocab() {
	vocab.words = map[string]map[string]uint8{}
	add := func(lang, w string, bits uint8) {
		m := vocab.words[lang]
		if m == nil {
			m = map[string]uint8{}
			vocab.words[lang] = m
		}
		w = foldString(strings.ToLower(w))
		w = strings.Trim(w, ".,;:!?\"")
		if w == "" {
			return
		}
		m[w] |= bits
		// possessive-free and apostrophe-free forms
		if strings.HasSuffix(w, "'s") {
			m[w[:len(w)-2]] |= bits
		}
	}
	read := func(fsys fs.FS, p, lang string, bits uint8) {
		_ = readLines(fsys, p, func(line string) {
			for _, w := range strings.Fields(line) {
				add(lang, w, bits)
			}
		})
	}
	ents, _ := fs.ReadDir(vocabFS, "vocab")
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".txt") {
			continue
		}
		base := strings.TrimSuffix(name, ".txt")
		lang, kind, ok := strings.Cut(base, "_")
		if !ok {
			continue
		}
		var bits uint8
		kind, _, _ = strings.Cut(kind, "_")
		switch kind {
		case "place":
			bits = vPlace
		case "function":
			bits = vFunc | vCapOK
		case "safe":
			bits = vSafe
		case "capok":
			bits = vSafe | vCapOK
		case "keep":
			bits = vKeep
		case "clause":
			bits = vClause
		case "time":
			bits = vTime
		default:
			continue
		}
		read(vocabFS, path.Join("vocab", name), lang, bits)
	}
	// the engine's Spanish function words and capitalised common words
	read(knowledgeFS, "lexicon/es/stopwords.txt", "es", vFunc|vCapOK)
	read(knowledgeFS, "lexicon/es/common.txt", "es", vSafe|vCapOK)
}

func vocabFor(lang string) map[string]uint8 {
	vocabOnce.Do(loadVocab)
	if m := vocab.words[lang]; m != nil {
		return m
	}
	return vocab.words["en"]
}

// clinWords maps each single-token unambiguous clinical term (not a body
// part) to the bit mask of its languages; built once per knowledge.
var clinWordsCache sync.Map // *knowledge -> map[string]uint8

func (s *Stripper) clinWords() map[string]uint8 {
	if m, ok := clinWordsCache.Load(s.k); ok {
		return m.(map[string]uint8)
	}
	tr := s.k.tr
	m := map[string]uint8{}
	for w, id := range tr.ids {
		node := tr.child(0, id)
		if node < 0 {
			continue
		}
		ents, _ := tr.terms(node)
		for _, e := range ents {
			if !e.amb && s.k.clinical[e.cat] && e.cat != s.cBody {
				m[w] |= e.lang
			}
		}
	}
	clinWordsCache.Store(s.k, m)
	return m
}

// clinicalTerm reports whether w alone (or its singular) is an unambiguous
// clinical term of the language.
func (s *Stripper) clinicalTerm(w, lang string) bool {
	return s.clinicalTermIn(s.clinWords(), w, s.langBit(lang))
}

func (s *Stripper) langBit(lang string) uint8 {
	if li, ok := s.k.langIndex[lang]; ok {
		return 1 << li
	}
	return 0xff
}

func (s *Stripper) clinicalTermIn(cw map[string]uint8, w string, bit uint8) bool {
	if cw[w]&bit != 0 {
		return true
	}
	if d := depluralise(w); d != "" && cw[d]&bit != 0 {
		return true
	}
	return false
}

// token states in the residue pass
const (
	rsKeep    uint8 = iota // safe word, kept
	rsFunc                 // function word (kept unless between replaced words)
	rsPunct                // punctuation
	rsCovered              // inside an engine finding
	rsClin                 // replaced: clinical context
	rsName                 // replaced: name
	rsAddr                 // replaced: address
)

var streetTypes = map[string]bool{
	"st": true, "street": true, "ave": true, "avenue": true, "av": true, "rd": true, "road": true,
	"blvd": true, "boulevard": true, "ln": true, "lane": true, "dr": false, "drive": true, "ct": true,
	"court": true, "way": true, "pl": true, "place": true, "sq": true, "square": true, "ter": true,
	"terrace": true, "pkwy": true, "parkway": true, "hwy": true, "highway": true, "apt": true,
	"apartment": true, "suite": true, "ste": true, "unit": true, "box": true, "po": true, "cir": true,
	"circle": true, "trl": true, "trail": true, "plaza": true, "row": true, "crescent": true,
	"close": false, "alley": true, "calle": true, "avenida": true, "carrera": true, "camino": true,
	"paseo": true, "colonia": true, "col": true, "depto": true, "piso": true, "rue": true, "strasse": true,
	"str": true, "ul": true, "via": true, "vej": true, "gade": true, "katu": true, "tie": true,
	"corner": true, "floor": true, "bldg": true, "building": true, "psc": true, "apo": true, "fpo": true,
	"usns": true, "uss": true, "cmr": true, "unidad": true, "edificio": true, "no": false,
}

var locative = map[string]bool{
	"in": true, "near": true, "around": true, "at": true, "visiting": true, "en": true, "cerca": true,
}

// words after a capitalised run that make it a facility or business, not a person
var residueFacility = map[string]bool{
	"health": true, "healthcare": true, "medical": true, "dental": true, "dentistry": true, "clinic": true,
	"center": true, "centre": true, "hospital": true, "associates": true, "group": true, "practice": true,
	"pediatrics": true, "radiology": true, "orthodontics": true, "family": true, "care": true,
	"physicians": true, "partners": true, "specialists": true, "pharmacy": true, "labs": true,
	"clinica": true, "centro": true, "bank": true, "store": true, "mall": true, "market": true,
}

var personCues = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true,
	"sr": true, "sra": true, "srta": true, "dra": true, "don": true, "dona": true, "rev": true,
	"sir": true, "madam": true, "dear": true, "atte": true, "attn": true,
}

// cue phrases (last word first is easier to test backwards)
var personPhrases = [][]string{
	{"name", "is"}, {"i'm"}, {"i", "am"}, {"this", "is"}, {"im"}, {"me", "llamo"}, {"soy"},
	{"nombre", "es"}, {"regards", ","}, {"thanks", ","}, {"sincerely", ","}, {"cheers", ","},
	{"saludos", ","}, {"gracias", ","}, {"named"}, {"called"}, {"contact"}, {"ask", "for"},
	{"speak", "to"}, {"speak", "with"}, {"spoke", "with"}, {"spoke", "to"}, {"talk", "to"},
	{"se", "llama"},
}

// residueOff disables the pass (benchmarks compare with and without it).
var residueOff bool

// finish is the residue pass; it is called once on the engine's Result.
func (s *Stripper) finish(r *Result, text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if n == 0 || residueOff {
		return
	}
	voc := s.langVoc[sc.lang] // vocabFor(r.Lang)
	// sc.buf (the engine's per-token context flags) is free once build is done
	if cap(sc.buf) < n {
		sc.buf = make([]byte, n)
	}
	st := sc.buf[:n]
	clear(st)
	// 1. classify tokens: covered by an engine finding, punctuation, word
	fi := 0
	F := r.Findings
	anyCand := false
	for i := range F {
		if F[i].Category == "address" || F[i].Category == "zip" {
			anyCand = true
			break
		}
	}
	for i := 0; i < n; i++ {
		t := &toks[i]
		for fi < len(F) && F[fi].End <= int(t.start) {
			fi++
		}
		if fi < len(F) && F[fi].Start < int(t.end) {
			st[i] = rsCovered
			continue
		}
		switch t.kind {
		case tkPunct:
			st[i] = rsPunct
			continue
		case tkNum:
			st[i] = rsKeep
			continue
		}
		st[i] = rsKeep
		if anyCand {
			continue
		}
		if t.flags&(fCap|fAllCap) != 0 && t.flags&fSentStart == 0 && i > 0 {
			anyCand = true
		} else if i+1 < n && toks[i+1].kind == tkNum && t.cls&wcBoxWord != 0 {
			anyCand = true
		}
	}
	changed := false
	// 2. identifier residue (all messages)
	if anyCand && s.identResidue(text, sc, st, voc) {
		changed = true
	}
	// 3. clinical context
	if r.Clinical && s.clinicalResidue(sc, st, voc, r.Lang) {
		changed = true
	}
	if !changed {
		return
	}
	propagateRuns(sc, st)
	s.rebuild(r, text, sc, st)
}

// propagateRuns replaces every other occurrence of a replaced run's words (the same
// folded token sequence, all of it still kept) like the run itself, so a word removed in
// one clause does not stand elsewhere in the message ("said! said [test]"). The engine's
// own findings are propagated the same way before the residue passes.
func propagateRuns(sc *scratch, st []uint8) {
	toks := sc.tb.toks
	n := len(toks)
	replaced := func(c uint8) bool { return c == rsClin || c == rsName || c == rsAddr }
	kept := func(x int) bool { return st[x] == rsKeep || st[x] == rsFunc }
	// where each kept word stands, built on first need
	var at map[string][]int32
	var candBuf [16]int32
	for a := 0; a < n; {
		c := st[a]
		if !replaced(c) {
			a++
			continue
		}
		b := a + 1
		for b < n && st[b] == c && toks[b].flags&fNewline == 0 {
			b++
		}
		first := -1 // the run's first word: where the search starts
		for x := a; x < b && first < 0; x++ {
			if toks[x].kind == tkWord && len(toks[x].norm) >= 2 {
				first = x
			}
		}
		if first >= 0 {
			var cands []int32
			if n <= 256 {
				// a chat message: a scan costs less than building an index
				// (its finds go in candBuf, on the stack, while they fit)
				cands = candBuf[:0]
				w := toks[first].norm
				wl, w0 := len(w), w[0]
				for x := range toks {
					// length and first byte before the string compare: most words differ there
					if v := toks[x].norm; len(v) == wl && v[0] == w0 && x != first && kept(x) && v == w {
						cands = append(cands, int32(x))
					}
				}
			} else {
				if at == nil {
					at = map[string][]int32{}
					for x := 0; x < n; x++ {
						if kept(x) && toks[x].kind == tkWord {
							at[toks[x].norm] = append(at[toks[x].norm], int32(x))
						}
					}
				}
				cands = at[toks[first].norm]
			}
			for _, p := range cands {
				i := int(p) - (first - a) // where the copy of the run would start
				if i < 0 || i+(b-a) > n {
					continue
				}
				same := true
				for k := 0; k < b-a && same; k++ {
					same = kept(i+k) && toks[i+k].norm == toks[a+k].norm
				}
				if same {
					for k := 0; k < b-a; k++ {
						st[i+k] = c
					}
				}
			}
		}
		a = b
	}
}

// vocClass returns the vocabulary bits of w (or of its singular).
func (s *Stripper) vocClass(voc map[string]uint8, w string) uint8 {
	if c, ok := voc[w]; ok {
		return c
	}
	if n := len(w); n > 3 && w[n-1] == 's' {
		if d := depluralise(w); d != "" {
			return voc[d]
		}
	}
	return 0
}

func (s *Stripper) isSafe(voc map[string]uint8, w string, bits uint8) bool {
	c := voc[w]
	if c&bits == 0 {
		if d := depluralise(w); d != "" {
			c = voc[d]
		}
		if c&bits == 0 {
			return false
		}
	}
	return true
}

// capCandidate: a capitalised token that could be a name or a place. place
// reports a country / state / city word (a place only next to an address).
func (s *Stripper) capCandidate(sc *scratch, st []uint8, voc map[string]uint8, i int) (ok, place bool) {
	t := &sc.tb.toks[i]
	if t.kind != tkWord || t.flags&(fCap|fAllCap) == 0 || st[i] != rsKeep && st[i] != rsFunc {
		return false, false
	}
	w := sc.tb.normOf(i)
	if len(w) < 2 || w == "i" || t.flags&fDigit != 0 {
		return false, false
	}
	if i < len(sc.gk) && sc.gk[i]&gBrandRun != 0 {
		return false, false // a listed brand, venue or title (ident_brands.go)
	}
	c := sc.tb.info[i].voc[s.langIdx[sc.lang]] // s.vocClass(voc, w): voc is the detected language's (finish)
	if c&(vCapOK|vFunc) != 0 {
		return false, false
	}
	if c&vSafe != 0 && !sc.tb.is(i, wcGiven|wcSurname|wcNameAmb) {
		return false, false
	}
	if c&vPlace != 0 || sc.tb.is(i, wcCity) {
		return true, true
	}
	return true, false
}

func (s *Stripper) sentenceInitial(sc *scratch, i int) bool {
	toks := sc.tb.toks
	if i == 0 {
		return true
	}
	if toks[i].flags&fSentStart == 0 {
		// after an opening quote / bracket / dash at the start of a line
		p := i - 1
		if toks[p].kind == tkPunct && (toks[p].flags&fSentStart != 0 || p == 0) {
			return true
		}
		return false
	}
	// "Dr. Smith", "St. Louis": the full stop of an abbreviation does not start a sentence
	if i >= 2 && toks[i-1].norm == "." {
		w := toks[i-2].norm
		if personCues[w] || streetTypes[w] || w == "st" || w == "mt" || w == "jr" {
			return false
		}
	}
	return true
}

func (s *Stripper) identResidue(text string, sc *scratch, st []uint8, voc map[string]uint8) bool {
	toks := sc.tb.toks
	n := len(toks)
	changed := false
	for i := sc.tb.nextCap(0); i < n; i = sc.tb.nextCap(i + 1) { // a candidate is capitalised
		ok, allPlace := s.capCandidate(sc, st, voc, i)
		if !ok {
			continue
		}
		// the run of capitalised candidates starting here (whitespace-separated, same line)
		j := i + 1
		for j < n && toks[j].flags&fNewline == 0 {
			ok2, pl := s.capCandidate(sc, st, voc, j)
			if !ok2 {
				break
			}
			allPlace = allPlace && pl
			j++
		}
		if !allPlace && j-i <= 4 {
			// a known multi-word city ("Los Angeles", "San Antonio")
			var key strings.Builder
			for x := i; x < j; x++ {
				if x > i {
					key.WriteByte(' ')
				}
				key.WriteString(toks[x].norm)
			}
			if s.k.cities[key.String()] {
				allPlace = true
			}
		}
		// a place rather than a person: after a locative word ("in San Ramon"),
		// a place prefix or suffix ("San ...", "... Valley"), before a facility
		// word ("... Health", "... Dental Center")
		if !allPlace {
			if i > 0 && locative[toks[i-1].norm] && st[i-1] != rsCovered ||
				placePrefix[toks[i].norm] || placeSuffix[toks[j-1].norm] ||
				j < n && (placeSuffix[toks[j].norm] || residueFacility[toks[j].norm] || FacilityWord(toks[j].norm)) {
				allPlace = true
			}
			// a facility word anywhere in the run ("Dental Connection", "Bright Smiles Dental Studio")
			for x := i; x < j && !allPlace; x++ {
				allPlace = FacilityWord(toks[x].norm)
			}
		}
		initial := s.sentenceInitial(sc, i)
		runLen := j - i
		if initial {
			// a sentence-initial word only counts inside a run ("John Smith called")
			if runLen < 2 {
				i = j - 1
				continue
			}
		}
		cat := uint8(0)
		if s.addressCue(sc, st, i, j) {
			cat = rsAddr
		} else if allPlace {
			// a country or city outside an address stays
		} else if runLen >= 2 || s.personCue(sc, st, i, j) || s.residueListedName(sc, i) {
			cat = rsName
		}
		if cat != 0 {
			for x := i; x < j; x++ {
				st[x] = cat
			}
			if cat == rsAddr {
				// absorb an adjacent street type / house number
				if j < n && st[j] != rsCovered && streetTypes[toks[j].norm] && toks[j].flags&fNewline == 0 {
					st[j] = cat
				}
				if i > 0 && toks[i-1].kind == tkNum && st[i-1] != rsCovered {
					st[i-1] = cat
				}
			}
			changed = true
		}
		i = j - 1
	}
	// military and box addresses: "PSC 1234", "Box 567", "Unit 8"
	for i := 0; i+1 < n; i++ {
		if toks[i+1].kind == tkNum && toks[i].kind == tkWord && toks[i].cls&wcBoxWord != 0 &&
			st[i] != rsCovered && st[i+1] != rsCovered && toks[i+1].flags&fNewline == 0 {
			st[i], st[i+1] = rsAddr, rsAddr
			changed = true
		}
	}
	if !changed && len(sc.spans) == 0 {
		return false
	}
	// grow addresses over what follows on the same line: house numbers,
	// street types, capitalised words, particles ("Rua Cidade de ...")
	for i := 0; i < n; i++ {
		if !s.isAddrTok(sc, st, i) {
			continue
		}
		j := i + 1
		for j < n && toks[j].flags&fNewline == 0 && st[j] != rsCovered && st[j] != rsAddr {
			w := toks[j].norm
			if toks[j].kind == tkNum && len(w) <= 6 || toks[j].kind == tkWord && streetTypes[w] {
				st[j] = rsAddr
				j++
				continue
			}
			if ok, _ := s.capCandidate(sc, st, voc, j); ok {
				st[j] = rsAddr
				j++
				continue
			}
			if addrParticle[w] && j+1 < n && toks[j+1].flags&fNewline == 0 && st[j+1] != rsCovered {
				if ok, _ := s.capCandidate(sc, st, voc, j+1); ok {
					st[j] = rsAddr
					j++
					continue
				}
			}
			break
		}
		if j > i+1 {
			changed = true
		}
		i = j - 1
	}
	if !changed {
		return false
	}
	// every other occurrence of a replaced word goes too
	var repl map[string]uint8
	for i := 0; i < n; i++ {
		if (st[i] == rsName || st[i] == rsAddr) && toks[i].kind == tkWord {
			if repl == nil {
				repl = map[string]uint8{}
			}
			repl[toks[i].norm] = st[i]
		}
	}
	if repl != nil {
		for x := 0; x < n; x++ {
			if (st[x] == rsKeep || st[x] == rsFunc) && toks[x].kind == tkWord {
				if c, ok := repl[toks[x].norm]; ok {
					st[x] = c
				}
			}
		}
	}
	return true
}

var boxWords = map[string]bool{"psc": true, "cmr": true, "box": true, "unit": true, "apo": true, "fpo": true, "dpo": true, "apartado": true}

var addrParticle = map[string]bool{
	"de": true, "del": true, "la": true, "las": true, "los": true, "da": true, "do": true, "dos": true,
	"das": true, "van": true, "von": true, "der": true, "den": true, "di": true, "du": true, "le": true,
	"y": true, "e": true,
}

func (s *Stripper) isAddrTok(sc *scratch, st []uint8, x int) bool {
	if st[x] == rsAddr {
		return true
	}
	if st[x] != rsCovered {
		return false
	}
	// only the last token of an engine address finding
	if x+1 < len(st) && st[x+1] == rsCovered {
		if sp := sc.spanAt(x + 1); sp != nil && int(sp.ts) <= x {
			return false
		}
	}
	sp := sc.spanAt(x)
	if sp == nil {
		return false
	}
	c := s.k.cats[sp.cat]
	return c == "address" || c == "zip"
}

// residueListedName: a single capitalised word mid-sentence that the engine's name
// lists know as a given or family name (and not as an everyday word).
func (s *Stripper) residueListedName(sc *scratch, i int) bool {
	w := sc.tb.normOf(i)
	k := s.k
	return (k.given[w] || k.surname[w]) && !k.nameAmb[w] && !k.common[w]
}

// addressCue: a house number before, a street type / ZIP / address finding
// after, within a few tokens.
// venueType: street types that, written in lower case after a name, are a
// place to go rather than a street ("near Shinjuku station", "Union square").
var venueType = map[string]bool{
	"station": true, "place": true, "park": true, "square": true, "center": true, "centre": true, "mall": true,
	"garden": true, "gardens": true, "point": true, "hill": true, "hills": true, "view": true, "walk": true,
	"market": true, "plaza": true, "pier": true, "bridge": true, "tower": true, "hall": true,
}

func (s *Stripper) addressCue(sc *scratch, st []uint8, i, j int) bool {
	toks := sc.tb.toks
	n := len(toks)
	// a house number shortly before ("42 Quenby", "1200 N. Oak")
	for b, k := i-1, 0; b >= 0 && k < 3; b, k = b-1, k+1 {
		if toks[b].kind == tkNum && st[b] != rsCovered {
			v := toks[b].norm
			if clockPart(sc, b) {
				// "at 16:00 with Menlo Park ...": a time is not a house number
				break
			}
			if len(v) <= 6 && !strings.ContainsAny(v, ".,") {
				return true
			}
		}
		w := toks[b].norm
		// a street type right before, or one word before when it is part of a
		// street's name ("Maple Street in Bristol", "Kossuth street in Pécs";
		// not "our street in Bristol", "drive from Sacramento")
		if streetTypes[w] && st[b] != rsCovered && (k == 0 || toks[b].flags&(fCap|fAllCap) != 0 ||
			b > 0 && (toks[b-1].flags&(fCap|fAllCap) != 0 || st[b-1] == rsCovered)) {
			return true
		}
		if toks[b].kind == tkWord && st[b] != rsCovered && (k > 0 ||
			s.anyStop(w) && b > 0 && toks[b-1].kind == tkNum && st[b-1] != rsCovered) {
			break // "Delta 1482 to Atlanta": a number before "to" is no house number
		}
	}
	if j < n && streetTypes[toks[j].norm] && st[j] != rsCovered && toks[j].flags&fNewline == 0 &&
		(toks[j].flags&(fCap|fAllCap) != 0 || !venueType[toks[j].norm]) {
		return true
	}
	for a, k := j, 0; a < n && k < 3; a, k = a+1, k+1 {
		w := toks[a].norm
		if toks[a].kind == tkNum && len(w) == 5 && st[a] != rsCovered {
			return true
		}
		if toks[a].kind == tkWord && st[a] != rsCovered && k > 0 {
			break
		}
	}
	// "the corner of X and Y", "the intersection of ..."
	for b, k := i-1, 0; b >= 1 && k < 12 && toks[b].sent == toks[i].sent; b, k = b-1, k+1 {
		if toks[b].norm == "of" {
			switch toks[b-1].norm {
			case "corner", "intersection", "junction", "esquina":
				return true
			}
		}
	}
	// next to an engine address / zip finding
	return s.nextToFinding(sc, st, i, j, "address", "zip")
}

func (s *Stripper) personCue(sc *scratch, st []uint8, i, j int) bool {
	toks := sc.tb.toks
	// title right before (with optional full stop)
	b := i - 1
	if b >= 0 && toks[b].norm == "." {
		b--
	}
	if b >= 0 && st[b] != rsCovered && personCues[toks[b].norm] {
		return true
	}
	for _, ph := range personPhrases {
		if phraseEndsAt(toks, i, ph) {
			return true
		}
	}
	_ = toks
	return s.nextToFinding(sc, st, i, j, "name", "")
}

// nextToFinding: an engine finding of one of the categories touches the run
// (only white space between).
func (s *Stripper) nextToFinding(sc *scratch, st []uint8, i, j int, c1, c2 string) bool {
	toks := sc.tb.toks
	check := func(x int) bool {
		if x < 0 || x >= len(toks) || st[x] != rsCovered {
			return false
		}
		sp := sc.spanAt(x)
		if sp == nil {
			return false
		}
		name := s.k.cats[sp.cat]
		return name == c1 || c2 != "" && name == c2
	}
	if check(i-1) || j < len(toks) && toks[j].flags&fNewline == 0 && check(j) {
		return true
	}
	// "Baltimore, MD [zip]": across one comma
	if i >= 2 && toks[i-1].norm == "," && check(i-2) {
		return true
	}
	if j+1 < len(toks) && toks[j].norm == "," && check(j+1) {
		return true
	}
	return false
}

// spanAt returns the merged engine span that covers token x (sc.spans is
// sorted after build).
func (sc *scratch) spanAt(x int) *span {
	lo, hi := 0, len(sc.spans)
	for lo < hi {
		m := (lo + hi) / 2
		sp := &sc.spans[m]
		switch {
		case int(sp.te) <= x:
			lo = m + 1
		case int(sp.ts) > x:
			hi = m
		default:
			return sp
		}
	}
	return nil
}

func (s *Stripper) clinicalResidue(sc *scratch, st []uint8, voc map[string]uint8, lang string) bool {
	toks := sc.tb.toks
	bit := s.langBits[sc.lang] // s.langBit(lang): lang is the detected language
	// the tokens' vocabulary classes in voc (vocabFor(lang)), looked up by classify
	li := s.langIdx[sc.lang]
	n := len(toks)
	changed := false
	// vocabulary class of each uncovered word, shared with the clause pass
	var vbuf [256]uint8
	var vc []uint8
	if n > len(vbuf) {
		vc = make([]uint8, n)
	} else {
		vc = vbuf[:n]
	}
	for i := 0; i < n; i++ {
		if st[i] != rsKeep && st[i] != rsFunc {
			continue
		}
		t := &toks[i]
		if t.kind == tkNum {
			st[i] = rsClin
			changed = true
			continue
		}
		if t.flags&fDigit != 0 {
			st[i] = rsClin
			changed = true
			continue
		}
		c := sc.tb.info[i].voc[li]
		vc[i] = c
		if c&vFunc != 0 {
			if sc.tb.info[i].clin&bit != 0 { // clinicalTermIn
				st[i] = rsClin
				changed = true
			} else {
				st[i] = rsFunc
			}
			continue
		}
		if c&vSafe != 0 && sc.tb.info[i].clin&bit == 0 {
			// a capitalised everyday word mid-sentence may be part of a name or
			// facility ("Bill", "Memorial", "University"): only weekdays, brands,
			// acronyms and function words stay
			if t.flags&fCap == 0 || c&vCapOK != 0 {
				continue
			}
			if s.sentenceInitial(sc, i) && !toks[i].is(wcGiven|wcSurname|wcNameAmb) {
				continue
			}
			if greeting(sc, i) {
				continue // "Good morning," though Good is also a family name
			}
		}
		st[i] = rsClin
		changed = true
	}
	// a clause with a clinical finding goes entirely (clinical_clause.go)
	if s.clinicalClauses(sc, st, vc) {
		changed = true
	}
	// a capitalised kept word next to a replaced capitalised word belongs to
	// the same name ("Holy Cross", "Saint Agnes")
	capRepl := func(x int) bool {
		if x < 0 || x >= n || toks[x].flags&(fCap|fAllCap) == 0 {
			return false
		}
		return st[x] == rsClin || st[x] == rsName || st[x] == rsAddr
	}
	for pass := 0; pass < 2; pass++ {
		for i := 0; i < n; i++ {
			if st[i] != rsKeep || toks[i].kind != tkWord || toks[i].flags&fCap == 0 || toks[i].norm == "i" {
				continue
			}
			if capRepl(i-1) && toks[i].flags&fNewline == 0 || capRepl(i+1) && toks[i+1].flags&fNewline == 0 {
				st[i] = rsClin
				changed = true
			}
		}
	}
	if !changed {
		return false
	}
	// function words and joining punctuation between two replaced words of the
	// same sentence are swallowed (at most 3 tokens)
	// (an engine clinical finding counts as a replaced word on one side)
	clinAt := func(x int) (mine, any bool) {
		if st[x] == rsClin {
			return true, true
		}
		if st[x] == rsCovered {
			if sp := sc.spanAt(x); sp != nil && s.k.clinical[sp.cat] {
				return false, true
			}
		}
		return false, false
	}
	for i := 0; i < n; i++ {
		mi, ai := clinAt(i)
		if !ai {
			continue
		}
		j := i + 1
		for j < n && j-i <= 3 && (st[j] == rsFunc || st[j] == rsPunct && joiner(sc, j)) && toks[j].flags&fNewline == 0 && toks[j].sent == toks[i].sent {
			j++
		}
		if j > i+1 && j < n && toks[j].sent == toks[i].sent && toks[j].flags&fNewline == 0 {
			if mj, aj := clinAt(j); aj && (mi || mj) {
				keep := false
				if !mi || !mj {
					// next to an engine finding, conjunctions and time words stay
					// readable ("[symptom] and [clinical] since ...")
					for x := i + 1; x < j; x++ {
						if toks[x].is(wcKeepBetween) {
							keep = true
						}
					}
				}
				for x := i + 1; x < j && !keep; x++ {
					st[x] = rsClin
				}
			}
		}
		if j > i+1 {
			i = j - 1
		}
	}
	return true
}

var keepBetween = map[string]bool{
	"and": true, "or": true, "but": true, "nor": true, "since": true, "for": true, "because": true,
	"after": true, "before": true, "until": true, "while": true, "when": true, "if": true, "then": true,
	"so": true, "y": true, "o": true, "pero": true, "desde": true, "porque": true, "cuando": true,
	"despues": true, "antes": true, "si": true,
}

func joiner(sc *scratch, j int) bool {
	switch sc.tb.normOf(j) {
	case "-", "/", "'", "&", "+", "’", "–":
		return true
	}
	return false
}

// rebuild merges the residue runs into the findings and rewrites Redacted.
func (s *Stripper) rebuild(r *Result, text string, sc *scratch, st []uint8) {
	toks := sc.tb.toks
	n := len(toks)
	// run boundaries: one pass to count, one to fill (no intermediate slice)
	next := func(i int) (int, int, uint8) {
		for ; i < n; i++ {
			c := st[i]
			if c != rsClin && c != rsName && c != rsAddr {
				continue
			}
			j := i + 1
			for j < n && st[j] == c && toks[j].flags&fNewline == 0 {
				j++
			}
			return i, j, c
		}
		return n, n, 0
	}
	cnt := 0
	for i := 0; i < n; {
		_, b, c := next(i)
		if c == 0 {
			break
		}
		cnt++
		i = b
	}
	if cnt == 0 {
		return
	}
	all := make([]Finding, 0, len(r.Findings)+cnt)
	fi := 0
	for i := 0; i < n; {
		a, b, c := next(i)
		if c == 0 {
			break
		}
		cat := CategoryClinicalContext
		switch c {
		case rsName:
			cat = "name"
		case rsAddr:
			cat = "address"
		}
		f := Finding{Category: cat, Start: int(toks[a].start), End: int(toks[b-1].end)}
		for fi < len(r.Findings) && r.Findings[fi].Start < f.Start {
			all = append(all, r.Findings[fi])
			fi++
		}
		all = append(all, f)
		i = b
	}
	all = append(all, r.Findings[fi:]...)
	r.Findings = all
	r.Redacted = redact(text, all)
}

// clockPart: the number at b is the hour or minutes of a clock time
// ("16:00", "9.30").
func clockPart(sc *scratch, b int) bool {
	toks := sc.tb.toks
	if b >= 2 && toks[b].flags&fSpace == 0 && toks[b-2].kind == tkNum && toks[b-1].flags&fSpace == 0 {
		if p := toks[b-1].norm; p == ":" || p == "." {
			return true
		}
	}
	if b+2 < len(toks) && toks[b+1].flags&fSpace == 0 && toks[b+2].kind == tkNum && toks[b+2].flags&fSpace == 0 {
		if p := toks[b+1].norm; p == ":" {
			return true
		}
	}
	return false
}
