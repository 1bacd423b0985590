package twilio

import "strings"

// GSM 03.38 default alphabet and its extension table (each extension character takes two
// septets: ESC and the character).
const (
	gsmBasic     = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtension = "^{}\\[~]|€\f"
)

// Segments returns how many SMS segments text needs and whether it must be sent as UCS-2.
// GSM-7 text fits 160 septets in one segment or 153 per segment when concatenated; UCS-2
// text fits 70 UTF-16 units or 67 per segment. Escape pairs and surrogate pairs are never
// split across segments.
func Segments(text string) (segments int, ucs2 bool) {
	if text == "" {
		return 0, false
	}
	units := make([]int, 0, len(text)) // size of each character in the chosen encoding
	for _, r := range text {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			units = append(units, 1)
		case strings.ContainsRune(gsmExtension, r):
			units = append(units, 2)
		default:
			ucs2 = true
		}
		if ucs2 {
			break
		}
	}
	single, multi := 160, 153
	if ucs2 {
		units = units[:0]
		for _, r := range text {
			if r > 0xFFFF {
				units = append(units, 2)
			} else {
				units = append(units, 1)
			}
		}
		single, multi = 70, 67
	}
	total := 0
	for _, u := range units {
		total += u
	}
	if total <= single {
		return 1, ucs2
	}
	segments, used := 1, 0
	for _, u := range units {
		if used+u > multi {
			segments++
			used = 0
		}
		used += u
	}
	return segments, ucs2
}
