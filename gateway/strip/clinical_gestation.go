package strip

// gestationCue: words right before "<N> weeks" that make it a stage of
// pregnancy ("is it safe to fly at 34 weeks", "I'm 12 weeks") rather than a
// duration ("for 3 weeks", "in 2 weeks", "only 6 weeks").
var gestationCue = map[string]bool{
	"at": true, "i'm": true, "im": true, "am": true, "she's": true, "shes": true,
}

// gestationWeeks marks "<cue> <4-42> weeks [and|+ <N> days]" as pregnancy, in
// a message that does not count the weeks of something else ("at 34 weeks
// the project ends" has a noun after it and is left alone).
func (s *Stripper) gestationWeeks(sc *scratch) {
	if sc.tb.anyFlags&fDigit == 0 {
		return // the week count is a number
	}
	toks := sc.tb.toks
	n := len(toks)
	cat := s.k.catIndex["pregnancy"]
	for i := 1; i+1 < n; i++ {
		if toks[i].kind != tkNum || sc.cover[i] != 0 || sc.cover[i+1] != 0 || !gestationCue[toks[i-1].norm] && !s.gestationCarrier(sc, i-1) {
			continue
		}
		if v := atoi(toks[i].norm); v < 4 || v > 42 {
			continue
		}
		switch toks[i+1].norm {
		case "weeks", "wks", "wk", "w":
		default:
			continue
		}
		end := i + 2
		// "34 weeks and 2 days", "34 weeks + 2", "34w2d"
		if end+1 < n && (toks[end].norm == "and" || toks[end].norm == "+") && toks[end+1].kind == tkNum && sc.cover[end] == 0 && sc.cover[end+1] == 0 {
			end += 2
			if end < n && (toks[end].norm == "days" || toks[end].norm == "day" || toks[end].norm == "d") && sc.cover[end] == 0 {
				end++
			}
		}
		// only the end of a clause may follow ("at 34 weeks the project ..." and
		// "at 3 weeks intervals" count something else)
		if end < n && toks[end].kind == tkWord && toks[end].sent == toks[i].sent && !gestationAfter[toks[end].norm] {
			continue
		}
		sc.add(i, end, cat)
		i = end - 1
	}
}

// gestationAfter: words that may follow the week count of a pregnancy.
var gestationAfter = map[string]bool{
	"pregnant": true, "along": true, "gestation": true, "now": true, "today": true, "tomorrow": true,
	"yet": true, "already": true, "exactly": true, "and": true, "but": true, "so": true, "is": true,
	"can": true, "should": true, "will": true, "with": true, "i": true, "i'm": true, "im": true,
	"lol": true, "haha": true, "lmao": true, "tho": true, "though": true, "x": true, "xx": true,
}

// gestationWoman: words for a woman who may be "<N> weeks" along.
var gestationWoman = map[string]bool{
	"she": true, "wife": true, "partner": true, "girlfriend": true, "daughter": true, "sister": true,
	"fiancee": true, "fiancée": true, "niece": true, "friend": true, "missus": true, "mrs": true,
}

// gestationCarrier: token c is "is" (or "was") after a woman or a name:
// "my wife is 34 weeks", "[name] is 34 weeks"; "the course is 12 weeks" is
// a duration.
func (s *Stripper) gestationCarrier(sc *scratch, c int) bool {
	toks := sc.tb.toks
	if c < 1 || toks[c].norm != "is" && toks[c].norm != "was" {
		return false
	}
	p := c - 1
	if gestationWoman[toks[p].norm] {
		return true
	}
	return sc.cover[p] != 0 && sc.spans[sc.cover[p]-1].cat == s.cName
}
