// Package telegram is the Telegram Bot API connector: webhook updates in, sendMessage out.
package telegram

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/ferryhealth/ferry/connectors"
)

// Platform is the name used in routes, Vault paths and the database.
const Platform = "telegram"

// DefaultAPIBase is the Bot API's scheme and host.
const DefaultAPIBase = "https://api.telegram.org"

// MaxChars is sendMessage's text limit ("1-4096 characters after entities parsing").
const MaxChars = 4096

// SecretHeader carries the secret_token given to setWebhook.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// Vault keys of secret/ferry/platforms/telegram.
const (
	KeyBotToken    = "bot_token"
	KeySecretToken = "secret_token"
)

// SettingBotID optionally fixes the bot id reported as AccountID.
const SettingBotID = "bot_id"

const (
	maxResponseBytes = 1 << 20
	defaultLinkLabel = "Open"
)

func init() { connectors.Register(Platform, New) }

// Connector implements connectors.Connector for Telegram.
type Connector struct {
	base   string
	client *http.Client
	// botID is the bot's user id: from settings, else learnt from the token in Verify
	// (Parse gets no secret). It is the token's public prefix, never the token.
	botID atomic.Pointer[string]
	fixed bool
}

// New builds the Telegram connector.
func New(opts connectors.Options) connectors.Connector {
	base := strings.TrimRight(opts.APIBase, "/")
	if base == "" {
		base = DefaultAPIBase
	}
	client := opts.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	c := &Connector{base: base, client: client}
	if id := opts.Settings[SettingBotID]; isInt(id) {
		c.botID.Store(&id)
		c.fixed = true
	}
	return c
}

// Platform returns "telegram".
func (c *Connector) Platform() string { return Platform }

// Limits returns sendMessage's text limit.
func (c *Connector) Limits() connectors.Limits {
	return connectors.Limits{MaxChars: MaxChars, Unit: "runes"}
}

// Ack is an empty 200 (a body could be read as a method call).
func (c *Connector) Ack() *connectors.Response {
	return &connectors.Response{Status: http.StatusOK, ContentType: "text/plain; charset=utf-8"}
}

var (
	errNoSecret  = fmt.Errorf("telegram: %w", connectors.ErrNotConfigured)
	errSignature = fmt.Errorf("telegram: %w", connectors.ErrBadSignature)
	errMalformed = fmt.Errorf("telegram: %w", connectors.ErrMalformed)
	errHandshake = fmt.Errorf("telegram: %w", connectors.ErrNoHandshake)
)

// Handshake: Telegram has none (setWebhook is called by the operator).
func (c *Connector) Handshake(context.Context, *connectors.Request, connectors.Secret) (*connectors.Response, error) {
	return nil, errHandshake
}

// BotID returns the bot's user id: the part of a bot token before ':' ("" if malformed).
func BotID(token string) string {
	id, rest, ok := strings.Cut(token, ":")
	if !ok || rest == "" || !isInt(id) || strings.HasPrefix(id, "-") {
		return ""
	}
	return id
}

// Verify compares X-Telegram-Bot-Api-Secret-Token with secret_token in constant time.
func (c *Connector) Verify(_ context.Context, req *connectors.Request, sec connectors.Secret) error {
	want := sec[KeySecretToken]
	id := BotID(sec[KeyBotToken])
	if want == "" || id == "" {
		return errNoSecret
	}
	if req == nil {
		return errSignature
	}
	got := req.HeaderValue(SecretHeader)
	if got == "" {
		return errSignature
	}
	// Hash both sides so the comparison does not leak the secret's length either.
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	if subtle.ConstantTimeCompare(g[:], w[:]) != 1 {
		return errSignature
	}
	if !c.fixed {
		c.botID.Store(&id)
	}
	return nil
}

