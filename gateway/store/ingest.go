package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
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
// events. When it returns nil, everything is committed. Concurrent calls share
// transactions (group commit, see group.go).
func (s *Store) Ingest(ctx context.Context, recs []Record, cooldown time.Duration) ([]Outcome, error) {
	r := &writeReq{ctx: ctx, recs: recs, cooldown: cooldown}
	s.write(r)
	if r.err != nil {
		return nil, fmt.Errorf("store: ingest: %w", r.err)
	}
	return r.out, nil
}

// item is one record of a group on its way through ingestBatch.
type item struct {
	r        *Record
	o        *Outcome
	cooldown time.Duration
	conv     *convState
	job      *Job
}

// convState is a conversation row as the group sees it while it decides, record by
// record, what to suppress; dirty fields are written back once.
type convState struct {
	key      convKey
	optedOut bool
	lastAt   *time.Time
	optDirty bool
	replied  bool
}

type convKey struct{ platform, account, pseudonym string }

// ingestBatch stores the records of every request with a few multi-row statements and
// returns their audit events, in record order. Decisions (duplicate, opt-out, cool-down)
// are taken record by record in memory, so a later record of the same group sees what an
// earlier one did (a STOP followed by a message, two messages within the cool-down).
func (s *Store) ingestBatch(tx *gorm.DB, reqs []*writeReq, now time.Time) ([]*audit.Event, error) {
	var items []item
	for _, q := range reqs {
		for i := range q.recs {
			items = append(items, item{r: &q.recs[i], o: &q.out[i], cooldown: q.cooldown})
		}
	}
	if len(items) == 0 {
		return nil, nil
	}
	if err := s.insertMessages(tx, items, now); err != nil {
		return nil, err
	}
	if err := s.loadConversations(tx, items, now); err != nil {
		return nil, err
	}

	// Decide, in order.
	var jobs []*Job
	for k := range items {
		it := &items[k]
		r, o := it.r, it.o
		if o.Duplicate || r.Status != "" || r.Ignore != "" {
			continue
		}
		switch {
		case r.OptOut || r.OptIn:
			it.conv.optedOut, it.conv.optDirty = r.OptOut, true
		case !r.Replyable || r.Recipient == "":
		case it.conv.optedOut:
			o.Suppressed = "opted_out"
		case it.conv.lastAt != nil && now.Sub(it.conv.lastAt.UTC()) < it.cooldown && r.Urgency == "":
			o.Suppressed = "cooldown"
		default:
			it.conv.lastAt, it.conv.replied = &now, true
			it.job = &Job{MessageID: o.MessageID, Platform: r.Platform, AccountID: r.AccountID, Pseudonym: r.Pseudonym,
				ReplyToID: r.PlatformMsgID, Recipient: r.Recipient, Lang: r.Lang, Clinical: r.Clinical,
				Urgency: r.Urgency, State: JobPending, NextAt: now, CreatedAt: now, UpdatedAt: now}
			jobs = append(jobs, it.job)
		}
	}
	if err := s.saveConversations(tx, items, now); err != nil {
		return nil, err
	}
	if len(jobs) > 0 {
		if err := tx.CreateInBatches(jobs, 200).Error; err != nil {
			return nil, fmt.Errorf("insert jobs: %w", err)
		}
	}

	var events []*audit.Event
	for k := range items {
		events = append(events, ingestEvents(&items[k], now)...)
	}
	return events, nil
}

// ingestEvents are the audit events of one stored record.
func ingestEvents(it *item, now time.Time) []*audit.Event {
	r, o := it.r, it.o
	if o.Duplicate {
		return nil
	}
	base := audit.Event{At: now, Platform: r.Platform, Pseudonym: r.Pseudonym, MessageID: o.MessageID}
	mk := func(kind, outcome string, detail map[string]any) *audit.Event {
		e := base
		e.Kind, e.Outcome, e.Detail = kind, outcome, audit.Details(detail)
		return &e
	}
	switch {
	case r.Status != "":
		return []*audit.Event{mk(audit.KindReplyStatus, r.Status, map[string]any{"status": r.Status, "code": r.StatusCode, "ref": r.RefID})}
	case r.Ignore != "":
		return []*audit.Event{mk(audit.KindEventIgnored, "ignored", map[string]any{"kind": r.Kind, "reason": r.Ignore})}
	}
	events := []*audit.Event{
		mk(audit.KindMessageReceived, "success", map[string]any{"kind": r.Kind, "account": r.AccountID, "platform_msg_id": r.PlatformMsgID}),
		mk(audit.KindMessageStripped, "success", map[string]any{"categories": nonNil(r.Categories), "clinical": r.Clinical, "findings": r.FindingCount, "urgency": r.Urgency, "lang": r.Lang}),
	}
	switch {
	case r.OptOut:
		events = append(events, mk(audit.KindOptOut, "success", nil))
	case r.OptIn:
		events = append(events, mk(audit.KindOptIn, "success", nil))
	case o.Suppressed != "":
		events = append(events, mk(audit.KindReplySuppressed, "skipped", map[string]any{"reason": o.Suppressed}))
	case it.job != nil:
		o.Queued, o.JobID = true, it.job.ID
		e := mk(audit.KindReplyQueued, "success", nil)
		e.JobID = it.job.ID
		events = append(events, e)
	}
	return events
}

// messageCols are the columns insertMessages writes, in order.
const messageCols = "platform, platform_msg_id, account_id, sender_pseudonym, kind, redacted_text, categories, clinical, urgency, lang, received_at, created_at"

