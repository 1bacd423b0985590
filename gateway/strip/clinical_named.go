package strip

// A thing's given name borrows clinical words as freely as a title does: "our
// band is called The Broken Bones", "a pub named The Gout and Gander", "the
// horse is called Fever Pitch". dropNamedThings removes the lexicon candidates
// inside the capitalised name that follows "called" or "named" when a noun of
// a named thing (band, pub, boat, horse...) comes just before; "a condition
// called Ehlers-Danlos" and "a drug called Ozempic" keep their terms, and so
// does text written all in capitals or all in lower case.

// namedThings: nouns whose instances carry invented names.
var namedThings = map[string]bool{
	"band": true, "bands": true, "group": true, "team": true, "song": true, "album": true, "show": true,
	"film": true, "movie": true, "book": true, "novel": true, "podcast": true, "pub": true, "bar": true,
	"shop": true, "restaurant": true, "cafe": true, "café": true, "company": true, "business": true,
	"boat": true, "horse": true, "dog": true, "cat": true, "puppy": true, "kitten": true, "club": true,
	"choir": true, "game": true, "play": true, "quiz": true, "duo": true, "trio": true, "act": true,
	"brand": true, "cocktail": true, "racehorse": true, "greyhound": true, "channel": true, "blog": true,
	"budgie": true, "parrot": true, "rabbit": true, "bunny": true, "hamster": true, "tortoise": true,
	"beagle": true, "labrador": true, "lab": true, "spaniel": true, "terrier": true, "staffie": true,
	"cockapoo": true, "poodle": true, "collie": true, "pug": true, "goldfish": true, "pony": true,
	"ferret": true, "snake": true, "lizard": true, "gecko": true, "hen": true, "chicken": true,
	"dachshund": true, "retriever": true, "husky": true, "alsatian": true, "whippet": true, "lurcher": true,
	"truck": true, "van": true, "stall": true, "bakery": true, "salon": true, "studio": true, "gym": true,
}

func (s *Stripper) dropNamedThings(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if len(sc.cands) == 0 || sc.tb.anyFlags&fCap == 0 || sc.tb.anyCls&wcNamedThing == 0 {
		return
	}
	for i := 1; i+1 < n; i++ {
		w := toks[i].norm
		found := false
		if toks[i].cls&wcNamedThing != 0 && toks[i+1].kind == tkPunct && quoteMark(toks[i+1].norm) {
			// "our band 'Cold Sweat'", "the food truck ‘Fever Tacos’"
			found = true
		} else if w != "called" && w != "named" && w != "titled" && w != "entitled" {
			continue
		}
		// the named thing within three words before ("our band is called")
		for b := i - 1; !found && b >= 0 && b >= i-3; b-- {
			if toks[b].sent != toks[i].sent {
				break
			}
			if toks[b].cls&wcNamedThing != 0 {
				found = true
			}
		}
		if !found {
			continue
		}
		// the capitalised name: up to six words, "the", "of", "and" inside
		j := i + 1
		for j < n && toks[j].kind == tkPunct && quoteMark(toks[j].norm) {
			j++
		}
		e := j
		for e < n && e-j < 6 && toks[e].kind == tkWord && toks[e].sent == toks[i].sent &&
			(toks[e].flags&fCap != 0 && toks[e].flags&fAllCap == 0 || e > j && (toks[e].norm == "of" || toks[e].norm == "and" || toks[e].norm == "the")) {
			e++
		}
		for e > j && toks[e-1].flags&fCap == 0 {
			e--
		}
		if e == j {
			continue
		}
		out := sc.cands[:0]
		for _, c := range sc.cands {
			if int(c.ts) >= j && int(c.te) <= e && c.urg == 0 {
				continue
			}
			out = append(out, c)
		}
		sc.cands = out
		i = e - 1
	}
}

// quoteMark: a straight or curly quotation mark.
func quoteMark(w string) bool {
	switch w {
	case "'", "\"", "‘", "’", "“", "”":
		return true
	}
	return false
}
