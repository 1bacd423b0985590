package strip

import "testing"

// BenchmarkStripIdent compares the benchmark mix with and without the
// gazetteer and cue based identifier matchers of the ident_*.go files.
func BenchmarkStripIdent(b *testing.B) {
	s := Default()
	total := 0
	for _, m := range benchMix {
		total += len(m)
	}
	for _, off := range []bool{true, false} {
		name := "on"
		if off {
			name = "off"
		}
		b.Run(name, func(b *testing.B) {
			identExtraOff = off
			defer func() { identExtraOff = false }()
			b.SetBytes(int64(total))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, m := range benchMix {
					s.Strip(m)
				}
			}
			if el := b.Elapsed().Seconds(); el > 0 {
				b.ReportMetric(float64(b.N*len(benchMix))/el, "msgs/s")
			}
		})
	}
}
