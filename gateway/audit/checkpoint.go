package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// DefaultKey is the Vault Transit key (ed25519) that signs checkpoints and auditor tokens.
const DefaultKey = "ferry-audit"

// Signer signs with Vault Transit. *secrets.Client satisfies it; the audit package does
// not import the Vault client.
type Signer interface {
	// Sign signs data with the given key version (0 = latest) and returns the raw
	// signature and the version that signed.
	Sign(ctx context.Context, key string, version int, data []byte) ([]byte, int, error)
	// PublicKeys returns the public keys of every still-valid version of key.
	PublicKeys(ctx context.Context, key string) (map[int]ed25519.PublicKey, error)
}

// Checkpoint is a signed statement of the chain head: "at time At, event Seq had hash
// Hash". A deleted or rewritten chain no longer contains a checkpoint's (seq, hash), and
// a signature cannot be forged without Vault, so checkpoints anchor the chain.
type Checkpoint struct {
	ID         int64     `gorm:"primaryKey" json:"id"`
	Seq        int64     `gorm:"not null;uniqueIndex" json:"seq"`
	Hash       string    `gorm:"size:64;not null" json:"hash"`
	At         time.Time `gorm:"not null;index" json:"at"`
	Key        string    `gorm:"size:64;not null" json:"key"`
	KeyVersion int       `gorm:"not null" json:"key_version"`
	Signature  string    `gorm:"size:128;not null" json:"signature"` // base64 (std) Ed25519 signature
}

// TableName fixes the table name.
func (Checkpoint) TableName() string { return "audit_checkpoints" }

// CheckpointPayload returns the exact bytes signed for a checkpoint:
//
//	ferry-audit-checkpoint/v1\n<seq>\n<hash>\n<at: RFC 3339 UTC, microseconds>
func CheckpointPayload(seq int64, hash string, at time.Time) []byte {
	b := make([]byte, 0, 128)
	b = append(b, "ferry-audit-checkpoint/v1\n"...)
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, '\n')
	b = append(b, hash...)
	b = append(b, '\n')
	b = append(b, Normalize(at).Format("2006-01-02T15:04:05.000000Z")...)
	return b
}

// VerifySignature checks a checkpoint's signature against the public keys of its key.
func (c *Checkpoint) VerifySignature(keys map[int]ed25519.PublicKey) error {
	pub, ok := keys[c.KeyVersion]
	if !ok {
		return fmt.Errorf("unknown key version %d of %s", c.KeyVersion, c.Key)
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errors.New("malformed signature")
	}
	if !ed25519.Verify(pub, CheckpointPayload(c.Seq, c.Hash, c.At), sig) {
		return errors.New("bad signature")
	}
	return nil
}

// ReadHead returns the committed chain head (no lock).
func ReadHead(ctx context.Context, db *gorm.DB) (Head, error) {
	var h Head
	if err := db.WithContext(ctx).First(&h, 1).Error; err != nil {
		return h, fmt.Errorf("audit: read head: %w", err)
	}
	return h, nil
}

// LastCheckpoint returns the newest checkpoint, or nil when there is none.
func LastCheckpoint(ctx context.Context, db *gorm.DB) (*Checkpoint, error) {
	var cps []Checkpoint
	if err := db.WithContext(ctx).Order("seq DESC").Limit(1).Find(&cps).Error; err != nil {
		return nil, fmt.Errorf("audit: read last checkpoint: %w", err)
	}
	if len(cps) == 0 {
		return nil, nil
	}
	return &cps[0], nil
}

// Checkpointer signs the chain head every Every events or Interval, whichever comes first.
// Several instances may run at once: a unique index on seq keeps one checkpoint per head.
type Checkpointer struct {
	DB       *gorm.DB
	Signer   Signer
	Key      string        // Transit key, default "ferry-audit"
	Every    int           // events between checkpoints, default 1000
	Interval time.Duration // time between checkpoints while events arrive, default 1m
	Poll     time.Duration // how often the head is looked at, default min(Interval, 1s)
	Log      *slog.Logger
	Now      func() time.Time
}

