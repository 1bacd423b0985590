package strip

// A person's own whereabouts: a listed place (or an unknown capitalised
// place name) that a sentence ties to a person's movement or presence.
//
//   - travel of a person: "I will be travelling to Canada next week", "Who's
//     coming to Norway with me?", "Mr. Ortega flew to Phoenix", "we returned to
//     Edmonton by helicopter", "the Duchess arrived ... from Belgium";
//   - presence of the writer: "I'm in Miami for a conference", "we are in
//     Den Haag" (a city, or an unknown capitalised name: a country after "I'm
//     in" stays, and so does a search area: "I'm in San Jose, find me a
//     dentist");
//   - a weekday in a sentence that places someone somewhere ("flew to Oslo on
//     Tuesday morning", "We'll meet Monday at 12 Harbour Street") dates that
//     person's whereabouts and goes with the place;
//   - the town of an employer ("a year at Acme Corp in Rotterdam").
//
// Only mixed-case text: in an all-lower-case message a gazetteer hit is too
// often something else, and everyday requests ("i'm traveling to boston,
// tell my bank") keep their destination. A destination without a person
// ("send the card to Canada", "a transfer from France") stays too.

// verbs (and trip nouns) of a person's own movement
var moveVerb = map[string]bool{
	"travelling": true, "traveling": true, "travel": true, "travels": true, "travelled": true, "traveled": true,
	"flying": true, "fly": true, "flies": true, "flew": true, "flown": true,
	"coming": true, "come": true, "comes": true, "came": true,
	"heading": true, "headed": true, "returned": true, "returning": true, "return": true,
	"arrived": true, "arrive": true, "arrives": true, "arriving": true,
	"drove": true, "driving": true, "sailed": true, "went": true, "moving": true, "moved": true,
	"trip": true, "vacation": true, "holiday": true, "journey": true, "honeymoon": true,
}

// a person as the subject of the movement: pronouns, "who", titles and
// royal or noble titles ("The Princess Royal arrived ...")
var moveSubject = map[string]bool{
	"i": true, "i'm": true, "im": true, "i'll": true, "i've": true, "i'd": true, "we": true, "we're": true,
	"we'll": true, "we've": true, "we'd": true, "he": true, "she": true, "they": true, "he's": true,
	"she's": true, "they're": true, "he'll": true, "she'll": true, "they'll": true, "who": true, "who's": true,
	"my": true, "our": true, "his": true, "her": true, "their": true,
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "sir": true,
	"princess": true, "prince": true, "queen": true, "king": true, "duke": true, "duchess": true,
	"lord": true, "lady": true, "countess": true, "earl": true, "baron": true, "baroness": true,
}

// possessives count only before a trip noun ("my trip to Peru"), not before a
// thing that moves ("my card arrived from Germany").
var possessiveSubject = map[string]bool{"my": true, "our": true, "his": true, "her": true, "their": true}

var movePrep = map[string]bool{"to": true, "from": true, "into": true, "at": true, "in": true}

// words that make a message a search for a service: a place in it is where
// to look, not where the writer is ("I'm in Santa Rosa, find me a GP").
var searchWord = map[string]bool{
	"find": true, "look": true, "looking": true, "search": true, "searching": true, "near": true,
	"nearby": true, "closest": true, "nearest": true, "doctor": true, "dentist": true, "practitioner": true,
	"physician": true, "clinic": true, "appointment": true, "gp": true, "specialist": true,
	"therapist": true, "recommend": true, "available": true, "book": true, "schedule": true,
	"hospital": true, "pharmacy": true, "restaurant": true, "restaurants": true, "hotel": true,
	"hotels": true, "store": true, "shop": true, "atm": true, "branch": true,
	"dentists": true, "doctors": true, "options": true, "someone": true, "anyone": true,
}

// personMove: the place at token i is the goal or origin of a person's own
// movement in its sentence.
func (s *Stripper) personMove(sc *scratch, i int) bool {
	toks := sc.tb.toks
	if i < 2 || toks[i-1].kind != tkWord || !movePrep[toks[i-1].norm] {
		return false
	}
	sent := toks[i].sent
	verb := -1
	for j := i - 2; j >= 0 && j >= i-7 && toks[j].sent == sent; j-- {
		if toks[j].kind == tkPunct && toks[j].norm != "'" {
			break
		}
		if toks[j].kind == tkWord && moveVerb[toks[j].norm] {
			verb = j
			break
		}
	}
	if verb < 0 {
		return false
	}
	trip := false
	switch toks[verb].norm {
	case "trip", "vacation", "holiday", "journey", "honeymoon":
		trip = true
	}
	for j := verb - 1; j >= 0 && j >= verb-5; j-- {
		w := toks[j].norm
		if moveSubject[w] && toks[j].kind == tkWord && (trip || !possessiveSubject[w]) {
			return true
		}
		if toks[j].sent != toks[verb].sent && !(j >= 1 && w == "." && titleWords[toks[j-1].norm]) {
			break
		}
	}
	return false
}

