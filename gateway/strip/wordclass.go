package strip

// Word classes. The matchers ask many times whether a token is in one of
// their word sets (cue words, units, name lists, gazetteers, vocabularies,
// the lexicon's token ids). Each token's answers are looked up once per
// message, in one map from the normalised word to a wordInfo built with the
// Stripper (classify, called right after tokenize): the class bits are stored
// on the token, the rest of the wordInfo in tokbuf.info; the matchers then
// test bits instead of hashing the word again.
// The sets stay the source of truth: a class bit is set exactly when the
// word is a member, so adding a word to a set needs nothing here. They are
// read when the Stripper is built (New): a set must be complete by then.

type wordClass uint64

const (
	wcMonth           wordClass = 1 << iota // monthNames (value > 0)
	wcWeekday                               // weekdayNames
	wcIDCue                                 // idCues
	wcWeightUnit                            // weightUnits
	wcSpelledNum                            // spelledNums
	wcNameCue                               // nameCue (non-zero)
	wcTitle                                 // titleWords
	wcPlacePrefix                           // placePrefix
	wcPlaceSuffix                           // placeSuffix
	wcSignOff                               // signOffs
	wcLastDigits                            // lastDigitsCue
	wcEuroStreet                            // euroStreetWords
	wcStateName                             // stateNames
	wcWeightFill                            // weightFillers
	wcBoxWord                               // boxWords
	wcKeepBetween                           // keepBetween
	wcCommon                                // knowledge: common
	wcGiven                                 // knowledge: given names
	wcSurname                               // knowledge: surnames
	wcNameAmb                               // knowledge: names that are also common words
	wcCity                                  // knowledge: cities
	wcStopEN                                // knowledge: stop words of the first language (stop[0])
	wcLexWord                               // isLexiconWord: the word alone is an unambiguous clinical term
	wcIntroFirst                            // introByFirst (first word of an introduction phrase)
	wcPlaceVerb                             // placeVerb
	wcPlaceBe                               // placeBe
	wcValueLink                             // valueLinks
	wcStreetCue                             // streetCues
	wcLabelWord                             // labelWords
	wcExtraTitle                            // extraTitles
	wcGreetingTime                          // greetingTimes
	wcReportVerb                            // reportVerb
	wcClauseSubject                         // clauseSubject
	wcGazInner                              // a word after the first of a multi-word gazetteer entry (gazetteer.longest)
	wcPlacePrep                             // placePrep
	wcZipCue                                // zipCues
	wcSurnameParticle                       // surnameParticle
	wcGiveVerb                              // giveVerb
	wcPossessive                            // possessiveWord
	wcCorner                                // cornerWords
	wcMilPost                               // militaryPosts
	wcPostalCue                             // postalCues
	wcNameLabel                             // nameLabel
	wcAptWord                               // aptWords
	wcMediaVerb                             // mediaVerbs
	wcMediaWake                             // mediaWakes
	wcObjectNoun                            // objectNouns
	wcObjectStop                            // objectStop
	wcObjectDet                             // objectDeterminer
	wcObjectOpen                            // objectClauseOpen
	wcCredential                            // credentialCues
	wcVehicle                               // vehicleCues
	wcShopHead                              // shoppingListHeads
	wcJokeTerm                              // jokeTerms
	wcNamedThing                            // namedThings
	wcLatinStreet                           // latinStreetWords
	wcLatinAbbrev                           // latinStreetAbbrev
	wcSelfIntro                             // selfIntroWord
)

// wordClassSets are the global sets behind the class bits (pointers: some
// are filled by init functions).
var wordClassSets = []struct {
	c wordClass
	m *map[string]bool
}{
	{wcWeekday, &weekdayNames}, {wcIDCue, &idCues},
	{wcWeightUnit, &weightUnits}, {wcSpelledNum, &spelledNums}, {wcTitle, &titleWords},
	{wcPlacePrefix, &placePrefix}, {wcPlaceSuffix, &placeSuffix}, {wcSignOff, &signOffs},
	{wcLastDigits, &lastDigitsCue}, {wcEuroStreet, &euroStreetWords}, {wcStateName, &stateNames},
	{wcWeightFill, &weightFillers}, {wcBoxWord, &boxWords}, {wcKeepBetween, &keepBetween},
	{wcPlaceVerb, &placeVerb}, {wcPlaceBe, &placeBe}, {wcValueLink, &valueLinks},
	{wcStreetCue, &streetCues}, {wcLabelWord, &labelWords}, {wcExtraTitle, &extraTitles},
	{wcGreetingTime, &greetingTimes}, {wcReportVerb, &reportVerb}, {wcClauseSubject, &clauseSubject},
	{wcPlacePrep, &placePrep}, {wcZipCue, &zipCues},
	{wcSurnameParticle, &surnameParticle}, {wcGiveVerb, &giveVerb}, {wcPossessive, &possessiveWord},
	{wcCorner, &cornerWords}, {wcMilPost, &militaryPosts},
	{wcPostalCue, &postalCues}, {wcNameLabel, &nameLabel}, {wcAptWord, &aptWords},
	{wcMediaVerb, &mediaVerbs}, {wcMediaWake, &mediaWakes}, {wcObjectNoun, &objectNouns},
	{wcObjectStop, &objectStop}, {wcObjectDet, &objectDeterminer}, {wcObjectOpen, &objectClauseOpen},
	{wcCredential, &credentialCues}, {wcVehicle, &vehicleCues}, {wcShopHead, &shoppingListHeads},
	{wcJokeTerm, &jokeTerms}, {wcNamedThing, &namedThings},
	{wcLatinStreet, &latinStreetWords}, {wcLatinAbbrev, &latinStreetAbbrev},
	{wcSelfIntro, &selfIntroWord},
}

