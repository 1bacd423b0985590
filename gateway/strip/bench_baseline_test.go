package strip

import (
	"strings"
	"testing"
	"time"
	"unicode"
)

// naivePass is the speed baseline for BenchmarkStripVsBaseline: the least a word-list
// redactor must do per message (lower-case it, split it into words, look every word and
// every two-word phrase up in a large map, rebuild the text). Its MB/s depends on the
// machine exactly as the stripper's does, so the ratio of the two travels between machines
// where MB/s does not.
func naivePass(words map[string]struct{}, m string) string {
	low := strings.ToLower(m)
	fs := strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var b strings.Builder
	b.Grow(len(m))
	for i, w := range fs {
		_, hit := words[w]
		if !hit && i+1 < len(fs) {
			_, hit = words[w+" "+fs[i+1]]
		}
		if hit {
			b.WriteString("[x] ")
			continue
		}
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return b.String()
}

// BenchmarkStripVsBaseline runs the naive pass and the stripper over the same mix in the
// same run and reports the stripper's MB/s with its cost as a multiple of the baseline's
// (x-baseline: 10 means the stripper takes ten times as long per byte as the naive pass).
func BenchmarkStripVsBaseline(b *testing.B) {
	s := Default()
	words := englishWords()
	b.SetBytes(benchMixBytes())
	b.ReportAllocs()
	b.ResetTimer()
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		for _, m := range benchMix {
			naivePass(words, m)
		}
	}
	base := time.Since(t0)
	t1 := time.Now()
	for i := 0; i < b.N; i++ {
		for _, m := range benchMix {
			s.Strip(m)
		}
	}
	strip := time.Since(t1)
	if base > 0 && strip > 0 {
		mb := float64(benchMixBytes()*int64(b.N)) / 1e6
		b.ReportMetric(mb/base.Seconds(), "baseline-MB/s")
		b.ReportMetric(mb/strip.Seconds(), "strip-MB/s")
		b.ReportMetric(strip.Seconds()/base.Seconds(), "x-baseline")
	}
}
