package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/store"
)

// TestGroupCommitConcurrentIngest: many concurrent Ingest calls (grouped into shared
// transactions) give each caller its own outcome; duplicates within and across groups are
// stored once; one webhook that cannot be stored fails alone; the audit chain verifies.
func TestGroupCommitConcurrentIngest(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 120
		var wg sync.WaitGroup
		outs := make([][]store.Outcome, n)
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Pairs share a message id: one of each pair is a duplicate.
				r := rec(fmt.Sprintf("grp-%d", i/2), fmt.Sprintf("p-%d", i/2))
				recs := []store.Record{r}
				if i == 7 && s.Dialect() == "postgres" {
					bad := rec("grp-bad", "p-bad")
					bad.Platform = strings.Repeat("x", 40) // over varchar(24): this webhook fails
					recs = append(recs, bad)
				}
				outs[i], errs[i] = s.Ingest(ctx, recs, time.Minute)
			}()
		}
		wg.Wait()
		dups, queued := 0, 0
		for i := 0; i < n; i++ {
			if i == 7 && s.Dialect() == "postgres" {
				if errs[i] == nil {
					t.Errorf("the webhook with an unstorable record was acknowledged")
				}
				continue
			}
			if errs[i] != nil {
				t.Fatalf("webhook %d: %v", i, errs[i])
			}
			if len(outs[i]) != 1 {
				t.Fatalf("webhook %d: %d outcomes", i, len(outs[i]))
			}
			if outs[i][0].Duplicate {
				dups++
			}
			if outs[i][0].Queued {
				queued++
			}
		}
		pairs := n / 2
		wantDups := pairs
		if s.Dialect() == "postgres" {
			wantDups-- // webhook 7 failed, so its twin (6) is the only copy of grp-3
		}
		if dups != wantDups || queued != pairs {
			t.Errorf("%d duplicates and %d queued, want %d and %d", dups, queued, wantDups, pairs)
		}
		if got := count(t, s, &store.Message{}); got != int64(pairs) {
			t.Errorf("%d messages, want %d", got, pairs)
		}
		if got := count(t, s, &store.Job{}); got != int64(pairs) {
			t.Errorf("%d jobs, want %d", got, pairs)
		}
		var events []audit.Event
		s.DB().Order("seq").Find(&events)
		prev := audit.GenesisHash
		for i, e := range events {
			if e.Seq != int64(i+1) || e.PrevHash != prev || audit.ComputeHash(&e) != e.Hash {
				t.Fatalf("audit chain broken at event %d after grouped commits", e.Seq)
			}
			prev = e.Hash
		}
		if len(events) == 0 {
			t.Fatal("no audit events")
		}
	})
}