// update is one webhook delivery; only one of the optional fields is present.
//
// https://core.telegram.org/bots/api#update
//
//	{"update_id":174114370,"message":{"message_id":41,
//	  "from":{"id":3527065,"is_bot":false,"first_name":"Nic"},
//	  "chat":{"id":3527065,"first_name":"Nic","type":"private"},
//	  "date":1454119029,"text":"Hello World"}}
type update struct {
	UpdateID          *int64          `json:"update_id"`
	Message           *message        `json:"message"`
	EditedMessage     *message        `json:"edited_message"`
	ChannelPost       json.RawMessage `json:"channel_post"`
	EditedChannelPost json.RawMessage `json:"edited_channel_post"`
	MyChatMember      *memberUpdate   `json:"my_chat_member"`
}

type user struct {
	ID    int64 `json:"id"`
	IsBot bool  `json:"is_bot"`
}

type chat struct {
	ID   int64  `json:"id"`
	Type string `json:"type"`
}

type message struct {
	MessageID int64  `json:"message_id"`
	From      *user  `json:"from"`
	Chat      *chat  `json:"chat"`
	Date      int64  `json:"date"`
	EditDate  int64  `json:"edit_date"`
	Text      string `json:"text"`
	Caption   string `json:"caption"`

	Photo     json.RawMessage `json:"photo"`
	Document  json.RawMessage `json:"document"`
	Voice     json.RawMessage `json:"voice"`
	Audio     json.RawMessage `json:"audio"`
	Video     json.RawMessage `json:"video"`
	VideoNote json.RawMessage `json:"video_note"`
	Animation json.RawMessage `json:"animation"`
	Sticker   json.RawMessage `json:"sticker"`
	Location  json.RawMessage `json:"location"`
	Venue     json.RawMessage `json:"venue"`
	Contact   json.RawMessage `json:"contact"`
	Poll      json.RawMessage `json:"poll"`
	Dice      json.RawMessage `json:"dice"`
	Story     json.RawMessage `json:"story"`
	PaidMedia json.RawMessage `json:"paid_media"`
}

type memberUpdate struct {
	Chat          *chat `json:"chat"`
	From          *user `json:"from"`
	Date          int64 `json:"date"`
	NewChatMember struct {
		Status string `json:"status"`
	} `json:"new_chat_member"`
}

func (m *message) hasMedia() bool {
	for _, r := range []json.RawMessage{m.Photo, m.Document, m.Voice, m.Audio, m.Video, m.VideoNote,
		m.Animation, m.Sticker, m.Location, m.Venue, m.Contact, m.Poll, m.Dice, m.Story, m.PaidMedia} {
		if len(r) > 0 && string(r) != "null" {
			return true
		}
	}
	return false
}

// Parse turns one update into events. MessageID is "update:<update_id>".
func (c *Connector) Parse(req *connectors.Request) ([]connectors.Inbound, error) {
	if req == nil {
		return nil, errMalformed
	}
	var u update
	if err := json.Unmarshal(req.Body, &u); err != nil || u.UpdateID == nil {
		return nil, errMalformed
	}
	in := connectors.Inbound{
		Platform:  Platform,
		MessageID: "update:" + strconv.FormatInt(*u.UpdateID, 10),
	}
	if id := c.botID.Load(); id != nil {
		in.AccountID = *id
	}
	switch {
	case u.Message != nil:
		if err := fromMessage(&in, u.Message, false); err != nil {
			return nil, err
		}
	case u.EditedMessage != nil:
		if err := fromMessage(&in, u.EditedMessage, true); err != nil {
			return nil, err
		}
	case len(u.ChannelPost) > 0 || len(u.EditedChannelPost) > 0:
		in.Kind, in.Note = connectors.KindIgnored, "channel"
	case u.MyChatMember != nil:
		fromMember(&in, u.MyChatMember)
	default:
		in.Kind, in.Note = connectors.KindIgnored, "unsupported"
	}
	return []connectors.Inbound{in}, nil
}

