package strip

import (
	"bufio"
	"compress/gzip"
	"strings"
	"sync"
)

// englishWords is a list of lower-case English words (gazetteer/
// english_words.txt.gz). A capitalised word that is not in it, nor in any
// lexicon, is an unknown proper noun: a person, a place or an organisation.
var (
	englishOnce sync.Once
	englishSet  map[string]struct{}
)

func englishWords() map[string]struct{} {
	englishOnce.Do(func() {
		englishSet = make(map[string]struct{}, 70000)
		f, err := gazetteerFS.Open("gazetteer/english_words.txt.gz")
		if err != nil {
			panic("strip: embedded word list is missing: " + err.Error())
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			panic("strip: embedded word list is broken: " + err.Error())
		}
		sc := bufio.NewScanner(zr)
		for sc.Scan() {
			w := strings.TrimSpace(sc.Text())
			if w == "" || w[0] == '#' {
				continue
			}
			englishSet[foldString(w)] = struct{}{}
		}
	})
	return englishSet
}

// isEnglishWord reports whether the normalised token w is an everyday
// English word (also through a plural, past or -ing form).
func isEnglishWord(w string) bool {
	m := englishWords()
	if _, ok := m[w]; ok {
		return true
	}
	n := len(w)
	if n > 3 && w[n-1] == 's' {
		if _, ok := m[w[:n-1]]; ok {
			return true
		}
		if d := depluralise(w); d != "" {
			if _, ok := m[d]; ok {
				return true
			}
		}
	}
	if n > 4 && strings.HasSuffix(w, "ed") {
		if _, ok := m[w[:n-2]]; ok {
			return true
		}
		if _, ok := m[w[:n-1]]; ok {
			return true
		}
	}
	if n > 5 && strings.HasSuffix(w, "ing") {
		if _, ok := m[w[:n-3]]; ok {
			return true
		}
	}
	if n > 4 && strings.HasSuffix(w, "ly") {
		if _, ok := m[w[:n-2]]; ok {
			return true
		}
	}
	// place-like compounds of a direction or landscape word and an everyday
	// word ("Northside", "Lakeview", "Riverside"): names of branches and
	// neighbourhoods, not of people
	for _, p := range compoundHeads {
		if len(w) > len(p)+2 && strings.HasPrefix(w, p) {
			if _, ok := m[w[len(p):]]; ok {
				return true
			}
		}
	}
	return false
}

var compoundHeads = []string{"north", "south", "east", "west", "mid", "down", "up", "river", "lake", "bay", "hill", "park", "sea", "brook", "glen", "fair", "bridge", "harbor", "harbour", "valley", "meadow", "sun", "star", "city", "town", "county", "metro"}

// knownTok: knownWord for token i, cached per message.
func (s *Stripper) knownTok(sc *scratch, i int) bool {
	if i < len(sc.kw) && i < len(sc.gk) {
		switch sc.kw[i] {
		case 1:
			return true
		case 2:
			return false
		}
		ok := s.knownWord(sc.tb.normOf(i))
		if ok {
			sc.kw[i] = 1
		} else {
			sc.kw[i] = 2
		}
		return ok
	}
	return s.knownWord(sc.tb.normOf(i))
}

// knownWord: an everyday English word or any word the stripper's own
// lexicons and vocabularies know (clinical terms, Spanish function words,
// capitalised brands and weekdays).
func (s *Stripper) knownWord(w string) bool {
	if isEnglishWord(w) || s.k.common[w] || monthNames[w] > 0 || weekdayNames[w] || titleWords[w] {
		return true
	}
	for li := range s.k.stop {
		if s.k.stop[li][w] {
			return true
		}
	}
	if s.isLexiconWord(w) {
		return true
	}
	if v := vocabFor("en"); v != nil && s.vocClass(v, w) != 0 {
		return true
	}
	if v := vocabFor("es"); v != nil && s.vocClass(v, w) != 0 {
		return true
	}
	return false
}
