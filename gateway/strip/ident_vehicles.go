package strip

import "regexp"

// Identifiers known by their shape or by the vehicle they belong to:
//   - British number plates, "LK64 XYZ" (two letters, two digits, three
//     letters; also glued), wherever they are written;
//   - a plate after a vehicle word ("car CA 123-456", "my van is YD22 PKR",
//     "vehicle 7ABC123");
//   - US Medicare beneficiary identifiers, "1EG4-TE5-MK73" (their letters
//     skip S, L, O, I, B and Z), with or without hyphens;
//   - MAC addresses written with hyphens, "00-0C-29-4F-8E-35" (the colon
//     form is read by the IPv6 pattern);
//   - British National Insurance numbers, "JT 48 21 90 B" or "JT482190B";
//   - a short capital prefix and digit groups of seven digits or more
//     ("MH 4418829301", "GB 482 7731 09", "PDL 14 5522 8830 11");
//   - the last digits of a masked card ("**** 7731", "xxxx 7731");
//   - a flat before its house number ("Flat 7, 12 Cromwell Road").

var (
	reMBI     = regexp.MustCompile(`^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y]{2}[0-9]{2}$`)
	reMACDash = regexp.MustCompile(`^[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}$`)
	reNINO    = regexp.MustCompile(`^[A-CEGHJ-PR-TW-Z]{2}[0-9]{6}[A-D]$`)
)

// vehicleCues: words after which a plate is written.
var vehicleCues = map[string]bool{
	"car": true, "van": true, "vehicle": true, "truck": true, "motorbike": true, "motorcycle": true,
	"suv": true, "taxi": true, "cab": true, "pickup": true, "coche": true, "carro": true,
}

// vehicleSkip: words between a vehicle word and its plate.
var vehicleSkip = map[string]bool{
	"is": true, ":": true, "reg": true, "registration": true, "plate": true, "number": true,
	"no": true, ".": true, "#": true, "es": true, "with": true, "-": true,
}

func ukPlateHalves(a, b string) bool {
	if len(a) != 4 || len(b) != 3 {
		return false
	}
	return isUpperASCII(a[0]) && isUpperASCII(a[1]) && isDigitASCII(a[2]) && isDigitASCII(a[3]) &&
		isUpperASCII(b[0]) && isUpperASCII(b[1]) && isUpperASCII(b[2])
}

func (s *Stripper) matchVehiclesAndCodes(text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := 0; i < n; i++ {
		t := &toks[i]
		if sc.covered(i) {
			continue
		}
		// a chunk of glued tokens that starts here, with a digit (every
		// Medicare id does; a MAC's first group nearly always)
		if (i == 0 || t.flags&fSpace != 0) && t.flags&fDigit != 0 {
			e := i + 1
			for e < n && toks[e].flags&(fSpace|fNewline) == 0 {
				e++
			}
			// trailing sentence punctuation is not part of the code
			ce := e
			for ce-1 > i && toks[ce-1].kind == tkPunct && isSentencePunct(toks[ce-1].norm) {
				ce--
			}
			raw := text[t.start:toks[ce-1].end]
			if len(raw) >= 11 && len(raw) <= 17 && sc.free(i, ce) && (reMBI.MatchString(raw) || reMACDash.MatchString(raw)) {
				cat := s.ic.id
				if raw[2] == '-' {
					cat = s.ic.ip
				}
				sc.add(i, ce, cat)
				i = ce - 1
				continue
			}
			if len(raw) == 7 && ce == i+1 && ukPlateHalves(raw[:4], raw[4:]) {
				sc.add(i, i+1, s.ic.id)
				continue
			}
		}
		if t.kind == tkNum && len(t.norm) == 4 && i > 0 && !sc.covered(i) && maskedGroup(text, sc, i-1) {
			sc.add(i, i+1, s.ic.id) // "**** 7731"
			continue
		}
		if t.kind != tkWord {
			continue
		}
		if t.flags&fAllCap == 0 {
			// every form below starts with capitals: a National Insurance
			// number, a prefix of two or three, a plate, a "Flat"
			if t.norm != "flat" && !t.is(wcVehicle) {
				continue
			}
		} else if e := s.prefixedNumber(text, sc, i); e > i {
			sc.add(i, e, s.ic.id)
			i = e - 1
			continue
		}
		if t.norm == "flat" && t.flags&fCap != 0 && i+2 < n && !sc.covered(i+1) && gapSmall(toks, i+1, 1) &&
			(toks[i+1].kind == tkNum || len(toks[i+1].norm) == 1 && toks[i+1].flags&fCap != 0) && toks[i+2].norm == "," {
			sc.add(i, i+2, s.ic.address) // "Flat 7," / "Flat B,"
			i++
			continue
		}
		// "LK64 XYZ"
		if i+1 < n && t.flags&fDigit != 0 && gapSmall(toks, i+1, 1) && toks[i+1].flags&fSpace != 0 && !sc.covered(i+1) &&
			ukPlateHalves(text[t.start:t.end], text[toks[i+1].start:toks[i+1].end]) {
			sc.add(i, i+2, s.ic.id)
			i++
			continue
		}
		if !t.is(wcVehicle) {
			continue
		}
		j := i + 1
		for j < n && j < i+4 && vehicleSkip[toks[j].norm] && toks[j].flags&fNewline == 0 {
			j++
		}
		// up to three groups of capitals and digits, at least one digit,
		// letters and digits both present
		e, digits, letters := j, 0, 0
		for e < n && e < j+5 && !sc.covered(e) && toks[e].flags&fNewline == 0 && (e == j || gapSmall(toks, e, 1)) {
			te := &toks[e]
			r := text[te.start:te.end]
			if te.kind == tkPunct {
				if r == "-" && te.flags&fSpace == 0 && e > j && e+1 < n && toks[e+1].flags&fSpace == 0 && toks[e+1].kind != tkPunct {
					e++
					continue
				}
				break
			}
			if te.kind == tkWord && te.flags&fDigit == 0 && te.flags&fAllCap == 0 && !(len(r) == 1 && isUpperASCII(r[0])) {
				break
			}
			if len(r) > 8 {
				break
			}
			for k := 0; k < len(r); k++ {
				if isDigitASCII(r[k]) {
					digits++
				} else if isUpperASCII(r[k]) {
					letters++
				}
			}
			e++
		}
		for e > j && toks[e-1].kind == tkPunct {
			e--
		}
		if e > j && digits >= 2 && letters >= 1 && digits+letters >= 5 && sc.free(j, e) {
			sc.add(j, e, s.ic.id)
			i = e - 1
		}
	}
}

