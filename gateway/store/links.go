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

// LinkOpened records that the landing page was shown.
func (ls *LinkStore) LinkOpened(ctx context.Context, jti string, at time.Time) error {
	err := ls.s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		var l Link
		if err := tx.Limit(1).Find(&l, "id = ?", jti).Error; err != nil {
			return nil, err
		}
		if l.ID == "" {
			return nil, nil // unknown: the portal refuses it and audits the rejection
		}
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
	won := false
	err := ls.s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		won = false // a failed group runs this again alone
		res := tx.Model(&Link{}).Where("id = ? AND redeemed_at IS NULL", jti).Update("redeemed_at", at.UTC())
		if res.Error != nil {
			return nil, res.Error
		}
		if res.RowsAffected != 1 {
			return nil, nil
		}
		var l Link
		if err := tx.First(&l, "id = ?", jti).Error; err != nil {
			return nil, err
		}
		won = true
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
	err := ls.s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		ev := &audit.Event{At: at, Kind: audit.KindLinkRejected, Outcome: "failure", LinkID: jti,
			Detail: audit.Details(map[string]any{"reason": reason})}
		if jti != "" {
			var l Link
			if err := tx.Limit(1).Find(&l, "id = ?", jti).Error; err != nil {
				return nil, err
			}
			if l.ID != "" {
				ev.Platform, ev.Pseudonym, ev.MessageID, ev.JobID = l.Platform, l.Pseudonym, l.MessageID, l.JobID
			} else {
				ev.LinkID = "" // never record an id we did not issue
			}
		}
		return []*audit.Event{ev}, nil
	})
	if err != nil {
		return fmt.Errorf("store: link rejected: %w", err)
	}
	return nil
}