// insertMessages inserts the group's messages with multi-row INSERT ... ON CONFLICT DO
// NOTHING RETURNING statements and sets each record's MessageID, or Duplicate when the
// message is already stored (an earlier delivery, another instance, or an earlier record
// of this group).
func (s *Store) insertMessages(tx *gorm.DB, items []item, now time.Time) error {
	type key struct{ platform, id string }
	first := map[key]*item{}
	var fresh []*item
	for k := range items {
		it := &items[k]
		if it.r.PlatformMsgID == "" {
			continue
		}
		kk := key{it.r.Platform, it.r.PlatformMsgID}
		if first[kk] != nil {
			it.o.Duplicate = true
			continue
		}
		first[kk] = it
		fresh = append(fresh, it)
	}
	const chunk = 200 // 12 columns: well under SQLite's and PostgreSQL's variable limits
	for len(fresh) > 0 {
		part := fresh[:min(chunk, len(fresh))]
		fresh = fresh[len(part):]
		var sb strings.Builder
		sb.WriteString("INSERT INTO messages (" + messageCols + ") VALUES ")
		args := make([]any, 0, 12*len(part))
		for k, it := range part {
			if k > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?)")
			r := it.r
			args = append(args, r.Platform, r.PlatformMsgID, r.AccountID, r.Pseudonym, r.Kind, r.Redacted,
				strings.Join(r.Categories, ","), r.Clinical, r.Urgency, r.Lang, r.ReceivedAt.UTC(), now)
		}
		sb.WriteString(" ON CONFLICT (platform, platform_msg_id) DO NOTHING RETURNING id, platform, platform_msg_id")
		rows, err := tx.Raw(sb.String(), args...).Rows()
		if err != nil {
			return fmt.Errorf("insert messages: %w", err)
		}
		stored := map[key]int64{}
		for rows.Next() {
			var (
				id      int64
				pl, mid string
			)
			if err := rows.Scan(&id, &pl, &mid); err != nil {
				rows.Close()
				return fmt.Errorf("insert messages: %w", err)
			}
			stored[key{pl, mid}] = id
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("insert messages: %w", err)
		}
		for _, it := range part {
			if id, ok := stored[key{it.r.Platform, it.r.PlatformMsgID}]; ok {
				it.o.MessageID = id
			} else {
				it.o.Duplicate = true
			}
		}
	}
	return nil
}

// loadConversations creates the conversation rows the group needs (opt-outs and
// replyable messages), reads them locked for the rest of the transaction on PostgreSQL
// (in key order, so two instances never wait on each other in a cycle), and points each
// record at its state.
func (s *Store) loadConversations(tx *gorm.DB, items []item, now time.Time) error {
	states := map[convKey]*convState{}
	var keys []convKey
	for k := range items {
		it := &items[k]
		r := it.r
		if it.o.Duplicate || r.Status != "" || r.Ignore != "" {
			continue
		}
		if !(r.OptOut || r.OptIn || (r.Replyable && r.Recipient != "")) {
			continue
		}
		ck := convKey{r.Platform, r.AccountID, r.Pseudonym}
		if states[ck] == nil {
			states[ck] = &convState{key: ck}
			keys = append(keys, ck)
		}
		it.conv = states[ck]
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.platform != b.platform {
			return a.platform < b.platform
		}
		if a.account != b.account {
			return a.account < b.account
		}
		return a.pseudonym < b.pseudonym
	})
	const chunk = 300
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		rows := make([]Conversation, len(part))
		tuples := make([][]any, len(part))
		for i, ck := range part {
			rows[i] = Conversation{Platform: ck.platform, AccountID: ck.account, Pseudonym: ck.pseudonym, UpdatedAt: now}
			tuples[i] = []any{ck.platform, ck.account, ck.pseudonym}
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
			return fmt.Errorf("insert conversations: %w", err)
		}
		q := tx
		if s.Dialect() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var got []Conversation
		if err := q.Where("(platform, account_id, pseudonym) IN ?", tuples).
			Order("platform, account_id, pseudonym").Find(&got).Error; err != nil {
			return fmt.Errorf("lock conversations: %w", err)
		}
		for _, c := range got {
			if st := states[convKey{c.Platform, c.AccountID, c.Pseudonym}]; st != nil {
				st.optedOut, st.lastAt = c.OptedOut, c.LastReplyAt
			}
		}
	}
	return nil
}

// saveConversations writes back what the group changed: opt-out flags one row at a
// time (rare), the last reply time of every conversation that got a reply in one
// statement.
func (s *Store) saveConversations(tx *gorm.DB, items []item, now time.Time) error {
	seen := map[*convState]bool{}
	var replied [][]any
	for k := range items {
		st := items[k].conv
		if st == nil || seen[st] {
			continue
		}
		seen[st] = true
		where := tx.Model(&Conversation{}).Where("platform = ? AND account_id = ? AND pseudonym = ?", st.key.platform, st.key.account, st.key.pseudonym)
		if st.optDirty {
			if err := where.Updates(map[string]any{"opted_out": st.optedOut, "updated_at": now}).Error; err != nil {
				return fmt.Errorf("update conversation: %w", err)
			}
		}
		if st.replied {
			replied = append(replied, []any{st.key.platform, st.key.account, st.key.pseudonym})
		}
	}
	const chunk = 300
	for start := 0; start < len(replied); start += chunk {
		part := replied[start:min(start+chunk, len(replied))]
		if err := tx.Model(&Conversation{}).Where("(platform, account_id, pseudonym) IN ?", part).
			Updates(map[string]any{"last_reply_at": now, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("update conversations: %w", err)
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ErrNotFound is returned for a missing row.
var ErrNotFound = errors.New("store: not found")
