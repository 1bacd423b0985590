package strip

// Job titles (occupation): a run of modifiers ending in a job head noun
// (gazetteer/job_heads.txt), taken
//
//   - after a cue: "work as a", "I am a", "employed as", "job title:",
//     "[name], the Packager, said", "[name], a retired teacher";
//   - on a line of its own inside a signature or contact block
//     ("Staff development specialist" under a name, "Leasing consultant").
//
// A care provider named in a request ("I need a General Practitioner",
// "my therapist") is no occupation of the writer and stays.

func (s *Stripper) isJobHead(sc *scratch, j int) bool {
	if sc.tb.toks[j].kind != tkWord {
		return false
	}
	if tokKind(sc, j)&gJobHead != 0 {
		return true
	}
	w := sc.tb.normOf(j)
	if d := depluralise(w); d != "" {
		return defaultGazetteer().lookup(d)&gJobHead != 0
	}
	return false
}

// jobModOK: a word that may stand before a job head in a title.
func (s *Stripper) jobModOK(sc *scratch, j int) bool {
	t := &sc.tb.toks[j]
	if t.kind != tkWord || t.flags&fDigit != 0 || sc.cover[j] != 0 {
		return false
	}
	w := sc.tb.normOf(j)
	if tokKind(sc, j)&(gJobMod|gJobHead) != 0 {
		return true
	}
	if s.k.stop[0][w] || monthNames[w] > 0 || weekdayNames[w] {
		return false
	}
	return !s.isLexiconWord(w)
}

// titleAfter: the end of a job title starting at j (modifiers, then a head
// within five words), or j.
func (s *Stripper) titleAfter(sc *scratch, j int) int {
	toks := sc.tb.toks
	n := len(toks)
	end := j
	// cheap pre-check: a job head within the next eight tokens
	head := false
	for k := j; k < n && k < j+8 && !head; k++ {
		if tokKind(sc, k)&gJobHead != 0 {
			head = true
		} else if w := toks[k].norm; len(w) > 3 && w[len(w)-1] == 's' && toks[k].kind == tkWord {
			head = s.isJobHead(sc, k)
		}
	}
	if !head {
		return j
	}
	words := 0
	for k := j; k < n && words < 6 && toks[k].flags&fNewline == 0 || k == j && k < n; k++ {
		t := &toks[k]
		w := toks[k].norm
		if sc.cover[k] != 0 {
			break
		}
		if t.kind == tkPunct {
			if (w == "-" || w == "'" || w == ",") && k > j && k+1 < n {
				continue
			}
			break
		}
		if w == "and" && k > j {
			continue
		}
		if !s.jobModOK(sc, k) {
			break
		}
		words++
		if s.isJobHead(sc, k) {
			end = k + 1
		}
	}
	return end
}

var titleCueWords = [][]string{
	{"work", "as"}, {"works", "as"}, {"worked", "as"}, {"working", "as"}, {"employed", "as"}, {"hired", "as"},
	{"job", "as"}, {"position", "as"}, {"career", "as"}, {"promoted", "to"}, {"retired"}, {"former"},
	{"i", "am", "a"}, {"i", "am", "an"}, {"i'm", "a"}, {"i'm", "an"}, {"im", "a"}, {"he", "is", "a"}, {"he", "is", "an"},
	{"she", "is", "a"}, {"she", "is", "an"}, {"he's", "a"}, {"she's", "a"}, {"was", "a"}, {"as", "a"}, {"as", "an"},
	{"as", "the"}, {"job", "title", ":"}, {"job", "title", "is"}, {"title", ":"}, {"occupation", ":"},
	{"occupation", "is"}, {"profession", ":"}, {"profession", "is"}, {"position", ":"}, {"role", ":"},
	{"job", ":"}, {"works", "as", "a"}, {"work", "as", "a"}, {"worked", "as", "a"}, {"as"},
}

var titleCueFirst = func() map[string][][]string {
	m := map[string][][]string{}
	for _, c := range titleCueWords {
		m[c[0]] = append(m[c[0]], c)
	}
	return m
}()

// matchTitleCues runs before the lexicon: "I work as a nurse" names an
// occupation, not a care provider.
func (s *Stripper) matchTitleCues(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.occupation
	// 1. after a cue (longest cue first)
	for i := 0; i < n; i++ {
		if sc.gk[i]&gTitleCue == 0 || sc.cover[i] != 0 {
			continue
		}
		cues := s.words.phrases[sc.tb.info[i].tcue] // titleCueFirst[normOf(i)]
		if cues == nil {
			continue
		}
		best := -1
		for _, c := range cues {
			if i+len(c) > n {
				continue
			}
			ok := true
			for x, w := range c {
				if toks[i+x].norm != w {
					ok = false
					break
				}
			}
			if ok && i+len(c) > best {
				best = i + len(c)
			}
		}
		if best < 0 || best >= n || i > 0 && toks[i].norm == "as" && (toks[i-1].norm == "such" || toks[i-1].norm == "same" || toks[i-1].norm == "soon") {
			continue
		}
		j := best
		if w := toks[j].norm; (w == "a" || w == "an" || w == "the") && j+1 < n {
			j++
		}
		if e := s.titleAfter(sc, j); e > j && sc.free(j, e) {
			sc.add(j, e, cat)
			i = e - 1
		}
	}
}

// matchJobTitles runs after the name rules: appositions and title lines.
func (s *Stripper) matchJobTitles(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.occupation
	// 2. "[name], the Packager, said" / "[name], a retired teacher"
	for si := 0; si < len(sc.spans); si++ {
		sp := sc.spans[si]
		if sp.cat != s.cName {
			continue
		}
		j := int(sp.te)
		if j+2 >= n || toks[j].norm != "," {
			continue
		}
		j++
		if w := toks[j].norm; w == "the" || w == "a" || w == "an" || w == "our" || w == "my" {
			j++
		}
		if e := s.titleAfter(sc, j); e > j && e < n && (toks[e].norm == "," || toks[e].kind == tkPunct) && sc.free(j, e) {
			sc.add(j, e, cat)
		}
	}
	// 3. a line of its own in a block that carries other identifiers
	hasIdent := false
	for si := range sc.spans {
		c := s.k.cats[sc.spans[si].cat]
		if c == "name" || c == "phone" || c == "email" || c == "address" || c == "organization" {
			hasIdent = true
			break
		}
	}
	if !hasIdent {
		return
	}
	for i := 0; i < n; i++ {
		if i > 0 && toks[i].flags&fNewline == 0 {
			continue
		}
		ls := i
		for ls < n && toks[ls].kind == tkPunct && linePrefix(toks[ls].norm) && (ls == i || toks[ls].flags&fNewline == 0) {
			ls++
		}
		if ls >= n || sc.cover[ls] != 0 || toks[ls].kind != tkWord || ls > i && toks[ls].flags&fNewline != 0 {
			continue
		}
		e := s.titleAfter(sc, ls)
		if e == ls {
			continue
		}
		// the title must fill the line
		if e < n && toks[e].flags&fNewline == 0 && !(toks[e].kind == tkPunct && (e+1 >= n || toks[e+1].flags&fNewline != 0)) {
			continue
		}
		if sc.free(ls, e) {
			sc.add(ls, e, cat)
		}
	}
}
