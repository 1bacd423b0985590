package admin

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/golang-jwt/jwt/v5"
	"gorm.io/gorm"
)

// Auditor token constants. Patient link tokens use audience "ferry-portal" and the key
// "ferry-links"; auditor tokens use their own audience and key, so neither passes for the
// other.
const (
	Audience    = "ferry-admin"
	Issuer      = "ferry"
	RoleAuditor = "auditor"
	RoleAdmin   = "admin"
	DefaultTTL  = 8 * time.Hour
	MaxTTL      = 90 * 24 * time.Hour
)

// Token errors.
var (
	ErrTokenNotFound = errors.New("admin: token not found")
	ErrUnauthorized  = errors.New("admin: token refused")
)

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// TokenOptions configures IssueToken.
type TokenOptions struct {
	Name     string        // who the token is for (letters, digits, . _ @ -; up to 64)
	Role     string        // "auditor" (default) or "admin"
	TTL      time.Duration // default 8h, at most 90 days
	Key      string        // Transit key, default "ferry-audit"
	IssuedBy string        // actor recorded in the audit event, default "system"
	Now      func() time.Time
}

// adminClaims is the payload of an auditor token.
type adminClaims struct {
	jwt.RegisteredClaims
	Role string `json:"role"`
}

// IssueToken signs an auditor token through Vault Transit (EdDSA, kid = key version,
// aud "ferry-admin"), records it in auditor_tokens and appends an auditor.token_issued
// event. The token itself is returned once and never stored.
func IssueToken(ctx context.Context, db *gorm.DB, signer audit.Signer, o TokenOptions) (string, *audit.AuditorToken, error) {
	if !nameRE.MatchString(o.Name) {
		return "", nil, errors.New("admin: token name must be 1-64 letters, digits, '.', '_', '@' or '-'")
	}
	switch o.Role {
	case "":
		o.Role = RoleAuditor
	case RoleAuditor, RoleAdmin:
	default:
		return "", nil, fmt.Errorf("admin: role %q: want auditor or admin", o.Role)
	}
	if o.TTL == 0 {
		o.TTL = DefaultTTL
	}
	if o.TTL < time.Minute || o.TTL > MaxTTL {
		return "", nil, fmt.Errorf("admin: ttl %s: want between 1m and %s", o.TTL, MaxTTL)
	}
	if o.Key == "" {
		o.Key = audit.DefaultKey
	}
	if o.IssuedBy == "" {
		o.IssuedBy = "system"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	keys, err := signer.PublicKeys(ctx, o.Key)
	if err != nil {
		return "", nil, fmt.Errorf("admin: public keys of transit key %s: %w", o.Key, err)
	}
	ver := 0
	for v := range keys {
		ver = max(ver, v)
	}
	if ver == 0 {
		return "", nil, fmt.Errorf("admin: transit key %s has no usable version", o.Key)
	}
	now := o.Now().UTC().Truncate(time.Second)
	rec := &audit.AuditorToken{ID: newID(), Name: o.Name, Role: o.Role, KeyVersion: ver, IssuedAt: now, ExpiresAt: now.Add(o.TTL)}
	t := jwt.NewWithClaims(transitMethod{}, adminClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: Issuer, Subject: o.Name, Audience: jwt.ClaimStrings{Audience}, ID: rec.ID,
			IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(rec.ExpiresAt),
		},
		Role: o.Role,
	})
	t.Header["kid"] = strconv.Itoa(ver)
	signed, err := t.SignedString(&transitKey{ctx: ctx, s: signer, key: o.Key, version: ver})
	if err != nil {
		return "", nil, err
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(rec).Error; err != nil {
			return fmt.Errorf("admin: record token: %w", err)
		}
		return audit.Append(tx, &audit.Event{Kind: audit.KindTokenIssued, Actor: o.IssuedBy, Outcome: "ok",
			Detail: audit.Details(map[string]any{"token_id": rec.ID, "name": rec.Name, "role": rec.Role,
				"expires": rec.ExpiresAt.Format(time.RFC3339), "key_version": ver})})
	})
	if err != nil {
		return "", nil, err
	}
	return signed, rec, nil
}

// ListTokens returns every recorded token, newest first.
func ListTokens(ctx context.Context, db *gorm.DB) ([]audit.AuditorToken, error) {
	var out []audit.AuditorToken
	if err := db.WithContext(ctx).Order("issued_at DESC, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("admin: list tokens: %w", err)
	}
	return out, nil
}

// RevokeToken marks a token revoked (by is the actor recorded, e.g. "system" or
// "auditor:alice") and appends an auditor.token_revoked event. Revoking twice is a no-op.
func RevokeToken(ctx context.Context, db *gorm.DB, id, by string) error {
	if by == "" {
		by = "system"
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rec audit.AuditorToken
		if err := tx.Where("id = ?", id).Take(&rec).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrTokenNotFound
			}
			return fmt.Errorf("admin: read token: %w", err)
		}
		if rec.RevokedAt != nil {
			return nil
		}
		now := time.Now().UTC()
		if err := tx.Model(&audit.AuditorToken{}).Where("id = ? AND revoked_at IS NULL", id).
			Updates(map[string]any{"revoked_at": now, "revoked_by": by}).Error; err != nil {
			return fmt.Errorf("admin: revoke token: %w", err)
		}
		return audit.Append(tx, &audit.Event{Kind: audit.KindTokenRevoked, Actor: by, Outcome: "ok",
			Detail: audit.Details(map[string]any{"token_id": rec.ID, "name": rec.Name})})
	})
}

