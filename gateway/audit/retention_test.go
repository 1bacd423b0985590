package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"gorm.io/gorm"
)

func TestPurge(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := audittest.NewKeySigner()
		audittest.Conversations(t, db, 14, t0) // days t0 and t0+1
		(&audit.Checkpointer{DB: db, Signer: s}).CheckpointNow(context.Background())
		n, err := audit.Purge(context.Background(), db, t0.Add(24*time.Hour))
		if err != nil || n != 7 {
			t.Fatalf("purged %d, %v; want 7", n, err)
		}
		var blank, kept int64
		db.Model(&audittest.Message{}).Where("redacted_text = '' AND purged_at IS NOT NULL").Count(&blank)
		db.Model(&audittest.Message{}).Where("redacted_text <> ''").Count(&kept)
		if blank != 7 || kept != 7 {
			t.Fatalf("blank %d kept %d", blank, kept)
		}
		var ev audit.Event
		if err := db.Where("kind = ?", audit.KindRetentionPurge).First(&ev).Error; err != nil {
			t.Fatal(err)
		}
		if ev.Detail == "" || ev.Actor != "system" {
			t.Fatalf("purge event %+v", ev)
		}
		// Idempotent: nothing more to purge, no new event.
		if n, _ := audit.Purge(context.Background(), db, t0.Add(24*time.Hour)); n != 0 {
			t.Fatalf("second purge %d", n)
		}
		if r := verify(t, db, s); !r.OK {
			t.Fatalf("chain after purge: %v", r.Breaks)
		}
	})
}

func TestPurgerRun(t *testing.T) {
	db := audittest.SQLite(t)
	audittest.Conversations(t, db, 7, t0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		(&audit.Purger{DB: db, Retention: time.Hour, Interval: 10 * time.Millisecond, Now: func() time.Time { return t0.Add(48 * time.Hour) }}).Run(ctx)
		close(done)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var n int64
		db.Model(&audit.Event{}).Where("kind = ?", audit.KindRetentionPurge).Count(&n)
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("purger did not run")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}
