package strip

// A person's body part with a change of state is a symptom, in whatever
// everyday words it comes: "my fingers go white then blue", "grandad's ankles
// have blown up", "my wee has gone red", "her lips look blue", "my knee gives
// way", "the skin on my shins has gone shiny". The body part alone is left to
// the context rules; owned by a person ("my", "his", "mum's", "the baby's")
// and followed within four words by a state word, bodyStateAccept accepts it.

// bodyState: words that tell a body part's changed state.
var bodyState = map[string]bool{
	"white": true, "blue": true, "purple": true, "yellow": true, "red": true, "black": true, "grey": true,
	"gray": true, "pale": true, "brown": true, "green": true, "orange": true, "blotchy": true, "shiny": true,
	"swollen": true, "swelled": true, "swelling": true, "puffy": true, "numb": true, "tingly": true,
	"tingling": true, "stiff": true, "locks": true, "locked": true, "crunch": true, "crunches": true,
	"cramped": true, "cramping": true, "cramps": true, "throbs": true, "throbbing": true, "aches": true,
	"ached": true, "aching": true, "hurts": true, "burning": true, "burns": true, "itchy": true, "itches": true,
	"bleeds": true, "bleeding": true, "bled": true, "crusty": true, "peeling": true, "splitting": true,
	"cracking": true, "cracked": true, "weak": true, "droops": true, "drooping": true, "dropped": true,
	"twitching": true, "twitches": true, "shaking": true, "shakes": true, "trembling": true, "gives": true,
	"gave": true, "blotches": true, "lumpy": true, "gritty": true, "watering": true, "crumble": true,
	"crumbles": true, "sore": true, "raw": true, "oozing": true, "weeping": true, "clicking": true,
	"clicks": true, "popping": true, "sticks": true, "stuck": true, "bigger": true, "blown": true,
	"ballooned": true, "lump": true, "dimple": true, "rash": true, "spots": true, "flaky": true,
}

// bodyOwner: a word right before a body part that gives it to a person.
var bodyOwner = map[string]bool{
	"my": true, "his": true, "her": true, "their": true, "our": true, "your": true, "mi": true, "su": true,
}

func (s *Stripper) bodyStateAccept(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for ci := range sc.cands {
		c := &sc.cands[ci]
		if c.accepted || c.cat != s.cBody || c.ts == 0 {
			continue
		}
		p := int(c.ts) - 1
		for p > 0 && (toks[p].norm == "left" || toks[p].norm == "right" || toks[p].norm == "little" || toks[p].norm == "lower" || toks[p].norm == "upper") {
			p--
		}
		w := toks[p].norm
		if !bodyOwner[w] && toks[p].flags&fPoss == 0 {
			continue
		}
		for x := int(c.te); x < n && x <= int(c.te)+4 && toks[x].sent == toks[c.ts].sent; x++ {
			if bodyState[toks[x].norm] {
				c.accepted = true
				break
			}
		}
	}
}
