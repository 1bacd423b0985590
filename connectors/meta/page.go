package meta

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/ferryhealth/ferry/connectors"
)

// Objects of the Page-style webhooks.
const (
	ObjectPage      = "page"
	ObjectInstagram = "instagram"
)

// ReplyUserRef is set in Inbound.Reply["recipient"] when the sender is a chat-plugin
// user_ref rather than a PSID; Send then addresses recipient.user_ref.
const ReplyUserRef = "user_ref"

// messagingFields are the change fields whose value is a messaging event (Instagram
// dashboard test events and some Instagram Login subscriptions deliver them this way).
var messagingFields = map[string]bool{
	"messages": true, "message_echoes": true, "messaging_postbacks": true, "message_reactions": true,
	"messaging_seen": true, "message_reads": true, "message_deliveries": true, "message_edits": true,
	"messaging_referral": true, "messaging_optins": true, "standby": true, "messaging_handover": true,
}

// ParsePage turns a Messenger ("page") or Instagram ("instagram") webhook body into events:
// every entry, every messaging[], standby[] and changes[] element, duplicates within the
// payload dropped. Errors wrap connectors.ErrMalformed and never quote the body.
func ParsePage(platform, object string, body []byte) ([]connectors.Inbound, error) {
	var env Envelope
	if err := Decode(body, object, &env); err != nil {
		return nil, err
	}
	var out []connectors.Inbound
	seen := map[string]bool{}
	add := func(in connectors.Inbound) {
		if in.MessageID != "" {
			if seen[in.MessageID] {
				return
			}
			seen[in.MessageID] = true
		}
		out = append(out, in)
	}
	for _, e := range env.Entry {
		entry := entryInfo{platform: platform, id: string(e.ID), time: int64(e.Time)}
		for _, raw := range e.Messaging {
			add(entry.event(raw, false))
		}
		for _, raw := range e.Standby {
			add(entry.event(raw, true))
		}
		for _, raw := range e.Changes {
			var ch Change
			if err := json.Unmarshal(raw, &ch); err != nil {
				add(entry.ignored("malformed_change"))
				continue
			}
			if messagingFields[ch.Field] && len(ch.Value) > 0 {
				add(entry.event(ch.Value, ch.Field == "standby"))
				continue
			}
			add(entry.ignored("change:" + SafeToken(ch.Field)))
		}
	}
	return out, nil
}

type entryInfo struct {
	platform string
	id       string
	time     int64
}

func (en entryInfo) ignored(note string) connectors.Inbound {
	return connectors.Inbound{Platform: en.platform, AccountID: en.id, Kind: connectors.KindIgnored, Time: Time(en.time), Note: note}
}