// writerIn: "I'm in X", "we are currently in X", "I will be in X".
func writerIn(sc *scratch, i int) bool {
	if i < 2 || sc.tb.normOf(i-1) != "in" {
		return false
	}
	j := i - 2
	switch sc.tb.normOf(j) {
	case "currently", "now", "still", "already", "here", "staying", "living", "stuck", "back":
		j--
	}
	if j < 0 {
		return false
	}
	switch sc.tb.normOf(j) {
	case "i'm", "im", "we're":
		return true
	case "am":
		return j > 0 && sc.tb.normOf(j-1) == "i"
	case "are":
		return j > 0 && sc.tb.normOf(j-1) == "we"
	case "be":
		if j > 0 {
			switch sc.tb.normOf(j - 1) {
			case "i'll", "we'll":
				return true
			case "will":
				return j > 1 && (sc.tb.normOf(j-2) == "i" || sc.tb.normOf(j-2) == "we")
			}
		}
	}
	return false
}

// searchMessage: the message asks for a service or a venue.
func searchMessage(sc *scratch) bool {
	for i := range sc.tb.toks {
		if sc.tb.toks[i].kind == tkWord && searchWord[sc.tb.normOf(i)] {
			return true
		}
	}
	return false
}

// compass words that make a named region of a listed place ("Southern
// Tunisia", "Northern Italy", "East Texas"): a part of a country or state is
// a place smaller than it, and goes like a city.
var compassWord = map[string]bool{
	"northern": true, "southern": true, "eastern": true, "western": true, "central": true,
	"north": true, "south": true, "east": true, "west": true, "northeast": true, "northwest": true,
	"southeast": true, "southwest": true, "northeastern": true, "northwestern": true,
	"southeastern": true, "southwestern": true, "upper": true, "lower": true, "inner": true,
}

// compassRegion: token i (a listed place) follows a capitalised compass word
// that is not itself part of a listed name ("South Africa" is one entry).
func compassRegion(sc *scratch, i int) bool {
	if i == 0 {
		return false
	}
	p := &sc.tb.toks[i-1]
	return p.kind == tkWord && p.flags&fCap != 0 && sc.cover[i-1] == 0 && compassWord[sc.tb.normOf(i-1)] &&
		p.flags&fNewline == 0 && sc.tb.toks[i].flags&fNewline == 0
}

// matchWhereabouts runs after the name and organisation passes: the town
// of an employer ("at Acme Corp in Rotterdam") and weekdays in a sentence
// that places someone ("flew to Oslo on Tuesday morning", "We'll meet
// Monday at 12 Harbour Street").
func (s *Stripper) matchWhereabouts(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	locCat := s.ic.location
	addrCat := s.ic.address
	orgCat := s.ic.organization
	// sentences that hold a place of someone: a location, or a street address with a number
	var buf [8]int32 // sentence numbers, on the stack for the usual message
	placed := buf[:0]
	hasOrg := false
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.te <= sp.ts {
			continue
		}
		switch sp.cat {
		case locCat:
			placed = append(placed, toks[sp.ts].sent)
		case addrCat:
			for x := sp.ts; x < sp.te; x++ {
				if toks[x].kind == tkNum {
					placed = append(placed, toks[sp.ts].sent)
					break
				}
			}
		case orgCat:
			hasOrg = true
		}
	}
	if hasOrg && !sc.spanish {
		for i := 2; i < n; i++ {
			if sc.cover[i] != 0 || toks[i].kind != tkWord || toks[i].flags&(fCap|fAllCap) == 0 || toks[i-1].norm != "in" {
				continue
			}
			c := sc.cover[i-2]
			if c == 0 || sc.spans[c-1].cat != orgCat || int(sc.spans[c-1].te) != i-1 {
				continue
			}
			e := i
			if sc.gk[i]&(gCountry|gCity|gState|gFirst) != 0 {
				e, _ = defaultGazetteer().longest(sc, i, gCountry|gCity|gState)
			}
			if e == i {
				e = s.placeRun(sc, i)
			}
			if e > i && sc.add(i, e, locCat) {
				placed = append(placed, toks[i].sent)
				i = e - 1
			}
		}
	}
	if len(placed) == 0 {
		return
	}
	dateCat := s.ic.date
	for i := 0; i < n; i++ {
		if sc.cover[i] != 0 || toks[i].kind != tkWord || !weekdayNames[toks[i].norm] {
			continue
		}
		for _, st := range placed {
			if st == toks[i].sent {
				sc.add(i, i+1, dateCat)
				break
			}
		}
	}
}
