package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/portal"
	"gorm.io/gorm"
)

// LinkStore adapts the store to portal.LinkStore: link state, opened, redeemed and
// rejected, each audited in the same transaction.
type LinkStore struct{ s *Store }

// Links returns the portal's view of the store.
func (s *Store) Links() *LinkStore { return &LinkStore{s: s} }

// LinkState reports whether a link is unknown, active or redeemed.
func (ls *LinkStore) LinkState(ctx context.Context, jti string) (portal.LinkState, error) {
	l, found, err := ls.linkInfo(ctx, jti)
	if err != nil {
		return portal.LinkUnknown, fmt.Errorf("store: link state: %w", err)
	}
	return linkState(l, found), nil
}

func linkState(l Link, found bool) portal.LinkState {
	switch {
	case !found:
		return portal.LinkUnknown
	case l.RedeemedAt != nil:
		return portal.LinkRedeemed
	}
	return portal.LinkActive
}

// linkInfo reads a link's row outside any write transaction (on SQLite, from the reader
// pool). Its identity fields (platform, pseudonym, message, job) never change, so the
// grouped writes below need not read them while they hold the writer; found is false
// for an unknown jti. Every landing page and redemption reads it, so the query is a
// prepared statement (no gorm, no parsing per request).
func (ls *LinkStore) linkInfo(ctx context.Context, jti string) (l Link, found bool, err error) {
	q, err := ls.s.linkQuery()
	if err != nil {
		return l, false, fmt.Errorf("store: read link: %w", err)
	}
	err = q.QueryRowContext(ctx, jti).Scan(&l.ID, &l.Pseudonym, &l.MessageID, &l.JobID, &l.Platform, &l.OpenedAt, &l.RedeemedAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return l, false, nil
	case err != nil:
		return l, false, fmt.Errorf("store: read link: %w", err)
	}
	return l, true, nil
}

// linkQuery prepares the link read on the read pool once.
func (s *Store) linkQuery() (*sql.Stmt, error) {
	s.linkQ.once.Do(func() {
		db, err := s.rdb.DB()
		if err != nil {
			s.linkQ.err = err
			return
		}
		q := "SELECT id, pseudonym, message_id, job_id, platform, opened_at, redeemed_at FROM links WHERE id = ?"
		if s.Dialect() == "postgres" {
			q = strings.Replace(q, "?", "$1", 1)
		}
		s.linkQ.stmt, s.linkQ.err = db.Prepare(q)
	})
	return s.linkQ.stmt, s.linkQ.err
}

// OpenLink reports a link's state and, when it is active, records that its landing page
// was shown (opened_at is set the first time; every showing is audited). An unknown link
// is left to the portal, which refuses it and audits the rejection.
//
// The showing is queued for the next group commit and OpenLink does not wait for it: the
// landing page changes nothing a patient relies on, so it need not wait for an fsync
// (the redemption, which spends the link, does). Its place in the queue is kept, so the
// audit chain has it before the redemption that follows; a crash in the few milliseconds
// before that commit loses the record of the showing only. A failed write is logged.
func (ls *LinkStore) OpenLink(ctx context.Context, jti string, at time.Time) (portal.LinkState, error) {
	l, found, err := ls.linkInfo(ctx, jti)
	if err != nil {
		return portal.LinkUnknown, fmt.Errorf("store: open link: %w", err)
	}
	if st := linkState(l, found); st != portal.LinkActive {
		return st, nil
	}
	r := &writeReq{ctx: context.WithoutCancel(ctx), link: &linkWrite{l: l, at: at}}
	ls.s.writeAsync(r, func(err error) {
		if err != nil {
			ls.s.log.Error("record link opened", slog.String("jti", l.ID), slog.String("error", err.Error()))
		}
	})
	return portal.LinkActive, nil
}

