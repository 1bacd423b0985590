package store

import (
	"context"
	"errors"
	"fmt"
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
	var l Link
	err := ls.s.rdb.WithContext(ctx).First(&l, "id = ?", jti).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return portal.LinkUnknown, nil
	case err != nil:
		return portal.LinkUnknown, fmt.Errorf("store: link state: %w", err)
	case l.RedeemedAt != nil:
		return portal.LinkRedeemed, nil
	}
	return portal.LinkActive, nil
}

// linkInfo reads a link's row outside any write transaction (on SQLite, from the reader
// pool). Its identity fields (platform, pseudonym, message, job) never change, so the
// grouped writes below need not read them while they hold the writer; found is false
// for an unknown jti.
func (ls *LinkStore) linkInfo(ctx context.Context, jti string) (l Link, found bool, err error) {
	if err := ls.s.rdb.WithContext(ctx).Limit(1).Find(&l, "id = ?", jti).Error; err != nil {
		return l, false, fmt.Errorf("store: read link: %w", err)
	}
	return l, l.ID != "", nil
}

// LinkOpened records that the landing page was shown.
func (ls *LinkStore) LinkOpened(ctx context.Context, jti string, at time.Time) error {
	l, found, err := ls.linkInfo(ctx, jti)
	if err != nil || !found {
		return err // unknown: the portal refuses it and audits the rejection
	}
	err = ls.s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		if l.OpenedAt == nil {
			if err := tx.Model(&Link{}).Where("id = ? AND opened_at IS NULL", jti).Update("opened_at", at.UTC()).Error; err != nil {
				return nil, err
			}
		}
		return []*audit.Event{{At: at, Kind: audit.KindLinkOpened, Outcome: "success",
			Platform: l.Platform, Pseudonym: l.Pseudonym, MessageID: l.MessageID, JobID: l.JobID, LinkID: jti}}, nil
	})
	if err != nil {
		return fmt.Errorf("store: link opened: %w", err)
	}
	return nil
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
	won := false
	err = ls.s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		// The conditional update decides the race: exactly one caller changes the row.
		res := tx.Model(&Link{}).Where("id = ? AND redeemed_at IS NULL", jti).Update("redeemed_at", at.UTC())
		if res.Error != nil {
			return nil, res.Error
		}
		if won = res.RowsAffected == 1; !won { // a failed group runs this again alone
			return nil, nil
		}
		return []*audit.Event{{At: at, Kind: audit.KindLinkRedeemed, Outcome: "success", Platform: l.Platform,
			Pseudonym: l.Pseudonym, MessageID: l.MessageID, JobID: l.JobID, LinkID: jti}}, nil
	})
	if err != nil {
		return false, fmt.Errorf("store: redeem link: %w", err)
	}
	return won, nil
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
