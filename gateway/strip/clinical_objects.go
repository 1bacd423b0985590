package strip

// Things break down in the body's words: "the engine coughs and splutters",
// "the old tree is oozing sap", "the gravy had lumps in it", "my sunflowers
// are drooping", "our lawn has bald patches". dropObjectTerms removes the
// sign and body candidates of a clause whose subject is a thing (a machine,
// a plant, food, part of a house), up to the first word of a person ("I",
// "me", "my", "her", "mum"), so "the car crashed and my neck hurts" keeps its
// symptom. Places where the body's own traces turn up (the toilet, the bed,
// a nappy, a baby's bottle) are no such subject.

// objectNouns: things that are subjects of everyday complaints.
var objectNouns = map[string]bool{
	// machines, vehicles and devices
	"engine": true, "car": true, "van": true, "truck": true, "bike": true, "motorbike": true, "boiler": true,
	"kettle": true, "fridge": true, "freezer": true, "oven": true, "dishwasher": true, "laptop": true,
	"computer": true, "pc": true, "printer": true, "fan": true, "keyboard": true, "screen": true, "tv": true,
	"router": true, "wifi": true, "app": true, "website": true, "battery": true, "tyre": true, "tire": true,
	"tyres": true, "tires": true, "brakes": true, "clutch": true, "gearbox": true, "exhaust": true,
	"mower": true, "hoover": true, "vacuum": true, "microwave": true, "toaster": true, "heater": true,
	"radiator": true, "guitar": true, "piano": true, "speaker": true, "speakers": true, "drill": true,
	"washer": true, "dryer": true, "machine": true, "motor": true, "pump": true, "barrier": true,
	"gate": true, "lift": true, "elevator": true, "escalator": true, "turnstile": true, "ticket": true,
	// plants and gardens
	"tree": true, "trees": true, "lawn": true, "grass": true, "hedge": true, "plant": true, "plants": true,
	"flowers": true, "sunflowers": true, "roses": true, "tomatoes": true, "seedlings": true, "leaves": true,
	"garden": true, "basket": true, "compost": true, "soil": true, "shrub": true, "shrubs": true,
	"orchid": true, "cactus": true, "courgettes": true, "potatoes": true, "bush": true, "vine": true,
	// food and cooking
	"bread": true, "dough": true, "sourdough": true, "starter": true, "cake": true, "rice": true,
	"pasta": true, "gravy": true, "sauce": true, "beef": true, "steak": true, "meat": true, "soup": true,
	"stew": true, "cheese": true, "pastry": true, "pie": true, "cookies": true, "biscuits": true,
	"batter": true, "jam": true, "custard": true, "roast": true, "turkey": true, "loaf": true,
	"meringue": true, "sponge": true, "curry": true, "risotto": true, "yoghurt": true, "yogurt": true,
	// parts of a house
	"wall": true, "walls": true, "ceiling": true, "roof": true, "paint": true, "wallpaper": true,
	"worktop": true, "countertop": true, "floor": true, "carpet": true, "door": true, "window": true,
	"pipe": true, "pipes": true, "tap": true, "sink": true, "shower": true, "fence": true, "deck": true,
	"patio": true, "plaster": true, "grout": true, "strip": true, "edging": true, "gutter": true,
	"gutters": true, "chimney": true, "drain": true, "bark": true, "trunk": true, "branches": true,
	"damp": true, "mould": true, "mold": true, "stock": true, "broth": true,
	// teams, markets and stories
	"defence": true, "defense": true, "midfield": true, "attack": true,
	"offense": true, "offence": true, "economy": true, "market": true, "shares": true, "campaign": true,
	"plot": true, "storyline": true, "season": true, "series": true, "album": true, "franchise": true,
	// cars' parts
	"pads": true, "discs": true, "brake": true, "suspension": true, "bodywork": true, "paintwork": true,
	"windscreen": true, "windshield": true, "headlight": true, "headlights": true, "bumper": true,
	"vending": true,
	// software, games, media and figures (words that medical messages use too,
	// "patch", "update", "release", "growth", "pass", are not listed)
	"software": true, "firmware": true, "game": true, "podcast": true, "episode": true,
	"figures": true, "sales": true, "turnout": true, "sprouts": true, "tank": true, "radiators": true,
	"drone": true, "bellows": true, "accordion": true, "server": true, "sensor": true, "camera": true,
	"pan": true, "skillet": true, "service": true,
	"broadband": true, "ramp": true, "railing": true, "railings": true, "handrail": true, "bench": true, "paving": true,
	"pavement": true, "kerb": true, "curb": true, "tiles": true, "slab": true, "slabs": true, "scooter": true,
}