func fromMessage(in *connectors.Inbound, m *message, edited bool) error {
	if m.Chat == nil || m.Chat.ID == 0 {
		return errMalformed
	}
	in.Time = unix(m.Date)
	if m.Chat.Type != "private" {
		// groups, supergroups and channels: never answered, never read
		in.Kind, in.Note = connectors.KindIgnored, "group_chat"
		if m.Chat.Type == "channel" {
			in.Note = "channel"
		}
		return nil
	}
	if m.From != nil && m.From.IsBot {
		in.Kind, in.Note = connectors.KindIgnored, "bot_sender"
		return nil
	}
	chatID := strconv.FormatInt(m.Chat.ID, 10)
	in.SenderID = chatID
	if m.From != nil && m.From.ID != 0 {
		in.SenderID = strconv.FormatInt(m.From.ID, 10)
	}
	in.Reply = map[string]string{"chat_id": chatID}
	switch {
	case m.Text != "":
		in.Kind, in.Text = connectors.KindText, m.Text
	case m.hasMedia():
		in.Kind, in.Text = connectors.KindMedia, m.Caption
	default:
		// service messages (pinned, payments, web app data...): nothing to answer
		in.Kind, in.Note, in.Reply = connectors.KindIgnored, "unsupported", nil
		return nil
	}
	if edited {
		in.Kind = connectors.KindEdit
		in.RefID = strconv.FormatInt(m.MessageID, 10)
		if m.EditDate > 0 {
			in.Time = unix(m.EditDate)
		}
	}
	return nil
}

// fromMember maps a private chat's my_chat_member update: the user blocked ("kicked") or
// restarted the bot.
func fromMember(in *connectors.Inbound, m *memberUpdate) {
	in.Time = unix(m.Date)
	if m.Chat == nil || m.Chat.Type != "private" || m.Chat.ID == 0 {
		in.Kind, in.Note = connectors.KindIgnored, "group_chat"
		return
	}
	chatID := strconv.FormatInt(m.Chat.ID, 10)
	in.SenderID = chatID
	if m.From != nil && m.From.ID != 0 {
		in.SenderID = strconv.FormatInt(m.From.ID, 10)
	}
	switch m.NewChatMember.Status {
	case "kicked":
		in.Kind, in.Note = connectors.KindOptOut, "bot_blocked"
	case "member":
		in.Kind, in.Note = connectors.KindOptIn, "bot_unblocked"
	default:
		in.Kind, in.Note = connectors.KindIgnored, "member_update"
	}
}

