// Package portal issues and verifies the signed, single-use deep links that carry a patient
// from the auto-reply to the secure patient portal, and serves the landing, redemption and
// JWKS endpoints.
//
// Links are JWTs signed with Ed25519 by Vault Transit (alg EdDSA, kid = Transit key version).
// Verification is local, against the public keys Transit publishes, and accepts nothing but
// EdDSA with a known key version.
package portal

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Signer signs with Vault Transit. *secrets.Client satisfies it.
type Signer interface {
	// Sign signs data with the given key version (0 = latest) and returns the raw signature
	// and the version that signed.
	Sign(ctx context.Context, key string, version int, data []byte) (sig []byte, usedVersion int, err error)
	// LatestVersion returns the newest version of key.
	LatestVersion(ctx context.Context, key string) (int, error)
	// PublicKeys returns the public keys of every still-valid version of key.
	PublicKeys(ctx context.Context, key string) (map[int]ed25519.PublicKey, error)
}

// Defaults for link tokens.
const (
	DefaultKey      = "ferry-links"
	DefaultAudience = "ferry-portal"
	DefaultTTL      = 72 * time.Hour
)

// Claims are the verified contents of a link token.
type Claims struct {
	Subject    string // sender pseudonym
	ID         string // jti, the single-use handle
	Lang       string // "en", "es"
	Audience   string
	IssuedAt   time.Time
	NotBefore  time.Time
	ExpiresAt  time.Time
	KeyVersion int
}

// tokenClaims is the JSON form of a link token's payload.
type tokenClaims struct {
	jwt.RegisteredClaims
	Lang string `json:"lng,omitempty"`
}

// NewJTI returns a random 128-bit token id, base64url without padding.
func NewJTI() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("portal: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// IssuerConfig configures an Issuer.
type IssuerConfig struct {
	Key      string // Transit key name, default "ferry-links"
	Issuer   string // iss: Ferry's public URL
	Audience string // aud, default "ferry-portal"
	TTL      time.Duration
	Now      func() time.Time
}

// Issuer signs link tokens through Vault Transit.
type Issuer struct {
	s   Signer
	cfg IssuerConfig
}

// NewIssuer returns an Issuer; empty config fields take their defaults.
func NewIssuer(s Signer, cfg IssuerConfig) *Issuer {
	if cfg.Key == "" {
		cfg.Key = DefaultKey
	}
	if cfg.Audience == "" {
		cfg.Audience = DefaultAudience
	}
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Issuer{s: s, cfg: cfg}
}

// TTL is the default lifetime of a link; callers add it to the send time to choose exp.
func (i *Issuer) TTL() time.Duration { return i.cfg.TTL }

// Issue signs a link token for the pseudonym sub. The caller chooses jti and exp (a zero exp
// means now + TTL) so that a retried send re-signs the same link.
func (i *Issuer) Issue(ctx context.Context, sub, lang, jti string, exp time.Time) (string, error) {
	if sub == "" || jti == "" {
		return "", errors.New("portal: issue: subject and jti are required")
	}
	now := i.cfg.Now().Truncate(time.Second)
	if exp.IsZero() {
		exp = now.Add(i.cfg.TTL)
	}
	ver, err := i.s.LatestVersion(ctx, i.cfg.Key)
	if err != nil {
		return "", fmt.Errorf("portal: issue: latest version of transit key %s: %w", i.cfg.Key, err)
	}
	if ver <= 0 {
		return "", fmt.Errorf("portal: issue: transit key %s has no usable version", i.cfg.Key)
	}
	c := tokenClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    i.cfg.Issuer,
			Subject:   sub,
			Audience:  jwt.ClaimStrings{i.cfg.Audience},
			ExpiresAt: jwt.NewNumericDate(exp),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        jti,
		},
		Lang: normLang(lang, ""),
	}
	t := jwt.NewWithClaims(transitMethod{}, c)
	t.Header["kid"] = strconv.Itoa(ver)
	delete(t.Header, "typ") // shorter links; typ is optional (RFC 7519 §5.1)
	return t.SignedString(&transitKey{ctx: ctx, s: i.s, key: i.cfg.Key, version: ver})
}

// transitKey is what transitMethod.Sign receives as its key.
type transitKey struct {
	ctx     context.Context
	s       Signer
	key     string
	version int
}

// transitMethod is a jwt.SigningMethod ("EdDSA") that signs through Vault Transit. It is never
// registered with jwt.RegisterSigningMethod, so parsing "EdDSA" always resolves to golang-jwt's
// own Ed25519 verifier, and it refuses to verify anything itself.
type transitMethod struct{}

func (transitMethod) Alg() string { return "EdDSA" }

func (transitMethod) Verify(string, []byte, any) error {
	return errors.New("portal: transit signing method does not verify")
}

func (transitMethod) Sign(signingString string, key any) ([]byte, error) {
	k, ok := key.(*transitKey)
	if !ok {
		return nil, jwt.ErrInvalidKeyType
	}
	sig, used, err := k.s.Sign(k.ctx, k.key, k.version, []byte(signingString))
	if err != nil {
		return nil, fmt.Errorf("portal: transit sign with %s v%d: %w", k.key, k.version, err)
	}
	if used != k.version {
		return nil, fmt.Errorf("portal: transit signed with %s v%d, wanted v%d", k.key, used, k.version)
	}
	if len(sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("portal: transit returned a %d-byte signature, not Ed25519", len(sig))
	}
	return sig, nil
}

// Verification errors. Every failure is one of these (test with errors.Is); a *VerifyError
// adds a short, content-free reason for the audit log.
var (
	ErrExpired = errors.New("link expired")
	ErrInvalid = errors.New("link invalid")
)

// VerifyError says why a token was refused. Reason is a fixed token such as "malformed",
// "bad_signature", "unknown_kid", "wrong_audience", "not_yet_valid", "expired".
type VerifyError struct {
	Kind   error // ErrExpired or ErrInvalid
	Reason string
}

func (e *VerifyError) Error() string { return e.Kind.Error() + ": " + e.Reason }

// Unwrap lets errors.Is match ErrExpired / ErrInvalid.
func (e *VerifyError) Unwrap() error { return e.Kind }

func invalid(reason string) error { return &VerifyError{Kind: ErrInvalid, Reason: reason} }

// Reason returns the audit reason of a verification error ("invalid" if it is not one).
func Reason(err error) string {
	var ve *VerifyError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	if errors.Is(err, ErrExpired) {
		return "expired"
	}
	return "invalid"
}

// VerifierConfig configures a Verifier.
type VerifierConfig struct {
	Key      string // Transit key name, default "ferry-links"
	Issuer   string // expected iss; empty skips the check
	Audience string // expected aud, default "ferry-portal"
	Leeway   time.Duration
	// RefreshEvery is the minimum time between two key refreshes triggered by an unknown
	// kid (default 5 s); keys are also refreshed when older than MaxKeyAge (default 10 min).
	RefreshEvery time.Duration
	MaxKeyAge    time.Duration
	Now          func() time.Time
}

// maxTokenLen bounds what the verifier parses; real links are about 400 bytes.
const maxTokenLen = 4096
