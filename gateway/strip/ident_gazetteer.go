package strip

import (
	"embed"
	"io/fs"
	"path"
	"strings"
	"sync"
)

// Gazetteers for the identifier half: places, nationalities, organisation
// cues, job titles and street types. They are plain text files under
// gazetteer/ (one entry a line, '#' comments; see gazetteer/README.md),
// looked up through one map keyed by the normalised, space-joined tokens of
// an entry, so a message costs one map probe per token (plus a few for the
// tokens that start a multi-word entry).

//go:embed gazetteer
var gazetteerFS embed.FS

// gazetteer entry kinds (bits: an entry may be several things at once).
const (
	gCountry    uint32 = 1 << iota // country, territory, large region
	gCity                          // city or town
	gState                         // US state / Canadian province
	gNation                        // nationality, ethnic or religious group
	gOrgSuffix                     // "Inc", "LLC", "Group", "Bank": ends an organisation name
	gOrgWord                       // word typical inside an organisation name ("Insurance", "Capital")
	gJobHead                       // head noun of a job title ("engineer", "clerk")
	gJobMod                        // word typical before a job head ("senior", "software")
	gStreet                        // street type ("strasse", "utca", "vej", "rue")
	gStreetPre                     // street type written before the name ("rue", "via", "ul.")
	gAmbiguous                     // everyday word too: needs a capital and a cue
	gLangName                      // nationality adjective that is also a language name
	gTitleCue                      // first word of a job-title cue ("work", "as", "i")
	gPlacePrep                     // a place preposition ("in", "to", "from")
	gBrand                         // brand, company, product, venue, landmark, title or stage name (ident_brands.go)
	gOrgName                       // company, bank, insurer, agency, team (orgs.txt): an organisation, not a person
	gBrandRun                      // (per token) inside a listed brand written with a capital (dropBrandNames)
	gFirst                         // (per token) first word of a multi-word entry
	gBrandFirst                    // (per token) first word of a multi-word brand or organisation entry
	gSet                           // (per token) the cache entry is filled
)

// extra identifier categories (placeholders [location], [organization], ...)
func init() {
	identifierCategories = append(identifierCategories, "location", "organization", "occupation", "nationality")
}

type gazetteer struct {
	m      map[string]uint32 // entry -> kinds
	first  map[string]bool   // first token of a multi-word entry
	maxLen int
}

var (
	gazOnce sync.Once
	gaz     *gazetteer
)

func defaultGazetteer() *gazetteer {
	gazOnce.Do(func() {
		g, err := loadGazetteer(gazetteerFS)
		if err != nil {
			panic("strip: embedded gazetteer is broken: " + err.Error())
		}
		gaz = g
	})
	return gaz
}

var gazFileKinds = map[string]uint32{
	"countries":           gCountry,
	"cities":              gCity,
	"states":              gState,
	"nationalities":       gNation,
	"nationalities_multi": gNation,
	"languages":           gLangName,
	"org_suffixes":        gOrgSuffix,
	"org_words":           gOrgWord,
	"job_heads":           gJobHead,
	"job_modifiers":       gJobMod,
	"street_types":        gStreet,
	"street_prefixes":     gStreetPre,
	// "brands_retail": gBrand,
	"brands_products": gBrand,
	"orgs":            gOrgName,
	"landmarks":       gBrand,
	"media":           gBrand,
	"dog_cat_breeds":  gBrand,
}

