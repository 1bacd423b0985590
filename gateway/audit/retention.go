package audit

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
)

// Purge blanks the redacted text of messages stored before `before` (created_at: the
// platform's own timestamp can be old or wrong) and records a
// retention.purge audit event with the count, in one transaction. The audit events
// themselves are kept (they hold no text), so the chain stays verifiable.
func Purge(ctx context.Context, db *gorm.DB, before time.Time) (int64, error) {
	before = Normalize(before)
	var n int64
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec("UPDATE messages SET redacted_text = '', purged_at = ? WHERE created_at < ? AND purged_at IS NULL",
			Normalize(time.Now()), before)
		if res.Error != nil {
			return fmt.Errorf("audit: purge messages before %s: %w", before.Format(time.RFC3339), res.Error)
		}
		n = res.RowsAffected
		if n == 0 {
			return nil
		}
		return Append(tx, &Event{
			Kind:    KindRetentionPurge,
			Actor:   "system",
			Outcome: "ok",
			Detail:  Details(map[string]any{"messages": n, "before": before.Format(time.RFC3339)}),
		})
	})
	return n, err
}

// Purger runs Purge every Interval with before = now - Retention.
type Purger struct {
	DB        *gorm.DB
	Retention time.Duration // default 30 days
	Interval  time.Duration // default 1h
	Log       *slog.Logger
	Now       func() time.Time
}

// Run purges at once and then every Interval until ctx ends.
func (p *Purger) Run(ctx context.Context) error {
	if p.Retention <= 0 {
		p.Retention = 30 * 24 * time.Hour
	}
	if p.Interval <= 0 {
		p.Interval = time.Hour
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Log == nil {
		p.Log = slog.Default()
	}
	log := p.Log.With("comp", "audit.retention")
	t := time.NewTicker(p.Interval)
	defer t.Stop()
	for {
		n, err := Purge(ctx, p.DB, p.Now().Add(-p.Retention))
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("retention purge failed", slog.Any("err", err))
		case n > 0:
			log.Info("retention purge", slog.Int64("messages", n), slog.Duration("retention", p.Retention))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
