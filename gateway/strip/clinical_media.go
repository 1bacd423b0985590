package strip

// A request to play something names a title, and titles borrow the body's
// words: "play fever by peggy lee", "play achy breaky heart", "shuffle heart
// of glass". dropMediaTitles removes the lexicon candidates of such a
// request, so an assistant command stays everyday. A request is a short
// sentence that opens with a play verb (after an optional wake word: "hey
// siri, play ..."), is no question, says nothing of the writer ("I", "my") and
// whose next word is no activity or object of play ("play with", "play
// football", "play dough"), so "play something for my anxiety" is read as
// written.

// mediaVerbs: imperatives that start a request for a song, a show or a station.
var mediaVerbs = map[string]bool{"play": true, "shuffle": true, "queue": true, "stream": true, "replay": true}

// mediaWakes: an assistant's name or greeting before the request.
var mediaWakes = map[string]bool{
	"hey": true, "ok": true, "okay": true, "siri": true, "alexa": true, "google": true, "cortana": true,
	"bixby": true, "please": true, "can": true, "you": true, "could": true, "would": true, ",": true,
}

// mediaNotTitle: a word after "play" that makes it a game, a sport or a
// child's thing, not a title.
var mediaNotTitle = map[string]bool{
	"with": true, "outside": true, "in": true, "at": true, "on": true, "for": true, "after": true,
	"through": true, "it": true, "games": true, "game": true, "sports": true, "sport": true, "ball": true,
	"football": true, "soccer": true, "tennis": true, "golf": true, "basketball": true, "baseball": true,
	"hockey": true, "rugby": true, "cricket": true, "volleyball": true, "squash": true, "badminton": true,
	"dough": true, "doh": true, "date": true, "dates": true, "time": true, "group": true, "ground": true,
	"area": true, "room": true, "pen": true, "school": true, "dead": true, "rough": true, "hard": true,
	"again": true, "sick": true, "up": true, "down": true, "along": true, "around": true, "together": true,
	"video": true, "videogames": true,
}

// mediaSelf: words that tie the request to the writer.
var mediaSelf = map[string]bool{
	"i": true, "i'm": true, "im": true, "my": true, "me": true, "we": true, "our": true, "us": true,
	"mine": true, "myself": true, "i've": true, "ive": true,
}

func (s *Stripper) dropMediaTitles(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if len(sc.cands) == 0 || sc.tb.anyCls&wcMediaVerb == 0 {
		return
	}
	// the first media request sentence, by token range
	rs, re := -1, -1
	for i := 0; i < n && rs < 0; i++ {
		if i > 0 && toks[i].sent == toks[i-1].sent {
			continue
		}
		j := i
		for j < n && j < i+4 && toks[j].sent == toks[i].sent && toks[j].is(wcMediaWake) {
			j++
		}
		if j+1 >= n || toks[j].sent != toks[i].sent || toks[j].kind != tkWord || !toks[j].is(wcMediaVerb) {
			continue
		}
		if mediaNotTitle[toks[j+1].norm] || toks[j+1].sent != toks[i].sent {
			continue
		}
		e := j + 1
		self := false
		for e < n && toks[e].sent == toks[i].sent {
			if mediaSelf[toks[e].norm] || toks[e].norm == "?" {
				self = true
			}
			e++
		}
		if self || e-j > 12 {
			continue
		}
		rs, re = j+1, e
	}
	if rs < 0 {
		return
	}
	out := sc.cands[:0]
	for _, c := range sc.cands {
		if int(c.ts) >= rs && int(c.te) <= re {
			continue
		}
		out = append(out, c)
	}
	sc.cands = out
}
