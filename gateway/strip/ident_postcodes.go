package strip

// British and Canadian postcodes by their shape, with or without a city or a
// cue before them: "SW1A 1AA", "LS6 2AB", "M1 1AE" (UK: an outward code of
// one or two letters, a digit and an optional digit or letter, then an
// inward code of a digit and two letters) and "M5V 3L9" (Canada: letter,
// digit, letter, then digit, letter, digit). Both halves must be written in
// capitals, as postcodes are; a glued form ("SW1A1AA") counts too. Storage
// sizes that share the shape ("PS5 1TB", "A4 2GB") are not postcodes.

// ukInwardLetters are the letters an inward code's last two places may hold.
const ukInwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

// canadaFirstLetters are the letters a Canadian postal code may start with.
const canadaFirstLetters = "ABCEGHJKLMNPRSTVXY"

func ukOutward(w string) bool {
	n := len(w)
	if n < 2 || n > 4 || !isUpperASCII(w[0]) {
		return false
	}
	i := 1
	if isUpperASCII(w[i]) {
		i++
	}
	if i >= n || !isDigitASCII(w[i]) {
		return false
	}
	i++
	if i < n && (isDigitASCII(w[i]) || isUpperASCII(w[i])) {
		i++
	}
	return i == n
}

func ukInward(w string) bool {
	if len(w) != 3 || !isDigitASCII(w[0]) {
		return false
	}
	for _, c := range []byte{w[1], w[2]} {
		if !isUpperASCII(c) || !containsByte(ukInwardLetters, c) {
			return false
		}
	}
	switch w[1:] {
	case "GB", "TB", "MB", "KB":
		return false
	}
	return true
}

func canadaFSA(w string) bool {
	return len(w) == 3 && isUpperASCII(w[0]) && containsByte(canadaFirstLetters, w[0]) && isDigitASCII(w[1]) && isUpperASCII(w[2])
}

func canadaLDU(w string) bool {
	return len(w) == 3 && isDigitASCII(w[0]) && isUpperASCII(w[1]) && isDigitASCII(w[2])
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// postcodePair reports whether a and b, two words written one space apart,
// are the halves of a British or Canadian postcode.
func postcodePair(a, b string) bool {
	return ukOutward(a) && ukInward(b) || canadaFSA(a) && canadaLDU(b)
}

// postcodeGlued reports whether w is a postcode written without its space.
func postcodeGlued(w string) bool {
	n := len(w)
	if n < 5 || n > 7 {
		return false
	}
	return postcodePair(w[:n-3], w[n-3:])
}

func (s *Stripper) matchUKCanadaPostcodes(text string, sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := 0; i < n; i++ {
		t := &toks[i]
		if t.kind != tkWord || t.flags&fDigit == 0 || sc.covered(i) {
			continue
		}
		a := text[t.start:t.end]
		if i+1 < n && !sc.covered(i+1) && gapSmall(toks, i+1, 1) && toks[i+1].flags&fSpace != 0 {
			b := text[toks[i+1].start:toks[i+1].end]
			if postcodePair(a, b) && (i+2 >= n || toks[i+2].flags&fSpace != 0 || toks[i+2].kind == tkPunct) {
				if sc.add(i, i+2, s.ic.zip) {
					s.postcodeTown(text, sc, i)
				}
				i++
				continue
			}
		}
		if postcodeGlued(a) && (i+1 >= n || toks[i+1].flags&fSpace != 0 || toks[i+1].kind == tkPunct) {
			if sc.add(i, i+1, s.ic.zip) {
				s.postcodeTown(text, sc, i)
			}
		}
	}
}

// canadaProvinces are the two-letter codes written before a postal code.
var canadaProvinces = map[string]bool{
	"AB": true, "BC": true, "MB": true, "NB": true, "NL": true, "NS": true, "NT": true,
	"NU": true, "ON": true, "PE": true, "QC": true, "SK": true, "YT": true,
}

// postcodeTown marks the town (and a Canadian province code) written on the
// same line just before a postcode at token i: "Manchester M1 1AE",
// "Toronto, ON M5V 3L9". Words the place matcher would not take as a place
// name ("Please send to ...") are left.
func (s *Stripper) postcodeTown(text string, sc *scratch, i int) {
	toks := sc.tb.toks
	j := i - 1
	if j >= 0 && toks[i].flags&fNewline != 0 {
		return
	}
	if j >= 0 && !sc.covered(j) && toks[j].kind == tkWord && canadaProvinces[text[toks[j].start:toks[j].end]] {
		sc.add(j, j+1, s.ic.location)
		j--
	}
	if j >= 0 && toks[j].norm == "," && toks[j].flags&fNewline == 0 {
		j--
	}
	end := j + 1
	start := end
	for k := j; k >= 0 && end-k <= 3 && !sc.covered(k) && toks[k].kind == tkWord && toks[k].flags&(fCap|fAllCap) != 0 && s.placeWordOK(sc, k); k-- {
		start = k
		if toks[k].flags&fNewline != 0 {
			break
		}
	}
	if start < end {
		sc.add(start, end, s.ic.location)
	}
}
