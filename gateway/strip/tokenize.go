package strip

import (
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	tkWord  uint8 = iota // letters (possibly with digits / inner apostrophes)
	tkNum                // digits, possibly with inner '.' or ','
	tkPunct              // one non-space, non-alphanumeric rune
)

// Token flags.
const (
	fCap       uint16 = 1 << iota // first rune is upper case
	fAllCap                       // all letters upper case (and at least 2 letters)
	fDigit                        // contains a digit
	fAlpha                        // contains a letter
	fNewline                      // a line break precedes this token
	fSpace                        // white space precedes this token
	fPoss                         // ended in 's / ' (stripped from norm)
	fSentStart                    // first token of a sentence
)

type token struct {
	start, end   int32 // byte offsets in the input
	nstart, nend int32 // offsets of the normalised form in the norm buffer (none when norm is the token's text)
	kind         uint8
	flags        uint16
	sent         int32 // sentence number
	// the normalised form: the token's own text when normalising leaves it
	// as it is (most tokens: lower-case words, numbers, ASCII punctuation),
	// else tb.ns[nstart:nend], set once the whole text is tokenised
	norm string
	cls  wordClass // word classes of the normalised form (wordclass.go), set by classify
}

// tokenizer output, reused through a sync.Pool.
type tokbuf struct {
	toks []token
	norm []byte     // the normalised forms that differ from their tokens' text
	ns   string     // norm as a string (set once after tokenising)
	info []wordInfo // per token: what the word table knows of it (classify)
	// nextCapAt[i] is the first token at or after i with fCap or fAllCap (a
	// capitalised word), len(toks) when none (classify fills it; n+1 entries)
	nextCapAt []int32
	// the OR of every token's flags and of every token's word classes
	// (classify): a matcher that needs some flag or class at a token it
	// takes returns at once when no token has it
	anyFlags uint16
	anyCls   wordClass
}

// nextCap is the first capitalised word token at or after i (fCap or
// fAllCap), len(toks) when none. A matcher whose every rule needs a capital
// at its loop index steps through these instead of every token:
// for i := tb.nextCap(0); i < n; i = tb.nextCap(i + 1).
func (tb *tokbuf) nextCap(i int) int {
	if i >= len(tb.toks) {
		return len(tb.toks)
	}
	return int(tb.nextCapAt[i])
}

// lowerText: the message has no capitalised word.
func (tb *tokbuf) lowerText() bool { return tb.nextCap(0) >= len(tb.toks) }

func (tb *tokbuf) reset() {
	tb.toks = tb.toks[:0]
	tb.norm = tb.norm[:0]
	tb.ns = ""
}

// normOf is the normalised form of token i (the matchers call it very often:
// it is kept on the token as a string).
func (tb *tokbuf) normOf(i int) string { return tb.toks[i].norm }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApos(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// foldRune lower-cases and strips common Latin diacritics so that
// "Náuseas" and "nauseas" share one key, and "København", "Łukasz" or
// "Dvořák" meet the plain spellings of the name lists and gazetteers.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	}
	r = unicode.ToLower(r)
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ':
		return 'o'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	case 'ñ', 'ń', 'ň':
		return 'n'
	case 'ç', 'ć', 'č':
		return 'c'
	case 'ø', 'ő', 'ō':
		return 'o'
	case 'ś', 'š', 'ş', 'ș':
		return 's'
	case 'ź', 'ż', 'ž':
		return 'z'
	case 'ł':
		return 'l'
	case 'ą', 'ă', 'ā':
		return 'a'
	case 'ę', 'ě', 'ē':
		return 'e'
	case 'ř':
		return 'r'
	case 'ť', 'ț', 'ţ':
		return 't'
	case 'ď', 'đ':
		return 'd'
	case 'ů', 'ű', 'ū':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	case 'ğ':
		return 'g'
	case 'ı', 'ī':
		return 'i'
	}
	return r
}

