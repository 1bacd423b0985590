package whatsapp

import (
	"encoding/json"
	"strconv"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/meta"
)

// Object is the webhook object of WhatsApp Cloud API notifications.
const Object = "whatsapp_business_account"

// Inbound.Reply keys.
const (
	// ReplyPhoneNumberID names the business number to answer from.
	ReplyPhoneNumberID = "phone_number_id"
	// ReplyAddress is AddressBSUID when the sender id is a business-scoped user id, which
	// Send addresses with "recipient" instead of "to".
	ReplyAddress = "address"
	AddressBSUID = "bsuid"
)

// parse reads every entry, every change and every message, status and echo in it.
func parse(body []byte) ([]connectors.Inbound, error) {
	var env Envelope
	if err := meta.Decode(body, Object, &env); err != nil {
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
		for _, raw := range e.Changes {
			var ch Change
			if err := json.Unmarshal(raw, &ch); err != nil {
				add(ignored(string(e.ID), "malformed_change"))
				continue
			}
			if ch.Value == nil || (ch.Field != "messages" && ch.Field != "smb_message_echoes") {
				add(ignored(string(e.ID), "change:"+meta.SafeToken(ch.Field)))
				continue
			}
			v := ch.Value
			phone := string(v.Metadata.PhoneNumberID)
			account := phone
			if account == "" {
				account = string(e.ID)
			}
			for _, m := range v.Messages {
				add(message(account, phone, m))
			}
			for _, m := range v.MessageEchoes {
				add(echo(account, m))
			}
			for _, s := range v.Statuses {
				add(status(account, s))
			}
			if len(v.Messages)+len(v.MessageEchoes)+len(v.Statuses) == 0 {
				note := "empty_change"
				if len(v.Errors) > 0 {
					note = "error:" + strconv.FormatInt(int64(v.Errors[0].Code), 10)
				}
				add(ignored(account, note))
			}
		}
	}
	return out, nil
}

func ignored(account, note string) connectors.Inbound {
	return connectors.Inbound{Platform: Platform, AccountID: account, Kind: connectors.KindIgnored, Note: note}
}

// message normalises one inbound message. Captions and tapped titles are text (the
// stripper must see them); media ids, file names, locations and contact cards are dropped.
func message(account, phone string, raw json.RawMessage) connectors.Inbound {
	var m Message
	if err := json.Unmarshal(raw, &m); err != nil {
		return ignored(account, "malformed_message")
	}
	in := connectors.Inbound{
		Platform:  Platform,
		AccountID: account,
		SenderID:  string(m.From),
		MessageID: string(m.ID),
		Time:      meta.Time(int64(m.Timestamp)),
	}
	if phone != "" {
		in.Reply = map[string]string{ReplyPhoneNumberID: phone}
	}
	if in.SenderID == "" && m.FromUserID != "" {
		// Username users may come with a business-scoped user id and no phone number.
		in.SenderID = string(m.FromUserID)
		in.Note = "bsuid"
		if in.Reply == nil {
			in.Reply = map[string]string{}
		}
		in.Reply[ReplyAddress] = AddressBSUID
	}
	note := func(n string) {
		if in.Note == "" {
			in.Note = n
		} else {
			in.Note += "," + n
		}
	}
	kind, text, typ := content(&m)
	in.Kind, in.Text = kind, text
	switch m.Type {
	case "reaction":
		in.Kind, in.Text = connectors.KindReaction, ""
		if m.Reaction != nil {
			in.RefID = string(m.Reaction.MessageID)
			if m.Reaction.Emoji == "" {
				note("unreact")
			} else {
				note("react")
			}
		}
	case "edit":
		in.Kind = connectors.KindEdit
		if m.Edit != nil {
			in.RefID = string(m.Edit.OriginalMessageID)
			if m.Edit.Message != nil {
				_, in.Text, typ = content(m.Edit.Message)
			}
		}
		if in.MessageID == "" && in.RefID != "" {
			in.MessageID = "edit:" + in.RefID + ":" + strconv.FormatInt(int64(m.Timestamp), 10)
		}
	case "revoke":
		in.Kind, in.Text = connectors.KindDeleted, ""
		if m.Revoke != nil {
			in.RefID = string(m.Revoke.OriginalMessageID)
		}
		if in.MessageID == "" && in.RefID != "" {
			in.MessageID = "deleted:" + in.RefID
		}
	}
	if typ != "" {
		note(typ)
	}
	return in
}

