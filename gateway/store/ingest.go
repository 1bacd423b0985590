package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
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
//
// Concurrent calls are group-committed: while one transaction commits, the webhooks that
// arrive queue up, and the next transaction stores all of them (up to maxGroup) at once.
// Every caller still returns only after the transaction holding its records committed. A
// group that fails is retried one webhook per transaction, so one bad webhook never fails
// another. This matters because every transaction ends on the audit chain head (one row,
// locked until commit): on PostgreSQL each commit waits for its WAL flush with the head
// locked, so ungrouped transactions are limited to one flush each, one after another.
func (s *Store) Ingest(ctx context.Context, recs []Record, cooldown time.Duration) ([]Outcome, error) {
	r := &ingestReq{ctx: ctx, recs: recs, cooldown: cooldown, wake: make(chan bool, 1)}
	g := &s.group
	g.mu.Lock()
	g.pending = append(g.pending, r)
	if g.leading {
		g.mu.Unlock()
		if promoted := <-r.wake; !promoted {
			return r.out, r.err
		}
		g.mu.Lock() // promoted: lead the next group, which starts with r
	} else {
		g.leading = true
	}
	n := min(len(g.pending), maxGroup)
	batch := g.pending[:n:n]
	g.pending = append([]*ingestReq(nil), g.pending[n:]...)
	g.mu.Unlock()

	func() {
		// Hand the lead on even if the transaction panics, or every later webhook would
		// wait for a leader that is gone; the group's waiters get an error first.
		defer func() {
			if p := recover(); p != nil {
				for _, q := range batch {
					if q.out == nil && q.err == nil {
						q.err = fmt.Errorf("store: ingest: panic: %v", p)
						select {
						case q.wake <- false:
						default:
						}
					}
				}
				s.handOn()
				panic(p)
			}
		}()
		s.commitGroup(batch)
	}()
	s.handOn()
	return r.out, r.err
}

// handOn passes the lead to the first waiting request, if any.
func (s *Store) handOn() {
	g := &s.group
	g.mu.Lock()
	if len(g.pending) > 0 {
		g.pending[0].wake <- true // r's own result is ready
	} else {
		g.leading = false
	}
	g.mu.Unlock()
}

// maxGroup bounds the webhooks stored by one transaction.
const maxGroup = 128

// groupCommit queues Ingest calls; one caller at a time leads (commits a group).
type groupCommit struct {
	mu      sync.Mutex
	pending []*ingestReq
	leading bool
}

type ingestReq struct {
	ctx      context.Context
	recs     []Record
	cooldown time.Duration
	out      []Outcome
	err      error
	wake     chan bool // true: lead the next group; false: out and err are set
}

// commitGroup stores the group in one transaction, or each request alone if that fails,
// and wakes every request of the group.
func (s *Store) commitGroup(batch []*ingestReq) {
	if len(batch) > 1 {
		outs := make([][]Outcome, len(batch))
		for i, r := range batch {
			outs[i] = make([]Outcome, len(r.recs))
		}
		// The leader's context may end with its own request; the group must not.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(batch[0].ctx), 30*time.Second)
		err := s.ingestTx(ctx, batch, outs)
		cancel()
		if err == nil {
			for i, r := range batch {
				r.out = outs[i]
				r.wake <- false
			}
			return
		}
		s.log.Warn("group commit failed, storing its webhooks one by one", "webhooks", len(batch), "error", err.Error())
	}
	for _, r := range batch {
		outs := [][]Outcome{make([]Outcome, len(r.recs))}
		if err := s.ingestTx(r.ctx, []*ingestReq{r}, outs); err != nil {
			r.err = fmt.Errorf("store: ingest: %w", err)
		} else {
			r.out = outs[0]
		}
		r.wake <- false
	}
}

// ingestTx stores the records of every request in one transaction.
func (s *Store) ingestTx(ctx context.Context, reqs []*ingestReq, outs [][]Outcome) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var events []*audit.Event
		now := s.now().UTC()
		for k, r := range reqs {
			for i := range r.recs {
				ev, err := s.ingestOne(tx, &r.recs[i], &outs[k][i], now, r.cooldown)
				if err != nil {
					return err
				}
				events = append(events, ev...)
			}
		}
		return audit.Append(tx, events...)
	})
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
