package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/ferryhealth/ferry/gateway/store/storetest"
	"github.com/ferryhealth/ferry/portal"
)

func open(t *testing.T, dialect string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), storetest.DSN(t, dialect), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func each(t *testing.T, f func(t *testing.T, s *store.Store)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) { f(t, open(t, d)) })
	}
}

func rec(msgID, pseudo string) store.Record {
	return store.Record{Platform: "messenger", AccountID: "page-1", PlatformMsgID: msgID, Pseudonym: pseudo,
		Kind: "text", Redacted: "I have [symptom]", Categories: []string{"symptom"}, Clinical: true, Lang: "en",
		ReceivedAt: time.Now(), Recipient: "fe1:sealed", Replyable: true, FindingCount: 1}
}

func count(t *testing.T, s *store.Store, model any) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Model(model).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIngestDeduplicatesRetries(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		out, err := s.Ingest(ctx, []store.Record{rec("mid.1", "p1")}, 10*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if !out[0].Queued || out[0].Duplicate {
			t.Fatalf("first delivery: %+v", out[0])
		}
		events := count(t, s, &audit.Event{})
		for i := 0; i < 5; i++ {
			out, err = s.Ingest(ctx, []store.Record{rec("mid.1", "p1")}, 10*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if !out[0].Duplicate || out[0].Queued {
				t.Fatalf("replay %d not a no-op: %+v", i, out[0])
			}
		}
		if n := count(t, s, &store.Message{}); n != 1 {
			t.Fatalf("messages = %d, want 1", n)
		}
		if n := count(t, s, &store.Job{}); n != 1 {
			t.Fatalf("jobs = %d, want 1", n)
		}
		if n := count(t, s, &audit.Event{}); n != events {
			t.Fatalf("replays wrote audit events: %d -> %d", events, n)
		}
		// The same id twice inside one delivery is stored once too.
		out, err = s.Ingest(ctx, []store.Record{rec("mid.2", "p1"), rec("mid.2", "p1")}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if out[0].Duplicate || !out[1].Duplicate {
			t.Fatalf("in-batch duplicate: %+v", out)
		}
	})
}

func TestCooldownOptOutAndUrgency(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		s.SetNow(func() time.Time { return now })
		ingest := func(r store.Record) store.Outcome {
			t.Helper()
			out, err := s.Ingest(ctx, []store.Record{r}, 10*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return out[0]
		}
		if o := ingest(rec("a", "p")); !o.Queued {
			t.Fatalf("first message not queued: %+v", o)
		}
		now = now.Add(5 * time.Minute)
		if o := ingest(rec("b", "p")); o.Queued || o.Suppressed != "cooldown" {
			t.Fatalf("second message within cool-down: %+v", o)
		}
		if o := ingest(rec("b2", "other")); !o.Queued {
			t.Fatalf("another patient is not in this cool-down: %+v", o)
		}
		urgent := rec("c", "p")
		urgent.Urgency = "emergency"
		if o := ingest(urgent); !o.Queued {
			t.Fatalf("urgent message must get a reply despite the cool-down: %+v", o)
		}
		now = now.Add(11 * time.Minute)
		if o := ingest(rec("d", "p")); !o.Queued {
			t.Fatalf("after the cool-down: %+v", o)
		}
		stop := rec("e", "p")
		stop.Kind, stop.OptOut, stop.Replyable = "optout", true, false
		ingest(stop)
		now = now.Add(time.Hour)
		if o := ingest(rec("f", "p")); o.Queued || o.Suppressed != "opted_out" {
			t.Fatalf("after STOP: %+v", o)
		}
		start := rec("g", "p")
		start.Kind, start.OptIn, start.Replyable = "optin", true, false
		ingest(start)
		if o := ingest(rec("h", "p")); !o.Queued {
			t.Fatalf("after START: %+v", o)
		}
	})
}

func TestClaimJobsNeverDoubleLeases(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var recs []store.Record
		for i := 0; i < 40; i++ {
			recs = append(recs, rec("m"+string(rune('A'+i)), "p"+string(rune('A'+i))))
		}
		if _, err := s.Ingest(ctx, recs, 0); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[int64]string{}
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			owner := "w" + string(rune('0'+w))
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					jobs, err := s.ClaimJobs(ctx, owner, 3, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(jobs) == 0 {
						return
					}
					mu.Lock()
					for _, j := range jobs {
						if prev, dup := seen[j.ID]; dup {
							t.Errorf("job %d leased by %s and %s", j.ID, prev, owner)
						}
						seen[j.ID] = owner
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(seen) != 40 {
			t.Fatalf("claimed %d jobs, want 40", len(seen))
		}
	})
}

