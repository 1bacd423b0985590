// Package meta holds what Messenger, Instagram and WhatsApp Cloud share: the
// X-Hub-Signature-256 check, the hub.challenge handshake, the Graph API error table,
// the webhook envelope and the Page-style (Messenger/Instagram) event parser and sender.
package meta

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/ferryhealth/ferry/connectors"
)

// DefaultAPIBase is the Graph API scheme, host and version prefix.
const DefaultAPIBase = "https://graph.facebook.com/v21.0"

// SignatureHeader carries "sha256=" + lowercase hex HMAC-SHA256(app secret, raw body).
const SignatureHeader = "X-Hub-Signature-256"

// Vault keys of secret/ferry/platforms/{messenger,instagram,whatsapp}.
const (
	KeyAppSecret = "app_secret"
	// KeyAppSecretAlt is an optional second app secret accepted by Verify: a second Meta
	// app (Instagram Login, a WhatsApp-only app) or the old secret during a rotation.
	KeyAppSecretAlt = "app_secret_alt"
	KeyVerifyToken  = "verify_token"
	KeyAccessToken  = "access_token"
)

// MaxBodyBytes caps the payloads Parse accepts (WhatsApp documents at most 3 MB).
const MaxBodyBytes = 5 << 20

// maxChallengeBytes bounds the echoed hub.challenge (Meta sends an integer).
const maxChallengeBytes = 256

// Signature returns the X-Hub-Signature-256 value for body: "sha256=" + lowercase hex
// HMAC-SHA256 keyed with secret, computed over the exact bytes.
func Signature(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks the X-Hub-Signature-256 header of req against the app secret(s) in sec,
// in constant time, over the raw body. It never parses the body.
func Verify(req *connectors.Request, sec connectors.Secret) error {
	secrets := appSecrets(sec)
	if len(secrets) == 0 {
		return fmt.Errorf("meta: %s missing: %w", KeyAppSecret, connectors.ErrNotConfigured)
	}
	if req == nil {
		return fmt.Errorf("meta: no request: %w", connectors.ErrBadSignature)
	}
	header := strings.TrimSpace(req.Header.Get(SignatureHeader))
	if header == "" {
		return fmt.Errorf("meta: %s header missing: %w", SignatureHeader, connectors.ErrBadSignature)
	}
	// "sha256=" + 64 hex digits; anything else (sha1=, short, long) is refused.
	if len(header) != 71 || !strings.EqualFold(header[:7], "sha256=") {
		return fmt.Errorf("meta: %s header malformed: %w", SignatureHeader, connectors.ErrBadSignature)
	}
	got, err := hex.DecodeString(header[7:])
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("meta: %s header malformed: %w", SignatureHeader, connectors.ErrBadSignature)
	}
	ok := 0
	for _, s := range secrets {
		m := hmac.New(sha256.New, []byte(s))
		m.Write(req.Body)
		if hmac.Equal(m.Sum(nil), got) {
			ok = 1
		}
	}
	if ok != 1 {
		return fmt.Errorf("meta: signature mismatch: %w", connectors.ErrBadSignature)
	}
	return nil
}

func appSecrets(sec connectors.Secret) []string {
	var out []string
	for _, k := range []string{KeyAppSecret, KeyAppSecretAlt} {
		if v := sec[k]; v != "" {
			out = append(out, v)
		}
	}
	// The primary key is required: an alternate alone does not configure the platform.
	if sec[KeyAppSecret] == "" {
		return nil
	}
	return out
}

// Handshake answers Meta's subscription GET: hub.mode=subscribe and a hub.verify_token
// equal (constant time) to the configured verify_token get hub.challenge back verbatim as
// text/plain with 200. Anything else is ErrForbidden; a missing verify_token is
// ErrNotConfigured. No signature is checked: the GET has neither body nor signature.
func Handshake(_ context.Context, req *connectors.Request, sec connectors.Secret) (*connectors.Response, error) {
	want := sec[KeyVerifyToken]
	if want == "" {
		return nil, fmt.Errorf("meta: %s missing: %w", KeyVerifyToken, connectors.ErrNotConfigured)
	}
	if req == nil {
		return nil, fmt.Errorf("meta: no request: %w", connectors.ErrForbidden)
	}
	if req.Method != "" && req.Method != http.MethodGet {
		return nil, fmt.Errorf("meta: handshake must be GET: %w", connectors.ErrForbidden)
	}
	q := req.Query
	if q == nil {
		if u, err := url.Parse(req.URL); err == nil {
			q = u.Query()
		}
	}
	if q.Get("hub.mode") != "subscribe" {
		return nil, fmt.Errorf("meta: hub.mode is not subscribe: %w", connectors.ErrForbidden)
	}
	got := q.Get("hub.verify_token")
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return nil, fmt.Errorf("meta: hub.verify_token mismatch: %w", connectors.ErrForbidden)
	}
	challenge := q.Get("hub.challenge")
	if challenge == "" || len(challenge) > maxChallengeBytes {
		return nil, fmt.Errorf("meta: hub.challenge missing or too long: %w", connectors.ErrForbidden)
	}
	return &connectors.Response{
		Status:      http.StatusOK,
		ContentType: "text/plain; charset=utf-8",
		Body:        []byte(challenge),
	}, nil
}

// Ack is the answer to a verified POST: 200 with "EVENT_RECEIVED", as Meta's samples do.
func Ack() *connectors.Response {
	return &connectors.Response{
		Status:      http.StatusOK,
		ContentType: "text/plain; charset=utf-8",
		Body:        []byte("EVENT_RECEIVED"),
	}
}

// APIBase returns the configured API base without a trailing slash, or the default.
func APIBase(opts connectors.Options) string {
	base := strings.TrimRight(strings.TrimSpace(opts.APIBase), "/")
	if base == "" {
		return DefaultAPIBase
	}
	return base
}