func unix(sec int64) time.Time {
	if sec <= 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

func isInt(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

type button struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

type sendRequest struct {
	ChatID             int64  `json:"chat_id"`
	Text               string `json:"text"`
	LinkPreviewOptions struct {
		IsDisabled bool `json:"is_disabled"`
	} `json:"link_preview_options"`
	ReplyMarkup *struct {
		InlineKeyboard [][]button `json:"inline_keyboard"`
	} `json:"reply_markup,omitempty"`
}

// Send calls POST {base}/bot{token}/sendMessage with the link in the text and as an inline
// URL button.
func (c *Connector) Send(ctx context.Context, out *connectors.Outbound, sec connectors.Secret) (*connectors.SendResult, error) {
	token := sec[KeyBotToken]
	if BotID(token) == "" || strings.ContainsAny(token, "/?#% ") {
		return nil, errNoSecret
	}
	if out == nil {
		return nil, permanent(0, "", "invalid recipient")
	}
	target := out.Reply["chat_id"]
	if target == "" {
		target = out.RecipientID
	}
	chatID, err := strconv.ParseInt(target, 10, 64)
	if err != nil || chatID == 0 {
		return nil, permanent(0, "", "invalid recipient")
	}
	if strings.TrimSpace(out.Text) == "" {
		return nil, permanent(0, "", "empty text")
	}
	if utf8.RuneCountInString(out.Text) > MaxChars {
		return nil, permanent(0, "", "text too long")
	}
	body := sendRequest{ChatID: chatID, Text: out.Text}
	// Preview bots would fetch the single-use link; the landing page is safe, but skip it.
	body.LinkPreviewOptions.IsDisabled = true
	if out.Link != "" {
		label := out.LinkLabel
		if label == "" {
			label = defaultLinkLabel
		}
		body.ReplyMarkup = &struct {
			InlineKeyboard [][]button `json:"inline_keyboard"`
		}{InlineKeyboard: [][]button{{{Text: label, URL: out.Link}}}}
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, permanent(0, "", "invalid text")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/bot"+token+"/sendMessage", bytes.NewReader(payload))
	if err != nil {
		return nil, permanent(0, "", "invalid api base")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		// The transport error names the URL, which holds the bot token: drop it.
		if ctx.Err() != nil {
			return nil, fmt.Errorf("telegram send: %w", ctx.Err())
		}
		return nil, &connectors.SendError{Platform: Platform, Reason: "transport error", Retryable: true}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	var ans apiResponse
	decoded := json.Unmarshal(raw, &ans) == nil
	if resp.StatusCode/100 == 2 && (!decoded || ans.OK) {
		if !decoded || ans.Result.MessageID == 0 {
			// Sent, but the answer is unreadable: do not retry (it would send twice).
			return &connectors.SendResult{}, nil
		}
		return &connectors.SendResult{MessageID: strconv.FormatInt(ans.Result.MessageID, 10)}, nil
	}
	return nil, classify(resp, ans, decoded)
}

// apiResponse is the Bot API's envelope:
// {"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}
type apiResponse struct {
	OK     bool `json:"ok"`
	Result struct {
		MessageID int64 `json:"message_id"`
	} `json:"result"`
	ErrorCode   int    `json:"error_code"`
	Description string `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// descriptions we recognise (matched only, never copied into the error).
var known = []struct {
	match  string
	reason string
}{
	{"bot was blocked by the user", "bot blocked by user"},
	{"user is deactivated", "user deactivated"},
	{"bot can't initiate conversation", "user never started the bot"},
	{"chat not found", "chat not found"},
	{"message is too long", "text too long"},
	{"bot was kicked", "bot removed from chat"},
}

func classify(resp *http.Response, ans apiResponse, decoded bool) error {
	status := resp.StatusCode
	code := status
	if decoded && ans.ErrorCode != 0 {
		code = ans.ErrorCode
	}
	se := &connectors.SendError{Platform: Platform, HTTPStatus: status, Code: strconv.Itoa(code)}
	if !decoded || ans.ErrorCode == 0 {
		se.Code = ""
	}
	switch {
	case code == http.StatusTooManyRequests:
		se.Reason, se.Retryable = "rate limited", true
		if ans.Parameters.RetryAfter > 0 {
			se.RetryAfter = time.Duration(ans.Parameters.RetryAfter) * time.Second
		} else if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			se.RetryAfter = time.Duration(s) * time.Second
		}
	case code >= 500 || status >= 500:
		se.Reason, se.Retryable = "server error", true
	case code == http.StatusUnauthorized:
		se.Reason, se.Auth = "unauthorized", true
	case code == http.StatusNotFound:
		// the Bot API answers 404 for a malformed or unknown token
		se.Reason, se.Auth = "invalid bot token", true
	case code == http.StatusForbidden:
		se.Reason = "forbidden"
	case code == http.StatusBadRequest:
		se.Reason = "bad request"
	default:
		se.Reason = "request rejected"
	}
	if code == http.StatusForbidden || code == http.StatusBadRequest {
		d := strings.ToLower(ans.Description)
		for _, k := range known {
			if strings.Contains(d, k.match) {
				se.Reason = k.reason
				break
			}
		}
	}
	return se
}

func permanent(status int, code, reason string) *connectors.SendError {
	return &connectors.SendError{Platform: Platform, HTTPStatus: status, Code: code, Reason: reason}
}

var _ connectors.Connector = (*Connector)(nil)
