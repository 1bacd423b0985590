package strip

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone numbers the engine's matcher leaves:
//
//   - an extension glued to the last group: "345-899-3560x4587",
//     "(898)666-3621x0135", "+1-903-140-4508x769";
//   - an international prefix before a found number: "001-518-640-0854";
//   - one dotted token "930.167.3943";
//   - "+41 (0)71 526 99 04" (trunk zero in brackets), validated with
//     libphonenumber;
//   - local numbers without an area code next to a phone cue or label:
//     "Phone: 467 3395", "call me on 9472 7916", "99 668472" after "mobile:",
//     "781 1704 office".

var phoneLabelAfter = map[string]bool{
	"office": true, "fax": true, "mobile": true, "cell": true, "home": true, "work": true, "desk": true,
	"direct": true, "landline": true, "tel": true, "phone": true,
}

var localPhoneCue = map[string]bool{
	"phone": true, "tel": true, "telephone": true, "cell": true, "mobile": true, "fax": true, "desk": true,
	"office": true, "call": true, "text": true, "reach": true, "contact": true, "number": true, "registered": true,
	"whatsapp": true, "ph": true, "home": true, "landline": true, "cellphone": true, "telefono": true,
	"celular": true, "dial": true, "answering": true, "ring": true, "sms": true, "extension": true,
}

func (s *Stripper) matchMorePhones(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.phone
	for i := 0; i < n; i++ {
		if sc.cover[i] != 0 {
			continue
		}
		t := &toks[i]
		w := sc.tb.normOf(i)
		// a single dotted token: 930.167.3943
		if t.kind == tkNum && len(w) == 12 && w[3] == '.' && w[7] == '.' && countDigits(w) == 10 {
			sc.add(i, i+1, cat)
			continue
		}
		if !(t.kind == tkNum || w == "+" || w == "(") {
			continue
		}
		// collect a run of digit groups and phone punctuation, closed by an
		// optional "NNNNxNNN" word
		j := i
		digits, groups := 0, 0
		plus := w == "+"
		trunk := false
		var db [24]byte
		dl := 0
		ext := false
		for j < n && sc.cover[j] == 0 {
			if j > i && !gapSmall(toks, j, 2) {
				break
			}
			tj := &toks[j]
			nj := sc.tb.normOf(j)
			if tj.kind == tkNum && !strings.ContainsAny(nj, ".,") {
				if nj == "0" && j > i && sc.tb.normOf(j-1) == "(" && j+1 < n && sc.tb.normOf(j+1) == ")" && plus {
					trunk = true
					j++
					continue
				}
				if digits+len(nj) > 15 {
					break
				}
				for x := 0; x < len(nj) && dl < len(db); x++ {
					db[dl] = nj[x]
					dl++
				}
				digits += len(nj)
				groups++
				j++
				continue
			}
			if tj.kind == tkPunct && (nj == "-" || nj == "." || nj == "(" || nj == ")" || nj == "+" && j == i) {
				j++
				continue
			}
			if tj.kind == tkWord && tj.flags&fDigit != 0 && tj.flags&fSpace == 0 && j > i {
				// "3560x4587": digits, x, extension digits
				if x := strings.IndexByte(nj, 'x'); x > 0 && countDigits(nj) == len(nj)-1 && x < len(nj)-1 {
					for y := 0; y < x && dl < len(db); y++ {
						db[dl] = nj[y]
						dl++
					}
					digits += x
					groups++
					ext = true
					j++
				}
			}
			break
		}
		end := j
		for end > i && toks[end-1].kind == tkPunct && sc.tb.normOf(end-1) != ")" {
			end--
		}
		if end <= i || digits < 7 {
			continue
		}
		ok := false
		switch {
		case ext && (digits == 10 || digits == 11 || plus):
			ok = true
		case plus && trunk:
			num, err := phonenumbers.Parse("+"+string(db[:dl]), "ZZ")
			ok = err == nil && phonenumbers.IsPossibleNumber(num)
		case !plus && (digits == 7 || digits == 8 || digits == 9) && groups >= 2 && groups <= 3:
			ok = s.localPhoneContext(sc, i, end)
		}
		if ok && sc.free(i, end) {
			sc.add(i, end, cat)
			i = end - 1
		}
	}
	// an international prefix glued before a phone finding: "001-[phone]", "+1-[phone]"
	for i := 0; i+2 < n; i++ {
		if sc.cover[i] != 0 || toks[i].kind != tkNum {
			continue
		}
		w := sc.tb.normOf(i)
		if w != "001" && w != "1" && w != "00" && w != "011" {
			continue
		}
		if sc.tb.normOf(i+1) == "-" && toks[i+1].flags&fSpace == 0 && toks[i+2].flags&fSpace == 0 {
			if sp := coverSpan(sc, i+2); sp != nil && sp.cat == cat && int(sp.ts) == i+2 {
				sc.cover[i], sc.cover[i+1] = sc.cover[i+2], sc.cover[i+2]
				sp.ts = int32(i)
			}
		}
	}
}

