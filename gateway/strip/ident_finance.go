package strip

// Payment identifiers written in groups: an IBAN ("GB29 NWBK 6016 1331 9268
// 19") and a card number ("4111 1111 1111 1111", "3782-822463-10005"). The
// groups look like phone numbers and a house number and street to the later
// matchers, which would take them apart and leave pieces behind, so these
// run first and take the whole number once its check digits agree (IBAN
// mod 97, card Luhn) or its layout is a card's (4-4-4-4, 4-6-5). A number
// whose check fails is left to the others. Also here: a bank sort code after
// its cue ("sort code 40-47-84").

// ibanValid reports whether s (upper-case letters and digits, no spaces) is
// an IBAN: two letters, two check digits and 11 to 30 more characters whose
// ISO 13616 remainder modulo 97 is 1.
func ibanValid(s string) bool {
	if len(s) < 15 || len(s) > 34 || !isUpperASCII(s[0]) || !isUpperASCII(s[1]) || !isDigitASCII(s[2]) || !isDigitASCII(s[3]) {
		return false
	}
	rem := 0
	feed := func(c byte) bool {
		switch {
		case isDigitASCII(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isUpperASCII(c):
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		default:
			return false
		}
		return true
	}
	for i := 4; i < len(s); i++ {
		if !feed(s[i]) {
			return false
		}
	}
	for i := 0; i < 4; i++ {
		feed(s[i])
	}
	return rem == 1
}

// luhnValid reports whether the digits of s pass the Luhn check.
func luhnValid(digits []byte) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigitASCII(c byte) bool { return c >= '0' && c <= '9' }

// upperAlnum appends the ASCII letters (upper-cased) and digits of s to b,
// and reports false when s holds anything else.
func upperAlnum(b []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		case isUpperASCII(c), isDigitASCII(c):
			b = append(b, c)
		default:
			return b, false
		}
	}
	return b, true
}

// matchPaymentNumbers finds grouped IBANs and card numbers (see the file
// comment). It runs before dates, phones and addresses.
func (s *Stripper) matchPaymentNumbers(text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	buf := sc.buf[:0]
	for i := 0; i < n; i++ {
		t := &toks[i]
		if sc.covered(i) || t.flags&fDigit == 0 {
			continue
		}
		raw := text[t.start:t.end]
		// IBAN: the first group is the country code and check digits ("GB29"),
		// written in capitals; the rest follow one space apart
		if t.kind == tkWord && len(raw) >= 4 && isUpperASCII(raw[0]) && isUpperASCII(raw[1]) && isDigitASCII(raw[2]) && isDigitASCII(raw[3]) {
			var ok bool
			buf, ok = upperAlnum(buf[:0], raw)
			best, shaped := 0, 0
			cued := ibanCue(sc, i)
			for j := i + 1; ok && j <= n; j++ {
				if len(buf) >= 15 && ibanValid(string(buf)) {
					best = j
				}
				if len(buf) >= 15 && cued {
					shaped = j // after "IBAN" the shape is enough (a mistyped check digit)
				}
				if j == n || len(buf) >= 34 || sc.covered(j) || !gapSmall(toks, j, 1) || toks[j].kind == tkPunct || toks[j].end-toks[j].start > 4 {
					break
				}
				r := text[toks[j].start:toks[j].end]
				if toks[j].kind == tkWord && toks[j].flags&(fDigit|fAllCap) == 0 {
					break // lower-case words are not IBAN groups
				}
				buf, ok = upperAlnum(buf, r)
			}
			if best == 0 {
				best = shaped
			}
			if best > 0 {
				sc.add(i, best, s.ic.id)
				i = best - 1
				continue
			}
		}
		// card: three to five groups of digits, one space or hyphen apart,
		// 13 to 19 digits in all, Luhn valid
		if t.kind != tkNum || len(raw) < 3 || len(raw) > 6 || countDigits(raw) != len(raw) {
			continue
		}
		buf = append(buf[:0], raw...)
		groups, best := 1, 0
		var sizes [5]int
		sizes[0] = len(raw)
		j := i + 1
		for j < n && len(buf) < 19 && !sc.covered(j) {
			k := j
			if toks[k].norm == "-" && toks[k].flags&fSpace == 0 && k+1 < n {
				k++
				if toks[k].flags&fSpace != 0 {
					break
				}
			} else if !gapSmall(toks, k, 1) {
				break
			}
			r := text[toks[k].start:toks[k].end]
			if toks[k].kind != tkNum || len(r) < 3 || len(r) > 6 || countDigits(r) != len(r) || sc.covered(k) {
				break
			}
			buf = append(buf, r...)
			if groups < len(sizes) {
				sizes[groups] = len(r)
			}
			groups++
			j = k + 1
			// the card layouts (4-4-4-4, 4-6-5) are no phone number's; other
			// groupings need the check digits
			layout := groups == 4 && sizes[0] == 4 && sizes[1] == 4 && sizes[2] == 4 && sizes[3] == 4 ||
				groups == 3 && sizes[0] == 4 && sizes[1] == 6 && sizes[2] == 5
			if groups >= 3 && len(buf) >= 13 && len(buf) <= 19 && (layout || luhnValid(buf)) {
				best = j
			}
		}
		if best > 0 && buf[0] >= '2' && buf[0] <= '6' {
			sc.add(i, best, s.ic.id)
			i = best - 1
		}
	}
	sc.buf = buf[:0]
}

// matchSortCodes: "sort code 40-47-84" (two digits, three times, hyphens).
func (s *Stripper) matchSortCodes(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := 0; i+6 < n; i++ {
		if toks[i].norm != "sort" || toks[i+1].norm != "code" {
			continue
		}
		j := i + 2
		for j < n && j < i+5 && (toks[j].norm == ":" || toks[j].norm == "is" || toks[j].norm == "-") {
			j++
		}
		if j+4 >= n || sc.covered(j) {
			continue
		}
		ok := true
		for k := 0; k < 5 && ok; k++ {
			t := &toks[j+k]
			if k > 0 && t.flags&fSpace != 0 {
				ok = false
			} else if k%2 == 0 {
				ok = t.kind == tkNum && len(t.norm) == 2
			} else {
				ok = t.norm == "-"
			}
		}
		if ok {
			sc.add(j, j+5, s.ic.id)
		}
	}
}

// ibanCue: "IBAN" (or "iban:") within three tokens before token i.
func ibanCue(sc *scratch, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if sc.tb.toks[k].norm == "iban" {
			return true
		}
	}
	return false
}

// matchPINs: a PIN written in spaced digit groups after its cue ("PIN 882
// 019 4471"); it runs before phones, which would take the last groups.
func (s *Stripper) matchPINs(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := 0; i+2 < n; i++ {
		if toks[i].norm != "pin" && toks[i].norm != "passcode" {
			continue
		}
		j := i + 1
		for j < n && j < i+4 && (toks[j].norm == ":" || toks[j].norm == "is" || toks[j].norm == "#") {
			j++
		}
		e, digits := j, 0
		for e < n && e < j+4 && toks[e].kind == tkNum && !sc.covered(e) && (e == j || gapSmall(toks, e, 1)) &&
			countDigits(toks[e].norm) == len(toks[e].norm) && len(toks[e].norm) <= 4 {
			digits += len(toks[e].norm)
			e++
		}
		if e-j >= 2 && digits >= 6 && digits <= 12 {
			sc.add(j, e, s.ic.id)
			i = e - 1
		}
	}
}
