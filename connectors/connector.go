// Package connectors holds the one interface every messaging platform implements, the
// normalised inbound and outbound message types, and the registry the gateway reads.
//
// A connector never stores, logs or returns patient text in an error: it verifies, parses
// and sends, and the gateway does everything else.
package connectors

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Kind says what an inbound event is; only message kinds are answered.
type Kind string

// Event kinds a connector can report.
const (
	KindText     Kind = "text"     // a message with text
	KindMedia    Kind = "media"    // image, audio, video, file, sticker, location, contact...
	KindPostback Kind = "postback" // button press, quick reply, interactive reply
	KindEcho     Kind = "echo"     // a message our own account sent (never answered)
	KindReceipt  Kind = "receipt"  // delivery or read receipt (never answered)
	KindStatus   Kind = "status"   // status of a message we sent: sent/delivered/read/failed
	KindReaction Kind = "reaction" // a reaction to a message
	KindEdit     Kind = "edit"     // an edit of an earlier message
	KindDeleted  Kind = "deleted"  // the sender deleted (unsent) a message
	KindOptOut   Kind = "optout"   // STOP and friends: no auto-reply from now on
	KindOptIn    Kind = "optin"    // START and friends
	KindHelp     Kind = "help"     // HELP keyword
	KindIgnored  Kind = "ignored"  // group chats, channels, unsupported events
)

// Replyable reports whether an event of this kind gets an auto-reply.
func (k Kind) Replyable() bool {
	switch k {
	case KindText, KindMedia, KindPostback, KindEdit:
		return true
	}
	return false
}

// Inbound is one normalised event parsed from a platform webhook.
//
// SenderID is the platform's id for the patient (PSID, phone number, chat id...). It is
// personal data: the gateway pseudonymises it at once and keeps it only encrypted, for the
// reply. Text is patient text: it goes straight to the stripper and nowhere else.
type Inbound struct {
	Platform  string
	AccountID string // page id, IG account id, phone_number_id, bot id, X user id, Twilio number
	SenderID  string
	MessageID string // the platform's id of this event, used to drop retried deliveries
	Text      string
	Kind      Kind
	Time      time.Time
	// Status carries the delivery status for KindStatus ("sent", "delivered", "read", "failed")
	// and, for a failed status, the platform's error code in StatusCode.
	Status     string
	StatusCode string
	// RefID is the platform id of the message a status, echo, reaction or edit refers to.
	RefID string
	// Reply carries what Send needs besides the recipient (chat id, phone number id...). It
	// may hold personal data and is stored only encrypted, with the sender id.
	Reply map[string]string
	// Note is a short, content-free reason for ignored events ("group_chat", "unsupported").
	Note string
}

// Request is the raw HTTP request a connector verifies and parses. Body holds the exact
// bytes received; signatures are computed over them.
type Request struct {
	Method string
	// URL is the public URL the platform called (from FERRY_PUBLIC_URL, not the Host header).
	URL    string
	Header http.Header
	Query  url.Values
	Body   []byte
}

// Response is what a connector answers to a handshake (Meta hub.challenge, X CRC).
type Response struct {
	Status      int
	ContentType string
	Body        []byte
}

// Secret is the platform secret read from Vault at secret/ferry/platforms/<platform>.
type Secret map[string]string

// Outbound is one auto-reply to send.
type Outbound struct {
	AccountID   string
	RecipientID string
	Reply       map[string]string // Inbound.Reply, decrypted
	ReplyToID   string            // the platform id of the message we answer
	Text        string            // full text, link included
	Link        string            // the link alone, for platforms that show a button
	LinkLabel   string            // button label in the patient's language
	Lang        string            // "en", "es"...
	Tag         string            // content-free marker echoed back by some platforms
}

// SendResult is what a successful send returns.
type SendResult struct {
	MessageID string
	// Fallback names what was sent instead of free text, e.g. "template:<name>" when
	// WhatsApp's 24-hour window was closed.
	Fallback string
}