// event normalises one messaging event. Media URLs, story URLs, quick-reply payloads and
// reaction emoji are never copied into the result.
func (en entryInfo) event(raw json.RawMessage, standby bool) connectors.Inbound {
	var ev Event
	if err := json.Unmarshal(raw, &ev); err != nil {
		return en.ignored("malformed_event")
	}
	in := connectors.Inbound{Platform: en.platform, AccountID: en.id, Time: Time(int64(ev.Timestamp))}
	if in.Time.IsZero() {
		in.Time = Time(en.time)
	}
	sender, recipient := string(ev.Sender.ID), string(ev.Recipient.ID)
	echo := ev.Message != nil && ev.Message.IsEcho
	if echo {
		// Direction of echoes differs between sources: the user is the party that is not
		// the account (docs: sender = page; some captures: sender = user).
		if sender == en.id || (en.id == "" && recipient != "") {
			sender, recipient = recipient, sender
		}
	}
	if in.AccountID == "" {
		in.AccountID = recipient
	}
	in.SenderID = sender
	if sender == "" && ev.Sender.UserRef != "" {
		in.SenderID = string(ev.Sender.UserRef)
		in.Reply = map[string]string{"recipient": ReplyUserRef}
	}
	if standby {
		in.Note = "standby"
	}
	note := func(n string) {
		if in.Note == "" {
			in.Note = n
		} else {
			in.Note += "," + n
		}
	}
	ts := strconv.FormatInt(int64(ev.Timestamp), 10)
	switch {
	case ev.Message != nil:
		m := ev.Message
		mid := string(m.MID)
		switch {
		case m.IsEcho:
			in.Kind, in.RefID = connectors.KindEcho, mid
			in.MessageID = prefixed("echo:", mid)
			if tok := SafeToken(m.Metadata); m.Metadata != "" && tok == m.Metadata {
				note("tag:" + tok)
			}
		case m.IsDeleted:
			in.Kind, in.RefID = connectors.KindDeleted, mid
			in.MessageID = prefixed("deleted:", mid)
		case m.IsUnsupported:
			// The patient wrote something the API cannot show: still a message to answer.
			in.Kind, in.MessageID = connectors.KindMedia, mid
			note("unsupported")
		case hasAttachment(m, "story_mention"):
			// A mention in the patient's story, not a direct message.
			in.Kind, in.MessageID = connectors.KindIgnored, mid
			note("story_mention")
		case m.QuickReply != nil:
			in.Kind, in.MessageID, in.Text = connectors.KindPostback, mid, m.Text
			note("quick_reply")
		case len(m.Attachments) > 0 || len(m.StickerID) > 0:
			in.Kind, in.MessageID, in.Text = connectors.KindMedia, mid, m.Text
			if len(m.Attachments) > 0 {
				note(SafeToken(m.Attachments[0].Type))
			} else {
				note("sticker")
			}
		case m.Text != "":
			in.Kind, in.MessageID, in.Text = connectors.KindText, mid, m.Text
		default:
			in.Kind, in.MessageID = connectors.KindIgnored, mid
			note("empty_message")
		}
		if m.ReplyTo != nil && len(m.ReplyTo.Story) > 0 && !m.IsEcho {
			note("story_reply")
		}
	case ev.Postback != nil:
		in.Kind, in.Text = connectors.KindPostback, ev.Postback.Title
		in.MessageID = string(ev.Postback.MID)
		if in.MessageID == "" {
			in.MessageID = "postback:" + ts + ":" + shortHash(in.SenderID+"\x00"+ev.Postback.Payload)
		}
	case ev.Delivery != nil:
		in.Kind, in.Status = connectors.KindReceipt, "delivered"
		in.RefID = firstMID(ev.Delivery)
		in.MessageID = receiptID("delivered", ev.Delivery, in.SenderID)
	case ev.Read != nil || ev.Seen != nil:
		w := ev.Read
		if w == nil {
			w = ev.Seen
		}
		in.Kind, in.Status = connectors.KindReceipt, "read"
		in.RefID = firstMID(w)
		in.MessageID = receiptID("read", w, in.SenderID)
	case ev.Reaction != nil:
		r := ev.Reaction
		in.Kind, in.RefID = connectors.KindReaction, string(r.MID)
		action := SafeToken(r.Action)
		if r.Action == "" {
			action = "react"
		}
		note(action)
		in.MessageID = "reaction:" + string(r.MID) + ":" + action + ":" + ts + ":" + shortHash(in.SenderID)
	case ev.MessageEdit != nil:
		e := ev.MessageEdit
		in.Kind, in.RefID, in.Text = connectors.KindEdit, string(e.MID), e.Text
		in.MessageID = "edit:" + string(e.MID) + ":" + strconv.FormatInt(int64(e.NumEdit), 10)
	default:
		in.Kind = connectors.KindIgnored
		note(otherEvent(&ev))
	}
	return in
}

func hasAttachment(m *Message, typ string) bool {
	for _, a := range m.Attachments {
		if a.Type == typ {
			return true
		}
	}
	return false
}

func firstMID(w *Watermark) string {
	if len(w.MIDs) > 0 {
		return string(w.MIDs[0])
	}
	return string(w.MID)
}

// receiptID is "receipt:<kind>:<watermark>:<sender hash>": unique per conversation and
// watermark, and free of the sender's id.
func receiptID(kind string, w *Watermark, sender string) string {
	mark := int64(w.Watermark)
	if mark == 0 && firstMID(w) != "" {
		return "receipt:" + kind + ":" + firstMID(w)
	}
	return "receipt:" + kind + ":" + strconv.FormatInt(mark, 10) + ":" + shortHash(sender)
}

func otherEvent(ev *Event) string {
	switch {
	case len(ev.Optin) > 0:
		return "optin"
	case len(ev.Referral) > 0:
		return "referral"
	case len(ev.AccountLinking) > 0:
		return "account_linking"
	case len(ev.PassThreadControl) > 0, len(ev.TakeThreadControl) > 0, len(ev.RequestThreadControl) > 0:
		return "handover"
	case len(ev.AppRoles) > 0:
		return "app_roles"
	case len(ev.PolicyEnforcement) > 0:
		return "policy_enforcement"
	case len(ev.GamePlay) > 0:
		return "game_play"
	}
	return "unsupported_event"
}

func prefixed(prefix, id string) string {
	if id == "" {
		return ""
	}
	return prefix + id
}

// shortHash is a 16-hex-digit digest used in synthetic dedupe keys, so that they never
// carry a sender id in clear.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// SafeToken returns s when it is a short identifier-like token ([A-Za-z0-9_.:-], at most
// 64 bytes), else "other". Notes built from it stay content-free.
func SafeToken(s string) string {
	if s == "" || len(s) > 64 {
		return "other"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == ':' || c == '-'
		if !ok {
			return "other"
		}
	}
	return s
}