// RedeemLink marks a link used; exactly one caller gets true, and its redemption is
// audited in the same transaction. Losers (reuse, unknown jti) are audited by the portal
// through LinkRejected, with the reason it determined.
func (ls *LinkStore) RedeemLink(ctx context.Context, jti string, at time.Time) (bool, error) {
	l, found, err := ls.linkInfo(ctx, jti)
	if err != nil {
		return false, err
	}
	if !found || l.RedeemedAt != nil {
		return false, nil
	}
	r := &writeReq{ctx: ctx, link: &linkWrite{l: l, at: at, redeem: true}}
	if ls.s.write(r); r.err != nil {
		return false, fmt.Errorf("store: redeem link: %w", r.err)
	}
	return r.link.won, nil
}

// linkWrite is a link opened or redeemed, waiting in a group.
type linkWrite struct {
	l      Link // the link's fixed fields, read before the write
	at     time.Time
	redeem bool
	won    bool // redeem: this request is the one that spent the link
}

func (w *linkWrite) events() []*audit.Event {
	kind := audit.KindLinkOpened
	if w.redeem {
		if !w.won {
			return nil // the portal audits the refusal
		}
		kind = audit.KindLinkRedeemed
	}
	return []*audit.Event{{At: w.at, Kind: kind, Outcome: "success", Platform: w.l.Platform,
		Pseudonym: w.l.Pseudonym, MessageID: w.l.MessageID, JobID: w.l.JobID, LinkID: w.l.ID}}
}

// linkBatch sets opened_at, or redeemed_at, on the group's links that do not have it yet,
// with one conditional UPDATE ... RETURNING per 200 links. For redemptions the returned
// ids decide who won: the first request of the group for a link that was still unspent
// (several requests for the same link in one group: one wins, as with separate
// transactions).
func (s *Store) linkBatch(tx *gorm.DB, reqs []*writeReq) error {
	const chunk = 200
	for start := 0; start < len(reqs); start += chunk {
		part := reqs[start:min(start+chunk, len(reqs))]
		col := "opened_at"
		if part[0].link.redeem {
			col = "redeemed_at"
		}
		var sb strings.Builder
		args := make([]any, 0, 2*len(part))
		for i, r := range part {
			if i > 0 {
				sb.WriteByte(',')
			}
			args = append(args, r.link.l.ID, r.link.at.UTC())
			if s.Dialect() == "postgres" {
				sb.WriteString("(?, CAST(? AS timestamptz))")
			} else {
				sb.WriteString("(?, ?)")
			}
		}
		var q string
		if s.Dialect() == "postgres" {
			q = "UPDATE links AS l SET " + col + " = v.at FROM (VALUES " + sb.String() + ") AS v(id, at) " +
				"WHERE l.id = v.id AND l." + col + " IS NULL RETURNING l.id"
		} else {
			q = "UPDATE links SET " + col + " = v.at FROM (SELECT column1 AS id, column2 AS at FROM (VALUES " + sb.String() + ")) AS v " +
				"WHERE links.id = v.id AND links." + col + " IS NULL RETURNING links.id"
		}
		var changed []string
		if err := tx.Raw(q, args...).Scan(&changed).Error; err != nil {
			return err
		}
		spent := map[string]bool{}
		for _, id := range changed {
			spent[id] = true
		}
		for _, r := range part {
			r.link.won = spent[r.link.l.ID]
			delete(spent, r.link.l.ID) // later requests for the same link lose
		}
	}
	return nil
}

// LinkRejected audits a refused link (expired, forged, malformed...). jti may be empty.
func (ls *LinkStore) LinkRejected(ctx context.Context, jti, reason string, at time.Time) error {
	ev := &audit.Event{At: at, Kind: audit.KindLinkRejected, Outcome: "failure", LinkID: jti,
		Detail: audit.Details(map[string]any{"reason": reason})}
	if jti != "" {
		l, found, err := ls.linkInfo(ctx, jti)
		if err != nil {
			return err
		}
		if found {
			ev.Platform, ev.Pseudonym, ev.MessageID, ev.JobID = l.Platform, l.Pseudonym, l.MessageID, l.JobID
		} else {
			ev.LinkID = "" // never record an id we did not issue
		}
	}
	err := ls.s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		return []*audit.Event{ev}, nil
	})
	if err != nil {
		return fmt.Errorf("store: link rejected: %w", err)
	}
	return nil
}
