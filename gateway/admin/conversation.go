package admin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
)

// MessageView is one stored message of a conversation: redacted text only (blank once
// retention has purged it).
type MessageView struct {
	ID           int64     `json:"id"`
	Platform     string    `json:"platform"`
	RedactedText string    `json:"redacted_text"`
	Categories   []string  `json:"categories"`
	Clinical     bool      `json:"clinical"`
	ReceivedAt   time.Time `json:"received_at"`
	Purged       bool      `json:"purged"`
}

// LinkView is the lifecycle of one deep link, from its audit events.
type LinkView struct {
	ID         string     `json:"id"`
	Platform   string     `json:"platform,omitempty"`
	MessageID  int64      `json:"message_id,omitempty"`
	IssuedAt   *time.Time `json:"issued_at,omitempty"`
	SentAt     *time.Time `json:"sent_at,omitempty"`
	OpenedAt   *time.Time `json:"opened_at,omitempty"`
	RedeemedAt *time.Time `json:"redeemed_at,omitempty"`
	Rejections int        `json:"rejections"`
	Status     string     `json:"status"` // issued, opened, redeemed
}

// Conversation is everything the log holds about one pseudonymous patient.
type Conversation struct {
	Pseudonym string        `json:"pseudonym"`
	Messages  []MessageView `json:"messages"`
	Links     []LinkView    `json:"links"`
	Events    []EventView   `json:"events"`
	Truncated bool          `json:"truncated"` // more than maxConversation events
}

const maxConversation = 1000

// messageRow is how the messages table is read (only the columns the audit side needs).
type messageRow struct {
	ID              int64
	Platform        string
	SenderPseudonym string
	RedactedText    string
	Categories      string
	Clinical        bool
	ReceivedAt      time.Time
}

func (s *server) conversation(ctx context.Context, ps string) (*Conversation, error) {
	if ps == "" || len(ps) > 128 {
		return nil, badRequest("pseudonym required")
	}
	db := s.DB.WithContext(ctx)
	conv := &Conversation{Pseudonym: ps, Messages: []MessageView{}, Links: []LinkView{}, Events: []EventView{}}
	var rows []messageRow
	err := db.Raw(`SELECT id, platform, sender_pseudonym, redacted_text, categories, clinical, received_at
		FROM messages WHERE sender_pseudonym = ? ORDER BY received_at, id LIMIT ?`, ps, maxConversation).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("admin: read messages: %w", err)
	}
	for _, r := range rows {
		conv.Messages = append(conv.Messages, MessageView{ID: r.ID, Platform: r.Platform, RedactedText: r.RedactedText,
			Categories: splitList(r.Categories), Clinical: r.Clinical, ReceivedAt: r.ReceivedAt.UTC(), Purged: r.RedactedText == ""})
	}
	var evs []audit.Event
	if err := db.Where("pseudonym = ?", ps).Order("seq").Limit(maxConversation + 1).Find(&evs).Error; err != nil {
		return nil, fmt.Errorf("admin: read conversation events: %w", err)
	}
	if len(evs) > maxConversation {
		evs, conv.Truncated = evs[:maxConversation], true
	}
	links := map[string]*LinkView{}
	var order []string
	for i := range evs {
		e := &evs[i]
		conv.Events = append(conv.Events, viewOf(e))
		if e.LinkID == "" {
			continue
		}
		l := links[e.LinkID]
		if l == nil {
			l = &LinkView{ID: e.LinkID, Platform: e.Platform, MessageID: e.MessageID}
			links[e.LinkID] = l
			order = append(order, e.LinkID)
		}
		at := e.At.UTC()
		switch e.Kind {
		case audit.KindLinkIssued:
			l.IssuedAt = &at
			if e.MessageID != 0 {
				l.MessageID = e.MessageID
			}
		case audit.KindReplySent:
			l.SentAt = &at
		case audit.KindLinkOpened:
			if l.OpenedAt == nil {
				l.OpenedAt = &at
			}
		case audit.KindLinkRedeemed:
			l.RedeemedAt = &at
		case audit.KindLinkRejected:
			l.Rejections++
		}
	}
	for _, id := range order {
		l := links[id]
		switch {
		case l.RedeemedAt != nil:
			l.Status = "redeemed"
		case l.OpenedAt != nil:
			l.Status = "opened"
		case l.SentAt != nil:
			l.Status = "sent"
		default:
			l.Status = "issued"
		}
		conv.Links = append(conv.Links, *l)
	}
	return conv, nil
}

// CategoriesOf returns the categories of a message.stripped event's detail.
func categoriesOf(detail string) []string {
	i := strings.Index(detail, `"categories":[`)
	if i < 0 {
		return nil
	}
	rest := detail[i+len(`"categories":[`):]
	j := strings.IndexByte(rest, ']')
	if j < 0 {
		return nil
	}
	var out []string
	for _, p := range strings.Split(rest[:j], ",") {
		if p = strings.Trim(strings.TrimSpace(p), `"`); p != "" {
			out = append(out, p)
		}
	}
	return out
}
