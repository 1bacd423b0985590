package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Record is one stripped inbound event ready to store. It carries no raw text and no
// platform sender id in clear: Recipient is already encrypted.
type Record struct {
	Platform      string
	AccountID     string
	PlatformMsgID string // empty for events without an id (receipts): audit only, no dedupe
	Pseudonym     string
	Kind          string
	Redacted      string
	Categories    []string // every finding category, identifiers included
	Clinical      bool
	Urgency       string
	Lang          string
	ReceivedAt    time.Time
	ReplyToID     string
	Recipient     string // encrypted sender id and reply context; empty when no reply is wanted
	Replyable     bool
	OptOut        bool
	OptIn         bool
	// Ignore names why an event is recorded without reply (echo, receipt, group_chat...).
	Ignore string
	// Status is a delivery status for our own reply (e.g. "failed") and its code.
	Status, StatusCode, RefID string
	FindingCount              int
}

// Outcome says what Ingest did with one record.
type Outcome struct {
	MessageID int64
	Duplicate bool
	Queued    bool
	JobID     int64
	// Suppressed is why no reply was queued ("cooldown", "opted_out"), if any.
	Suppressed string
}

// Ingest stores a webhook's records in one transaction: messages (deduplicated by
// platform message id), delivery jobs subject to the cool-down and opt-out, and the audit
// events. When it returns nil, everything is committed.
func (s *Store) Ingest(ctx context.Context, recs []Record, cooldown time.Duration) ([]Outcome, error) {
	out := make([]Outcome, len(recs))
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var events []*audit.Event
		now := s.now().UTC()
		for i := range recs {
			ev, err := s.ingestOne(tx, &recs[i], &out[i], now, cooldown)
			if err != nil {
				return err
			}
			events = append(events, ev...)
		}
		return audit.Append(tx, events...)
	})
	if err != nil {
		return nil, fmt.Errorf("store: ingest: %w", err)
	}
	return out, nil
}

func (s *Store) ingestOne(tx *gorm.DB, r *Record, o *Outcome, now time.Time, cooldown time.Duration) ([]*audit.Event, error) {
	base := audit.Event{At: now, Platform: r.Platform, Pseudonym: r.Pseudonym}
	mk := func(kind, outcome string, detail map[string]any) *audit.Event {
		e := base
		e.Kind, e.Outcome, e.Detail, e.MessageID = kind, outcome, audit.Details(detail), o.MessageID
		return &e
	}
	if r.PlatformMsgID != "" {
		m := Message{Platform: r.Platform, PlatformMsgID: r.PlatformMsgID, AccountID: r.AccountID,
			SenderPseudonym: r.Pseudonym, Kind: r.Kind, RedactedText: r.Redacted,
			Categories: strings.Join(r.Categories, ","), Clinical: r.Clinical, Urgency: r.Urgency,
			Lang: r.Lang, ReceivedAt: r.ReceivedAt.UTC(), CreatedAt: now}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&m)
		if res.Error != nil {
			return nil, fmt.Errorf("insert message: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			o.Duplicate = true
			return nil, nil
		}
		o.MessageID = m.ID
	}
	var events []*audit.Event
	switch {
	case r.Status != "":
		return []*audit.Event{mk(audit.KindReplyStatus, r.Status, map[string]any{"status": r.Status, "code": r.StatusCode, "ref": r.RefID})}, nil
	case r.Ignore != "":
		return []*audit.Event{mk(audit.KindEventIgnored, "ignored", map[string]any{"kind": r.Kind, "reason": r.Ignore})}, nil
	}
	events = append(events,
		mk(audit.KindMessageReceived, "success", map[string]any{"kind": r.Kind, "account": r.AccountID, "platform_msg_id": r.PlatformMsgID}),
		mk(audit.KindMessageStripped, "success", map[string]any{"categories": nonNil(r.Categories), "clinical": r.Clinical, "findings": r.FindingCount, "urgency": r.Urgency, "lang": r.Lang}))

	if r.OptOut || r.OptIn {
		if err := s.setOptOut(tx, r, r.OptOut, now); err != nil {
			return nil, err
		}
		kind := audit.KindOptOut
		if r.OptIn {
			kind = audit.KindOptIn
		}
		return append(events, mk(kind, "success", nil)), nil
	}
	if !r.Replyable || r.Recipient == "" {
		return events, nil
	}
	conv, err := s.lockConversation(tx, r, now)
	if err != nil {
		return nil, err
	}
	switch {
	case conv.OptedOut:
		o.Suppressed = "opted_out"
	case conv.LastReplyAt != nil && now.Sub(conv.LastReplyAt.UTC()) < cooldown && r.Urgency == "":
		o.Suppressed = "cooldown"
	}
	if o.Suppressed != "" {
		return append(events, mk(audit.KindReplySuppressed, "skipped", map[string]any{"reason": o.Suppressed})), nil
	}
	if err := tx.Model(&Conversation{}).
		Where("platform = ? AND account_id = ? AND pseudonym = ?", r.Platform, r.AccountID, r.Pseudonym).
		Updates(map[string]any{"last_reply_at": now, "updated_at": now}).Error; err != nil {
		return nil, fmt.Errorf("update conversation: %w", err)
	}
	job := Job{MessageID: o.MessageID, Platform: r.Platform, AccountID: r.AccountID, Pseudonym: r.Pseudonym,
		ReplyToID: r.PlatformMsgID, Recipient: r.Recipient, Lang: r.Lang, Clinical: r.Clinical,
		Urgency: r.Urgency, State: JobPending, NextAt: now, CreatedAt: now, UpdatedAt: now}
	if err := tx.Create(&job).Error; err != nil {
		return nil, fmt.Errorf("insert job: %w", err)
	}
	o.Queued, o.JobID = true, job.ID
	e := mk(audit.KindReplyQueued, "success", nil)
	e.JobID = job.ID
	return append(events, e), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// lockConversation returns the conversation row, creating it when missing, locked for
// the rest of the transaction on PostgreSQL.
func (s *Store) lockConversation(tx *gorm.DB, r *Record, now time.Time) (*Conversation, error) {
	c := Conversation{Platform: r.Platform, AccountID: r.AccountID, Pseudonym: r.Pseudonym, UpdatedAt: now}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&c).Error; err != nil {
		return nil, fmt.Errorf("insert conversation: %w", err)
	}
	q := tx
	if s.Dialect() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var got Conversation
	err := q.Where("platform = ? AND account_id = ? AND pseudonym = ?", r.Platform, r.AccountID, r.Pseudonym).First(&got).Error
	if err != nil {
		return nil, fmt.Errorf("lock conversation: %w", err)
	}
	return &got, nil
}

func (s *Store) setOptOut(tx *gorm.DB, r *Record, out bool, now time.Time) error {
	if _, err := s.lockConversation(tx, r, now); err != nil {
		return err
	}
	return tx.Model(&Conversation{}).
		Where("platform = ? AND account_id = ? AND pseudonym = ?", r.Platform, r.AccountID, r.Pseudonym).
		Updates(map[string]any{"opted_out": out, "updated_at": now}).Error
}

// ErrNotFound is returned for a missing row.
var ErrNotFound = errors.New("store: not found")
