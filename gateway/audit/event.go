// Package audit is Ferry's tamper-evident audit log: the event record, its canonical form
// and hash chain, appending inside a storage transaction, verification and export.
//
// Events never carry message text: only kinds, ids, pseudonyms, categories and codes.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// Event kinds written by the gateway.
const (
	KindMessageReceived  = "message.received"
	KindMessageStripped  = "message.stripped"
	KindMessageDuplicate = "message.duplicate"
	KindEventIgnored     = "event.ignored"
	KindReplyQueued      = "reply.queued"
	KindReplySuppressed  = "reply.suppressed"
	KindLinkIssued       = "link.issued"
	KindReplySent        = "reply.sent"
	KindReplyRetry       = "reply.retry"
	KindReplyFailed      = "reply.failed"
	KindReplyStatus      = "reply.status"
	KindLinkOpened       = "link.opened"
	KindLinkRedeemed     = "link.redeemed"
	KindLinkRejected     = "link.rejected"
	KindOptOut           = "contact.optout"
	KindOptIn            = "contact.optin"
)

// GenesisHash is the prev_hash of the first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Event is one audit record. Seq is assigned by Append and is contiguous from 1.
type Event struct {
	Seq       int64     `gorm:"primaryKey;autoIncrement:false" json:"seq"`
	At        time.Time `gorm:"not null;index" json:"at"`
	Kind      string    `gorm:"size:48;not null;index" json:"kind"`
	Platform  string    `gorm:"size:24;index" json:"platform,omitempty"`
	Pseudonym string    `gorm:"size:64;index" json:"pseudonym,omitempty"`
	MessageID int64     `gorm:"index" json:"message_id,omitempty"`
	JobID     int64     `json:"job_id,omitempty"`
	LinkID    string    `gorm:"size:64;index" json:"link_id,omitempty"`
	Actor     string    `gorm:"size:96" json:"actor"`
	Outcome   string    `gorm:"size:24" json:"outcome,omitempty"`
	Detail    string    `gorm:"type:text" json:"detail,omitempty"` // canonical JSON object, content-free
	PrevHash  string    `gorm:"size:64;not null" json:"prev_hash"`
	// Hash has no index: seq is the key, and the chain links every hash to the next
	// event (a unique index on random hex cost three random page writes per webhook).
	Hash string `gorm:"size:64;not null" json:"hash"`
}

// TableName fixes the table name.
func (Event) TableName() string { return "audit_events" }

// Details renders a detail map as canonical JSON (keys sorted by encoding/json).
func Details(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}

// Canonical returns the exact bytes hashed for an event: one JSON object with a fixed key
// order, time as RFC 3339 UTC with microseconds, and the previous hash.
//
//	{"seq":N,"at":"...","kind":"...","platform":"...","pseudonym":"...","message_id":N,
//	 "job_id":N,"link_id":"...","actor":"...","outcome":"...","detail":"...","prev":"..."}
func Canonical(e *Event) []byte {
	b := make([]byte, 0, 256)
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, e.Seq, 10)
	b = appendField(b, "at", e.At.UTC().Format("2006-01-02T15:04:05.000000Z"))
	b = appendField(b, "kind", e.Kind)
	b = appendField(b, "platform", e.Platform)
	b = appendField(b, "pseudonym", e.Pseudonym)
	b = append(b, `,"message_id":`...)
	b = strconv.AppendInt(b, e.MessageID, 10)
	b = append(b, `,"job_id":`...)
	b = strconv.AppendInt(b, e.JobID, 10)
	b = appendField(b, "link_id", e.LinkID)
	b = appendField(b, "actor", e.Actor)
	b = appendField(b, "outcome", e.Outcome)
	b = appendField(b, "detail", e.Detail)
	b = appendField(b, "prev", e.PrevHash)
	return append(b, '}')
}

func appendField(b []byte, k, v string) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	b = append(b, '"', ':')
	q, _ := json.Marshal(v)
	return append(b, q...)
}

// ComputeHash returns the hex SHA-256 of the event's canonical form.
func ComputeHash(e *Event) string {
	sum := sha256.Sum256(Canonical(e))
	return hex.EncodeToString(sum[:])
}

// Normalize truncates the time to what every database keeps (microseconds, UTC).
func Normalize(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
