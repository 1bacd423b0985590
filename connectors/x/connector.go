// Package x is the X (Twitter) connector: Account Activity API webhooks in, v2 direct
// messages out.
package x

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ferryhealth/ferry/connectors"
)

// Platform is the name used in routes, Vault paths and the database.
const Platform = "x"

// DefaultAPIBase is the send API's scheme and host.
const DefaultAPIBase = "https://api.x.com"

// MaxChars is the DM text limit (X counts characters; Ferry counts runes).
const MaxChars = 10000

// SignatureHeader carries sha256=<base64 HMAC-SHA256(consumer secret, raw body)>.
const SignatureHeader = "X-Twitter-Webhooks-Signature"

// Vault keys of secret/ferry/platforms/x.
const (
	KeyConsumerSecret = "consumer_secret"
	KeyAccessToken    = "access_token"
)

const maxResponseBytes = 1 << 20

func init() { connectors.Register(Platform, New) }

// Connector implements connectors.Connector for X.
type Connector struct {
	base   string
	client *http.Client
	now    func() time.Time
}

// New builds the X connector.
func New(opts connectors.Options) connectors.Connector {
	base := strings.TrimRight(opts.APIBase, "/")
	if base == "" {
		base = DefaultAPIBase
	}
	client := opts.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	return &Connector{base: base, client: client, now: time.Now}
}

// Platform returns "x".
func (c *Connector) Platform() string { return Platform }

// Limits returns the DM length limit.
func (c *Connector) Limits() connectors.Limits {
	return connectors.Limits{MaxChars: MaxChars, Unit: "runes"}
}

// Ack is an empty 200.
func (c *Connector) Ack() *connectors.Response {
	return &connectors.Response{Status: http.StatusOK, ContentType: "text/plain; charset=utf-8"}
}

var (
	errNoCRC     = fmt.Errorf("x: missing crc_token: %w", connectors.ErrForbidden)
	errNoSecret  = fmt.Errorf("x: %w", connectors.ErrNotConfigured)
	errSignature = fmt.Errorf("x: %w", connectors.ErrBadSignature)
	errMalformed = fmt.Errorf("x: %w", connectors.ErrMalformed)
)

// CRCResponseToken returns "sha256=" + base64(HMAC-SHA256(consumerSecret, crcToken)).
func CRCResponseToken(consumerSecret, crcToken string) string {
	return "sha256=" + sign(consumerSecret, []byte(crcToken))
}

// Signature returns the value of x-twitter-webhooks-signature for body.
func Signature(consumerSecret string, body []byte) string {
	return "sha256=" + sign(consumerSecret, body)
}

func sign(secret string, msg []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(msg)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Handshake answers the CRC challenge: GET ?crc_token=... with {"response_token": ...}.
func (c *Connector) Handshake(_ context.Context, req *connectors.Request, sec connectors.Secret) (*connectors.Response, error) {
	secret := sec[KeyConsumerSecret]
	if secret == "" {
		return nil, errNoSecret
	}
	token := crcToken(req)
	if token == "" {
		return nil, errNoCRC
	}
	body, err := json.Marshal(map[string]string{"response_token": CRCResponseToken(secret, token)})
	if err != nil {
		return nil, errNoCRC
	}
	return &connectors.Response{Status: http.StatusOK, ContentType: "application/json; charset=utf-8", Body: body}, nil
}

func crcToken(req *connectors.Request) string {
	if req == nil {
		return ""
	}
	if t := req.Query.Get("crc_token"); t != "" {
		return t
	}
	if u, err := url.Parse(req.URL); err == nil {
		return u.Query().Get("crc_token")
	}
	return ""
}

// Verify checks x-twitter-webhooks-signature over the raw body in constant time.
func (c *Connector) Verify(_ context.Context, req *connectors.Request, sec connectors.Secret) error {
	secret := sec[KeyConsumerSecret]
	if secret == "" {
		return errNoSecret
	}
	if req == nil {
		return errSignature
	}
	got := req.HeaderValue(SignatureHeader)
	if !strings.HasPrefix(got, "sha256=") {
		return errSignature
	}
	want := Signature(secret, req.Body)
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errSignature
	}
	return nil
}

// activity is an Account Activity API delivery.
//
// https://developer.x.com/en/docs/twitter-api/enterprise/account-activity-api/guides/account-activity-data-objects
//
//	{"for_user_id":"835740314006511618",
//	 "direct_message_events":[{"type":"message_create","id":"958501034212564996",
//	   "created_timestamp":"1517359429301","message_create":{"target":{"recipient_id":"835740314006511618"},
//	   "sender_id":"272953809","message_data":{"text":"Hello World &amp; good wishes."}}}],
//	 "users":{...}}
type dmEvent struct {
	Type             string `json:"type"`
	ID               string `json:"id"`
	CreatedTimestamp string `json:"created_timestamp"`
	MessageCreate    *struct {
		Target struct {
			RecipientID string `json:"recipient_id"`
		} `json:"target"`
		SenderID    string `json:"sender_id"`
		MessageData struct {
			Text       string          `json:"text"`
			Attachment json.RawMessage `json:"attachment"`
			QuickReply json.RawMessage `json:"quick_reply_response"`
		} `json:"message_data"`
	} `json:"message_create"`
}