func TestExpiredLeaseIsTakenOver(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		s.SetNow(func() time.Time { return now })
		if _, err := s.Ingest(ctx, []store.Record{rec("x", "p")}, 0); err != nil {
			t.Fatal(err)
		}
		jobs, _ := s.ClaimJobs(ctx, "dead-instance", 10, time.Minute)
		if len(jobs) != 1 {
			t.Fatalf("claimed %d", len(jobs))
		}
		if again, _ := s.ClaimJobs(ctx, "other", 10, time.Minute); len(again) != 0 {
			t.Fatalf("a live lease was taken over")
		}
		now = now.Add(2 * time.Minute)
		again, err := s.ClaimJobs(ctx, "other", 10, time.Minute)
		if err != nil || len(again) != 1 || again[0].LeaseOwner != "other" {
			t.Fatalf("expired lease not taken over: %v %+v", err, again)
		}
		if err := s.CompleteJob(ctx, &again[0], "m_1", ""); err != nil {
			t.Fatal(err)
		}
		var j store.Job
		s.DB().First(&j, again[0].ID)
		if j.State != store.JobSent || j.Recipient != "" {
			t.Fatalf("finished job keeps state %q recipient %q", j.State, j.Recipient)
		}
	})
}

func TestRedeemIsSingleUseUnderConcurrency(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.Ingest(ctx, []store.Record{rec("r", "p")}, 0); err != nil {
			t.Fatal(err)
		}
		jobs, _ := s.ClaimJobs(ctx, "w", 1, time.Minute)
		now := time.Now()
		g, err := s.AttachLink(ctx, &jobs[0], store.LinkGrant{ID: "jti-1", KeyVersion: 1, IssuedAt: now, ExpiresAt: now.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		// A retry keeps the first link.
		if g2, _ := s.AttachLink(ctx, &jobs[0], store.LinkGrant{ID: "jti-2", KeyVersion: 1, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}); g2.ID != g.ID {
			t.Fatalf("retry issued a second link %q", g2.ID)
		}
		links := s.Links()
		if st, _ := links.LinkState(ctx, "jti-1"); st != portal.LinkActive {
			t.Fatalf("state %v", st)
		}
		opened := func() int64 {
			var n int64
			if err := s.DB().Model(&audit.Event{}).Where("kind = ?", audit.KindLinkOpened).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		for i := 1; i <= 2; i++ { // a reload is audited again
			if st, err := links.OpenLink(ctx, "jti-1", time.Now()); err != nil || st != portal.LinkActive {
				t.Fatalf("open an active link: %v %v", st, err)
			}
			// OpenLink does not wait for its commit.
			for deadline := time.Now().Add(10 * time.Second); opened() != int64(i); time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("%d link.opened events after %d showings", opened(), i)
				}
			}
		}
		if st, err := links.OpenLink(ctx, "never-issued", time.Now()); err != nil || st != portal.LinkUnknown || opened() != 2 {
			t.Fatalf("open an unknown link: %v %v, %d opened events", st, err, opened())
		}
		var wins sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for i := 0; i < 50; i++ {
			wins.Add(1)
			go func() {
				defer wins.Done()
				ok, err := links.RedeemLink(ctx, "jti-1", time.Now())
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					won++
					mu.Unlock()
				}
			}()
		}
		wins.Wait()
		if won != 1 {
			t.Fatalf("%d redemptions succeeded, want exactly 1", won)
		}
		if st, _ := links.LinkState(ctx, "jti-1"); st != portal.LinkRedeemed {
			t.Fatalf("state after redemption %v", st)
		}
		if st, _ := links.LinkState(ctx, "never-issued"); st != portal.LinkUnknown {
			t.Fatalf("unknown jti state %v", st)
		}
		if st, err := links.OpenLink(ctx, "jti-1", time.Now()); err != nil || st != portal.LinkRedeemed || opened() != 2 {
			t.Fatalf("open a redeemed link: %v %v, %d opened events (want no new one)", st, err, opened())
		}
	})
}

func TestAuditChainLinksEveryWrite(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i := 0; i < 5; i++ {
			if _, err := s.Ingest(ctx, []store.Record{rec("c"+string(rune('0'+i)), "p")}, 0); err != nil {
				t.Fatal(err)
			}
		}
		var evs []audit.Event
		s.DB().Order("seq").Find(&evs)
		if len(evs) < 10 {
			t.Fatalf("only %d events", len(evs))
		}
		prev := audit.GenesisHash
		for i, e := range evs {
			if e.Seq != int64(i+1) || e.PrevHash != prev || audit.ComputeHash(&e) != e.Hash {
				t.Fatalf("chain broken at %d: %+v", i, e)
			}
			prev = e.Hash
		}
		v1, _ := s.SchemaVersion(ctx)
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if v2, _ := s.SchemaVersion(ctx); v1 != v2 || v1 < 1 {
			t.Fatalf("schema version %d -> %d", v1, v2)
		}
	})
}

func TestRedeemUnknownLinkIsNotAnError(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		won, err := s.Links().RedeemLink(context.Background(), "never-issued", time.Now())
		if err != nil || won {
			t.Fatalf("unknown jti: won=%v err=%v", won, err)
		}
		var n int64
		s.DB().Model(&audit.Event{}).Where("kind = ?", audit.KindLinkRedeemed).Count(&n)
		if n != 0 {
			t.Fatalf("an unknown link was audited as redeemed")
		}
	})
}

