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

// TestOneTransactionDecidesInOrder: the records of one group are decided one after the
// other, so a later record sees what an earlier one did: a duplicate inside the group is
// stored once, a second message within the cool-down is suppressed, a message after a STOP
// is not answered, and a START opens the conversation again. Every job and audit event
// points at its own message.
func TestOneTransactionDecidesInOrder(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		stop := rec("in-stop", "pa")
		stop.Kind, stop.OptOut, stop.Replyable = "optout", true, false
		start := rec("in-start", "pa")
		start.Kind, start.OptIn, start.Replyable = "optin", true, false
		urgent := rec("in-b3", "pb")
		urgent.Urgency = "emergency"
		recs := []store.Record{
			rec("in-b1", "pb"), // queued
			rec("in-b2", "pb"), // cool-down
			rec("in-b1", "pb"), // duplicate inside the group
			stop,               // pa opts out
			rec("in-a1", "pa"), // opted out: not answered
			start,              // pa opts in again
			rec("in-a2", "pa"), // answered
			urgent,             // urgent: bypasses the cool-down
			rec("in-c1", "pc"), // queued
		}
		out, err := s.Ingest(ctx, recs, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		type want struct {
			dup, queued bool
			suppressed  string
		}
		wants := []want{{queued: true}, {suppressed: "cooldown"}, {dup: true}, {}, {suppressed: "opted_out"}, {}, {queued: true}, {queued: true}, {queued: true}}
		for i, w := range wants {
			o := out[i]
			if o.Duplicate != w.dup || o.Queued != w.queued || o.Suppressed != w.suppressed {
				t.Errorf("record %d (%s): %+v, want %+v", i, recs[i].PlatformMsgID, o, w)
			}
			if !o.Duplicate && o.MessageID == 0 {
				t.Errorf("record %d: no message id", i)
			}
		}
		// Ids point at the right rows.
		for i, o := range out {
			if o.Duplicate {
				continue
			}
			var m store.Message
			if err := s.DB().First(&m, o.MessageID).Error; err != nil || m.PlatformMsgID != recs[i].PlatformMsgID {
				t.Errorf("record %d: message %d is %q, want %q", i, o.MessageID, m.PlatformMsgID, recs[i].PlatformMsgID)
			}
			if o.Queued {
				var j store.Job
				if err := s.DB().First(&j, o.JobID).Error; err != nil || j.MessageID != o.MessageID || j.ReplyToID != recs[i].PlatformMsgID {
					t.Errorf("record %d: job %d belongs to message %d (%q)", i, o.JobID, j.MessageID, j.ReplyToID)
				}
			}
		}
		if got := count(t, s, &store.Message{}); got != 8 {
			t.Errorf("%d messages, want 8", got)
		}
		if got := count(t, s, &store.Job{}); got != 4 {
			t.Errorf("%d jobs, want 4", got)
		}
		var queued []audit.Event
		s.DB().Where("kind = ?", audit.KindReplyQueued).Order("seq").Find(&queued)
		for _, e := range queued {
			var j store.Job
			if err := s.DB().First(&j, e.JobID).Error; err != nil || j.MessageID != e.MessageID {
				t.Errorf("reply.queued event %d: job %d does not belong to message %d", e.Seq, e.JobID, e.MessageID)
			}
		}
		if len(queued) != 4 {
			t.Errorf("%d reply.queued events, want 4", len(queued))
		}
		// The conversation remembers the opt-in and the reply time.
		var c store.Conversation
		s.DB().Where("platform = ? AND pseudonym = ?", "messenger", "pa").First(&c)
		if c.OptedOut || c.LastReplyAt == nil {
			t.Errorf("conversation pa: opted out %v, last reply %v", c.OptedOut, c.LastReplyAt)
		}
		// A second delivery of the whole webhook stores nothing new.
		again, err := s.Ingest(ctx, recs, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range again {
			if !o.Duplicate {
				t.Errorf("redelivered record %d not a duplicate: %+v", i, o)
			}
		}
	})
}
