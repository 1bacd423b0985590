package devkit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// MessengerWebhook builds a Messenger text-message webhook body and its
// X-Hub-Signature-256 header, signed with appSecret.
func MessengerWebhook(appSecret, pageID, senderID, mid, text string, at time.Time) (body []byte, signature string) {
	ts := at.UnixMilli()
	payload := map[string]any{"object": "page", "entry": []any{map[string]any{
		"id": pageID, "time": ts, "messaging": []any{map[string]any{
			"sender": map[string]any{"id": senderID}, "recipient": map[string]any{"id": pageID}, "timestamp": ts,
			"message": map[string]any{"mid": mid, "text": text}}}}}}
	body, _ = json.Marshal(payload)
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write(body)
	return body, "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// NewMID returns a unique Messenger-style message id.
func NewMID() string { return fmt.Sprintf("m_dev%d", time.Now().UnixNano()) }
