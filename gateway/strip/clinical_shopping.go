package strip

// A shopping list names things to buy, and a pharmacy aisle is full of the
// lexicon's words: "add cough drops and tissues to the shopping list", "put
// cold medicine on the grocery list". dropShoppingLists removes the
// non-urgent lexicon candidates of a short sentence about a shopping or
// grocery list that says nothing of the writer ("I", "I'm"), so an assistant
// command stays everyday; "add ibuprofen to my list, my back is killing me"
// has a second sentence and "I need cough drops for my list because I can't
// stop coughing" speaks of the writer, and both keep their terms. A medicine
// is dropped only as a kind of shelf product ("cold medicine", "cough drops",
// "plasters"); a named drug on the list ("ibuprofen") still tells what
// someone takes.

// shoppingListHeads: the word before "list" that makes it a shopping list.
var shoppingListHeads = map[string]bool{
	"shopping": true, "grocery": true, "groceries": true, "shop": true, "supermarket": true,
	"costco": true, "walmart": true, "target": true, "tesco": true, "aldi": true, "lidl": true,
	"amazon": true, "buy": true, "market": true, "compra": true, "compras": true, "mandado": true,
	"super": true,
}

// shoppingSelf: words that tie the sentence to the writer's own body.
var shoppingSelf = map[string]bool{
	"i": true, "i'm": true, "im": true, "i've": true, "ive": true, "me": true, "myself": true,
	"yo": true, "estoy": true, "tengo": true,
}

func (s *Stripper) dropShoppingLists(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if len(sc.cands) == 0 || sc.tb.anyCls&wcShopHead == 0 {
		return
	}
	rs, re := -1, -1
	for i := 1; i < n; i++ {
		w := toks[i].norm
		if w != "list" && w != "lista" || toks[i].kind != tkWord {
			continue
		}
		// "shopping list", "lista de (la) compra"
		head := toks[i-1].is(wcShopHead)
		if w == "lista" {
			for k := i + 1; k < n && k <= i+3 && !head; k++ {
				head = toks[k].is(wcShopHead)
			}
		}
		if !head {
			continue
		}
		// the sentence, if it is short (the scans stop past 18 tokens, so a
		// long run of list sentences stays linear)
		st := toks[i].sent
		a, b := i, i
		for a > 0 && toks[a-1].sent == st && i-a <= 18 {
			a--
		}
		for b < n && toks[b].sent == st && b-a <= 18 {
			b++
		}
		if b-a > 18 {
			continue
		}
		self := false
		for k := a; k < b; k++ {
			if shoppingSelf[toks[k].norm] {
				self = true
				break
			}
		}
		if !self {
			rs, re = a, b
			break
		}
	}
	if rs < 0 {
		return
	}
	out := sc.cands[:0]
	for _, c := range sc.cands {
		if int(c.ts) >= rs && int(c.te) <= re && c.urg == 0 && (c.cat != s.cMedication || shelfProduct(sc, c)) {
			continue
		}
		out = append(out, c)
	}
	sc.cands = out
}

// shelfProducts: the last word of a pharmacy-shelf product named by its kind.
var shelfProducts = map[string]bool{
	"medicine": true, "medicines": true, "drops": true, "lozenges": true, "plasters": true,
	"bandaids": true, "aids": true, "bandages": true, "tissues": true, "vitamins": true,
	"sanitizer": true, "sanitiser": true, "sunscreen": true, "thermometer": true, "syrup": true,
	"spray": true, "wipes": true, "cream": true, "gummies": true, "tablets": true, "remedy": true,
}

// shelfGeneric: the first word of a shelf product named by its kind; a
// product named by a condition ("hemorrhoid cream", "thrush cream", "wart
// remover") tells what someone has and is kept.
var shelfGeneric = map[string]bool{
	"cold": true, "cough": true, "flu": true, "throat": true, "band": true, "sun": true, "hand": true,
	"vitamin": true, "vitamins": true, "multivitamin": true, "first": true, "lip": true, "kids": true,
	"children's": true, "childrens": true, "baby": true, "eye": true, "nasal": true, "saline": true,
}

func shelfProduct(sc *scratch, c span) bool {
	if c.te <= c.ts || !shelfProducts[sc.tb.toks[c.te-1].norm] {
		return false
	}
	return c.te-c.ts == 1 || shelfGeneric[sc.tb.toks[c.ts].norm]
}
