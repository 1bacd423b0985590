package strip

// Hyperbole with a laugh: "this parking situation is giving me a nervous
// breakdown 😂", "that queue gave me a migraine lmao", "the scones were my
// drug lol", "I'd donate a kidney for another slice 😂". dropJokes removes a
// candidate of a complaint people exaggerate with (a heart attack, a
// breakdown, a migraine, an addiction, a drug, a kidney) when it follows a
// frame that makes a thing its cause ("gave me", "giving me", "nearly had",
// "were my", "donate a") and the sentence laughs (an emoji, "lol", "lmao",
// "haha"). Nothing urgent is dropped, and a message that names anything else
// clinical keeps all its terms: "lol I've had a migraine for three days and
// my meds don't help" has "my meds".

// jokeMarkers: words and emoji that laugh.
var jokeMarkers = map[string]bool{
	"lol": true, "lmao": true, "lmfao": true, "rofl": true, "haha": true, "hahaha": true, "hehe": true,
	"jk": true, "😂": true, "🤣": true, "😆": true, "😅": true, "💀": true, "jaja": true, "jajaja": true,
}

// jokeTerms: the last word of a complaint people exaggerate with.
var jokeTerms = map[string]bool{
	"attack": true, "palpitations": true, "breakdown": true, "migraine": true, "headache": true,
	"aneurysm": true, "stroke": true, "coma": true, "drug": true, "drugs": true, "addicted": true,
	"addiction": true, "kidney": true, "ulcer": true, "hernia": true, "heartburn": true, "hives": true,
	"seizure": true, "killer": true, "painkiller": true, "medicine": true,
}

// jokeFrames: the words before such a complaint that make a thing its cause.
var jokeFrames = [][]string{
	{"gave", "me"}, {"giving", "me"}, {"give", "me"}, {"gives", "me"}, {"nearly", "had"},
	{"almost", "had"}, {"gonna", "have"}, {"were", "my"}, {"was", "my"}, {"is", "my"}, {"are", "my"},
	{"donate", "a"}, {"sell", "a"},
}

func (s *Stripper) dropJokes(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if len(sc.cands) == 0 || sc.tb.anyCls&wcJokeTerm == 0 {
		return
	}
	// a complaint people exaggerate with first (few candidates), then a laugh
	// (every token): most messages stop at the first loop
	some := false
	for _, c := range sc.cands {
		if c.te > c.ts && (toks[c.te-1].is(wcJokeTerm) || toks[c.ts].is(wcJokeTerm)) {
			some = true
			break
		}
	}
	if !some {
		return
	}
	laugh := false
	for i := 0; i < n && !laugh; i++ {
		laugh = jokeMarkers[toks[i].norm]
	}
	if !laugh {
		return
	}
	joke := func(c span) bool {
		if c.urg != 0 || c.te <= c.ts || !toks[c.te-1].is(wcJokeTerm) && !toks[c.ts].is(wcJokeTerm) {
			return false
		}
		// the frame ends within two words before the complaint ("gave me a
		// migraine", "giving me heart palpitations")
		for _, f := range jokeFrames {
			for end := int(c.ts); end >= int(c.ts)-2; end-- {
				if phraseEndsAt(toks, end, f) {
					return true
				}
			}
		}
		// "addicted to the hot choc": the complaint is the frame
		return toks[c.ts].norm == "addicted" && int(c.ts) > 0 && (toks[c.ts-1].norm == "im" || toks[c.ts-1].norm == "i'm")
	}
	for _, c := range sc.cands {
		// an ambiguous term ("the hospital", "a shot") needs the complaint to
		// license it and falls with it
		if !joke(c) && c.cat != s.cBody && !c.amb {
			return // something else clinical: the message keeps every term
		}
	}
	out := sc.cands[:0]
	for _, c := range sc.cands {
		if joke(c) {
			continue
		}
		out = append(out, c)
	}
	sc.cands = out
}