// tokenize splits text into tokens. Offsets always fall on rune boundaries
// (an invalid byte counts as a one-byte rune and is treated as a separator).
func tokenize(text string, tb *tokbuf) {
	tb.reset()
	n := len(text)
	i := 0
	sent := int32(0)
	var pending uint16 = fSentStart
	for i < n {
		c := text[i]
		// fast path white space
		if c == ' ' || c == '\t' || c == '\r' {
			pending |= fSpace
			i++
			continue
		}
		if c == '\n' {
			pending |= fNewline | fSpace
			i++
			continue
		}
		r, w := rune(c), 1
		if c >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && w <= 1 {
				// invalid byte: separator
				pending |= fSpace
				i++
				continue
			}
			if unicode.IsSpace(r) {
				pending |= fSpace
				i += w
				continue
			}
		}
		// (isWordRune for an ASCII byte written out: most tokens start with one)
		if c < utf8.RuneSelf && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') || c >= utf8.RuneSelf && !isWordRune(r) {
			t := token{start: int32(i), end: int32(i + w), kind: tkPunct, flags: pending, sent: sent}
			t.nstart = int32(len(tb.norm))
			if r < utf8.RuneSelf {
				t.norm = text[i : i+1] // ASCII punctuation folds to itself
			} else {
				tb.norm = utf8.AppendRune(tb.norm, foldRune(r))
			}
			t.nend = int32(len(tb.norm))
			if pending&fNewline != 0 && len(tb.toks) > 0 && tb.toks[len(tb.toks)-1].sent == sent {
				// a line break ends a sentence
				sent++
				t.sent = sent
				t.flags |= fSentStart
			}
			tb.toks = append(tb.toks, t)
			pending = 0
			if r == '.' || r == '!' || r == '?' || r == ';' || r == '…' || r == '¿' || r == '¡' {
				sent++
				pending = fSentStart
			}
			i += w
			continue
		}
		// word or number
		t := token{start: int32(i), kind: tkNum, flags: pending, sent: sent}
		if pending&fNewline != 0 && len(tb.toks) > 0 && tb.toks[len(tb.toks)-1].sent == sent && pending&fSentStart == 0 {
			sent++
			t.sent = sent
			t.flags |= fSentStart
		}
		pending = 0
		t.nstart = int32(len(tb.norm))
		letters, uppers := 0, 0
		first := true
		// verbatim: the normalised form so far is text[i:j] (lower-case
		// letters, digits, inner '.' or ','), kept out of tb.norm; the first
		// rune that normalises to other bytes copies it there (toNorm)
		verbatim := true
		toNorm := func(j int) {
			if verbatim {
				tb.norm = append(tb.norm, text[i:j]...)
				verbatim = false
			}
		}
		j := i
		for j < n {
			cj := text[j]
			// ASCII fast path: a run of lower-case letters is copied at once
			if cj >= 'a' && cj <= 'z' {
				k := j + 1
				for k < n && text[k] >= 'a' && text[k] <= 'z' {
					k++
				}
				t.flags |= fAlpha
				letters += k - j
				first = false
				if !verbatim {
					tb.norm = append(tb.norm, text[j:k]...)
				}
				j = k
				continue
			}
			if cj == ' ' {
				break // the common word end (isWordRune, isApos and the inner '.' test all refuse it)
			}
			if cj >= '0' && cj <= '9' {
				t.flags |= fDigit
				first = false
				if !verbatim {
					tb.norm = append(tb.norm, cj)
				}
				j++
				continue
			}
			if cj >= 'A' && cj <= 'Z' {
				t.flags |= fAlpha
				letters++
				uppers++
				if first {
					t.flags |= fCap
				}
				first = false
				toNorm(j)
				tb.norm = append(tb.norm, cj+32)
				j++
				continue
			}
			rj, wj := rune(cj), 1
			if cj >= utf8.RuneSelf {
				rj, wj = utf8.DecodeRuneInString(text[j:])
				if rj == utf8.RuneError && wj <= 1 {
					break
				}
			}
			if isWordRune(rj) {
				if rj >= '0' && rj <= '9' || (rj >= utf8.RuneSelf && unicode.IsDigit(rj)) {
					t.flags |= fDigit
				} else {
					t.flags |= fAlpha
					letters++
					if unicode.IsUpper(rj) {
						uppers++
						if first {
							t.flags |= fCap
						}
					}
				}
				first = false
				toNorm(j)
				tb.norm = utf8.AppendRune(tb.norm, foldRune(rj))
				j += wj
				continue
			}
			// inner apostrophe followed by a letter: keep in word
			if isApos(rj) && j+wj < n {
				r2, w2 := utf8.DecodeRuneInString(text[j+wj:])
				if unicode.IsLetter(r2) && t.flags&fAlpha != 0 {
					toNorm(j)
					tb.norm = append(tb.norm, '\'')
					tb.norm = utf8.AppendRune(tb.norm, foldRune(r2))
					if unicode.IsUpper(r2) {
						uppers++
					}
					letters++
					j += wj + w2
					continue
				}
			}
			// a plural possessive's bare apostrophe ("parents' evening",
			// "survivors' picnic"): part of the word, like the 's above
			if isApos(rj) && t.flags&fAlpha != 0 && t.flags&fDigit == 0 && j > i && (text[j-1] == 's' || text[j-1] == 'S') {
				r2, _ := utf8.DecodeRuneInString(text[j+wj:])
				if j+wj >= n || !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
					toNorm(j) // the norm ends before the apostrophe
					t.flags |= fPoss
					j += wj
					break
				}
			}
			// inner '.' or ',' between digits: keep in number
			if (rj == '.' || rj == ',') && t.flags&fDigit != 0 && t.flags&fAlpha == 0 && j+1 < n && text[j+1] >= '0' && text[j+1] <= '9' {
				if !verbatim {
					tb.norm = append(tb.norm, byte(rj))
				}
				j++
				continue
			}
			break
		}
		t.end = int32(j)
		if verbatim {
			t.nstart = int32(len(tb.norm))
			t.norm = text[i:j]
		}
		t.nend = int32(len(tb.norm))
		if t.flags&fAlpha != 0 {
			t.kind = tkWord
			if letters >= 2 && uppers == letters {
				t.flags |= fAllCap
			}
			// strip possessive 's (a verbatim form has no apostrophe;
			// t.nend is len(tb.norm) here)
			if e := len(tb.norm); !verbatim && e-int(t.nstart) > 2 && tb.norm[e-1] == 's' && tb.norm[e-2] == '\'' {
				t.nend -= 2
				t.flags |= fPoss
				tb.norm = tb.norm[:t.nend]
			}
		}
		tb.toks = append(tb.toks, t)
		i = j
	}
	if len(tb.norm) == 0 {
		return // every normalised form is its token's text
	}
	ns := string(tb.norm)
	tb.ns = ns
	toks := tb.toks
	for i := range toks {
		if t := &toks[i]; t.nend > t.nstart {
			t.norm = ns[t.nstart:t.nend]
		}
	}
}

// phraseEndsAt reports whether the tokens just before end (exclusive) are
// the normalised words of ph ("gave", "me" before a complaint; "name", "is"
// before a name).
func phraseEndsAt(toks []token, end int, ph []string) bool {
	if end-len(ph) < 0 || end > len(toks) {
		return false
	}
	for k, w := range ph {
		if toks[end-len(ph)+k].norm != w {
			return false
		}
	}
	return true
}
