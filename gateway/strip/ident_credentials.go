package strip

// Credentials: a user name or a password written into a message ("username:
// jdoe_1987", "my login is maria.g", "password is Sunflower22"). They name a
// person as surely as an account number does, and the cue-based id matcher
// wants digits or capitals, which a user name often lacks. The value is the
// whole glued chunk after the cue (letters, digits, dots, underscores,
// hyphens, symbols). An everyday word after the cue is not a value ("my
// password is not working", "the login page is down"); a word with a digit,
// a symbol or mixed case, or one no word list knows, is.

// credentialCues maps a cue word to true when a plain unknown word after it
// counts (user names); passwords and PINs need the same, but a PIN needs
// digits.
var credentialCues = map[string]bool{
	"username": true, "usernames": true, "userid": true, "login": true,
	"password": true, "passwd": true, "passcode": true, "passphrase": true,
	"pin": true, "usuario": true, "contrasena": true, "contraseña": true, "clave": true,
}

// credentialSkip words may sit between a cue and its value.
var credentialSkip = map[string]bool{
	":": true, "=": true, "-": true, "is": true, "was": true, "es": true, "name": true,
	"id": true, "new": true, "old": true, "to": true, "nuevo": true, "nueva": true, "mi": true,
}

func (s *Stripper) matchCredentials(text string, sc *scratch) {
	if sc.tb.anyCls&wcCredential == 0 {
		return
	}
	toks := sc.tb.toks
	n := len(toks)
	for i := 0; i < n; i++ {
		t := &toks[i]
		if t.kind != tkWord || !t.is(wcCredential) {
			continue
		}
		// "user name": the cue is the second word
		cue := t.norm
		j := i + 1
		for steps := 0; j < n && steps < 3 && credentialSkip[sc.tb.normOf(j)]; steps++ {
			if toks[j].flags&fNewline != 0 {
				break
			}
			j++
		}
		if j >= n || sc.covered(j) || toks[j].flags&fNewline != 0 || toks[j].kind == tkPunct && toks[j].norm != "@" {
			continue
		}
		// the glued chunk (a PIN in spaced groups is matchPINs', ident_finance.go)
		end := j + 1
		for end < n && toks[end].flags&(fSpace|fNewline) == 0 && !sc.covered(end) {
			end++
		}
		// trailing sentence punctuation is not part of the value
		for end-1 > j && toks[end-1].kind == tkPunct && isSentencePunct(toks[end-1].norm) {
			end--
		}
		raw := text[toks[j].start:toks[end-1].end]
		if len(raw) < 3 || len(raw) > 64 {
			continue
		}
		if !s.credentialValue(sc, raw, j, end, cue) {
			continue
		}
		if sc.add(j, end, s.ic.id) {
			i = end - 1
		}
	}
}

// credentialValue tells whether the chunk raw (tokens j..end) is a value
// rather than an everyday word after the cue.
func (s *Stripper) credentialValue(sc *scratch, raw string, j, end int, cue string) bool {
	digits := countDigits(raw)
	if cue == "pin" {
		return digits >= 4 && digits == len(raw)
	}
	if digits > 0 || end-j > 1 {
		return true // "jdoe_1987", "maria.g", "Sunflower22!"
	}
	lower, upper := false, false
	for i := 1; i < len(raw); i++ {
		c := raw[i]
		lower = lower || c >= 'a' && c <= 'z'
		upper = upper || c >= 'A' && c <= 'Z'
	}
	if lower && upper {
		return true // "blueSky", "SunFlower"
	}
	return !s.knownTok(sc, j)
}

func isSentencePunct(p string) bool {
	switch p {
	case ".", ",", "!", "?", ";", ")", "\"", "'":
		return true
	}
	return false
}
