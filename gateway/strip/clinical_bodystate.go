package strip

// A person's body part with a change of state is a symptom, in whatever
// everyday words it comes: "my fingers go white then blue", "grandad's ankles
// have blown up", "my wee has gone red", "her lips look blue", "my knee gives
// way", "the skin on my shins has gone shiny". The body part alone is left to
// the context rules; bodyStateAccept accepts it when it is owned by a person
// ("my", "his", "mum's", "the baby's") and followed within four words by a
// state word or a simile ("my heel feels like..."), when a simile ends on it
// ("feels like an elephant is sitting on my chest"), or when a sensation word
// stands a few words before it ("tight squeezing in the middle of my chest");
// in a search query of six words or fewer no owner is needed ("tingly lips").

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
	// changes of shape, surface, sound and smell ("my nails have gone spoon
	// shaped", "my chest whistles", "my gums are pulling back")
	"dry": true, "burn": true, "jerk": true, "jerks": true, "jerking": true, "twitchy": true, "twitch": true,
	"turning": true, "smaller": true, "thicker": true, "thinner": true, "longer": true, "shorter": true,
	"crooked": true, "wonky": true, "peels": true, "peel": true, "flake": true, "flakes": true, "flaking": true,
	"whistles": true, "whistling": true, "wheezes": true, "wheezy": true, "rattles": true, "rattling": true,
	"crackles": true, "crackle": true, "crackling": true, "clunks": true, "clunk": true, "grinds": true,
	"grinding": true, "churns": true, "churning": true, "gurgles": true, "gurgling": true, "bloated": true,
	"dents": true, "ridges": true, "pitted": true, "stinks": true, "smelly": true, "frothy": true,
	"foamy": true, "cloudy": true, "bloody": true, "receding": true, "loose": true, "wobbly": true,
	"thinning": true, "clumps": true, "floppy": true, "droopy": true, "buzzing": true, "ringing": true,
	"whooshing": true, "pounding": true, "racing": true, "fluttering": true, "bumpy": true,
	"bloodshot": true, "clicky": true, "puffed": true, "blistered": true, "scaly": true, "patchy": true,
	"sweaty": true, "clammy": true, "tender": true, "sensitive": true, "spoon": true, "crumbly": true,
	"thick": true, "ridged": true, "turned": true, "changing": true, "changed": true, "pop": true, "pops": true,
	"blocked": true, "clogged": true, "plugged": true, "bent": true, "knobbly": true, "twitched": true,
	"jerked": true, "drifts": true, "drifting": true, "curving": true, "curved": true, "leak": true,
	"leaks": true, "leaking": true, "blow": true, "lopsided": true, "drag": true, "drags": true,
	"dragging": true, "sagging": true, "sags": true, "pokes": true, "clubbed": true, "bumps": true,
	"hives": true, "welts": true, "tight": true, "hot": true, "dead": true, "gone": true, "failing": true,
}

// bodyStateBefore: state words that also tell a sign written before the body
// part in a short search query ("tingly lips", "bloodshot eye", "flaky
// eyebrows"); colours are not among them ("blue eyes", "red eye flight").
var bodyStateBefore = map[string]bool{
	"tingly": true, "twitchy": true, "clicky": true, "crusty": true, "flaky": true, "peeling": true,
	"bumpy": true, "smelly": true, "sweaty": true, "clammy": true, "cracked": true, "puffy": true,
	"swollen": true, "itchy": true, "numb": true, "sore": true, "stiff": true, "bloodshot": true,
	"blistered": true, "scaly": true, "patchy": true, "lumpy": true, "droopy": true, "throbbing": true,
	"aching": true, "achy": true, "tender": true, "burning": true, "bleeding": true, "weak": true,
	"twitching": true, "shaky": true, "wobbly": true, "loose": true, "receding": true, "thinning": true,
	"bloated": true, "cramping": true, "watery": true, "gritty": true, "dry": true, "oozing": true,
}

// shortQuery: at most six words, the length of a typed search.
func shortQuery(toks []token) bool {
	words := 0
	for i := range toks {
		if toks[i].kind != tkPunct {
			words++
			if words > 6 {
				return false
			}
		}
	}
	return true
}

// bodyOwner: a word right before a body part that gives it to a person.
var bodyOwner = map[string]bool{
	"my": true, "his": true, "her": true, "their": true, "our": true, "your": true, "mi": true, "su": true,
}

func (s *Stripper) bodyStateAccept(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	shortState := -1 // shortQuery(toks), computed when first needed
	short := func() bool {
		if shortState < 0 {
			shortState = 0
			if shortQuery(toks) {
				shortState = 1
			}
		}
		return shortState == 1
	}
	// a state word right after the part ("feet smell", "toenail turning black")
	stateAfter := func(c *span) bool {
		if int(c.te) >= n {
			return false
		}
		w := toks[c.te].norm
		return bodyState[w] || w == "smell" || w == "smells"
	}
	for ci := range sc.cands {
		c := &sc.cands[ci]
		if c.accepted || c.cat != s.cBody {
			continue
		}
		if c.ts == 0 {
			// a query that starts with the part
			c.accepted = stateAfter(c) && short()
			continue
		}
		p := int(c.ts) - 1
		for p > 0 && (toks[p].norm == "left" || toks[p].norm == "right" || toks[p].norm == "little" || toks[p].norm == "lower" || toks[p].norm == "upper") {
			p--
		}
		if !bodyOwner[toks[p].norm] && toks[p].flags&fPoss == 0 {
			// a search query: a state word right before the part or right after it
			c.accepted = (bodyStateBefore[toks[int(c.ts)-1].norm] || stateAfter(c)) && short()
			continue
		}
		for x := int(c.te); x < n && x <= int(c.te)+4 && toks[x].sent == toks[c.ts].sent; x++ {
			// a simile about the part is a sensation ("my heel feels like I'm
			// standing on a nail")
			if bodyState[toks[x].norm] || x+1 < n && toks[x+1].norm == "like" && feelWord(toks[x].norm) {
				c.accepted = true
				break
			}
		}
		// ... and so is a simile that ends on the part ("feels like an
		// elephant is sitting on my chest", "it feels like there's sand in my
		// eyes")
		for x := p - 1; !c.accepted && x > 0 && x >= p-8 && toks[x].sent == toks[c.ts].sent; x-- {
			if toks[x].norm == "like" && feelWord(toks[x-1].norm) {
				c.accepted = true
			}
		}
		// a sensation word a few words before the part places it there
		// ("tight squeezing in the middle of my chest", "stabbing in the lower
		// right of my tummy"); the pairing pass of resolve reaches three words
		for cj := ci - 1; cj >= 0 && cj >= ci-5; cj-- {
			o := &sc.cands[cj]
			if o.cat != s.cSymptom || toks[o.ts].sent != toks[c.ts].sent || int(c.ts)-int(o.te) > 8 {
				continue
			}
			o.accepted, o.anchor = true, false
			c.accepted = true
		}
	}
}

// feelWord: a verb of feeling that opens a simile ("feels like").
func feelWord(w string) bool { return w == "feels" || w == "feel" || w == "felt" || w == "feeling" }