// Principal is the verified holder of an auditor token.
type Principal struct {
	TokenID   string    `json:"token_id"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Actor is the audit actor of the principal: "auditor:<name>".
func (p *Principal) Actor() string { return "auditor:" + p.Name }

// Verifier checks auditor tokens: EdDSA only, a known version of the audit key, audience
// "ferry-admin", issuer "ferry", not expired, and recorded and not revoked in the database.
type Verifier struct {
	DB     *gorm.DB
	Signer audit.Signer
	Key    string
	Now    func() time.Time

	mu      sync.Mutex
	keys    map[int]ed25519.PublicKey
	fetched time.Time
}

const keyMaxAge = time.Minute

func (v *Verifier) publicKey(ctx context.Context, kid int) (ed25519.PublicKey, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := time.Now()
	k, ok := v.keys[kid]
	if ok && now.Sub(v.fetched) < keyMaxAge {
		return k, nil
	}
	if v.keys == nil || now.Sub(v.fetched) > 5*time.Second {
		keys, err := v.Signer.PublicKeys(ctx, v.key())
		if err != nil {
			if ok {
				return k, nil // Vault briefly away: keep the key we had
			}
			return nil, fmt.Errorf("admin: public keys of transit key %s: %w", v.key(), err)
		}
		v.keys, v.fetched = keys, now
	}
	if k, ok := v.keys[kid]; ok {
		return k, nil
	}
	return nil, errors.New("unknown kid")
}

func (v *Verifier) key() string {
	if v.Key == "" {
		return audit.DefaultKey
	}
	return v.Key
}

// Verify returns the principal of a valid token, or an error wrapping ErrUnauthorized
// with a short reason.
func (v *Verifier) Verify(ctx context.Context, token string) (*Principal, error) {
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	if token == "" || len(token) > 4096 {
		return nil, fmt.Errorf("%w: malformed", ErrUnauthorized)
	}
	var c adminClaims
	_, err := jwt.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		n, err := strconv.Atoi(kid)
		if err != nil || n <= 0 || strconv.Itoa(n) != kid {
			return nil, errors.New("bad kid")
		}
		return v.publicKey(ctx, n)
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithAudience(Audience), jwt.WithIssuer(Issuer),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithTimeFunc(now), jwt.WithLeeway(5*time.Second))
	if err != nil {
		reason := "invalid"
		switch {
		case errors.Is(err, jwt.ErrTokenExpired):
			reason = "expired"
		case errors.Is(err, jwt.ErrTokenInvalidAudience):
			reason = "wrong_audience"
		case errors.Is(err, jwt.ErrTokenSignatureInvalid):
			reason = "bad_signature"
		case errors.Is(err, jwt.ErrTokenUnverifiable):
			reason = "unverifiable"
		case errors.Is(err, jwt.ErrTokenMalformed):
			reason = "malformed"
		}
		return nil, fmt.Errorf("%w: %s", ErrUnauthorized, reason)
	}
	var rec audit.AuditorToken
	if err := v.DB.WithContext(ctx).Where("id = ?", c.ID).Take(&rec).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("%w: unknown token", ErrUnauthorized)
		}
		return nil, fmt.Errorf("admin: read token: %w", err)
	}
	switch {
	case rec.RevokedAt != nil:
		return nil, fmt.Errorf("%w: revoked", ErrUnauthorized)
	case !now().Before(rec.ExpiresAt):
		return nil, fmt.Errorf("%w: expired", ErrUnauthorized)
	case rec.Name != c.Subject || rec.Role != c.Role:
		return nil, fmt.Errorf("%w: does not match its record", ErrUnauthorized)
	}
	return &Principal{TokenID: rec.ID, Name: rec.Name, Role: rec.Role, ExpiresAt: rec.ExpiresAt}, nil
}

func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("admin: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// transitKey is what transitMethod.Sign receives as its key.
type transitKey struct {
	ctx     context.Context
	s       audit.Signer
	key     string
	version int
}

// transitMethod signs "EdDSA" through Vault Transit. It is never registered, so parsing
// always uses golang-jwt's own Ed25519 verifier.
type transitMethod struct{}

func (transitMethod) Alg() string { return "EdDSA" }

func (transitMethod) Verify(string, []byte, any) error {
	return errors.New("admin: transit signing method does not verify")
}

func (transitMethod) Sign(signingString string, key any) ([]byte, error) {
	k, ok := key.(*transitKey)
	if !ok {
		return nil, jwt.ErrInvalidKeyType
	}
	sig, used, err := k.s.Sign(k.ctx, k.key, k.version, []byte(signingString))
	if err != nil {
		return nil, fmt.Errorf("admin: transit sign with %s v%d: %w", k.key, k.version, err)
	}
	if used != k.version || len(sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("admin: transit key %s v%d returned an unexpected signature", k.key, k.version)
	}
	return sig, nil
}
