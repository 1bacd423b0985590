package strip

// A capitalised word right after a title of address is a person's name, even
// when a lexicon knows it as a drug, a brand or a sign: "Dr. Yasmin Farouk",
// "Mrs Lyrica Jones", "Dr Bell". dropTitledTerms removes such candidates so
// that a booking with a doctor whose name is also a medicine stays everyday
// (the name finder then takes the word). Only the short written titles count
// ("Dr", "Mrs", "Prof"), and the word must be capitalised: "the doctor
// prescribed Yasmin" and "Dr. said to take ibuprofen" keep their terms.
func (s *Stripper) dropTitledTerms(sc *scratch) {
	if len(sc.cands) == 0 || sc.tb.anyCls&wcTitle == 0 {
		return
	}
	out := sc.cands[:0]
	for _, c := range sc.cands {
		if s.afterTitle(sc, int(c.ts)) && c.urg == 0 && c.te-c.ts <= 2 {
			continue
		}
		out = append(out, c)
	}
	sc.cands = out
}

// afterTitle: token i is a capitalised word (not all capitals) that follows
// a short title, with or without its full stop.
func (s *Stripper) afterTitle(sc *scratch, i int) bool {
	toks := sc.tb.toks
	if i < 1 || toks[i].kind != tkWord || toks[i].flags&fCap == 0 || toks[i].flags&fAllCap != 0 {
		return false
	}
	p := i - 1
	if toks[p].norm == "." && toks[p].flags&fSpace == 0 && p > 0 {
		p--
	}
	t := &toks[p]
	if t.kind != tkWord || t.flags&(fCap|fAllCap) == 0 || toks[i].flags&fNewline != 0 {
		return false
	}
	return strongTitle[t.norm] || t.norm == "doctor"
}
