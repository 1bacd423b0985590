package reply

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ferryhealth/ferry/connectors"
)

// gsmBasic and gsmExt are the GSM 03.38 default alphabet and its extension table (each
// extension character costs two septets: ESC + char).
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExt   = "\f^{}\\[~]|€"
)

var gsmCost = func() map[rune]int {
	m := map[rune]int{}
	for _, r := range gsmBasic {
		m[r] = 1
	}
	for _, r := range gsmExt {
		m[r] = 2
	}
	return m
}()

// IsGSM reports whether s can be sent in the GSM-7 alphabet.
func IsGSM(s string) bool {
	for _, r := range s {
		if gsmCost[r] == 0 {
			return false
		}
	}
	return true
}

// SMSSegments returns how many SMS segments s needs and the encoding ("gsm7" or "ucs2").
// GSM-7: 160 septets in one segment, 153 per segment when concatenated, an extension
// character never split; UCS-2: 70 code units, 67 when concatenated, a surrogate pair never
// split.
func SMSSegments(s string) (int, string) {
	if s == "" {
		return 0, "gsm7"
	}
	if IsGSM(s) {
		total := 0
		for _, r := range s {
			total += gsmCost[r]
		}
		if total <= 160 {
			return 1, "gsm7"
		}
		segs, used := 1, 0
		for _, r := range s {
			c := gsmCost[r]
			if used+c > 153 {
				segs++
				used = 0
			}
			used += c
		}
		return segs, "gsm7"
	}
	units := utf16.Encode([]rune(s))
	if len(units) <= 70 {
		return 1, "ucs2"
	}
	segs, used := 1, 0
	for _, r := range s {
		c := utf16.RuneLen(r)
		if c < 0 {
			c = 1
		}
		if used+c > 67 {
			segs++
			used = 0
		}
		used += c
	}
	return segs, "ucs2"
}

// Measure returns the length of s in the limit's unit (segments for "sms").
func Measure(s string, l connectors.Limits) int {
	switch l.Unit {
	case "bytes":
		return len(s)
	case "runes":
		return utf8.RuneCountInString(s)
	case "sms":
		n, _ := SMSSegments(s)
		return n
	default: // "utf16", and the safe choice for an unknown unit
		return len(utf16.Encode([]rune(s)))
	}
}

// Fits reports whether s is within the limit. For "sms", MaxSegments bounds the segments
// and MaxChars (when set) the characters.
func Fits(s string, l connectors.Limits) bool {
	if l.Unit == "sms" {
		if l.MaxSegments > 0 {
			if n, _ := SMSSegments(s); n > l.MaxSegments {
				return false
			}
		}
		return l.MaxChars <= 0 || utf8.RuneCountInString(s) <= l.MaxChars
	}
	return l.MaxChars <= 0 || Measure(s, l) <= l.MaxChars
}

// gsmFold spells characters outside GSM-7 with their nearest GSM-7 letters.
var gsmFold = strings.NewReplacer(
	"á", "a", "í", "i", "ó", "o", "ú", "u", "Á", "A", "Í", "I", "Ó", "O", "Ú", "U",
	"â", "a", "ê", "e", "î", "i", "ô", "o", "û", "u", "ë", "e", "ï", "i", "ç", "Ç",
	"È", "E", "Ê", "E", "Ë", "E", "À", "A", "Ì", "I", "Ò", "O", "Ù", "U",
	"‘", "'", "’", "'", "“", "\"", "”", "\"", "–", "-", "—", "-", "…", "...", "\u00a0", " ",
)

// ToGSM returns s spelled in GSM-7 when folding accents makes it fit the alphabet, and s
// unchanged otherwise (an emoji would force UCS-2 anyway, so the accents stay).
func ToGSM(s string) string {
	if IsGSM(s) {
		return s
	}
	f := gsmFold.Replace(s)
	if IsGSM(f) {
		return f
	}
	return s
}
