package meta

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ferryhealth/ferry/connectors"
)

// Envelope is the body of every Meta webhook POST ("page", "instagram",
// "whatsapp_business_account"). Meta batches: entry holds several objects and each
// entry several events.
//
//	{"object":"page","entry":[{"id":"<PAGE_ID>","time":1458692752478,"messaging":[{...}]}]}
//
// https://developers.facebook.com/docs/messenger-platform/webhooks
type Envelope struct {
	Object string  `json:"object"`
	Entry  []Entry `json:"entry"`
}

// Entry is one element of Envelope.Entry: a Page, IG account or WABA.
type Entry struct {
	ID   FlexString `json:"id"`
	Time FlexInt    `json:"time"`
	// Events are decoded one by one so that one odd event cannot sink the batch.
	Messaging []json.RawMessage `json:"messaging"`
	Standby   []json.RawMessage `json:"standby"`
	Changes   []json.RawMessage `json:"changes"`
}

// Change is one entry.changes[] element (WhatsApp; Instagram comments and test events).
type Change struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

// Party is a sender or recipient. Chat-plugin postbacks carry user_ref instead of id.
type Party struct {
	ID      FlexString `json:"id"`
	UserRef FlexString `json:"user_ref"`
}

// Event is one Messenger/Instagram messaging (or standby) event. Exactly one of the
// pointer fields is normally set.
//
// https://developers.facebook.com/docs/messenger-platform/reference/webhook-events
type Event struct {
	Sender    Party   `json:"sender"`
	Recipient Party   `json:"recipient"`
	Timestamp FlexInt `json:"timestamp"`

	Message     *Message     `json:"message"`
	Postback    *Postback    `json:"postback"`
	Delivery    *Watermark   `json:"delivery"`
	Read        *Watermark   `json:"read"`
	Seen        *Watermark   `json:"messaging_seen"` // Instagram's read receipt
	Reaction    *Reaction    `json:"reaction"`
	MessageEdit *MessageEdit `json:"message_edit"`

	// Events Ferry records but never answers.
	Optin                json.RawMessage `json:"optin"`
	Referral             json.RawMessage `json:"referral"`
	AccountLinking       json.RawMessage `json:"account_linking"`
	PassThreadControl    json.RawMessage `json:"pass_thread_control"`
	TakeThreadControl    json.RawMessage `json:"take_thread_control"`
	RequestThreadControl json.RawMessage `json:"request_thread_control"`
	AppRoles             json.RawMessage `json:"app_roles"`
	PolicyEnforcement    json.RawMessage `json:"policy_enforcement"`
	GamePlay             json.RawMessage `json:"game_play"`
}

// Message is event.message. Attachment payloads (media URLs) are deliberately not decoded.
//
//	{"mid":"m_1","text":"hello","quick_reply":{"payload":"P"},"reply_to":{"mid":"m_0"},
//	 "attachments":[{"type":"image","payload":{"url":"…"}}],"is_echo":true,"app_id":123,"metadata":"…"}
type Message struct {
	MID           FlexString      `json:"mid"`
	Text          string          `json:"text"`
	IsEcho        bool            `json:"is_echo"`
	AppID         FlexString      `json:"app_id"`
	Metadata      string          `json:"metadata"`
	QuickReply    *QuickReply     `json:"quick_reply"`
	ReplyTo       *ReplyTo        `json:"reply_to"`
	Attachments   []Attachment    `json:"attachments"`
	IsDeleted     bool            `json:"is_deleted"`
	IsUnsupported bool            `json:"is_unsupported"`
	StickerID     json.RawMessage `json:"sticker_id"`
}

// QuickReply is message.quick_reply.
type QuickReply struct {
	Payload string `json:"payload"`
}

// ReplyTo is message.reply_to: a reply to a message or (Instagram) to a story.
type ReplyTo struct {
	MID   FlexString      `json:"mid"`
	Story json.RawMessage `json:"story"`
}

// Attachment is one message.attachments[] element; only its type is read.
type Attachment struct {
	Type string `json:"type"`
}

// Postback is event.postback (buttons, Get Started, persistent menu, icebreakers).
type Postback struct {
	MID     FlexString `json:"mid"`
	Title   string     `json:"title"`
	Payload string     `json:"payload"`
}

// Watermark is event.delivery, event.read and event.messaging_seen.
type Watermark struct {
	MIDs      []FlexString `json:"mids"`
	MID       FlexString   `json:"mid"`
	Watermark FlexInt      `json:"watermark"`
}

// Reaction is event.reaction.
type Reaction struct {
	MID      FlexString `json:"mid"`
	Action   string     `json:"action"`
	Reaction string     `json:"reaction"`
	Emoji    string     `json:"emoji"`
}

// MessageEdit is event.message_edit.
type MessageEdit struct {
	MID     FlexString `json:"mid"`
	Text    string     `json:"text"`
	NumEdit FlexInt    `json:"num_edit"`
}

// FlexString accepts a JSON string or number (Meta sends ids both ways, e.g. app_id).
type FlexString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return errFlex
		}
		*s = FlexString(v)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return errFlex
		}
		*s = FlexString(n.String())
	}
	return nil
}

// FlexInt accepts a JSON number or a numeric string (WhatsApp sends timestamps as strings).
type FlexInt int64

// UnmarshalJSON implements json.Unmarshaler. Non-numeric strings read as zero.
func (n *FlexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*n = 0
		return nil
	}
	var raw string
	if b[0] == '"' {
		if err := json.Unmarshal(b, &raw); err != nil {
			return errFlex
		}
	} else {
		var num json.Number
		if err := json.Unmarshal(b, &num); err != nil {
			return errFlex
		}
		raw = num.String()
	}
	if v, err := strconv.ParseInt(raw, 10, 64); err == nil {
		*n = FlexInt(v)
	} else if f, err := strconv.ParseFloat(raw, 64); err == nil && f > -9e18 && f < 9e18 {
		*n = FlexInt(int64(f))
	} else {
		*n = 0
	}
	return nil
}

var errFlex = errors.New("meta: unexpected JSON type")

// Time converts a Meta timestamp to time.Time: milliseconds (Messenger), or seconds when
// the value is too small to be milliseconds (WhatsApp, Instagram test events).
func Time(ts int64) time.Time {
	switch {
	case ts <= 0:
		return time.Time{}
	case ts < 1e11:
		return time.Unix(ts, 0).UTC()
	default:
		return time.UnixMilli(ts).UTC()
	}
}

// Decode reads a webhook body into v and checks that Envelope.Object is object. Errors
// wrap connectors.ErrMalformed and never quote the body.
func Decode(body []byte, object string, v any) error {
	if len(body) > MaxBodyBytes {
		return fmt.Errorf("meta: payload too large: %w", connectors.ErrMalformed)
	}
	var head struct {
		Object string `json:"object"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return jsonError(err)
	}
	if head.Object != object {
		return fmt.Errorf("meta: unexpected object type: %w", connectors.ErrMalformed)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return jsonError(err)
	}
	return nil
}

// jsonError describes a decoding failure without quoting the input (encoding/json errors
// can name input keys and values).
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("meta: invalid JSON at offset %d: %w", syn.Offset, connectors.ErrMalformed)
	case errors.As(err, &typ):
		return fmt.Errorf("meta: unexpected JSON type at offset %d: %w", typ.Offset, connectors.ErrMalformed)
	default:
		return fmt.Errorf("meta: invalid JSON: %w", connectors.ErrMalformed)
	}
}