// notes for the other event arrays; they never get a reply.
var otherEvents = map[string]struct {
	kind connectors.Kind
	note string
}{
	"direct_message_mark_read_events":       {connectors.KindReceipt, "read"},
	"direct_message_indicate_typing_events": {connectors.KindIgnored, "typing"},
	"tweet_create_events":                   {connectors.KindIgnored, "tweet"},
	"tweet_delete_events":                   {connectors.KindIgnored, "tweet_delete"},
	"favorite_events":                       {connectors.KindIgnored, "favorite"},
	"follow_events":                         {connectors.KindIgnored, "follow"},
	"unfollow_events":                       {connectors.KindIgnored, "follow"},
	"block_events":                          {connectors.KindIgnored, "block"},
	"mute_events":                           {connectors.KindIgnored, "mute"},
}

// Parse turns an Account Activity delivery into events.
func (c *Connector) Parse(req *connectors.Request) ([]connectors.Inbound, error) {
	if req == nil {
		return nil, errMalformed
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(req.Body, &top); err != nil || top == nil {
		return nil, errMalformed
	}
	var account string
	if err := json.Unmarshal(top["for_user_id"], &account); err != nil || !isID(account) {
		return nil, errMalformed
	}
	var out []connectors.Inbound
	if raw, ok := top["direct_message_events"]; ok {
		var events []dmEvent
		if err := json.Unmarshal(raw, &events); err != nil {
			return nil, errMalformed
		}
		for _, ev := range events {
			in, err := dmInbound(account, ev)
			if err != nil {
				return nil, err
			}
			out = append(out, in)
		}
	}
	keys := make([]string, 0, len(top))
	for k := range top {
		if k != "direct_message_events" && strings.HasSuffix(k, "_events") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		var items []json.RawMessage
		if err := json.Unmarshal(top[k], &items); err != nil {
			return nil, errMalformed
		}
		kind, note := connectors.KindIgnored, "unsupported"
		if o, ok := otherEvents[k]; ok {
			kind, note = o.kind, o.note
		}
		for _, item := range items {
			out = append(out, connectors.Inbound{
				Platform:  Platform,
				AccountID: account,
				MessageID: note + ":" + digest(item),
				Kind:      kind,
				Note:      note,
			})
		}
	}
	return out, nil
}

func dmInbound(account string, ev dmEvent) (connectors.Inbound, error) {
	in := connectors.Inbound{Platform: Platform, AccountID: account}
	if ms, err := strconv.ParseInt(ev.CreatedTimestamp, 10, 64); err == nil && ms > 0 {
		in.Time = time.UnixMilli(ms).UTC()
	}
	if ev.Type != "message_create" || ev.MessageCreate == nil {
		if !isID(ev.ID) {
			return in, errMalformed
		}
		in.MessageID = ev.ID
		in.Kind = connectors.KindIgnored
		in.Note = "unsupported"
		return in, nil
	}
	mc := ev.MessageCreate
	if !isID(ev.ID) || !isID(mc.SenderID) {
		return in, errMalformed
	}
	in.MessageID = ev.ID
	in.SenderID = mc.SenderID
	if mc.SenderID == account {
		// Our own account sent it (our auto-reply or a human in the X app): never answer.
		in.Kind = connectors.KindEcho
		in.RefID = ev.ID
		in.SenderID = mc.Target.RecipientID
		return in, nil
	}
	in.Text = html.UnescapeString(mc.MessageData.Text)
	switch {
	case len(mc.MessageData.QuickReply) > 0 && string(mc.MessageData.QuickReply) != "null":
		in.Kind = connectors.KindPostback
	case len(mc.MessageData.Attachment) > 0 && string(mc.MessageData.Attachment) != "null":
		in.Kind = connectors.KindMedia
	default:
		in.Kind = connectors.KindText
	}
	return in, nil
}

// isID reports whether s is a numeric X id (user ids and event ids are decimal strings).
func isID(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// digest is a content-free dedupe id for events that carry none.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// Send posts one DM through POST {base}/2/dm_conversations/with/{participant_id}/messages.
func (c *Connector) Send(ctx context.Context, out *connectors.Outbound, sec connectors.Secret) (*connectors.SendResult, error) {
	token := sec[KeyAccessToken]
	if token == "" {
		return nil, errNoSecret
	}
	if out == nil || !isID(out.RecipientID) {
		return nil, permanent(0, "", "invalid recipient")
	}
	if out.Text == "" {
		return nil, permanent(0, "", "empty text")
	}
	if utf8.RuneCountInString(out.Text) > MaxChars {
		return nil, permanent(0, "", "text too long")
	}
	payload, err := json.Marshal(map[string]string{"text": out.Text})
	if err != nil {
		return nil, permanent(0, "", "invalid text")
	}
	u := c.base + "/2/dm_conversations/with/" + out.RecipientID + "/messages"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(payload))
	if err != nil {
		return nil, permanent(0, "", "invalid api base")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		// The transport error names the URL, which holds the patient's X id: drop it.
		if ctx.Err() != nil {
			return nil, fmt.Errorf("x send: %w", ctx.Err())
		}
		return nil, &connectors.SendError{Platform: Platform, Reason: "transport error", Retryable: true}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if resp.StatusCode/100 == 2 {
		var ok struct {
			Data struct {
				DMEventID string `json:"dm_event_id"`
			} `json:"data"`
		}
		if json.Unmarshal(body, &ok) != nil || !isID(ok.Data.DMEventID) {
			// Sent, but the answer is unreadable: do not retry (it would send twice).
			return &connectors.SendResult{}, nil
		}
		return &connectors.SendResult{MessageID: ok.Data.DMEventID}, nil
	}
	return nil, c.classify(resp, body)
}

// apiError covers both error shapes X answers with: v1.1 {"errors":[{"code":89,...}]} and
// v2 problems {"title":...,"type":"https://api.twitter.com/2/problems/...","status":403}.
type apiError struct {
	Errors []struct {
		Code json.Number `json:"code"`
	} `json:"errors"`
	Type string `json:"type"`
}

// problemTypes are the v2 problem types we report as codes (anything else is dropped).
var problemTypes = map[string]bool{
	"invalid-request": true, "resource-not-found": true, "not-authorized-for-resource": true,
	"client-forbidden": true, "usage-capped": true, "unsupported-authentication": true,
	"resource-unavailable": true, "conflict": true, "duplicate-rules": true, "rule-cap": true,
}

// v1.1 codes with a fixed meaning.
var codeReasons = map[string]struct {
	reason    string
	retryable bool
	auth      bool
}{
	"32":  {"could not authenticate", false, true},
	"64":  {"account suspended", false, true},
	"88":  {"rate limited", true, false},
	"89":  {"invalid or expired token", false, true},
	"130": {"over capacity", true, false},
	"131": {"internal error", true, false},
	"135": {"could not authenticate", false, true},
	"150": {"recipient does not accept messages", false, false},
	"151": {"message rejected", false, false},
	"185": {"daily limit reached", true, false},
	"215": {"bad authentication data", false, true},
	"326": {"account locked", false, true},
	"349": {"recipient does not accept messages", false, false},
	"354": {"text too long", false, false},
	"415": {"unsupported authentication", false, true},
	"476": {"recipient accepts messages from verified senders only", false, false},
}

func (c *Connector) classify(resp *http.Response, body []byte) error {
	se := &connectors.SendError{Platform: Platform, HTTPStatus: resp.StatusCode}
	var ae apiError
	if json.Unmarshal(body, &ae) == nil {
		for _, e := range ae.Errors {
			if n, err := e.Code.Int64(); err == nil && n > 0 {
				se.Code = strconv.FormatInt(n, 10)
				break
			}
		}
		if se.Code == "" && strings.Contains(ae.Type, "/2/problems/") {
			if t := ae.Type[strings.LastIndex(ae.Type, "/")+1:]; problemTypes[t] {
				se.Code = t
			}
		}
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		se.Reason, se.Retryable = "rate limited", true
		se.RetryAfter = c.retryAfter(resp.Header)
	case resp.StatusCode >= 500:
		se.Reason, se.Retryable = "server error", true
	case resp.StatusCode == http.StatusUnauthorized:
		se.Reason, se.Auth = "unauthorized", true
	case resp.StatusCode == http.StatusForbidden:
		se.Reason, se.Auth = "forbidden", true
	case resp.StatusCode == http.StatusNotFound:
		se.Reason = "recipient not found"
	default:
		se.Reason = "request rejected"
	}
	if r, ok := codeReasons[se.Code]; ok {
		se.Reason, se.Retryable, se.Auth = r.reason, r.retryable, r.auth
		if r.retryable && se.RetryAfter == 0 {
			se.RetryAfter = c.retryAfter(resp.Header)
		}
	}
	if se.Code == "usage-capped" {
		se.Reason, se.Auth = "usage capped", false
	}
	return se
}

// retryAfter reads x-rate-limit-reset (epoch seconds) or Retry-After (seconds or date).
func (c *Connector) retryAfter(h http.Header) time.Duration {
	now := c.now()
	if v := h.Get("X-Rate-Limit-Reset"); v != "" {
		if sec, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && sec > 0 {
			d := time.Unix(sec, 0).Sub(now)
			if d < time.Second {
				d = time.Second
			}
			return d
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if sec, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && sec >= 0 {
			return time.Duration(sec) * time.Second
		}
		if t, err := http.ParseTime(v); err == nil {
			if d := t.Sub(now); d > 0 {
				return d
			}
		}
	}
	return 0
}

func permanent(status int, code, reason string) *connectors.SendError {
	return &connectors.SendError{Platform: Platform, HTTPStatus: status, Code: code, Reason: reason}
}

var _ connectors.Connector = (*Connector)(nil)
