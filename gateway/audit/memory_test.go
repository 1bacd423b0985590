package audit_test

import (
	"context"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
)

// peakHeap runs f while sampling the live heap, and returns the peak above the start.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > base && m.HeapAlloc-base > peak.Load() {
					peak.Store(m.HeapAlloc - base)
				}
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// TestStreamingMemory: exporting and verifying 4x more events does not need more memory
// (batches by seq cursor, output written as it goes).
func TestStreamingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 40,000 events")
	}
	db := audittest.SQLite(t)
	ctx := context.Background()
	measure := func(n int) (exp, ver uint64) {
		for _, f := range []string{"fhir", "csv", "ndjson"} {
			exp = max(exp, peakHeap(func() {
				if err := audit.Export(ctx, db, io.Discard, f, time.Time{}, time.Time{}); err != nil {
					t.Fatal(err)
				}
			}))
		}
		ver = peakHeap(func() {
			if r, err := audit.Verify(ctx, db, nil, audit.VerifyOptions{}); err != nil || r.Events != int64(n) {
				t.Fatalf("verify: %+v %v", r, err)
			}
		})
		return exp, ver
	}
	audittest.Events(t, db, 10000, t0)
	e1, v1 := measure(10000)
	audittest.Events(t, db, 30000, t0)
	e4, v4 := measure(40000)
	t.Logf("peak heap: export %d KiB at 10k events, %d KiB at 40k; verify %d KiB, %d KiB", e1>>10, e4>>10, v1>>10, v4>>10)
	// A buffered FHIR export of 40k events is over 40 MB; streaming stays at a few MB
	// whatever the count.
	const limit = 24 << 20
	if e4 > limit || v4 > limit {
		t.Fatalf("peak heap too high: export %d, verify %d bytes", e4, v4)
	}
	if e4 > 2*e1+(4<<20) || v4 > 2*v1+(4<<20) {
		t.Fatalf("memory grows with the log: export %d -> %d, verify %d -> %d", e1, e4, v1, v4)
	}
}