func loadGazetteer(fsys fs.FS) (*gazetteer, error) {
	g := &gazetteer{m: map[string]uint32{}, first: map[string]bool{}}
	var tb tokbuf
	ents, err := fs.ReadDir(fsys, "gazetteer")
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".txt") {
			continue
		}
		kind, ok := gazFileKinds[strings.TrimSuffix(name, ".txt")]
		if !ok {
			continue
		}
		multi := kind == gNation && !strings.Contains(name, "multi")
		err := readLines(fsys, path.Join("gazetteer", name), func(line string) {
			entries := []string{line}
			if multi || kind == gLangName || kind == gOrgWord || kind == gJobMod {
				// word lists: several entries a line
				entries = strings.Fields(line)
			} else if strings.Contains(line, ",") && kind&(gBrand|gOrgName) == 0 {
				// (a brand or a title may hold a comma: "Crosby, Stills & Nash")
				entries = strings.Split(line, ",")
			}
			for _, ent := range entries {
				ent = strings.TrimSpace(ent)
				k := kind
				if strings.HasPrefix(ent, "~") {
					k |= gAmbiguous
					ent = ent[1:]
				}
				keys := phraseKeys(ent, &tb)
				if len(keys) == 0 {
					continue
				}
				g.add(keys, k)
				if kind == gNation && len(keys) == 1 {
					// plural noun forms ("Brazilians", "Swedes", "Sunnis")
					w := keys[0]
					if !strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ese") && !strings.HasSuffix(w, "ish") && !strings.HasSuffix(w, "ch") {
						g.add([]string{w + "s"}, k)
					}
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	// a place is never a brand: a city, state or country that some brand or
	// title also names ("New York, New York") stays a place
	for key, k := range g.m {
		if k&(gBrand|gOrgName) != 0 && k&(gCountry|gCity|gState) != 0 {
			g.m[key] = k &^ (gBrand | gOrgName)
		}
	}
	// cue words of the matchers, so that one probe per token answers them too
	for w := range titleCueFirst {
		g.m[w] |= gTitleCue
	}
	for w := range placePrep {
		g.m[w] |= gPlacePrep
	}
	return g, nil
}

// innerWords are the words after the first of the multi-word entries (the
// word table's wcGazInner): longest stops extending at any other word.
func (g *gazetteer) innerWords() map[string]bool {
	inner := map[string]bool{}
	for key := range g.m {
		if _, rest, ok := strings.Cut(key, " "); ok {
			for _, w := range strings.Split(rest, " ") {
				inner[w] = true
			}
		}
	}
	return inner
}

func (g *gazetteer) add(keys []string, kind uint32) {
	key := strings.Join(keys, " ")
	if old, ok := g.m[key]; ok && old&gAmbiguous == 0 && kind&gAmbiguous != 0 && old&^gAmbiguous != 0 {
		// an unambiguous listing elsewhere wins only for its own kind
		kind &^= gAmbiguous
		kind |= old
	} else {
		kind |= old
	}
	g.m[key] = kind
	if len(keys) > 1 {
		g.first[keys[0]] = true
		if kind&(gBrand|gOrgName) != 0 {
			// a separate bit: the place matchers probe every gFirst token,
			// and brands start with common words ("The Cure", "Best Buy")
			g.m[keys[0]] |= gBrandFirst
		} else {
			g.m[keys[0]] |= gFirst
		}
	}
	if len(keys) > g.maxLen {
		g.maxLen = len(keys)
	}
}

// lookup returns the kinds of the single token w.
func (g *gazetteer) lookup(w string) uint32 { return g.m[w] &^ (gFirst | gBrandFirst) }

// prepareTokens fills the per-message caches of the identifier pass: the
// gazetteer kinds of every token (one map probe per word) and an empty
// known-word cache.
func (g *gazetteer) prepareTokens(sc *scratch) {
	n := len(sc.tb.toks)
	if cap(sc.gk) < n {
		sc.gk = make([]uint32, n)
		sc.kw = make([]uint8, n)
	}
	sc.gk = sc.gk[:n]
	sc.kw = sc.kw[:n]
	clear(sc.kw)
	// the slices in locals: the stores to gk would otherwise reload them
	// from sc on every token
	gk, toks, info := sc.gk, sc.tb.toks, sc.tb.info[:n]
	for i := range gk {
		if toks[i].kind != tkWord {
			gk[i] = gSet
			continue
		}
		gk[i] = info[i].gaz | gSet // g is defaultGazetteer(), which classify read
	}
}

// tokKind: the gazetteer kinds of token i of the current message.
func tokKind(sc *scratch, i int) uint32 {
	if i < len(sc.gk) {
		return sc.gk[i] &^ (gFirst | gSet | gBrandRun | gBrandFirst)
	}
	return 0
}

// longest finds the longest entry starting at token i (word tokens joined by
// single spaces; hyphens between words are skipped). It returns the end token
// (exclusive) and the entry's kinds, or (i, 0).
func (g *gazetteer) longest(sc *scratch, i int, want uint32) (int, uint32) {
	toks := sc.tb.toks
	n := len(toks)
	w := toks[i].norm
	bestEnd, bestKind := i, uint32(0)
	var k uint32
	var first bool
	if i < len(sc.gk) && sc.gk[i]&gSet != 0 {
		k, first = sc.gk[i]&^(gFirst|gSet|gBrandFirst|gBrandRun), sc.gk[i]&gFirst != 0 || want&(gBrand|gOrgName) != 0 && sc.gk[i]&gBrandFirst != 0
	} else {
		k, first = g.m[w]&^(gFirst|gBrandFirst), g.first[w]
	}
	if k&want != 0 {
		bestEnd, bestKind = i+1, k
	}
	if !first {
		return bestEnd, bestKind
	}
	var buf [96]byte
	b := append(buf[:0], w...)
	words := 1
	for j := i + 1; j < n && words < g.maxLen; j++ {
		t := &toks[j]
		if t.flags&fNewline != 0 {
			break
		}
		nj := toks[j].norm
		if t.kind == tkPunct {
			if (nj == "-" || nj == ".") && j+1 < n && toks[j+1].kind != tkPunct {
				continue
			}
			break
		}
		if t.cls&wcGazInner == 0 {
			break // no entry has this word after its first: none is longer
		}
		if len(b)+1+len(nj) > len(buf) {
			break
		}
		b = append(b, ' ')
		b = append(b, nj...)
		words++
		if k, ok := g.m[string(b)]; ok && k&want != 0 {
			k &^= gFirst | gBrandFirst
			bestEnd, bestKind = j+1, k
		}
	}
	return bestEnd, bestKind
}