func TestJobOfADeadSenderIsSettledNotResent(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		s.SetNow(func() time.Time { return now })
		if _, err := s.Ingest(ctx, []store.Record{rec("dead", "p")}, 0); err != nil {
			t.Fatal(err)
		}
		jobs, _ := s.ClaimJobs(ctx, "dying", 1, time.Minute)
		if err := s.MarkSending(ctx, &jobs[0]); err != nil {
			t.Fatal(err)
		}
		now = now.Add(2 * time.Minute) // the instance died; its lease expired
		again, _ := s.ClaimJobs(ctx, "survivor", 1, time.Minute)
		if len(again) != 1 || again[0].SendStartedAt == nil {
			t.Fatalf("the survivor must see that a send was started: %+v", again)
		}
		if err := s.MarkSending(ctx, &jobs[0]); err == nil {
			t.Fatal("the dead instance's lease still lets it mark the job")
		}
		if err := s.SettleUnconfirmed(ctx, &again[0]); err != nil {
			t.Fatal(err)
		}
		var e audit.Event
		s.DB().Where("kind = ?", audit.KindReplySent).First(&e)
		if e.Outcome != "unconfirmed" {
			t.Fatalf("audit outcome %q", e.Outcome)
		}
		// A retry clears the mark: the platform answered, so the next attempt may send.
		if _, err := s.Ingest(ctx, []store.Record{rec("retry", "q")}, 0); err != nil {
			t.Fatal(err)
		}
		j, _ := s.ClaimJobs(ctx, "w", 1, time.Minute)
		s.MarkSending(ctx, &j[0])
		s.RetryJob(ctx, &j[0], now, "1200", "temporary")
		j2, _ := s.ClaimJobs(ctx, "w", 1, time.Minute)
		if len(j2) != 1 || j2[0].SendStartedAt != nil {
			t.Fatalf("retry kept the send mark: %+v", j2)
		}
	})
}

// A landing page's showing is not awaited, but it keeps its place: a redemption right
// after it is audited after it, and closing the store waits for it.
func TestOpenedIsAuditedBeforeTheRedemptionAndSurvivesClose(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			s, err := store.Open(ctx, dsn, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			const n = 20
			var recs []store.Record
			for i := 0; i < n; i++ {
				recs = append(recs, rec(fmt.Sprintf("m-%d", i), fmt.Sprintf("p-%d", i)))
			}
			if _, err := s.Ingest(ctx, recs, 0); err != nil {
				t.Fatal(err)
			}
			jobs, err := s.ClaimJobs(ctx, "w", n, time.Minute)
			if err != nil || len(jobs) != n {
				t.Fatalf("claimed %d jobs: %v", len(jobs), err)
			}
			now := time.Now()
			links := s.Links()
			var ids []string
			for i := range jobs {
				g, err := s.AttachLink(ctx, &jobs[i], store.LinkGrant{ID: fmt.Sprintf("jti-%d", i), KeyVersion: 1, IssuedAt: now, ExpiresAt: now.Add(time.Hour)})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, g.ID)
			}
			last := ids[n-1]
			ids = ids[:n-1]
			for _, jti := range ids {
				if st, err := links.OpenLink(ctx, jti, time.Now()); err != nil || st != portal.LinkActive {
					t.Fatalf("open %s: %v %v", jti, st, err)
				}
				if won, err := links.RedeemLink(ctx, jti, time.Now()); err != nil || !won {
					t.Fatalf("redeem %s: %v %v", jti, won, err)
				}
			}
			// The last showing is still queued when the store closes.
			if st, err := links.OpenLink(ctx, last, time.Now()); err != nil || st != portal.LinkActive {
				t.Fatalf("open %s: %v %v", last, st, err)
			}
			s.Close()

			s2, err := store.Open(ctx, dsn, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			for _, jti := range ids {
				var kinds []string
				s2.DB().Model(&audit.Event{}).Where("link_id = ? AND kind IN ?", jti, []string{audit.KindLinkOpened, audit.KindLinkRedeemed}).Order("seq").Pluck("kind", &kinds)
				if len(kinds) != 2 || kinds[0] != audit.KindLinkOpened || kinds[1] != audit.KindLinkRedeemed {
					t.Fatalf("link %s audited %v, want opened then redeemed", jti, kinds)
				}
			}
			var shown int64
			s2.DB().Model(&audit.Event{}).Where("link_id = ? AND kind = ?", last, audit.KindLinkOpened).Count(&shown)
			if shown != 1 {
				t.Fatalf("the showing queued before Close was audited %d times, want 1", shown)
			}
		})
	}
}

// On PostgreSQL the conversations' key leads with the pseudonym (migration 5), so the
// group's row-value lookup is one index probe per conversation whatever the statistics.
func TestConversationsKeyedByPseudonymFirst(t *testing.T) {
	s := open(t, "postgres")
	var cols []string
	err := s.DB().Raw(`SELECT a.attname FROM pg_index i
		JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		WHERE i.indrelid = 'conversations'::regclass AND i.indisprimary ORDER BY k.ord`).Scan(&cols).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != 3 || cols[0] != "pseudonym" {
		t.Fatalf("conversations primary key %v, want the pseudonym first", cols)
	}
}
