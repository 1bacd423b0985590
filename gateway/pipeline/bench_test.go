package pipeline_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkReceive is one signed Messenger webhook (one patient message) through verify,
// parse, strip, pseudonym, seal and the grouped store, from parallel goroutines as the
// HTTP server calls it. No HTTP and no Vault: the load script (tools/load) measures those.
func BenchmarkReceive(b *testing.B) {
	p, st, _ := setup(b)
	var ru0 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	defer func() {
		// CPU time per webhook is steadier than wall time on a shared machine.
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
		if c, w := st.GroupStats(); c > 0 {
			b.ReportMetric(float64(w)/float64(c), "writes/commit")
		}
	}()
	ctx := context.Background()
	var n atomic.Int64
	texts := []string{
		"my son has a fever of 39.5 and is vomiting, he takes amoxicillin",
		"what time do you open on Sunday?",
		"I need to reschedule my appointment with Dr. Patel to next week, call me at 704-555-0182",
		"since starting sertraline I can't sleep and my chest feels tight",
	}
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			body := fmt.Sprintf(`{"object":"page","entry":[{"id":"PAGE1","time":1764230400000,"messaging":[{"sender":{"id":"PSID-%d"},"recipient":{"id":"PAGE1"},"timestamp":1764230400000,"message":{"mid":"m_b%d","text":%q}}]}]}`,
				i%5000, i, texts[i%int64(len(texts))])
			if _, err := p.Receive(ctx, "messenger", signed(body)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
