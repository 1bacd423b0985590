package strip

// spacedContractions finds contractions written as three tokens with a
// spaced apostrophe ("can ' t", "don ' t", "I ' m", "I ' ve") and gives the
// first token the trie id of the joined form ("can't"), so lexicon phrases
// written with the contraction match. It returns the number of tokens each
// joined form spans, by first token (nil when there is none: no allocation
// on ordinary text).
func spacedContractions(sc *scratch, tids []int32, tr *trie) map[int]int {
	toks := sc.tb.toks
	var join map[int]int
	for x := 0; x+2 < len(toks); x++ {
		if toks[x+1].kind != tkPunct || toks[x].kind != tkWord || toks[x+2].kind != tkWord || toks[x+2].flags&fNewline != 0 {
			continue
		}
		if a := toks[x+1].norm; a != "'" && a != "’" {
			continue
		}
		tail := toks[x+2].norm
		switch tail {
		case "t", "m", "ve", "re", "ll", "d":
		default:
			continue
		}
		w := toks[x].norm
		var buf [40]byte
		if len(w)+1+len(tail) > len(buf) {
			continue
		}
		b := append(buf[:0], w...)
		b = append(b, '\'')
		b = append(b, tail...)
		id, ok := tr.ids[string(b)]
		if !ok {
			continue
		}
		if join == nil {
			join = map[int]int{}
		}
		tids[2*x] = id
		tids[2*x+1] = -1
		join[x] = 3
		x += 2
	}
	return join
}