// maxLangs bounds the knowledge's languages (see loadKnowledge).
const maxLangs = 8

// wordInfo is what one lookup tells about a normalised word.
type wordInfo struct {
	cls  wordClass
	tid  int32           // the lexicon trie's id of the word (-1 none)
	tidS int32           // the trie's id of its singular (depluralise, else depluraliseES; -1 none)
	gaz  uint32          // gazetteer kinds (with gFirst), see ident_gazetteer.go
	stop uint8           // knowledge.stopMask
	clin uint8           // clinWords bits of the word or of its singular (clinicalTermIn)
	voc  [maxLangs]uint8 // vocClass in vocabFor(language) for each language index
	// phrase lists that start with the word: wordTable.phrases[intro] is
	// introByFirst[word], phrases[tcue] is titleCueFirst[word] (0: none)
	intro, tcue int16
}

// wordTable maps a normalised word to its wordInfo; words in no set get none.
type wordTable struct {
	m       map[string]wordInfo
	none    wordInfo
	ascii   [128]wordInfo // the one-byte words (punctuation, "a", "i"), without a map probe
	hot     []hotSlot     // the frequent words, in front of m (wordhot.go)
	phrases [][][]string  // phrase lists by wordInfo.intro / tcue; phrases[0] is nil
}

func newWordTable(s *Stripper) *wordTable {
	k := s.k
	tr := k.tr
	g := defaultGazetteer()
	cw := s.clinWords()
	vocs := make([]map[string]uint8, len(k.langs))
	for li, l := range k.langs {
		vocs[li] = vocabFor(l)
	}
	keys := map[string]struct{}{}
	addKeys := func(m map[string]bool) {
		for w, ok := range m {
			if ok {
				keys[w] = struct{}{}
			}
		}
	}
	// a word whose singular is in a set (vocClass and clinicalTermIn look the
	// singular up too): every word depluralise maps to d
	addPlurals := func(d string) {
		keys[d+"s"] = struct{}{}
		if n := len(d); n > 0 && d[n-1] == 'y' {
			keys[d[:n-1]+"ies"] = struct{}{}
		}
	}
	for _, ws := range wordClassSets {
		addKeys(*ws.m)
	}
	for w, v := range monthNames {
		if v > 0 {
			keys[w] = struct{}{}
		}
	}
	for w, v := range nameCue {
		if v != 0 {
			keys[w] = struct{}{}
		}
	}
	for w, v := range introByFirst {
		if len(v) > 0 {
			keys[w] = struct{}{}
		}
	}
	addKeys(k.common)
	addKeys(k.given)
	addKeys(k.surname)
	addKeys(k.nameAmb)
	addKeys(k.cities)
	for w := range k.stopMask {
		keys[w] = struct{}{}
	}
	for w := range tr.ids {
		keys[w] = struct{}{}
		addPlurals(w)
		keys[w+"es"] = struct{}{} // depluraliseES
	}
	inner := g.innerWords()
	for w := range g.m {
		keys[w] = struct{}{}
	}
	for w := range inner {
		keys[w] = struct{}{}
	}
	for w := range cw {
		keys[w] = struct{}{}
		addPlurals(w)
	}
	for _, v := range vocs {
		for w := range v {
			keys[w] = struct{}{}
			addPlurals(w)
		}
	}
	wt := &wordTable{m: make(map[string]wordInfo, len(keys)), none: wordInfo{tid: -1, tidS: -1}, phrases: [][][]string{nil}}
	phraseIndex := func(phs [][]string) int16 {
		if len(phs) == 0 {
			return 0
		}
		wt.phrases = append(wt.phrases, phs)
		return int16(len(wt.phrases) - 1)
	}
	for w := range titleCueFirst {
		keys[w] = struct{}{}
	}
	// what depends on the word itself, for every key
	m := wt.m
	for w := range keys {
		wi := wordInfo{tid: tr.tokID(w, false), tidS: -1, gaz: g.m[w], stop: k.stopMask[w]}
		if d := depluralise(w); d != "" {
			wi.tidS = tr.tokID(d, false)
		}
		if d := depluraliseES(w); wi.tidS < 0 && d != "" {
			wi.tidS = tr.tokID(d, false)
		}
		if s.isLexiconWord(w) {
			wi.cls |= wcLexWord
		}
		wi.clin = cw[w]
		if d := depluralise(w); d != "" {
			wi.clin |= cw[d]
		}
		for li, v := range vocs {
			wi.voc[li] = s.vocClass(v, w)
		}
		m[w] = wi
	}
	// set memberships, set by set (every member is a key)
	mark := func(w string, f func(*wordInfo)) {
		wi := m[w]
		f(&wi)
		m[w] = wi
	}
	sets := append([]struct {
		c wordClass
		m *map[string]bool
	}{}, wordClassSets...)
	sets = append(sets, []struct {
		c wordClass
		m *map[string]bool
	}{{wcCommon, &k.common}, {wcGiven, &k.given}, {wcSurname, &k.surname}, {wcNameAmb, &k.nameAmb}, {wcCity, &k.cities}}...)
	if len(k.stop) > 0 {
		sets = append(sets, struct {
			c wordClass
			m *map[string]bool
		}{wcStopEN, &k.stop[0]})
	}
	for _, ws := range sets {
		for w, ok := range *ws.m {
			if ok {
				mark(w, func(wi *wordInfo) { wi.cls |= ws.c })
			}
		}
	}
	for w, v := range monthNames {
		if v > 0 {
			mark(w, func(wi *wordInfo) { wi.cls |= wcMonth })
		}
	}
	for w, v := range nameCue {
		if v != 0 {
			mark(w, func(wi *wordInfo) { wi.cls |= wcNameCue })
		}
	}
	for w := range inner {
		mark(w, func(wi *wordInfo) { wi.cls |= wcGazInner })
	}
	for w, phs := range introByFirst {
		if len(phs) > 0 {
			mark(w, func(wi *wordInfo) { wi.cls |= wcIntroFirst; wi.intro = phraseIndex(phs) })
		}
	}
	for w, phs := range titleCueFirst {
		if len(phs) > 0 {
			mark(w, func(wi *wordInfo) { wi.tcue = phraseIndex(phs) })
		}
	}
	// words in no set need no entry
	for w, wi := range m {
		if wi == wt.none {
			delete(m, w)
		}
	}
	for c := range wt.ascii {
		wt.ascii[c] = wt.lookupMap(string(rune(c)))
	}
	wt.fillHot(k)
	return wt
}