// objectStop: words of a person that end the thing's clause.
var objectStop = map[string]bool{
	"i": true, "i'm": true, "im": true, "i've": true, "ive": true, "me": true, "my": true, "mine": true,
	"myself": true, "he": true, "him": true, "his": true, "himself": true, "she": true, "her": true,
	"hers": true, "herself": true, "we": true, "us": true, "our": true, "ourselves": true, "they": true,
	"them": true, "their": true, "you": true, "your": true, "baby": true, "son": true, "daughter": true,
	"mum": true, "mom": true, "dad": true, "husband": true, "wife": true, "kid": true, "kids": true,
	"child": true, "children": true, "partner": true, "grandma": true, "grandpa": true, "lady": true,
	"man": true, "woman": true, "boy": true, "girl": true, "neighbour": true, "neighbor": true,
	"friend": true, "person": true, "guy": true, "teacher": true, "people": true, "patient": true,
	"father": true, "mother": true, "brother": true, "sister": true, "toddler": true,
	"driver": true, "passenger": true, "rider": true, "cyclist": true, "pedestrian": true,
	"victim": true, "someone": true, "somebody": true, "nobody": true, "everyone": true,
}

// objectPrep: prepositions; a thing after one is no subject.
var objectPrep = map[string]bool{
	"on": true, "in": true, "at": true, "off": true, "with": true, "from": true, "to": true,
	"after": true, "for": true, "of": true, "into": true, "onto": true, "about": true, "by": true,
	"under": true, "over": true, "behind": true, "near": true, "without": true,
}

// objectClauseOpen: words after which a new clause, and so a new subject,
// may start inside a sentence ("the landlord says the wallpaper is peeling",
// "Cooking question: my starter smells", "..., our midfield had no pulse").
var objectClauseOpen = map[string]bool{
	",": true, ":": true, ";": true, "-": true, "but": true, "and": true, "says": true, "said": true,
	"because": true, "so": true, "while": true, "though": true, "although": true, "that": true,
	"whereas": true, "since": true, "noticed": true, "notice": true, "think": true, "reckon": true,
	"saw": true, "apparently": true,
}

// objectDeterminer: words that may open the subject before the thing.
var objectDeterminer = map[string]bool{
	"the": true, "my": true, "our": true, "your": true, "this": true, "that": true, "these": true,
	"those": true, "a": true, "an": true, "his": true, "her": true, "their": true, "some": true,
}

func (s *Stripper) dropObjectTerms(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if len(sc.cands) == 0 || sc.tb.anyCls&wcObjectNoun == 0 {
		return
	}
	var drop []bool // tokens in a thing's clause, allocated when first needed
	filled := 0     // the end of the last clause marked
	for i := 0; i < n; i++ {
		if i > 0 && toks[i].sent == toks[i-1].sent && !toks[i-1].is(wcObjectOpen) {
			continue
		}
		// the subject: [determiner] up to four words, one of them a thing
		j := i
		if toks[j].is(wcObjectDet) {
			j++
		} else if i > 0 && toks[i].sent == toks[i-1].sent {
			continue // inside a sentence the thing comes with its determiner ("but the wallpaper")
		}
		subj := -1
		for k := j; k < n && k < j+4 && toks[k].sent == toks[i].sent && toks[k].kind == tkWord; k++ {
			if toks[k].is(wcObjectStop) || objectPrep[toks[k].norm] {
				break // a person, or a preposition: "Back on the bike after ..." has no thing for subject
			}
			if toks[k].is(wcObjectNoun) {
				subj = k
			}
		}
		if subj < 0 {
			continue
		}
		if drop == nil {
			drop = make([]bool, n)
		}
		// a later subject's clause ends where an earlier one's did, or after
		// it: marking from where the last mark stopped keeps this linear in
		// a long sentence of many clauses
		k := max(subj+1, filled)
		for ; k < n && toks[k].sent == toks[i].sent && !toks[k].is(wcObjectStop); k++ {
			drop[k] = true
		}
		filled = k
	}
	if drop == nil {
		return
	}
	out := sc.cands[:0]
	for _, c := range sc.cands {
		if drop[c.ts] && c.urg == 0 && (c.cat == s.cSymptom || c.cat == s.cBody || c.cat == s.cCondition || c.cat == s.cInjury) {
			continue
		}
		out = append(out, c)
	}
	sc.cands = out
}
