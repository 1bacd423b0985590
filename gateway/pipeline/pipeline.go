// Package pipeline is the path of one webhook through Ferry: verify the platform's
// signature, parse every event, strip each text at once, pseudonymise the sender, seal
// what the reply needs, and store it all in one transaction. The raw text and sender id
// go no further than this package.
package pipeline

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/gateway/envelope"
	"github.com/ferryhealth/ferry/gateway/metrics"
	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/ferryhealth/ferry/gateway/strip"
)

// Secrets reads KV secrets (satisfied by *secrets.Client).
type Secrets interface {
	KV(ctx context.Context, path string) (map[string]string, error)
}

// Errors the HTTP layer maps to status codes. Their text is safe to log.
var (
	ErrUnknownPlatform = errors.New("unknown platform")
	ErrUnavailable     = errors.New("temporarily unavailable") // Vault or database: the platform retries
)

// Pipeline handles webhooks for every enabled connector.
type Pipeline struct {
	conns    map[string]connectors.Connector
	sec      Secrets
	strip    *strip.Stripper
	store    *store.Store
	seal     *envelope.Sealer
	m        *metrics.Metrics
	log      *slog.Logger
	cooldown time.Duration
	now      func() time.Time
}

// Options wires a pipeline.
type Options struct {
	Connectors map[string]connectors.Connector
	Secrets    Secrets
	Stripper   *strip.Stripper
	Store      *store.Store
	Sealer     *envelope.Sealer
	Metrics    *metrics.Metrics
	Log        *slog.Logger
	Cooldown   time.Duration
}

// New builds a pipeline.
func New(o Options) *Pipeline {
	return &Pipeline{conns: o.Connectors, sec: o.Secrets, strip: o.Stripper, store: o.Store, seal: o.Sealer,
		m: o.Metrics, log: o.Log.With("comp", "pipeline"), cooldown: o.Cooldown, now: time.Now}
}

// Connector returns the connector of an enabled platform.
func (p *Pipeline) Connector(platform string) (connectors.Connector, bool) {
	c, ok := p.conns[platform]
	return c, ok
}

// PlatformSecret reads a platform's secret from Vault (cached by the secrets client).
func (p *Pipeline) PlatformSecret(ctx context.Context, platform string) (connectors.Secret, error) {
	s, err := p.sec.KV(ctx, "platforms/"+platform)
	if err != nil {
		return nil, fmt.Errorf("%w: platform secret for %s: %v", ErrUnavailable, platform, err)
	}
	return connectors.Secret(s), nil
}

// Handshake answers a platform's GET verification.
func (p *Pipeline) Handshake(ctx context.Context, platform string, req *connectors.Request) (*connectors.Response, error) {
	c, ok := p.conns[platform]
	if !ok {
		return nil, ErrUnknownPlatform
	}
	sec, err := p.PlatformSecret(ctx, platform)
	if err != nil {
		return nil, err
	}
	return c.Handshake(ctx, req, sec)
}

// Receive verifies, parses, strips and stores one webhook delivery. A nil error means
// every event in it is committed (or deliberately ignored) and the platform gets 200.
func (p *Pipeline) Receive(ctx context.Context, platform string, req *connectors.Request) (*connectors.Response, error) {
	c, ok := p.conns[platform]
	if !ok {
		return nil, ErrUnknownPlatform
	}
	sec, err := p.PlatformSecret(ctx, platform)
	if err != nil {
		return nil, err
	}
	if err := c.Verify(ctx, req, sec); err != nil {
		return nil, err
	}
	events, err := c.Parse(req)
	if err != nil {
		return nil, err
	}
	recs := make([]store.Record, 0, len(events))
	for i := range events {
		ev := &events[i]
		p.m.Events.WithLabelValues(platform, string(ev.Kind)).Inc()
		rec, keep, err := p.record(ctx, platform, ev)
		// The raw text and sender id end here, whatever happened.
		ev.Text, ev.SenderID, ev.Reply = "", "", nil
		if err != nil {
			return nil, err
		}
		if keep {
			recs = append(recs, rec)
		}
	}
	if len(recs) > 0 {
		outs, err := p.store.Ingest(ctx, recs, p.cooldown)
		if err != nil {
			p.log.Error("could not store webhook", slog.String("platform", platform), slog.Int("events", len(recs)), slog.Any("error", err))
			return nil, fmt.Errorf("%w: store", ErrUnavailable)
		}
		for _, o := range outs {
			if o.Duplicate {
				p.m.Webhooks.WithLabelValues(platform, "duplicate_event").Inc()
			}
		}
	}
	return c.Ack(), nil
}