func (c *Checkpointer) defaults() {
	if c.Key == "" {
		c.Key = DefaultKey
	}
	if c.Every <= 0 {
		c.Every = 1000
	}
	if c.Interval <= 0 {
		c.Interval = time.Minute
	}
	if c.Poll <= 0 {
		c.Poll = min(c.Interval, time.Second)
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Run checkpoints until ctx ends. Errors (Vault down, database busy) are logged and retried
// at the next poll; a final checkpoint is attempted on the way out.
func (c *Checkpointer) Run(ctx context.Context) error {
	c.defaults()
	log := c.Log.With("comp", "audit.checkpoint")
	t := time.NewTicker(c.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if _, err := c.CheckpointNow(fctx); err != nil {
				log.Warn("final checkpoint failed", slog.Any("err", err))
			}
			cancel()
			return nil
		case <-t.C:
			cp, err := c.Tick(ctx)
			if err != nil {
				if ctx.Err() == nil {
					log.Error("checkpoint failed", slog.Any("err", err))
				}
				continue
			}
			if cp != nil {
				log.Debug("checkpoint signed", slog.Int64("seq", cp.Seq), slog.Int("key_version", cp.KeyVersion))
			}
		}
	}
}

// Tick signs a checkpoint when Every events have been appended since the last one, or
// when there are new events and Interval has passed since the last one. It returns nil
// when none was due.
func (c *Checkpointer) Tick(ctx context.Context) (*Checkpoint, error) {
	c.defaults()
	head, err := ReadHead(ctx, c.DB)
	if err != nil {
		return nil, err
	}
	last, err := LastCheckpoint(ctx, c.DB)
	if err != nil {
		return nil, err
	}
	var lastSeq int64
	if last != nil {
		lastSeq = last.Seq
	}
	if head.Seq <= lastSeq {
		return nil, nil
	}
	// Due after Every events, or when Interval has passed since the last checkpoint
	// (the first checkpoint is signed as soon as there is an event).
	if head.Seq-lastSeq < int64(c.Every) && last != nil && c.Now().Sub(last.At) < c.Interval {
		return nil, nil
	}
	return c.sign(ctx, head)
}

// CheckpointNow signs the current head unless it is already checkpointed.
func (c *Checkpointer) CheckpointNow(ctx context.Context) (*Checkpoint, error) {
	c.defaults()
	head, err := ReadHead(ctx, c.DB)
	if err != nil {
		return nil, err
	}
	if head.Seq == 0 {
		return nil, nil
	}
	return c.sign(ctx, head)
}

func (c *Checkpointer) sign(ctx context.Context, head Head) (*Checkpoint, error) {
	var n int64
	if err := c.DB.WithContext(ctx).Model(&Checkpoint{}).Where("seq = ?", head.Seq).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("audit: look up checkpoint: %w", err)
	}
	if n > 0 {
		return nil, nil
	}
	at := Normalize(c.Now())
	sig, ver, err := c.Signer.Sign(ctx, c.Key, 0, CheckpointPayload(head.Seq, head.Hash, at))
	if err != nil {
		return nil, fmt.Errorf("audit: sign checkpoint %d with transit key %s: %w", head.Seq, c.Key, err)
	}
	if len(sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("audit: transit key %s returned a %d-byte signature, not Ed25519", c.Key, len(sig))
	}
	cp := &Checkpoint{Seq: head.Seq, Hash: head.Hash, At: at, Key: c.Key, KeyVersion: ver,
		Signature: base64.StdEncoding.EncodeToString(sig)}
	res := c.DB.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "seq"}}, DoNothing: true}).Create(cp)
	if res.Error != nil {
		return nil, fmt.Errorf("audit: store checkpoint %d: %w", head.Seq, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, nil // another instance signed this head first
	}
	return cp, nil
}