// content maps a message type to its kind, its text and a content-free type note.
func content(m *Message) (connectors.Kind, string, string) {
	caption := func(md *Media) string {
		if md == nil {
			return ""
		}
		return md.Caption
	}
	switch m.Type {
	case "text":
		if m.Text == nil {
			return connectors.KindText, "", ""
		}
		return connectors.KindText, m.Text.Body, ""
	case "image":
		return connectors.KindMedia, caption(m.Image), "image"
	case "video":
		return connectors.KindMedia, caption(m.Video), "video"
	case "document":
		return connectors.KindMedia, caption(m.Document), "document"
	case "audio":
		return connectors.KindMedia, "", "audio"
	case "sticker":
		return connectors.KindMedia, "", "sticker"
	case "location", "contacts", "order":
		return connectors.KindMedia, "", m.Type
	case "interactive":
		if i := m.Interactive; i != nil {
			switch {
			case i.ButtonReply != nil:
				return connectors.KindPostback, i.ButtonReply.Title, "button_reply"
			case i.ListReply != nil:
				return connectors.KindPostback, i.ListReply.Title, "list_reply"
			case i.NfmReply != nil:
				return connectors.KindPostback, i.NfmReply.Body, "nfm_reply"
			}
		}
		return connectors.KindPostback, "", "interactive"
	case "button":
		if m.Button == nil {
			return connectors.KindPostback, "", "button"
		}
		return connectors.KindPostback, m.Button.Text, "button"
	case "unsupported":
		// The patient sent something the API cannot show (errors[] code 131051): answer it.
		if len(m.Errors) > 0 {
			return connectors.KindMedia, "", "unsupported:" + strconv.FormatInt(int64(m.Errors[0].Code), 10)
		}
		return connectors.KindMedia, "", "unsupported"
	case "system":
		return connectors.KindIgnored, "", "system"
	case "reaction", "edit", "revoke":
		return "", "", ""
	}
	return connectors.KindIgnored, "", "unknown_type:" + meta.SafeToken(m.Type)
}

// echo normalises a coexistence echo (smb_message_echoes): a message the business sent from
// the WhatsApp Business app. Never answered; its text is not kept.
func echo(account string, raw json.RawMessage) connectors.Inbound {
	var m Message
	if err := json.Unmarshal(raw, &m); err != nil {
		return ignored(account, "malformed_echo")
	}
	in := connectors.Inbound{
		Platform: Platform, AccountID: account, SenderID: string(m.To), Kind: connectors.KindEcho,
		RefID: string(m.ID), Time: meta.Time(int64(m.Timestamp)), Note: "smb_echo",
	}
	if m.ID != "" {
		in.MessageID = "echo:" + string(m.ID)
	}
	return in
}

// status normalises one statuses[] element: KindStatus, RefID = our message's wamid,
// MessageID = "status:<wamid>:<status>", StatusCode = first error code of a failure.
func status(account string, raw json.RawMessage) connectors.Inbound {
	var s Status
	if err := json.Unmarshal(raw, &s); err != nil {
		return ignored(account, "malformed_status")
	}
	st := meta.SafeToken(s.Status)
	in := connectors.Inbound{
		Platform: Platform, AccountID: account, SenderID: string(s.RecipientID), Kind: connectors.KindStatus,
		Status: st, RefID: string(s.ID), Time: meta.Time(int64(s.Timestamp)),
	}
	if in.SenderID == "" {
		in.SenderID = string(s.RecipientUserID)
	}
	if s.ID != "" {
		in.MessageID = "status:" + string(s.ID) + ":" + st
	}
	if len(s.Errors) > 0 {
		in.StatusCode = strconv.FormatInt(int64(s.Errors[0].Code), 10)
	}
	if s.CallbackData != "" && meta.SafeToken(s.CallbackData) == s.CallbackData {
		in.Note = "tag:" + s.CallbackData
	}
	return in
}
