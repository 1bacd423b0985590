package portal

import (
	"sort"
	"strconv"
	"strings"
)

// Languages the pages are written in.
var supportedLangs = []string{"en", "es"}

// normLang reduces a tag such as "es-MX" to a supported base language, or returns def.
func normLang(tag, def string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	for _, l := range supportedLangs {
		if tag == l {
			return l
		}
	}
	return def
}

// acceptLanguage picks the supported language the browser prefers most, or "".
func acceptLanguage(h string) string {
	if len(h) > 512 {
		h = h[:512]
	}
	type cand struct {
		lang string
		q    float64
		pos  int
	}
	var cs []cand
	for i, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if p := strings.TrimSpace(params); strings.HasPrefix(p, "q=") {
			f, err := strconv.ParseFloat(p[2:], 64)
			if err != nil {
				continue
			}
			q = f
		}
		if l := normLang(tag, ""); l != "" && q > 0 {
			cs = append(cs, cand{l, q, i})
		}
	}
	if len(cs) == 0 {
		return ""
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].q > cs[b].q })
	return cs[0].lang
}