// record turns one parsed event into a store record; keep=false drops events that carry
// nothing worth keeping (receipts without an id).
func (p *Pipeline) record(ctx context.Context, platform string, ev *connectors.Inbound) (store.Record, bool, error) {
	rec := store.Record{Platform: platform, AccountID: ev.AccountID, PlatformMsgID: ev.MessageID, Kind: string(ev.Kind),
		ReceivedAt: ev.Time, ReplyToID: ev.MessageID}
	if rec.ReceivedAt.IsZero() {
		rec.ReceivedAt = p.now()
	}
	if ev.SenderID != "" {
		ps, err := p.Pseudonym(ctx, platform, ev.SenderID)
		if err != nil {
			return rec, false, err
		}
		rec.Pseudonym = ps
	}
	switch ev.Kind {
	case connectors.KindReceipt:
		if ev.MessageID == "" {
			return rec, false, nil
		}
		rec.Ignore = "receipt"
		return rec, true, nil
	case connectors.KindStatus:
		rec.Status, rec.StatusCode, rec.RefID = ev.Status, ev.StatusCode, ev.RefID
		if rec.Status == "" {
			rec.Status = "unknown"
		}
		return rec, ev.MessageID != "" || ev.Status == "failed", nil
	case connectors.KindEcho, connectors.KindReaction, connectors.KindDeleted, connectors.KindIgnored:
		rec.Ignore = string(ev.Kind)
		if ev.Note != "" {
			rec.Ignore = ev.Note
		}
		return rec, true, nil
	}
	res := p.strip.Strip(ev.Text)
	rec.Redacted, rec.Clinical, rec.Urgency, rec.Lang = res.Redacted, res.Clinical, res.Urgency, res.Lang
	rec.FindingCount = len(res.Findings)
	seen := map[string]bool{}
	for _, f := range res.Findings {
		if !seen[f.Category] {
			seen[f.Category] = true
			rec.Categories = append(rec.Categories, f.Category)
		}
		p.m.Findings.WithLabelValues(f.Category).Inc()
	}
	switch ev.Kind {
	case connectors.KindOptOut:
		rec.OptOut = true
		return rec, true, nil
	case connectors.KindOptIn:
		rec.OptIn = true
		return rec, true, nil
	}
	if !(ev.Kind.Replyable() || ev.Kind == connectors.KindHelp) || ev.SenderID == "" {
		return rec, true, nil
	}
	rec.Replyable = true
	sealed, err := p.sealRecipient(ctx, ev)
	if err != nil {
		return rec, false, err
	}
	rec.Recipient = sealed
	return rec, true, nil
}

// Recipient is what a reply job keeps, sealed: the platform sender id and reply context.
type Recipient struct {
	SenderID string            `json:"s"`
	Reply    map[string]string `json:"r,omitempty"`
}

func (p *Pipeline) sealRecipient(ctx context.Context, ev *connectors.Inbound) (string, error) {
	b, err := json.Marshal(Recipient{SenderID: ev.SenderID, Reply: ev.Reply})
	if err != nil {
		return "", fmt.Errorf("pipeline: encode recipient: %w", err)
	}
	s, err := p.seal.Seal(ctx, b)
	if err != nil {
		return "", fmt.Errorf("%w: seal recipient: %v", ErrUnavailable, err)
	}
	return s, nil
}

// Pseudonym is the keyed HMAC-SHA256 of "platform:sender id" with the key at
// secret/ferry/pseudonym, hex encoded. The same patient on the same platform always maps
// to the same pseudonym; without the key it cannot be reversed or recomputed.
func (p *Pipeline) Pseudonym(ctx context.Context, platform, senderID string) (string, error) {
	s, err := p.sec.KV(ctx, "pseudonym")
	if err != nil {
		return "", fmt.Errorf("%w: pseudonym key: %v", ErrUnavailable, err)
	}
	key, err := PseudonymKey(s)
	if err != nil {
		return "", err
	}
	return Pseudonymise(key, platform, senderID), nil
}

// PseudonymKey decodes the key field of the pseudonym secret (base64, or raw text of at
// least 32 bytes).
func PseudonymKey(s map[string]string) ([]byte, error) {
	k := s["key"]
	if b, err := base64.StdEncoding.DecodeString(k); err == nil && len(b) >= 16 {
		return b, nil
	}
	if len(k) >= 32 {
		return []byte(k), nil
	}
	return nil, errors.New("pipeline: pseudonym key missing or shorter than 128 bits")
}

// Pseudonymise computes a pseudonym with a known key.
func Pseudonymise(key []byte, platform, senderID string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(platform))
	m.Write([]byte{':'})
	m.Write([]byte(senderID))
	return hex.EncodeToString(m.Sum(nil))
}
