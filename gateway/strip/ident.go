package strip

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

var (
	// a social-media handle: "@" opening a chunk or after a bracket or quote,
	// not inside an e-mail address ("I'm @joe_mcd on here", "(@ana.lopez)")
	reHandle      = regexp.MustCompile(`(?:^|[\s(\["'])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?`)
	reClockHandle = regexp.MustCompile(`^(?i)[0-9]{1,2}(?:[:.][0-9]{2})?(?:am|pm|h|hrs)?$`)
	reEmail       = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	reURL         = regexp.MustCompile(`(?i)(?:https?://|ftp://|www\.)[^\s<>"'\x60]+|\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:com|org|net|edu|gov|mil|int|io|co|us|uk|ca|de|fr|es|mx|info|biz|health|care|app|dev|ly|me|tv|ai|hu|nl|it|ru|br|au|in|jp|cn|eu|ch|se|no|dk|fi|pl|be|at|ie|nz|za|ar|cl|pe|gt|pr|online|site|xyz|gl|is)\b(?:/[^\s<>"']*)?`)
	reIPv4        = regexp.MustCompile(`\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b`)
	reIPv6        = regexp.MustCompile(`(?i)\b[0-9a-f]{1,4}(?::{1,2}[0-9a-f]{1,4}){2,7}\b|::ffff:[0-9.]+`)
	reDotDt       = regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})$`)
	reClock       = regexp.MustCompile(`^\d{1,2}:\d{2}(?::\d{2})?$`)
)

var monthNames = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
	"agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	"ene": 1, "abr": 4, "ago": 8, "dic": 12,
}

var weekdayNames = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "lunes": true, "martes": true, "miercoles": true,
	"jueves": true, "viernes": true, "sabado": true, "domingo": true,
	// abbreviations that are no English word ("currently booked Thu 9/12")
	"mon": true, "tue": true, "tues": true, "thu": true, "thur": true, "thurs": true, "fri": true,
	"weds": true,
}

var dateCues = map[string]bool{
	"on": true, "dob": true, "born": true, "since": true, "from": true, "until": true, "till": true,
	"by": true, "date": true, "dated": true, "before": true, "after": true, "appointment": true,
	"appt": true, "scheduled": true, "el": true, "desde": true, "hasta": true, "fecha": true,
	"nacimiento": true, "d.o.b": true, "b": true, "admitted": true, "discharged": true, "visit": true,
}

var streetSuffix = map[string]bool{
	"st": true, "street": true, "ave": true, "avenue": true, "av": true, "rd": true, "road": true,
	"blvd": true, "boulevard": true, "ln": true, "lane": true, "dr": true, "drive": true,
	"ct": true, "court": true, "way": true, "pl": true, "place": true, "ter": true, "terrace": true,
	"cir": true, "circle": true, "hwy": true, "highway": true, "pkwy": true, "parkway": true,
	"sq": true, "square": true, "trl": true, "trail": true, "loop": true, "row": true, "plaza": true,
	"crescent": true, "cres": true, "alley": true, "pike": true, "route": true, "rte": true,
	"expressway": true, "freeway": true, "turnpike": true, "path": true, "walk": true, "run": true,
	"crossing": true, "xing": true, "ridge": true, "point": true, "pt": true, "landing": true,
	"calle": true, "avenida": true, "camino": true, "carretera": true, "mall": true, "grove": true,
	"gardens": true, "heights": true, "hills": true, "park": true, "view": true, "close": true,
	"bypass": true, "causeway": true, "center": true, "ctr": true, "estates": true, "glen": true,
}

var unitWords = map[string]bool{
	"apt": true, "apartment": true, "suite": true, "ste": true, "unit": true, "room": true,
	"rm": true, "fl": true, "floor": true, "bldg": true, "building": true, "lot": true, "depto": true,
	"departamento": true, "piso": true, "apto": true, "dpto": true, "interior": true, "torre": true,
}

var stateAbbr = map[string]bool{}
var stateNames = map[string]bool{}

func init() {
	for _, s := range strings.Fields("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI") {
		stateAbbr[s] = true
	}
	for _, s := range strings.Split("alabama,alaska,arizona,arkansas,california,colorado,connecticut,delaware,florida,georgia,hawaii,idaho,illinois,indiana,iowa,kansas,kentucky,louisiana,maine,maryland,massachusetts,michigan,minnesota,mississippi,missouri,montana,nebraska,nevada,new hampshire,new jersey,new mexico,new york,north carolina,north dakota,ohio,oklahoma,oregon,pennsylvania,rhode island,south carolina,south dakota,tennessee,texas,utah,vermont,virginia,washington,west virginia,wisconsin,wyoming,puerto rico", ",") {
		stateNames[s] = true
	}
}

var idCues = map[string]bool{
	"mrn": true, "record": true, "account": true, "acct": true, "member": true, "policy": true,
	"insurance": true, "id": true, "claim": true, "reference": true, "ref": true, "case": true,
	"passport": true, "license": true, "licence": true, "plate": true, "dl": true, "medicaid": true,
	"medicare": true, "group": true, "subscriber": true, "confirmation": true, "ticket": true,
	"order": true, "invoice": true, "iban": true, "card": true, "routing": true, "vin": true,
	"badge": true, "serial": true, "imei": true, "employee": true, "student": true, "chart": true, "expediente": true,
	"cuenta": true, "poliza": true, "seguro": true, "numero": true, "tarjeta": true, "folio": true,
	"identificacion": true, "afiliado": true, "pasaporte": true, "licencia": true, "placa": true,
	"tag": true, "pager": true, "beeper": true, "ext": true, "extension": true, "prescription": true, "rx": true, "npi": true, "dea": true, "ein": true, "tin": true,
	"itin": true, "sin": true, "nhs": true, "ssn": true, "social": true, "reg": true, "registration": true,
	"username": true, "userid": true,
	// Latin-American and Spanish identity and social-security numbers, and a
	// Spanish employee or patient number ("cédula 1.023.889.456", "número de
	// empleado 30488", "DNI 40218765", "CURP ...", "NSS ...")
	"cedula": true, "cédula": true, "dni": true, "nie": true, "curp": true, "rfc": true, "nss": true,
	"cuil": true, "cuit": true, "rut": true, "empleado": true, "paciente": true, "credencial": true,
	"afiliacion": true, "afiliación": true, "historia": true,
}

// idSkip words may sit between an id cue and the id itself.
var idSkip = map[string]bool{
	"number": true, "no": true, "num": true, "nbr": true, "#": true, ":": true, "is": true, "=": true,
	"-": true, ".": true, "id": true, "es": true, "el": true, "mi": true, "my": true, "de": true,
	"numero": true, "security": true, "ending": true, "in": true, "with": true, "of": true, "the": true,
}

// scratch holds per-call working memory.
type scratch struct {
	tb      tokbuf
	cover   []int32 // token -> index+1 of the span covering it (0 none)
	spans   []span
	cands   []span
	anchors []int32
	tids    []int32
	buf     []byte
	gk      []uint32 // identifier pass: gazetteer kinds of each token (see ident_gazetteer.go)
	kw      []uint8  // identifier pass: known-word cache (0 unset, 1 known, 2 unknown)
	spanish bool     // the message was detected as Spanish
	lang    int      // the detected language's index (Strip)
}

type span struct {
	ts, te   int32 // token range [ts, te)
	cat      catID
	amb      bool
	accepted bool
	urg      uint8
	lang     uint8
	anchor   bool
}

func (sc *scratch) covered(i int) bool { return sc.cover[i] != 0 }

func (sc *scratch) free(ts, te int) bool {
	if ts < 0 || te > len(sc.cover) || ts >= te {
		return false
	}
	for i := ts; i < te; i++ {
		if sc.cover[i] != 0 {
			return false
		}
	}
	return true
}

func (sc *scratch) add(ts, te int, cat catID) bool {
	if !sc.free(ts, te) {
		return false
	}
	sc.spans = append(sc.spans, span{ts: int32(ts), te: int32(te), cat: cat, accepted: true})
	idx := int32(len(sc.spans))
	for i := ts; i < te; i++ {
		sc.cover[i] = idx
	}
	return true
}

// tokRange maps a byte range to the smallest covering token range.
func tokRange(toks []token, bs, be int) (int, int) {
	ts := sort.Search(len(toks), func(i int) bool { return int(toks[i].end) > bs })
	te := sort.Search(len(toks), func(i int) bool { return int(toks[i].start) >= be })
	if ts >= len(toks) || te <= ts {
		return -1, -1
	}
	return ts, te
}

// adjacent reports whether token i follows token i-1 with no white space.
func (s *Stripper) tight(toks []token, i int) bool { return toks[i].flags&fSpace == 0 }

// gapSmall: at most maxGap bytes between tokens i-1 and i, and no newline.
func gapSmall(toks []token, i, maxGap int) bool {
	return int(toks[i].start-toks[i-1].end) <= maxGap && toks[i].flags&fNewline == 0
}

// zipCues are the words before a postal code (findIdentifiers).
var zipCues = map[string]bool{"zip": true, "zipcode": true, "postal": true, "cp": true}

func (s *Stripper) findIdentifiers(text string, sc *scratch) {
	toks := sc.tb.toks
	// 1. chunk based patterns: email, url, ip, ssn
	n := len(toks)
	for i := 0; i < n; {
		j := i + 1
		for j < n && toks[j].flags&fSpace == 0 {
			j++
		}
		hasAt, hasDot, hasColon, dots := false, false, 0, 0
		for x := i; x < j; x++ {
			if toks[x].kind == tkPunct {
				switch text[toks[x].start] {
				case '@':
					hasAt = true
				case '.':
					if x+1 < j && toks[x+1].kind == tkWord {
						hasDot = true
					}
				case ':':
					hasColon++
				}
			} else if toks[x].kind == tkNum {
				dots += strings.Count(toks[x].norm, ".")
			}
		}
		if hasAt || hasDot || hasColon > 0 || dots >= 3 {
			cs, ce := int(toks[i].start), int(toks[j-1].end)
			chunk := text[cs:ce]
			if hasAt {
				s.chunkPattern(chunk, cs, reEmail, s.ic.email, sc)
				s.chunkPattern(chunk, cs, reHandle, s.ic.handle, sc)
			}
			if hasDot || hasColon > 0 {
				s.chunkPattern(chunk, cs, reURL, s.ic.url, sc)
			}
			if dots >= 3 {
				s.chunkPattern(chunk, cs, reIPv4, s.ic.ip, sc)
			}
			if hasColon >= 2 {
				s.chunkPattern(chunk, cs, reIPv6, s.ic.ip, sc)
			}
		}
		i = j
	}
	// Most messages have no digit at all: the matchers that only ever remove
	// or anchor on a digit-bearing token (SSNs, ages, units, house numbers,
	// days of the month, digit runs) are skipped without one.
	dig := hasDigit(sc)
	if dig {
		s.matchPaymentNumbers(text, sc)   // ident_finance.go
		s.matchSortCodes(sc)              // ident_finance.go
		s.matchPINs(sc)                   // ident_finance.go
		s.matchVehiclesAndCodes(text, sc) // ident_vehicles.go
	}
	// SSN: ddd-dd-dddd (or with spaces)
	for i := 0; dig && i+4 < n; i++ {
		if toks[i].kind != tkNum || len(toks[i].norm) != 3 || sc.covered(i) {
			continue
		}
		if toks[i+1].norm == "-" && toks[i+3].norm == "-" && toks[i+2].kind == tkNum && len(toks[i+2].norm) == 2 &&
			toks[i+4].kind == tkNum && len(toks[i+4].norm) == 4 && toks[i+1].flags&fSpace == 0 && toks[i+3].flags&fSpace == 0 {
			if i+5 < n && toks[i+5].flags&fSpace == 0 && toks[i+5].kind != tkPunct {
				continue
			}
			sc.add(i, i+5, s.ic.ssn)
			i += 4
		}
	}
	if dig {
		s.matchLatinStreets(sc) // ident_latinstreets.go: before "8-15" reads as a range
	}
	// 2. token sequence patterns
	for i := 0; i < n; i++ {
		if sc.covered(i) {
			continue
		}
		t := &toks[i]
		norm := toks[i].norm
		switch {
		case t.kind == tkNum || (t.kind == tkWord && t.flags&fDigit != 0) || (t.kind == tkWord && t.cls&wcMonth != 0) || (t.kind == tkPunct && (norm == "+" || norm == "(")):
			if end := s.matchDate(text, sc, i); end > i {
				sc.add(i, end, s.ic.date)
				i = end - 1
				continue
			}
			if t.kind == tkWord && t.flags&fDigit == 0 {
				continue
			}
			if end := s.matchAddress(text, sc, i); end > i {
				sc.add(i, end, s.ic.address)
				i = end - 1
				continue
			}
			if end := s.matchPhone(text, sc, i); end > i {
				// extension: "x4587", "ext. 12", "ext 12"
				if end < n && gapSmall(toks, end, 1) {
					e := toks[end].norm
					if (e == "x" || e == "ext" || e == "extension") && end+1 < n && toks[end+1].kind == tkNum {
						end += 2
					} else if (e == "ext" || e == "x") && end+2 < n && toks[end+1].norm == "." && toks[end+2].kind == tkNum {
						end += 3
					} else if len(e) > 1 && e[0] == 'x' && toks[end].flags&fDigit != 0 && countDigits(e) == len(e)-1 {
						end++
					}
				}
				sc.add(i, end, s.ic.phone)
				i = end - 1
				continue
			}
		}
	}
	// 3. cue-based: ids, zips, ages, P.O. boxes, city/state
	for i := 0; i < n; i++ {
		t := &toks[i]
		// every cue below is a word in idCues, zipCues or boxWords
		if t.kind != tkWord || t.cls&(wcIDCue|wcZipCue|wcBoxWord) == 0 || sc.covered(i) {
			continue
		}
		norm := toks[i].norm
		if t.kind == tkWord && t.cls&wcIDCue != 0 {
			s.matchCuedID(text, sc, i)
			continue
		}
		if t.kind == tkWord && (norm == "zip" || norm == "zipcode" || norm == "postal" || norm == "cp") {
			for j := i + 1; j < n && j <= i+4; j++ {
				if toks[j].kind == tkNum && len(toks[j].norm) == 5 {
					end := j + 1
					if end+1 < n && toks[end].norm == "-" && toks[end+1].kind == tkNum && len(toks[end+1].norm) == 4 {
						end += 2
					}
					sc.add(j, end, s.ic.zip)
					break
				}
			}
			continue
		}
		if t.kind == tkWord && t.flags&fDigit == 0 && (norm == "box") && i > 0 {
			// P.O. Box 123
			if i+1 < n && toks[i+1].kind == tkNum {
				st := i
				for st > 0 && (toks[st-1].norm == "." || toks[st-1].norm == "o" || toks[st-1].norm == "p" || toks[st-1].norm == "po") && i-st < 4 {
					st--
				}
				if st < i {
					sc.add(st, i+2, s.ic.address)
				}
			}
		}
	}
	if dig {
		s.matchWeekdayDays(sc)
		s.matchDays(sc) // ident_days.go
		if sc.spanish {
			s.matchSpanishDays(sc)
		}
		if hasNumber(sc) { // every age is a number token
			s.matchAges(text, sc)
		}
	}
	s.matchIdentExtra(text, sc, dig)
	if dig {
		s.matchUnitsAndEuroStreets(text, sc)
	}
	s.matchCityState(text, sc)
	if dig {
		s.matchCuedStreet(text, sc)
	}
	s.extendAddresses(text, sc)
	s.matchIdentLate(text, sc)
	// 4. remaining digit runs and alphanumeric codes
	for i := 0; dig && i < n; i++ {
		if sc.covered(i) {
			continue
		}
		t := &toks[i]
		norm := toks[i].norm
		if t.flags&fDigit == 0 {
			continue
		}
		digits := countDigits(norm)
		if t.kind == tkNum && digits >= 6 && !strings.ContainsAny(norm, ".,") {
			end := i + 1
			// card numbers / grouped ids: 4111 1111 1111 1111
			for end < n && toks[end].kind == tkNum && gapSmall(toks, end, 2) && countDigits(toks[end].norm) >= 3 && !sc.covered(end) {
				end++
			}
			sc.add(i, end, s.ic.id)
			i = end - 1
			continue
		}
		if t.kind == tkNum && digits == 4 && i+2 < n {
			// 4111 1111 1111 1111 or 4111-1111-1111-1111
			end := i + 1
			groups := 1
			for end < n && !sc.covered(end) {
				if toks[end].kind == tkNum && countDigits(toks[end].norm) == 4 && gapSmall(toks, end, 2) {
					end++
					groups++
					continue
				}
				if toks[end].norm == "-" && end+1 < n && toks[end+1].kind == tkNum && countDigits(toks[end+1].norm) == 4 && toks[end].flags&fSpace == 0 {
					end += 2
					groups++
					continue
				}
				break
			}
			if groups >= 3 {
				sc.add(i, end, s.ic.id)
				i = end - 1
			}
			continue
		}
		if t.kind == tkWord && len(norm) >= 6 && digits >= 4 && !isDose(norm) {
			// alphanumeric code such as AB1234567 or an IBAN start DE89...
			end := i + 1
			for end < n && toks[end].kind == tkNum && gapSmall(toks, end, 1) && len(toks[end].norm) <= 4 && !sc.covered(end) {
				end++
			}
			sc.add(i, end, s.ic.id)
			i = end - 1
			continue
		}
		if t.kind == tkWord && len(norm) >= 4 && digits >= 2 && t.flags&fAllCap != 0 && len(norm) >= 8 {
			sc.add(i, i+1, s.ic.id)
		}
	}
}

func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func countDigits(s string) int {
	c := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			c++
		}
	}
	return c
}

func (s *Stripper) chunkPattern(chunk string, off int, re *regexp.Regexp, cat catID, sc *scratch) {
	for _, m := range re.FindAllStringIndex(chunk, -1) {
		bs, be := off+m[0], off+m[1]
		if re == reIPv6 {
			// a clock time ("04:34:22") is a time of day, not an IPv6 address
			if mt := chunk[m[0]:m[1]]; reClock.MatchString(mt) {
				if ts, te := tokRange(sc.tb.toks, bs, be); ts >= 0 {
					sc.add(ts, te, s.ic.date)
				}
				continue
			}
		}
		if re == reHandle {
			// from the "@" on; "@5pm" and "@ 10" are times, not handles
			at := strings.IndexByte(chunk[m[0]:m[1]], '@')
			bs += at
			if h := chunk[m[0]+at+1 : m[1]]; !hasLetter(h) || reClockHandle.MatchString(h) {
				continue
			}
		}
		// trim trailing sentence punctuation from URLs
		for be > bs && strings.ContainsRune(".,;:!?)]}'\"", rune(chunk[be-off-1])) {
			be--
		}
		ts, te := tokRange(sc.tb.toks, bs, be)
		if ts >= 0 {
			sc.add(ts, te, cat)
		}
	}
}

func atoi(s string) int {
	// what strconv.Atoi refuses for its syntax is refused here first: its
	// error allocates, and the matchers try many words that are no number
	d := s
	if d != "" && (d[0] == '+' || d[0] == '-') {
		d = d[1:]
	}
	if d == "" {
		return -1
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return -1
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return v
}

// matchDate returns the end token (exclusive) of a date starting at i, or i.
func (s *Stripper) matchDate(text string, sc *scratch, i int) int {
	toks := sc.tb.toks
	n := len(toks)
	norm := toks[i].norm
	numAt := func(j int) (int, bool) {
		if j >= n || toks[j].kind != tkNum {
			return 0, false
		}
		v := atoi(toks[j].norm)
		return v, v >= 0
	}
	dayAt := func(j int) bool {
		if j >= n {
			return false
		}
		nj := toks[j].norm
		if toks[j].kind == tkNum {
			v := atoi(nj)
			return v >= 1 && v <= 31 && len(nj) <= 2
		}
		if isOrdinal(nj) {
			v := atoi(nj[:len(nj)-2])
			return v >= 1 && v <= 31
		}
		return false
	}
	yearAt := func(j int) bool {
		if j >= n || toks[j].kind != tkNum {
			return false
		}
		nj := toks[j].norm
		v := atoi(nj)
		return len(nj) == 4 && v >= 1900 && v <= 2100 || len(nj) == 2 && v >= 0
	}
	sepAt := func(j int) bool {
		if j >= n || toks[j].kind != tkPunct {
			return false
		}
		c := toks[j].norm
		return c == "/" || c == "-" || c == "."
	}
	tightAt := func(j int) bool { return j < n && toks[j].flags&fSpace == 0 }
	if toks[i].kind == tkNum {
		if reDotDt.MatchString(norm) {
			return i + 1
		}
		a, _ := numAt(i)
		la := len(norm)
		// d/d/d
		if sepAt(i+1) && tightAt(i+1) && tightAt(i+2) {
			b, okb := numAt(i + 2)
			lb := 0
			if okb {
				lb = len(toks[i+2].norm)
			}
			if okb && sepAt(i+3) && tightAt(i+3) && tightAt(i+4) && toks[i+3].norm == toks[i+1].norm {
				c, okc := numAt(i + 4)
				if okc {
					lc := len(toks[i+4].norm)
					// not part of a longer slash run (10/700/.50/5)
					if sepAt(i+5) && tightAt(i+5) && i+6 < n && toks[i+6].kind == tkNum && tightAt(i+6) {
						return i
					}
					if la <= 2 && lb <= 2 && (lc == 2 || lc == 4) && a >= 1 && b >= 1 && (a <= 12 && b <= 31 || a <= 31 && b <= 12) {
						return i + 5
					}
					if la == 4 && lb <= 2 && lc <= 2 && b >= 1 && b <= 12 && c >= 1 && c <= 31 && a >= 1900 && a <= 2100 {
						return i + 5
					}
				}
				return i
			}
			// m/d with a cue (or followed by "of"?); month/year "03/2019"
			if okb && la <= 2 && toks[i+1].norm == "/" && !(sepAt(i+3) && tightAt(i+3) && tightAt(i+4) && i+4 < n && toks[i+4].kind == tkNum) && (i == 0 || !(sepAt(i-1) && tightAt(i))) {
				if lb == 4 && a >= 1 && a <= 12 && b >= 1900 && b <= 2100 {
					return i + 3
				}
				if lb <= 2 && a >= 1 && a <= 12 && b >= 1 && b <= 31 && (s.hasDateCue(sc, i) || s.plausibleMonthDay(sc, i, a, b)) {
					return i + 3
				}
				// day/month written the European way ("on 15/09 at 11:00"): a
				// day over 12 makes the order plain
				if lb <= 2 && a > 12 && a <= 31 && b >= 1 && b <= 12 && (s.hasDateCue(sc, i) || s.plausibleMonthDay(sc, i, a, b)) {
					return i + 3
				}
			}
			return i
		}
		// d month [year]  /  d de month de year
		if la <= 2 && a >= 1 && a <= 31 {
			j := i + 1
			if j < n && (toks[j].norm == "de" || toks[j].norm == "of") {
				j++
			}
			// "may" and "mar" are words too; written with a capital after a day
			// they are the month ("on 21 May at 2pm", not "those 2 may help")
			if j < n && monthNames[toks[j].norm] > 0 && (toks[j].norm != "may" && toks[j].norm != "mar" || toks[j].flags&fCap != 0 && toks[j].flags&fSentStart == 0) {
				end := j + 1
				if end < n && toks[end].norm == "." && len(toks[j].norm) <= 4 {
					end++ // "5 Sept." (an abbreviation's dot; "on 1 January." ends a sentence)
				}
				e2 := end
				if e2 < n && (toks[e2].norm == "de" || toks[e2].norm == ",") {
					e2++
				}
				if yearAt(e2) && len(toks[e2].norm) == 4 {
					end = e2 + 1
				}
				return end
			}
		}
		return i
	}
	if toks[i].kind == tkWord && isOrdinal(norm) {
		// 4th of March
		j := i + 1
		if j < n && toks[j].norm == "of" {
			j++
		}
		if j < n && monthNames[toks[j].norm] > 0 {
			end := j + 1
			if end < n && toks[end].norm == "," {
				if yearAt(end + 1) {
					end += 2
				}
			} else if yearAt(end) && len(toks[end].norm) == 4 {
				end++
			}
			st := i
			return end + 0*st
		}
		return i
	}
	if m := monthNames[norm]; m > 0 && toks[i].kind == tkWord {
		// short ambiguous forms need a capital or a following day
		j := i + 1
		if j < n && toks[j].norm == "." && len(norm) <= 4 {
			j++
		}
		if dayAt(j) {
			end := j + 1
			e2 := end
			if e2 < n && toks[e2].norm == "," {
				e2++
			}
			if yearAt(e2) && len(toks[e2].norm) == 4 {
				end = e2 + 1
			}
			if norm == "may" || norm == "mar" || norm == "dec" || norm == "jan" {
				// "I may 2 ..." is rare, but require capital or a following year/ordinal for "may"
				if toks[i].flags&fCap == 0 && toks[j].kind == tkNum && end == j+1 {
					return i
				}
			}
			return end
		}
		e2 := j
		if e2 < n && (toks[e2].norm == "de" || toks[e2].norm == ",") {
			e2++
		}
		if yearAt(e2) && len(toks[e2].norm) == 4 && (toks[i].flags&fCap != 0 || norm != "may") {
			return e2 + 1
		}
	}
	return i
}

// plausibleMonthDay accepts a bare m/d ("seen 8/28") unless it looks like a
// fraction, a score or a ratio ("1/2 tablet", "7/10 pain", "24/7").
func (s *Stripper) plausibleMonthDay(sc *scratch, i, a, b int) bool {
	toks := sc.tb.toks
	n := len(toks)
	// a score out of 10 or 5 ("7/10 pain"), 24/7, a percentage; a first
	// number above the scale is no score ("can we do 12/10")
	if b == 10 && a <= 10 || b == 5 && a <= 5 || b == 7 && a == 24 || b == 100 {
		return false
	}
	if a == 1 && (b == 2 || b == 3 || b == 4 || b == 8) || a == 3 && b == 4 || a == 2 && b == 3 {
		return false // common fractions
	}
	if i+3 < n {
		nx := toks[i+3].norm
		if doseUnits[nx] > 0 || nx == "of" || nx == "cup" || nx == "tsp" || nx == "tbsp" || nx == "inch" || nx == "mile" || nx == "way" || nx == "split" || nx == "%" {
			return false
		}
	}
	return true
}

func (s *Stripper) hasDateCue(sc *scratch, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if dateCues[sc.tb.normOf(j)] {
			return true
		}
	}
	return false
}

// matchAddress: number + up to 5 words + street suffix [unit] [, city [, ST] [zip]].
func (s *Stripper) matchAddress(text string, sc *scratch, i int) int {
	toks := sc.tb.toks
	n := len(toks)
	norm := toks[i].norm
	if toks[i].kind == tkNum {
		if len(norm) > 6 || strings.ContainsAny(norm, ".,") {
			return i
		}
	} else if !(toks[i].flags&fDigit != 0 && len(norm) <= 6 && norm[0] >= '0' && norm[0] <= '9') {
		return i
	}
	j := i + 1
	words := 0
	if j < n && toks[j].is(wcEuroStreet) && toks[j].flags&fNewline == 0 {
		// "1450 Calle Sol", "12 Avenida Juárez", "300 Av. Reforma"
		k := j + 1
		if k < n && toks[k].norm == "." {
			k++
		}
		w := 0
		for k < n && w < 4 && toks[k].kind == tkWord && toks[k].flags&(fCap|fAllCap) != 0 && toks[k].flags&fNewline == 0 {
			k++
			w++
		}
		if w > 0 {
			return s.addressTail(sc, k)
		}
	}
	for j < n && words <= 5 {
		t := &toks[j]
		nj := toks[j].norm
		if t.flags&fNewline != 0 {
			return i
		}
		if t.kind == tkWord {
			if words >= 1 && streetSuffix[nj] {
				end := j + 1
				if end < n && toks[end].norm == "." && toks[end].flags&fSpace == 0 {
					end++
				}
				return s.addressTail(sc, end)
			}
			if ordinalish(nj) || t.flags&fCap != 0 || t.flags&fAllCap != 0 || (words < 3 && !s.k.common[nj]) || words < 3 && s.suffixAhead(toks, j) {
				words++
				j++
				continue
			}
			// spanish: calle / avenida before the name: "Calle Luna 12" handled elsewhere
			return i
		}
		if t.kind == tkPunct && nj == "." && words > 0 {
			j++
			continue
		}
		return i
	}
	return i
}

func ordinalish(s string) bool { return isOrdinal(s) }

// suffixAhead: a street suffix closes the next few words, none of them a
// stop word ("4410 west peachtree blvd" written in lower case).
func (s *Stripper) suffixAhead(toks []token, j int) bool {
	if s.anyStop(toks[j].norm) || j >= 2 && toks[j-2].norm == ":" {
		return false // a stop word, or a clock time ("9:30 con el Dr. Ruiz")
	}
	for k := j + 1; k < len(toks) && k <= j+3; k++ {
		t := &toks[k]
		if t.kind != tkWord || t.flags&fNewline != 0 || s.anyStop(t.norm) {
			return false
		}
		if streetSuffix[t.norm] {
			return true
		}
	}
	return false
}

// isOrdinal: "4th", "21st", "2nd", "3rd".
func isOrdinal(w string) bool {
	n := len(w)
	if n < 3 || n > 4 {
		return false
	}
	d := n - 2
	for i := 0; i < d; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	suf := w[d:]
	return suf == "st" || suf == "nd" || suf == "rd" || suf == "th"
}

var doseSuffix = map[string]bool{
	"mg": true, "mgs": true, "mcg": true, "ug": true, "µg": true, "g": true, "gm": true, "gr": true, "ml": true,
	"cc": true, "iu": true, "u": true, "unit": true, "units": true, "meq": true, "mmol": true, "mls": true, "l": true,
	"tab": true, "tabs": true, "cap": true, "caps": true, "puff": true, "puffs": true, "gtt": true, "gtts": true,
}

// everydayDoseSuffix: units that a recipe, a drone, a fish tank or an engine
// shares with a dose ("250g", "120L", "500ml", "125cc"); glued to a number
// they are a dose only in a message that is already clinical
// (numericClinical).
var everydayDoseSuffix = map[string]bool{
	"g": true, "gm": true, "gr": true, "ml": true, "mls": true, "l": true, "cc": true, "u": true,
	"unit": true, "units": true, "tab": true, "tabs": true, "cap": true, "caps": true,
}

// strongDose: isDose with a unit only medicine uses ("20mg", "100mcg").
func strongDose(w string) bool {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || (i > 0 && (w[i] == '.' || w[i] == ','))) {
		i++
	}
	return i > 0 && i < len(w) && doseSuffix[w[i:]] && !everydayDoseSuffix[w[i:]]
}

// isDose: "20mg", "2.5ml", "100mcg" (a number glued to a unit).
func isDose(w string) bool {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || (i > 0 && (w[i] == '.' || w[i] == ','))) {
		i++
	}
	if i == 0 || i == len(w) {
		return false
	}
	return doseSuffix[w[i:]]
}

// isFreq: "q4h", "q12h", "q6hr".
func isFreq(w string) bool {
	if len(w) < 3 || w[0] != 'q' {
		return false
	}
	i := 1
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 1 || i > 3 {
		return false
	}
	suf := w[i:]
	return suf == "h" || suf == "hr" || suf == "hrs"
}

func (s *Stripper) addressTail(sc *scratch, end int) int {
	toks := sc.tb.toks
	n := len(toks)
	j := end
	if j < n && toks[j].norm == "," {
		j++
	}
	// unit
	if j < n && (unitWords[toks[j].norm] || toks[j].norm == "#") {
		k := j + 1
		if k < n && (toks[k].norm == "." || toks[k].norm == "#") {
			k++
		}
		if k < n && (toks[k].kind == tkNum || toks[k].flags&fDigit != 0 || len(toks[k].norm) <= 2) {
			end = k + 1
			j = end
			if j < n && toks[j].norm == "," {
				j++
			}
		}
	}
	// city: up to 3 capitalised words followed by , ST / state / zip
	k := j
	cw := 0
	for k < n && cw < 3 && toks[k].kind == tkWord && toks[k].flags&(fCap|fAllCap) != 0 && toks[k].flags&fNewline == 0 {
		k++
		cw++
	}
	if cw > 0 {
		m := k
		if m < n && toks[m].norm == "," {
			m++
		}
		if e := s.stateZip(sc, m); e > m {
			return e
		}
		if cw > 0 && k > j && toks[j-1].norm == "," {
			end = k
		}
	} else if e := s.stateZip(sc, j); e > j {
		return e
	}
	return end
}

// stateZip matches "ST 12345", "State 12345", "ST", "12345" at j.
func (s *Stripper) stateZip(sc *scratch, j int) int {
	toks := sc.tb.toks
	n := len(toks)
	if j >= n {
		return j
	}
	end := j
	raw := ""
	if toks[j].kind == tkWord {
		raw = toks[j].norm
	}
	if raw != "" && len(raw) == 2 && toks[j].flags&fAllCap != 0 && stateAbbr[strings.ToUpper(raw)] {
		end = j + 1
	} else if raw != "" && stateNames[raw] {
		end = j + 1
	} else if raw != "" && j+1 < n && stateNames[raw+" "+toks[j+1].norm] {
		end = j + 2
	}
	if end < n && toks[end].kind == tkNum && len(toks[end].norm) == 5 {
		end++
		if end+1 < n && toks[end].norm == "-" && toks[end+1].kind == tkNum && len(toks[end+1].norm) == 4 {
			end += 2
		}
	}
	return end
}

// matchCityState: "Springfield, IL", "Austin, Texas 78701", cities after "live in".
func (s *Stripper) matchCityState(text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := 0; i < n; i++ {
		// both rules start at a capitalised word that is not a common one,
		// or at a place preposition
		if c := toks[i].cls; c&wcPlacePrep == 0 && (toks[i].flags&(fCap|fAllCap) == 0 || c&wcCommon != 0) {
			continue
		}
		if sc.covered(i) || toks[i].kind != tkWord {
			continue
		}
		// "<City words>, ST"
		if toks[i].flags&(fCap|fAllCap) != 0 && !toks[i].is(wcCommon) {
			k := i
			for k < n && k-i < 3 && toks[k].kind == tkWord && toks[k].flags&(fCap|fAllCap) != 0 {
				k++
			}
			if k < n && toks[k].norm == "," && k+1 < n {
				if e := s.stateZip(sc, k+1); e > k+1 && s.isState(sc, k+1) {
					if sc.free(i, e) {
						sc.add(i, e, s.ic.address)
						i = e - 1
						continue
					}
				}
			}
		}
		// known city after a residence cue
		nm := toks[i].norm
		if toks[i].cls&wcPlacePrep != 0 && (nm == "in" || nm == "from" || nm == "en" || nm == "de" || nm == "near") { // all five are in placePrep
			if i > 0 {
				prev := toks[i-1].norm
				if !(prev == "live" || prev == "lives" || prev == "living" || prev == "lived" || prev == "moved" || prev == "vivo" || prev == "vive" || prev == "vivimos" || prev == "resident" || prev == "reside" || prev == "resides") {
					continue
				}
			} else {
				continue
			}
			j := i + 1
			for l := 3; l >= 1; l-- {
				if j+l > n || !sc.free(j, j+l) {
					continue
				}
				var b strings.Builder
				for x := j; x < j+l; x++ {
					if x > j {
						b.WriteByte(' ')
					}
					b.WriteString(toks[x].norm)
				}
				if s.k.cities[b.String()] || stateNames[b.String()] {
					sc.add(j, j+l, s.ic.address)
					break
				}
			}
		}
	}
}

func (s *Stripper) isState(sc *scratch, j int) bool {
	toks := sc.tb.toks
	raw := toks[j].norm
	if toks[j].kind == tkNum && len(raw) == 5 {
		return true
	}
	if len(raw) == 2 && toks[j].flags&fAllCap != 0 && stateAbbr[strings.ToUpper(raw)] {
		return true
	}
	if stateNames[raw] {
		return true
	}
	if j+1 < len(toks) && stateNames[raw+" "+toks[j+1].norm] {
		return true
	}
	return false
}

// matchPhone collects a digit sequence that looks like a phone number and
// validates it with libphonenumber.
func (s *Stripper) matchPhone(text string, sc *scratch, i int) int {
	toks := sc.tb.toks
	n := len(toks)
	digits := 0
	j := i
	plus := false
	lastNum := -1
	groups := 0
	for j < n && !sc.covered(j) {
		if j > i && !gapSmall(toks, j, 2) {
			break
		}
		t := &toks[j]
		nj := sc.tb.normOf(j)
		if t.kind == tkNum {
			if strings.Contains(nj, ",") {
				break
			}
			d := countDigits(nj)
			if digits+d > 15 {
				break
			}
			digits += d
			groups++
			lastNum = j
			j++
			continue
		}
		if t.kind == tkPunct && (nj == "-" || nj == "." || nj == "(" || nj == ")" || (nj == "+" && j == i) || nj == "/") {
			if nj == "+" {
				plus = true
			}
			j++
			continue
		}
		break
	}
	if lastNum < 0 || digits < 7 {
		return i
	}
	// try the longest candidate first, then drop up to two trailing groups
	tries := 0
	for end := lastNum + 1; end > i && tries < 3; end-- {
		if toks[end-1].kind != tkNum {
			continue
		}
		cand := text[toks[i].start:toks[end-1].end]
		d := countDigits(cand)
		if d < 7 {
			break
		}
		tries++
		// shapes worth asking libphonenumber about: 10 digits (11 with a leading 1)
		// in national form, any international form, or 7 digits after a cue
		// national forms of other countries ("07700 900123", "0490 75 40 81",
		// "60-56-85-91"): a trunk 0 or three or more digit groups
		fd := byte(0)
		for x := 0; x < len(cand); x++ {
			if cand[x] >= '0' && cand[x] <= '9' {
				fd = cand[x]
				break
			}
		}
		if !plus && (fd == '0' || groups >= 3 && d >= 8 && d <= 12 && d != 10 && !(d == 11 && fd == '1')) {
			if validElsewhere(cand) {
				return end
			}
		}
		switch {
		case plus:
		case d == 10 || d == 11 && cand[0] == '1':
		case d == 11 && strings.HasPrefix(cand, "00"):
		case d == 7 && s.phoneCue(sc, i):
		case d >= 8 && d <= 13 && s.phoneCue(sc, i):
		default:
			continue
		}
		// NANP national form: build the number directly and ask libphonenumber
		// whether it is valid in the US or Canada (no text parsing needed)
		if !plus && (d == 10 || d == 11) {
			var v uint64
			nd := 0
			for x := 0; x < len(cand); x++ {
				if cand[x] >= '0' && cand[x] <= '9' {
					v = v*10 + uint64(cand[x]-'0')
					nd++
				}
			}
			if nd == 11 {
				if v/10000000000 != 1 {
					goto generic
				}
				v %= 10000000000
			}
			if area, exch := v/10000000, (v/10000)%1000; area/100 < 2 || exch/100 < 2 {
				// not a dialable NANP number, but 3-3-4 digits in phone punctuation
				// ("888-130-8121") is still a phone number in a message
				if groups == 3 && d == 10 && (s.phoneShaped(cand) || fd >= '2' && spacedGroups(cand, 3, 3, 4)) || (sc.spanish || s.phoneCue(sc, i)) && validElsewhere(cand) {
					return end // "442 189 0034", Mexico's "55 9087 6543"
				}
				continue
			}
			if s.nanpValid(v) {
				return end
			}
			if groups >= 2 || s.phoneCue(sc, i) {
				// fictional / unassigned but well-formed (555-01xx, new area codes)
				return end
			}
			continue
		}
	generic:
		// hand libphonenumber the digits only (cheaper to parse than the raw text)
		var db [24]byte
		dl := 0
		if plus {
			db[0] = '+'
			dl = 1
		}
		for x := 0; x < len(cand) && dl < len(db); x++ {
			if cand[x] >= '0' && cand[x] <= '9' {
				db[dl] = cand[x]
				dl++
			}
		}
		num, err := phonenumbers.Parse(string(db[:dl]), "US")
		if err != nil {
			continue
		}
		if phonenumbers.IsValidNumber(num) {
			if plus {
				// the groups left after a valid international prefix belong to
				// it ("+52 1 33 2211 0099": an old mobile prefix)
				return lastNum + 1
			}
			return end
		}
		if d >= 10 && (groups >= 2 || plus || s.phoneCue(sc, i)) && phonenumbers.IsPossibleNumber(num) {
			if plus {
				return lastNum + 1
			}
			return end
		}
	}
	return i
}

var phoneCues = map[string]bool{
	"call": true, "phone": true, "tel": true, "telephone": true, "cell": true, "mobile": true,
	"fax": true, "number": true, "text": true, "reach": true, "contact": true, "ph": true,
	"llamar": true, "llame": true, "telefono": true, "celular": true, "numero": true, "whatsapp": true,
	"pager": true, "beeper": true, "at": true, "is": true, "#": true, ":": true,
}

func (s *Stripper) phoneCue(sc *scratch, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if phoneCues[sc.tb.normOf(j)] {
			return true
		}
	}
	return false
}

// matchCuedID: "MRN 12345", "member ID: XJ-44821", "license plate 7ABC123".
func (s *Stripper) matchCuedID(text string, sc *scratch, i int) {
	toks := sc.tb.toks
	n := len(toks)
	norm := sc.tb.normOf(i)
	if norm == "social" {
		if !(i+1 < n && sc.tb.normOf(i+1) == "security") {
			return
		}
	}
	j := i + 1
	steps := 0
	for j < n && steps < 4 && !sc.covered(j) && idSkip[sc.tb.normOf(j)] {
		j++
		steps++
	}
	if j >= n || sc.covered(j) {
		return
	}
	t := &toks[j]
	nj := sc.tb.normOf(j)
	ok := false
	if t.flags&fDigit != 0 && (countDigits(nj) >= 3 || len(nj) >= 4) {
		ok = true
	}
	// "AE-7782-331", "TB/2024/0331": letters, then a hyphen or slash and digits
	if t.kind == tkWord && t.flags&fAllCap != 0 && j+2 < n && (sc.tb.normOf(j+1) == "-" || sc.tb.normOf(j+1) == "/") && toks[j+1].flags&fSpace == 0 && toks[j+2].flags&fSpace == 0 && toks[j+2].flags&fDigit != 0 {
		ok = true
	}
	if t.kind == tkWord && t.flags&fAllCap != 0 && len(nj) >= 5 && t.flags&fDigit != 0 {
		ok = true
	}
	// "BCX 772019384", "KP 4418820019": a short capital prefix, a space, digits
	if t.kind == tkWord && t.flags&(fAllCap|fDigit) == fAllCap && len(nj) <= 4 && j+1 < n && toks[j+1].kind == tkNum &&
		countDigits(sc.tb.normOf(j+1)) >= 3 && gapSmall(toks, j+1, 1) {
		ok = true
	}
	if !ok {
		return
	}
	if norm == "nhs" && countDigits(nj) < 9 && !(j+2 < n && countDigits(nj)+countDigits(sc.tb.normOf(j+1))+countDigits(sc.tb.normOf(j+2)) >= 9) {
		return // "NHS 111" is the helpline; an NHS number has ten digits
	}
	if norm == "card" || norm == "order" || norm == "ticket" || norm == "confirmation" || norm == "invoice" || norm == "tag" || norm == "group" || norm == "case" {
		if countDigits(nj) < 4 && !(t.flags&fAllCap != 0 && j+2 < n && countDigits(sc.tb.normOf(j+2)) >= 4) {
			return
		}
	}
	end := j + 1
	for end < n && !sc.covered(end) && toks[end].flags&fNewline == 0 {
		ne := sc.tb.normOf(end)
		if (ne == "-" || ne == "/" || ne == ".") && toks[end].flags&fSpace == 0 && end+1 < n && toks[end+1].flags&fSpace == 0 && (toks[end+1].flags&fDigit != 0 || toks[end+1].flags&fAllCap != 0) {
			end += 2
			continue
		}
		if toks[end].flags&fDigit != 0 && gapSmall(toks, end, 1) && (toks[end].kind == tkNum || toks[end].flags&fAllCap != 0) {
			end++
			continue
		}
		if toks[end].kind == tkWord && toks[end].flags&fAllCap != 0 && toks[end].flags&fSpace == 0 {
			end++
			continue
		}
		break
	}
	// a plate's second group after a space ("reg AB12 CDE")
	if (norm == "reg" || norm == "plate" || norm == "registration" || norm == "placa") && end < n && !sc.covered(end) &&
		toks[end].kind == tkWord && toks[end].flags&fAllCap != 0 && len(toks[end].norm) <= 4 && gapSmall(toks, end, 1) {
		end++
	}
	cat := s.ic.id
	if norm == "ssn" || norm == "social" {
		cat = s.ic.ssn
	}
	sc.add(j, end, cat)
}

// matchAges: "72-year-old", "age 93", "aged 45", "she's 6", "I'm 34 years old".
func (s *Stripper) matchAges(text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	ageCat := s.ic.age
	for i := 0; i < n; i++ {
		if sc.covered(i) || toks[i].kind != tkNum {
			continue
		}
		nm := toks[i].norm
		v := atoi(nm)
		if v < 0 || v > 125 || len(nm) > 3 {
			continue
		}
		// forward forms
		j := i + 1
		if j < n && toks[j].norm == "-" {
			j++
		}
		if j < n {
			nj := toks[j].norm
			switch nj {
			case "year", "years", "yr", "yrs", "y", "yo", "month", "months", "mo", "week", "weeks", "ano", "anos", "meses", "mes":
				end := j + 1
				if nj == "y" && end+1 < n && toks[end].norm == "/" && toks[end+1].norm == "o" {
					end += 2
					sc.add(i, end, ageCat)
					i = end - 1
					continue
				}
				if nj == "yo" {
					sc.add(i, end, ageCat)
					i = end - 1
					continue
				}
				e := end
				if e < n && toks[e].norm == "-" {
					e++
				}
				if e < n && (toks[e].norm == "old" || toks[e].norm == "de") {
					if toks[e].norm == "de" {
						if e+1 < n && toks[e+1].norm == "edad" {
							sc.add(i, e+2, ageCat)
							i = e + 1
						}
						continue
					}
					sc.add(i, e+1, ageCat)
					i = e
					continue
				}
				if e+1 < n && toks[e].norm == "of" && toks[e+1].norm == "age" {
					sc.add(i, e+2, ageCat)
					i = e + 1
					continue
				}
				// "tiene 6 anos" / "tengo 34 anos"
				if (nj == "anos" || nj == "ano") && i > 0 {
					p := toks[i-1].norm
					if p == "tiene" || p == "tengo" || p == "tienen" || p == "cumple" || p == "cumplio" {
						sc.add(i, end, ageCat)
						i = end - 1
						continue
					}
				}
			}
		}
		// backward cues: age 93, aged 45, she's 6, i'm 34
		if i > 0 {
			p := toks[i-1].norm
			pp := ""
			if i > 1 {
				pp = toks[i-2].norm
			}
			if p == ":" || p == "of" {
				p, pp = pp, ""
				if i > 2 {
					pp = toks[i-3].norm
				}
			}
			switch p {
			case "age", "aged", "edad":
				sc.add(i, i+1, ageCat)
				continue
			case "she", "he", "i'm", "im":
				if toks[i-1].flags&fPoss != 0 || p == "i'm" || p == "im" {
					// next token must end the clause
					if i+1 >= n || toks[i+1].kind == tkPunct || toks[i+1].norm == "and" || toks[i+1].norm == "now" {
						if v >= 1 && v <= 120 {
							sc.add(i, i+1, ageCat)
						}
					}
				}
			case "am":
				if pp == "i" && (i+1 >= n || toks[i+1].kind == tkPunct) && v >= 10 {
					sc.add(i, i+1, ageCat)
				}
			}
		}
	}
}

var euroStreetSuffixes = []string{
	"katu", "tie", "strasse", "straße", "str", "gasse", "weg", "laan", "straat", "gracht", "vej", "gade",
	"gatan", "gata", "vagen", "väg", "vagur", "utca", "ulica", "ulice", "cesta", "tee", "iela", "gatve",
	"plein", "platz", "allee", "ring", "dam", "damm", "ufer", "chaussee", "kade", "stigen", "torget", "ut", "rue", "via", "viale",
	"calle", "avenida", "rua", "travessa", "carrer", "straat", "street", "road", "lane", "avenue",
}

var euroStreetWords = map[string]bool{
	"rue": true, "via": true, "viale": true, "calle": true, "avenida": true, "av": true, "rua": true, "travessa": true,
	"carrer": true, "piazza": true, "place": true, "boulevard": true, "paseo": true, "camino": true, "carretera": true,
	"avenue": true, "ulica": true, "ul": true, "chemin": true, "allee": true, "calzada": true, "privada": true,
}

func euroStreet(w string) bool {
	if len(w) < 5 {
		return false
	}
	for _, suf := range euroStreetSuffixes {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// matchUnitsAndEuroStreets: "Apt. 864", "Suite 200", "Koskikatu 25", "Rue de la Paix 12", "Calle Luna 14".
// aptWords open a unit number ("apt 4", "suite #210"; class bit wcAptWord).
var aptWords = map[string]bool{"apt": true, "apartment": true, "suite": true, "ste": true, "unit": true, "depto": true, "departamento": true}

func (s *Stripper) matchUnitsAndEuroStreets(text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.address
	for i := 0; i < n; i++ {
		// a unit word, or a capitalised word (every other rule needs one)
		if toks[i].cls&wcAptWord == 0 && toks[i].flags&fCap == 0 {
			continue
		}
		if sc.covered(i) || toks[i].kind != tkWord {
			continue
		}
		w := toks[i].norm
		if toks[i].cls&wcAptWord != 0 {
			j := i + 1
			if j < n && (toks[j].norm == "." || toks[j].norm == "#") {
				j++
			}
			if j < n && !sc.covered(j) && toks[j].flags&fDigit != 0 && len(toks[j].norm) <= 6 {
				sc.add(i, j+1, cat)
				i = j
			}
			continue
		}
		if toks[i].flags&fCap == 0 {
			continue
		}
		if i+1 < n && toks[i+1].kind == tkNum && euroStreet(w) {
			j := i + 1
			if j < n && !sc.covered(j) && toks[j].flags&fDigit != 0 && len(toks[j].norm) <= 5 && toks[j].flags&fNewline == 0 {
				st := i
				// "Leipziger Strasse 12": include one capitalised word before
				if st > 0 && !sc.covered(st-1) && toks[st-1].flags&fCap != 0 && toks[st-1].kind == tkWord && !s.k.common[toks[st-1].norm] && toks[st].flags&fNewline == 0 {
					st--
				}
				sc.add(st, j+1, cat)
				i = j
			}
			continue
		}
		if toks[i].is(wcEuroStreet) {
			// Rue/Calle/Via + up to 4 words + number
			j := i + 1
			if j < n && toks[j].norm == "." {
				j++
			}
			for j < n && j-i <= 5 && toks[j].kind == tkWord && toks[j].flags&fNewline == 0 && !sc.covered(j) {
				j++
			}
			if j > i+1 && j < n && !sc.covered(j) && toks[j].kind == tkNum && len(toks[j].norm) <= 5 && toks[j].flags&fNewline == 0 {
				sc.add(i, j+1, cat)
				i = j
			}
		}
	}
}

// extendAddresses grows each address finding over what usually follows it in
// a postal address: unit, city, state, postal code and country, across commas
// and line breaks ("12 Elm St\nSpringfield, IL 62704\nUSA").
func (s *Stripper) extendAddresses(text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.address
	nsp := len(sc.spans)
	for si := 0; si < nsp; si++ {
		sp := &sc.spans[si]
		if sp.cat != cat {
			continue
		}
		j := int(sp.te)
		end := j
		words := 0
		for j < n && j-int(sp.te) < 14 && !sc.covered(j) {
			t := &toks[j]
			w := toks[j].norm
			if t.kind == tkPunct {
				if w == "," || w == "-" || w == "#" || (w == "." && j > 0 && toks[j-1].kind == tkWord && len(toks[j-1].norm) <= 3) {
					j++
					continue
				}
				break
			}
			if t.kind == tkNum || t.flags&fDigit != 0 {
				if len(w) >= 3 && len(w) <= 7 {
					j++
					end = j
					continue
				}
				break
			}
			// words: capitalised place words, state codes, countries, unit words
			if unitWords[w] || s.k.cities[w] || stateNames[w] || (len(w) == 2 && t.flags&fAllCap != 0) {
				j++
				end = j
				continue
			}
			if j+1 < n && !sc.covered(j+1) && (s.k.cities[w+" "+toks[j+1].norm] || stateNames[w+" "+toks[j+1].norm]) {
				j += 2
				end = j
				continue
			}
			if t.flags&(fCap|fAllCap) != 0 && !s.k.common[w] && !s.k.stop[0][w] && words < 4 && !s.isLexiconWord(w) {
				words++
				j++
				end = j
				continue
			}
			break
		}
		if end > int(sp.te) {
			for x := int(sp.te); x < end; x++ {
				sc.cover[x] = int32(si + 1)
			}
			sp.te = int32(end)
		}
	}
}

var streetCues = map[string]bool{"at": true, "address": true, "to": true, "live": true, "lives": true, "en": true, "calle": true, "direccion": true}

// matchCuedStreet: "live at Allika 46", "address: Puruntie 82" (street name, then number).
func (s *Stripper) matchCuedStreet(text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.address
	for i := sc.tb.nextCap(1); i < n; i = sc.tb.nextCap(i + 1) { // the street name is capitalised
		if sc.covered(i) || toks[i].kind != tkWord || toks[i].flags&fCap == 0 {
			continue
		}
		p, pi := toks[i-1].norm, i-1
		if p == ":" && i > 1 {
			p, pi = toks[i-2].norm, i-2
		}
		if !toks[pi].is(wcStreetCue) {
			continue
		}
		j := i
		for j < n && j-i < 3 && toks[j].kind == tkWord && toks[j].flags&fCap != 0 && !sc.covered(j) {
			w := toks[j].norm
			if s.k.common[w] || monthNames[w] > 0 || weekdayNames[w] || s.k.stop[0][w] {
				break
			}
			j++
		}
		if j == i || j >= n || sc.covered(j) || toks[j].kind != tkNum || len(toks[j].norm) > 5 || toks[j].flags&fNewline != 0 {
			continue
		}
		sc.add(i, j+1, cat)
		i = j
	}
	// a house number right before an address finding belongs to it ("6750 Koskikatu 25")
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != cat || sp.ts == 0 {
			continue
		}
		b := int(sp.ts) - 1
		if toks[b].kind == tkNum && len(toks[b].norm) <= 6 && !sc.covered(b) && toks[sp.ts].flags&fNewline == 0 {
			sp.ts--
			sc.cover[b] = int32(si + 1)
		}
	}
}

// nanpValid asks libphonenumber whether a 10-digit NANP number is valid in the
// US or Canada. Validity depends on the area code and exchange only, so the
// answer is cached per NPA-NXX prefix.
func (s *Stripper) nanpValid(v uint64) bool {
	key := uint32(v / 10000)
	s.phoneMu.RLock()
	ok, hit := s.phoneCache[key]
	s.phoneMu.RUnlock()
	if hit {
		return ok
	}
	cc := int32(1)
	num := &phonenumbers.PhoneNumber{CountryCode: &cc, NationalNumber: &v}
	ok = phonenumbers.IsValidNumberForRegion(num, "US") || phonenumbers.IsValidNumberForRegion(num, "CA")
	s.phoneMu.Lock()
	if len(s.phoneCache) > 200000 {
		clear(s.phoneCache)
	}
	s.phoneCache[key] = ok
	s.phoneMu.Unlock()
	return ok
}

// matchWeekdayDays: "Tuesday the 12th", "martes 12", and day ranges after a
// date ("del 9 de julio al 16", "March 3 to 5").
func (s *Stripper) matchWeekdayDays(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.date
	isDay := func(j int) bool {
		if j >= n || sc.covered(j) {
			return false
		}
		w := toks[j].norm
		if toks[j].kind == tkNum && len(w) <= 2 {
			v := atoi(w)
			return v >= 1 && v <= 31
		}
		return isOrdinal(w)
	}
	for i := 0; sc.tb.anyCls&wcWeekday != 0 && i < n; i++ {
		if sc.covered(i) || toks[i].kind != tkWord || !toks[i].is(wcWeekday) {
			continue
		}
		j := i + 1
		if j < n && toks[j].norm == "," {
			j++
		}
		if j < n && toks[j].norm == "the" {
			j++
		}
		if isDay(j) {
			// a weekday written with its day of month is part of the date
			// ("Friday, the 21st")
			sc.add(i, j+1, cat)
		}
	}
	// a weekday right before a date found by the patterns is part of it
	// ("Tuesday, March 3", "Fri 9/8")
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != cat || sp.ts == 0 {
			continue
		}
		p := int(sp.ts) - 1
		if toks[p].norm == "," && p > 0 {
			p--
		}
		if sc.cover[p] == 0 && toks[p].kind == tkWord && toks[p].is(wcWeekday) && toks[p].flags&fNewline == 0 && toks[sp.ts].flags&fNewline == 0 {
			for x := p; x < int(sp.ts); x++ {
				sc.cover[x] = int32(si + 1)
			}
			sp.ts = int32(p)
		}
	}
	nsp := len(sc.spans)
	for si := 0; si < nsp; si++ {
		sp := sc.spans[si]
		if sp.cat != cat {
			continue
		}
		j := int(sp.te)
		if j+1 < n && (toks[j].norm == "al" || toks[j].norm == "to" || toks[j].norm == "-" || toks[j].norm == "through" || toks[j].norm == "until" || toks[j].norm == "hasta" || toks[j].norm == "y" || toks[j].norm == "and") && isDay(j+1) {
			if j+2 >= n || monthNames[toks[j+2].norm] == 0 {
				sc.add(j+1, j+2, cat)
			}
		}
	}
}

// phoneShaped: "(617) 555-0142", "617-555-0142", "617.555.0142".
func (s *Stripper) phoneShaped(c string) bool {
	var shape []byte
	for i := 0; i < len(c); i++ {
		switch {
		case c[i] >= '0' && c[i] <= '9':
			shape = append(shape, 'd')
		case c[i] == ' ':
		default:
			shape = append(shape, c[i])
		}
	}
	sh := string(shape)
	return sh == "ddd-ddd-dddd" || sh == "(ddd)ddd-dddd" || sh == "ddd.ddd.dddd" || sh == "(ddd)-ddd-dddd"
}

var phoneRegions = []string{"GB", "MX", "ES", "FR", "DE", "IT", "NL", "BE", "CH", "AT", "IE", "PT", "SE", "NO", "DK", "FI", "PL", "HU", "CZ", "EE", "AU", "BR", "CO", "IN", "PH"}

// validElsewhere asks libphonenumber whether a national-format number is valid
// in one of the countries US patients most often write from.
func validElsewhere(cand string) bool {
	for _, r := range phoneRegions {
		num, err := phonenumbers.Parse(cand, r)
		if err == nil && phonenumbers.IsValidNumberForRegion(num, r) {
			return true
		}
	}
	return false
}

// absorbNumberPrefixes: a phone or id found inside a longer hyphenated number
// takes the digits (or a capital and digits, "D1234-") before it ("account 40-22-17 31884592", "order
// 114-3398271-0056621"), so no part of the number is left behind.
func (s *Stripper) absorbNumberPrefixes(sc *scratch) {
	toks := sc.tb.toks
	for si := range sc.spans {
		sp := &sc.spans[si]
		if sp.cat != s.ic.phone && sp.cat != s.ic.id || sp.ts < 2 {
			continue
		}
		for sp.ts >= 2 {
			h, d := int(sp.ts)-1, int(sp.ts)-2
			if toks[h].norm != "-" || toks[h].flags&fSpace != 0 || toks[sp.ts].flags&fSpace != 0 ||
				sc.cover[h] != 0 || sc.cover[d] != 0 || !numberPrefix(sc, d) {
				break
			}
			sc.cover[h], sc.cover[d] = int32(si+1), int32(si+1)
			sp.ts = int32(d)
			if toks[d].kind == tkWord {
				sp.cat = s.ic.id // no phone number starts with a letter
			}
		}
	}
}

// numberPrefix: token d can lead a hyphenated number: digits, or a capital
// letter glued to digits ("D1234-56789-01234", a licence).
func numberPrefix(sc *scratch, d int) bool {
	t := &sc.tb.toks[d]
	if t.kind == tkNum {
		return true
	}
	return t.kind == tkWord && t.flags&fDigit != 0 && t.flags&(fCap|fAllCap) != 0 && countDigits(t.norm) >= 2
}

// hasLetter: s holds an ASCII letter.
func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// spacedGroups: c is digit groups of exactly the given lengths separated by
// single spaces ("442 189 0034").
func spacedGroups(c string, lens ...int) bool {
	parts := strings.Split(c, " ")
	if len(parts) != len(lens) {
		return false
	}
	for i, p := range parts {
		if len(p) != lens[i] || countDigits(p) != len(p) {
			return false
		}
	}
	return true
}
