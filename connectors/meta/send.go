package meta

import (
	"context"
	"encoding/json"
	"net/http"
	"unicode/utf8"

	"github.com/ferryhealth/ferry/connectors"
)

// maxMetadata is the Send API's limit for message.metadata.
const maxMetadata = 1000

// PageMessage is the Messenger/Instagram Send API body:
//
//	{"recipient":{"id":"<PSID>"},"messaging_type":"RESPONSE","message":{"text":"…","metadata":"<tag>"}}
//
// https://developers.facebook.com/docs/messenger-platform/reference/send-api
type PageMessage struct {
	Recipient     map[string]string `json:"recipient"`
	MessagingType string            `json:"messaging_type"`
	Message       PageText          `json:"message"`
}

// PageText is PageMessage.message.
type PageText struct {
	Text     string `json:"text"`
	Metadata string `json:"metadata,omitempty"`
}

// PageSendResponse is the Send API's success body: {"recipient_id":"…","message_id":"…"}.
type PageSendResponse struct {
	RecipientID string `json:"recipient_id"`
	MessageID   string `json:"message_id"`
}

// PageSender sends Messenger and Instagram replies to {base}/me/messages with the Page (or
// Instagram) access token in an Authorization: Bearer header, never in the URL.
type PageSender struct {
	Platform string
	Base     string
	Client   *http.Client
	MaxRunes int
}

// Send posts one RESPONSE message. out.Tag, when short enough, goes in message.metadata so
// that the echo can be recognised.
func (p *PageSender) Send(ctx context.Context, out *connectors.Outbound, sec connectors.Secret) (*connectors.SendResult, error) {
	token := sec[KeyAccessToken]
	if token == "" {
		return nil, &connectors.SendError{Platform: p.Platform, Reason: "access token not configured", Auth: true}
	}
	if out == nil || out.RecipientID == "" {
		return nil, &connectors.SendError{Platform: p.Platform, Reason: "no recipient"}
	}
	if out.Text == "" || !utf8.ValidString(out.Text) {
		return nil, &connectors.SendError{Platform: p.Platform, Reason: "empty or invalid text"}
	}
	if p.MaxRunes > 0 && utf8.RuneCountInString(out.Text) > p.MaxRunes {
		return nil, &connectors.SendError{Platform: p.Platform, Reason: "text exceeds platform limit"}
	}
	recipientKey := "id"
	if out.Reply["recipient"] == ReplyUserRef {
		recipientKey = ReplyUserRef
	}
	msg := PageMessage{
		Recipient:     map[string]string{recipientKey: out.RecipientID},
		MessagingType: "RESPONSE",
		Message:       PageText{Text: out.Text},
	}
	if out.Tag != "" && len(out.Tag) < maxMetadata {
		msg.Message.Metadata = out.Tag
	}
	body, err := PostJSON(ctx, p.Client, p.Platform, p.Base+"/me/messages", token, msg)
	if err != nil {
		return nil, err
	}
	var resp PageSendResponse
	_ = json.Unmarshal(body, &resp) // a 2xx was sent even if its body is odd
	return &connectors.SendResult{MessageID: resp.MessageID}, nil
}
