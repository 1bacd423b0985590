package audit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"gorm.io/gorm"
)

func TestCheckpointerEveryN(t *testing.T) {
	db := audittest.SQLite(t)
	s := audittest.NewKeySigner()
	now := t0
	cp := &audit.Checkpointer{DB: db, Signer: s, Every: 25, Interval: time.Hour, Now: func() time.Time { return now }}
	ctx := context.Background()
	audittest.Events(t, db, 1, t0)
	if c, err := cp.Tick(ctx); err != nil || c == nil || c.Seq != 1 {
		t.Fatalf("first event: checkpoint %+v, %v", c, err)
	}
	audittest.Events(t, db, 23, t0)
	if c, err := cp.Tick(ctx); err != nil || c != nil {
		t.Fatalf("24 events < 1+25: checkpoint %v, %v", c, err)
	}
	audittest.Events(t, db, 2, t0)
	c, err := cp.Tick(ctx)
	if err != nil || c == nil || c.Seq != 26 {
		t.Fatalf("25 events: checkpoint %+v, %v", c, err)
	}
	if c, _ := cp.Tick(ctx); c != nil {
		t.Fatalf("same head signed twice: %+v", c)
	}
	// Interval: one new event is signed once the interval has passed.
	audittest.Events(t, db, 1, t0)
	if c, _ := cp.Tick(ctx); c != nil {
		t.Fatalf("one event before the interval: %+v", c)
	}
	now = t0.Add(2 * time.Hour)
	if c, _ = cp.Tick(ctx); c == nil || c.Seq != 27 {
		t.Fatalf("interval elapsed: %+v, %v", c, err)
	}
	keys, _ := s.PublicKeys(ctx, audit.DefaultKey)
	if err := c.VerifySignature(keys); err != nil {
		t.Fatal(err)
	}
}

func TestCheckpointerRunSeveralInstances(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := audittest.NewKeySigner()
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for i := 0; i < 3; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				(&audit.Checkpointer{DB: db, Signer: s, Every: 5, Interval: 50 * time.Millisecond, Poll: 5 * time.Millisecond}).Run(ctx)
			}()
		}
		for i := 0; i < 20; i++ {
			audittest.Events(t, db, 3, time.Now())
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond)
		cancel()
		wg.Wait()
		var seqs []int64
		db.Model(&audit.Checkpoint{}).Order("seq").Pluck("seq", &seqs)
		if len(seqs) == 0 || seqs[len(seqs)-1] != 60 {
			t.Fatalf("checkpoints %v: want the head (60) signed", seqs)
		}
		for i := 1; i < len(seqs); i++ {
			if seqs[i] == seqs[i-1] {
				t.Fatalf("two checkpoints of one head: %v", seqs)
			}
		}
		r := verify(t, db, s)
		if !r.OK || r.Unsigned != 0 {
			t.Fatalf("%+v", r)
		}
		t.Logf("%d checkpoints for 60 events from 3 instances", len(seqs))
	})
}

// TestConcurrentAppendPostgres: 8 writers at once keep the chain linear (head row lock).
func TestConcurrentAppendPostgres(t *testing.T) {
	db := audittest.Postgres(t)
	const writers, each = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				err := db.Transaction(func(tx *gorm.DB) error {
					return audit.Append(tx,
						&audit.Event{Kind: audit.KindMessageReceived, Platform: audittest.Platforms[w%6], MessageID: int64(w*1000 + i)},
						&audit.Event{Kind: audit.KindReplyQueued, Platform: audittest.Platforms[w%6], MessageID: int64(w*1000 + i)})
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	r := verify(t, db, nil)
	if !r.OK || r.Events != writers*each*2 || r.HeadSeq != writers*each*2 {
		t.Fatalf("chain after concurrent appends: %+v", r)
	}
}