// localPhoneContext: a phone cue within four tokens before, or a phone
// label right after ("781 1704 office").
func (s *Stripper) localPhoneContext(sc *scratch, i, end int) bool {
	toks := sc.tb.toks
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if localPhoneCue[toks[j].norm] {
			return true
		}
	}
	if end < len(toks) && toks[end].flags&fNewline == 0 && phoneLabelAfter[toks[end].norm] {
		return true
	}
	// "please call Mrs. Abena Mensah at 555-0173": "at" after a call verb
	// earlier in the sentence
	if i > 0 && (toks[i-1].norm == "at" || toks[i-1].norm == "on") {
		for j := i - 2; j >= 0 && j >= i-12 && toks[j+1].flags&fNewline == 0 && toks[j].norm != "?" && toks[j].norm != "!"; j-- {
			switch toks[j].norm {
			case "call", "text", "reach", "ring", "contact", "phone", "dial", "calling", "texting", "llamar", "llame":
				return true
			}
		}
	}
	return false
}

// lastDigitsCue: words before the last digits of a card, account or SSN
// ("ending in 4471", "termina en 4471", "terminación 8812").
var lastDigitsCue = map[string]bool{
	"ending": true, "ends": true, "ended": true, "last": true, "termina": true, "terminacion": true,
	"terminada": true, "terminado": true, "terminan": true, "ultimos": true, "últimos": true,
}

// matchLastDigits: "card ending in 4471", "termina en 4471", "last four digits 8812".
func (s *Stripper) matchLastDigits(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.id
	for i := 0; i < n; i++ {
		if toks[i].kind != tkWord || !toks[i].is(wcLastDigits) {
			continue
		}
		j := i + 1
		digitsWord := false
		for j < n && j-i <= 4 && (toks[j].kind != tkNum || toks[j].norm == "4" && j+1 < n && toks[j+1].kind != tkNum) {
			switch w := toks[j].norm; w {
			case "four", "4", "digits", "digitos", "cuatro", "numbers", "numeros":
				digitsWord = true
				j++
				continue
			case "in", "en", "with", "con", ":", "of", "de", "the", "los", "is", "es", "are", "son":
				j++
				continue
			}
			break
		}
		if w := toks[i].norm; (w == "last" || w == "ultimos" || w == "últimos") && !digitsWord {
			continue
		}
		if j < n && toks[j].kind == tkNum && sc.cover[j] == 0 && len(toks[j].norm) >= 3 && len(toks[j].norm) <= 5 {
			sc.add(j, j+1, cat)
		}
	}
}

// codePrefixes: an upper-case prefix glued to a found number ("REF-2024-558130")
// belongs to it.
func (s *Stripper) codePrefixes(sc *scratch) {
	toks := sc.tb.toks
	for si := range sc.spans {
		sp := &sc.spans[si]
		c := s.k.cats[sp.cat]
		if c != "phone" && c != "id" {
			continue
		}
		ts := int(sp.ts)
		if ts >= 2 && toks[ts-1].norm == "-" && toks[ts-1].flags&fSpace == 0 && toks[ts].flags&fSpace == 0 &&
			sc.cover[ts-1] == 0 && sc.cover[ts-2] == 0 && toks[ts-2].kind == tkWord && toks[ts-2].flags&fAllCap != 0 && len(toks[ts-2].norm) <= 6 {
			sc.cover[ts-1], sc.cover[ts-2] = int32(si+1), int32(si+1)
			sp.ts = int32(ts - 2)
		}
	}
}
