package audit

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Head is the single-row chain head. Appenders lock it (SELECT ... FOR UPDATE on
// PostgreSQL; SQLite has one writer), so the chain stays linear with several instances.
type Head struct {
	ID   int    `gorm:"primaryKey;autoIncrement:false"`
	Seq  int64  `gorm:"not null"`
	Hash string `gorm:"size:64;not null"`
}

// TableName fixes the table name.
func (Head) TableName() string { return "audit_head" }

// EnsureHead creates the head row when missing (called by migrations).
func EnsureHead(db *gorm.DB) error {
	return db.Clauses(clause.OnConflict{DoNothing: true}).Create(&Head{ID: 1, Seq: 0, Hash: GenesisHash}).Error
}

// Append chains and inserts events inside tx. Call it last in a transaction so the head
// lock is held as briefly as possible. Missing times are set to now; Actor defaults to
// "system".
func Append(tx *gorm.DB, events ...*Event) error {
	if len(events) == 0 {
		return nil
	}
	var head Head
	q := tx
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	if err := q.First(&head, 1).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return errors.New("audit: chain head missing (run migrations)")
		}
		return fmt.Errorf("audit: lock head: %w", err)
	}
	now := Normalize(time.Now())
	for _, e := range events {
		if e.At.IsZero() {
			e.At = now
		}
		e.At = Normalize(e.At)
		if e.Actor == "" {
			e.Actor = "system"
		}
		head.Seq++
		e.Seq = head.Seq
		e.PrevHash = head.Hash
		e.Hash = ComputeHash(e)
		head.Hash = e.Hash
	}
	// 13 columns: 500 rows stay under SQLite's and PostgreSQL's bound-variable limits.
	if err := tx.CreateInBatches(events, 500).Error; err != nil {
		return fmt.Errorf("audit: insert events: %w", err)
	}
	if err := tx.Model(&Head{}).Where("id = ?", 1).Updates(map[string]any{"seq": head.Seq, "hash": head.Hash}).Error; err != nil {
		return fmt.Errorf("audit: move head: %w", err)
	}
	return nil
}