// lookup is the word's wordInfo: from the hot table when it holds the word,
// else from the map.
func (wt *wordTable) lookup(w string) wordInfo {
	h := hotHash(w)
	if s := &wt.hot[h]; s.w == w {
		return s.wi
	}
	if s := &wt.hot[h^1]; s.w == w {
		return s.wi
	}
	return wt.lookupMap(w)
}

func (wt *wordTable) lookupMap(w string) wordInfo {
	if wi, ok := wt.m[w]; ok {
		return wi
	}
	return wt.none
}

// classify looks every token up once: its classes go on the token, the
// rest of its wordInfo into tb.info (same index).
func (wt *wordTable) classify(tb *tokbuf) {
	toks := tb.toks
	n := len(toks)
	if cap(tb.info) < n {
		tb.info = make([]wordInfo, n)
	}
	info := tb.info[:n]
	tb.info = info
	// the hot table and the one-byte words in locals (lookup inlined)
	hot := (*[1 << hotBits]hotSlot)(wt.hot)
	ascii := &wt.ascii
	if cap(tb.nextCapAt) < n+1 {
		tb.nextCapAt = make([]int32, n+1)
	}
	nc := tb.nextCapAt[:n+1]
	tb.nextCapAt = nc
	next := int32(n)
	nc[n] = next
	var flags uint16
	var cls wordClass
	// backwards, for nextCapAt
	for i := n - 1; i >= 0; i-- {
		t := &toks[i]
		wi := &info[i]
		w := t.norm
		if len(w) == 1 && w[0] < 128 {
			*wi = ascii[w[0]]
		} else if h := hotHash(w); hot[h].w == w {
			*wi = hot[h].wi
		} else if hot[h^1].w == w {
			*wi = hot[h^1].wi
		} else {
			*wi = wt.lookupMap(w)
		}
		t.cls = wi.cls
		cls |= wi.cls
		flags |= t.flags
		if t.flags&(fCap|fAllCap) != 0 {
			next = int32(i)
		}
		nc[i] = next
	}
	tb.anyFlags, tb.anyCls = flags, cls
}

// vocEN is vocClass(vocabFor("en"), word of token i): classify looked it up
// when English is one of the knowledge's languages.
func (s *Stripper) vocEN(sc *scratch, i int) uint8 {
	if s.langEN >= 0 {
		return sc.tb.info[i].voc[s.langEN]
	}
	if v := vocabFor("en"); v != nil {
		return s.vocClass(v, sc.tb.normOf(i))
	}
	return 0
}

// is reports whether token i is in any of the classes c.
func (tb *tokbuf) is(i int, c wordClass) bool { return tb.toks[i].cls&c != 0 }

// is reports whether the token is in any of the classes c (for a matcher
// that holds the token slice in a local: toks[i].is(c)).
func (t *token) is(c wordClass) bool { return t.cls&c != 0 }

// listedTok is listedName for token i.
func (tb *tokbuf) listedTok(i int) bool {
	c := tb.toks[i].cls
	return c&(wcGiven|wcSurname) != 0 && c&wcNameAmb == 0
}
