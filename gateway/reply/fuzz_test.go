package reply

import (
	"errors"
	"strings"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
)

// FuzzCompose: for any link, limit, unit, language and urgency, Compose either fits the
// limit with the link whole and the emergency number present, or says ErrTooLong/ErrNoLink.
func FuzzCompose(f *testing.F) {
	f.Add(longLink, 2000, "runes", 0, "en", true, "")
	f.Add(shortLink, 160, "sms", 1, "es", false, "self_harm")
	f.Add(longLink, 0, "sms", 4, "es-MX", true, "emergency")
	f.Add("https://x/l/ñ😀", 70, "utf16", 0, "fr", false, "weird")
	f.Add(longLink, 480, "bytes", 0, "", true, "")
	units := []string{"runes", "utf16", "bytes", "sms", ""}
	f.Fuzz(func(t *testing.T, link string, max int, unit string, segs int, lang string, clinical bool, urgency string) {
		if max < 0 || max > 20000 || segs < 0 || segs > 20 || len(link) > 3000 {
			return
		}
		ok := false
		for _, u := range units {
			ok = ok || u == unit
		}
		if !ok {
			return
		}
		lim := connectors.Limits{MaxChars: max, Unit: unit, MaxSegments: segs}
		text, err := Compose(Input{Limits: lim, Lang: lang, Clinical: clinical, Urgency: urgency, Link: link,
			Settings: settingsSets["hospital"]})
		if err != nil {
			if !errors.Is(err, ErrTooLong) && !errors.Is(err, ErrNoLink) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		if !Fits(text, lim) {
			t.Fatalf("does not fit %+v: %q", lim, text)
		}
		if !strings.Contains(text, strings.TrimSpace(link)) {
			t.Fatalf("link cut: %q", text)
		}
		if !strings.Contains(text, "911") {
			t.Fatalf("no emergency number: %q", text)
		}
	})
}
