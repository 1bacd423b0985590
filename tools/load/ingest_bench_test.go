package main

// Benchmarks of the storage hot path without HTTP or Vault: store.Ingest of one webhook's
// record (message + conversation + job + audit events in one transaction), serial and from
// parallel goroutines, on SQLite and PostgreSQL. Run with -cpuprofile to see where an
// acknowledgement's time goes:
//
//	go test -run '^$' -bench Ingest -cpuprofile /tmp/ingest.pprof ./tools/load/

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/ferryhealth/ferry/gateway/store/storetest"
)

var benchSeq atomic.Int64

func benchRecord(r *rand.Rand) store.Record {
	n := benchSeq.Add(1)
	return store.Record{Platform: "messenger", AccountID: pageID, PlatformMsgID: fmt.Sprintf("m_bench.%d.%d", time.Now().UnixNano(), n),
		Pseudonym: fmt.Sprintf("%064x", n), Kind: "text", Redacted: "I have [symptom] since [date], call me on [phone]",
		Categories: []string{"symptom", "date", "phone"}, Clinical: true, Lang: "en", ReceivedAt: time.Now(),
		ReplyToID: "m_bench", Recipient: "fe1:" + fmt.Sprint(r.Int64()), Replyable: true, FindingCount: 3}
}

func benchIngest(b *testing.B, dsn string, parallel bool) {
	s, err := store.Open(context.Background(), dsn, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	cpu0 := cpuTime()
	defer func() {
		// CPU time per op is steadier than wall time on a shared machine.
		b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
	}()
	b.ResetTimer()
	if !parallel {
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < b.N; i++ {
			if _, err := s.Ingest(ctx, []store.Record{benchRecord(r)}, 10*time.Minute); err != nil {
				b.Fatal(err)
			}
		}
		return
	}
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		r := rand.New(rand.NewPCG(rand.Uint64(), 2))
		for pb.Next() {
			if _, err := s.Ingest(ctx, []store.Record{benchRecord(r)}, 10*time.Minute); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkIngestSQLite(b *testing.B) {
	benchIngest(b, "sqlite:"+filepath.Join(b.TempDir(), "bench.db"), false)
}

func BenchmarkIngestSQLiteParallel(b *testing.B) {
	benchIngest(b, "sqlite:"+filepath.Join(b.TempDir(), "bench.db"), true)
}

func BenchmarkIngestPostgres(b *testing.B) { benchIngest(b, storetest.PostgresDSN(b), false) }

func BenchmarkIngestPostgresParallel(b *testing.B) { benchIngest(b, storetest.PostgresDSN(b), true) }