// Limits describe a platform's text limit for the reply composer.
type Limits struct {
	MaxChars int    // in the platform's unit
	Unit     string // "runes", "utf16", "bytes", or "sms" (GSM-7/UCS-2 segments)
	// MaxSegments applies when Unit is "sms".
	MaxSegments int
}

// Options configure a connector instance.
type Options struct {
	APIBase    string       // replaces scheme, host and version prefix of the send API
	HTTPClient *http.Client // used for every outgoing call
	PublicURL  string       // Ferry's public base URL (Twilio signs the full URL)
	Settings   map[string]string
}

// Connector is one messaging platform.
type Connector interface {
	// Platform is the lowercase name used in routes, Vault paths and the database.
	Platform() string
	// Handshake answers a GET on the webhook route (Meta hub.challenge, X CRC). It returns
	// ErrNoHandshake when the platform has none.
	Handshake(ctx context.Context, req *Request, sec Secret) (*Response, error)
	// Verify checks the request's signature over the raw body in constant time. It returns
	// ErrBadSignature (wrapped) when the signature is wrong or missing, and ErrNotConfigured
	// when the secret lacks the key it needs.
	Verify(ctx context.Context, req *Request, sec Secret) error
	// Parse turns a verified request into events. It returns ErrMalformed (wrapped) for a
	// body it cannot read; the error never includes the body.
	Parse(req *Request) ([]Inbound, error)
	// Send delivers one reply. Failures are *SendError values that say whether to retry.
	Send(ctx context.Context, out *Outbound, sec Secret) (*SendResult, error)
	// Limits returns the reply length rules.
	Limits() Limits
	// Ack is the body of the 200 answer for a verified POST (Twilio wants empty TwiML).
	Ack() *Response
}

// Errors a connector returns. Their messages are safe to log.
var (
	ErrBadSignature  = errors.New("invalid request signature")
	ErrNotConfigured = errors.New("platform secret not configured")
	ErrMalformed     = errors.New("malformed payload")
	ErrNoHandshake   = errors.New("no handshake on this platform")
	ErrForbidden     = errors.New("handshake refused")
)

// SendError is a typed send failure. Code is the platform's error code (never text that
// could carry patient data); Reason is a short fixed string for the audit log.
type SendError struct {
	Platform   string
	HTTPStatus int
	Code       string
	Reason     string
	Retryable  bool
	RetryAfter time.Duration
	// Auth marks failures of our credentials (bad or expired token): the operator must act.
	Auth bool
}

func (e *SendError) Error() string {
	s := e.Platform + " send failed: " + e.Reason
	if e.Code != "" {
		s += " (code " + e.Code + ")"
	}
	if e.HTTPStatus != 0 {
		s += " http " + http.StatusText(e.HTTPStatus)
	}
	return s
}

// Retryable reports whether err is a send failure worth retrying. Transport errors
// (no SendError) are retryable.
func Retryable(err error) bool {
	var se *SendError
	if errors.As(err, &se) {
		return se.Retryable
	}
	return err != nil
}

// Factory builds a connector from options.
type Factory func(Options) Connector

var (
	regMu    sync.RWMutex
	registry = map[string]Factory{}
)

// Register makes a platform available; connector packages call it from init.
func Register(platform string, f Factory) {
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := registry[platform]; dup {
		panic("connectors: platform registered twice: " + platform)
	}
	registry[platform] = f
}

// Lookup returns the factory for a platform.
func Lookup(platform string) (Factory, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	f, ok := registry[platform]
	return f, ok
}

// Platforms lists the registered platforms in order.
func Platforms() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	out := make([]string, 0, len(registry))
	for p := range registry {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// HeaderValue returns the first value of a request header by name, case-insensitively,
// also when the map holds keys that are not in canonical form.
func (r *Request) HeaderValue(name string) string {
	if v := r.Header.Get(name); v != "" {
		return v
	}
	for k, vs := range r.Header {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}
