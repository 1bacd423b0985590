package strip

import "strings"

// A title in quotes borrows the body's words as a name: a hot sauce called
// "Intensive Care", "Fever" by Peggy Lee, the "Fever" ramen, an album called
// "Heart Surgery". dropQuotedTitles removes the lexicon candidates inside such
// a title. A title is one to five words between double quotes, the first
// capitalised and the rest capitalised or short joining words ("Heart of
// Glass"), with no sentence end inside, and it is named as a title: a naming
// word before it ("called", "named", "titled", "song", "album"), "by" after
// it, or "the" before it and a noun after it ("the "Chill" ramen"). Quoted
// speech ("she said "I have a fever"") is no title: it is not title-cased or
// not named as one, and nor is a name after a medical noun ("a condition
// called "POTS""). Candidates that carry an urgency are kept.

// quotedTitleCues: a word before the opening quote that names what follows
// as a title.
var quotedTitleCues = map[string]bool{
	"called": true, "named": true, "titled": true, "entitled": true, "song": true, "album": true,
	"track": true, "single": true, "film": true, "movie": true, "show": true, "book": true, "novel": true,
	"series": true, "episode": true, "podcast": true, "game": true, "play": true, "musical": true,
	"sauce": true, "dish": true, "cocktail": true, "flavour": true, "flavor": true, "brand": true,
	"exhibition": true, "painting": true, "poem": true, "chapter": true, "listen": true, "watch": true,
}

// quotedTitleClinical: a word before "called" or "named" that makes the quoted
// words a medical name ("a condition called "POTS"", "a pill named "Yaz"") or
// the name of an unnamed thing ("it's called "Perthes"").
var quotedTitleClinical = map[string]bool{
	"condition": true, "disease": true, "disorder": true, "syndrome": true, "illness": true,
	"infection": true, "virus": true, "bacteria": true, "drug": true, "medicine": true, "medication": true,
	"pill": true, "pills": true, "tablet": true, "tablets": true, "cream": true, "injection": true,
	"procedure": true, "operation": true, "surgery": true, "test": true, "scan": true, "diagnosis": true,
	"tumour": true, "tumor": true, "cancer": true, "inhaler": true, "supplement": true, "device": true,
	// "it's called "Perthes"", "why is it called "Lupus"": a thing being named, often a diagnosis
	"it": true, "it's": true, "its": true, "this": true, "that": true, "thing": true, "something": true,
}

// quotedTitleSmall: lower-case joining words a title may hold after its first word.
var quotedTitleSmall = map[string]bool{
	"of": true, "the": true, "a": true, "an": true, "and": true, "in": true, "on": true, "to": true,
	"for": true, "at": true, "by": true, "with": true, "my": true, "your": true, "is": true, "or": true,
}

func (s *Stripper) dropQuotedTitles(text string, sc *scratch) {
	if len(sc.cands) == 0 || strings.IndexByte(text, '"') < 0 && !strings.Contains(text, "\u201c") {
		return
	}
	toks := sc.tb.toks
	n := len(toks)
	type span struct{ s, e int }
	var titles [4]span
	nt := 0
	for i := 0; i < n && nt < len(titles); i++ {
		if o := toks[i].norm; toks[i].kind != tkPunct || o != "\"" && o != "\u201c" {
			continue
		}
		j, words, ok := i+1, 0, true
		for ; j < n && j <= i+8; j++ {
			t := &toks[j]
			if t.kind == tkPunct && (t.norm == "\"" || t.norm == "\u201d") {
				break
			}
			switch {
			case t.kind == tkWord:
				words++
				if t.flags&(fCap|fAllCap) == 0 && (words == 1 || !quotedTitleSmall[t.norm]) {
					ok = false
				}
			case t.norm == "." || t.norm == "!" || t.norm == "?":
				ok = false
			}
		}
		if j >= n || j > i+8 || toks[j].kind != tkPunct || toks[j].norm != "\"" && toks[j].norm != "\u201d" {
			continue
		}
		if ok && words >= 1 && words <= 5 {
			before, after := "", ""
			if i > 0 {
				before = toks[i-1].norm
			}
			if j+1 < n {
				after = toks[j+1].norm
			}
			named := quotedTitleCues[before] && !(i > 1 && quotedTitleClinical[toks[i-2].norm])
			if named || after == "by" || before == "the" && j+1 < n && toks[j+1].kind == tkWord {
				titles[nt] = span{i + 1, j}
				nt++
			}
		}
		i = j // the closing quote is no opening one
	}
	if nt == 0 {
		return
	}
	out := sc.cands[:0]
	for _, c := range sc.cands {
		inside := false
		for _, t := range titles[:nt] {
			if int(c.ts) >= t.s && int(c.te) <= t.e {
				inside = true
				break
			}
		}
		if inside && c.urg == 0 {
			continue
		}
		out = append(out, c)
	}
	sc.cands = out
}