// maskedGroup: token k ends a run of masking characters ("****", "xxxx",
// "XXXX-") written just before the next token.
func maskedGroup(text string, sc *scratch, k int) bool {
	toks := sc.tb.toks
	r := text[toks[k].start:toks[k].end]
	if r == "-" && k > 0 {
		k--
		r = text[toks[k].start:toks[k].end]
	}
	if len(r) < 3 {
		// the tokenizer may give each '*' its own token
		stars := 0
		for x := k; x >= 0 && text[toks[x].start:toks[x].end] == "*"; x-- {
			stars++
		}
		return stars >= 3
	}
	for i := 0; i < len(r); i++ {
		if c := r[i]; c != '*' && c != 'x' && c != 'X' && c != '#' {
			return false
		}
	}
	return true
}

// prefixedNumber: a National Insurance number, or two or three capitals
// followed by digit groups of seven or more digits in all, one space apart
// ("MH 4418829301"). It returns the end token, or i.
func (s *Stripper) prefixedNumber(text string, sc *scratch, i int) int {
	toks := sc.tb.toks
	n := len(toks)
	t := &toks[i]
	raw := text[t.start:t.end]
	if reNINO.MatchString(raw) {
		return i + 1
	}
	if t.flags&fAllCap == 0 || t.flags&fDigit != 0 || len(raw) < 2 || len(raw) > 3 || sc.covered(i) {
		return i
	}
	// "JT 48 21 90 B"
	if i+4 < n && toks[i+4].kind == tkWord && len(toks[i+4].norm) == 1 {
		ok := true
		var b []byte
		b = append(b, raw...)
		for k := i + 1; k <= i+4 && ok; k++ {
			ok = !sc.covered(k) && gapSmall(toks, k, 1) && toks[k].flags&fSpace != 0
			b = append(b, text[toks[k].start:toks[k].end]...)
		}
		if ok && reNINO.Match(b) {
			return i + 5
		}
	}
	digits, e := 0, i+1
	for e < n && e < i+6 && toks[e].kind == tkNum && !sc.covered(e) && gapSmall(toks, e, 1) && toks[e].flags&fSpace != 0 && countDigits(toks[e].norm) == len(toks[e].norm) {
		digits += len(toks[e].norm)
		e++
	}
	// "PIN 882 019 4471" is a cue and its number. This runs before the
	// identifier pass has filled its per-message word cache, so it asks the
	// word lists directly (knownTok would read the last message's cache).
	if digits >= 7 && e-i >= 2 && !s.knownWord(sc.tb.normOf(i)) {
		return e
	}
	return i
}
