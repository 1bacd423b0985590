package portal

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ErrUnavailable means the public keys could not be loaded (Vault unreachable and nothing
// cached): the token was not judged, the patient should try again later.
var ErrUnavailable = errors.New("link keys unavailable")

// Verifier checks link tokens locally against the Transit public keys.
type Verifier struct {
	s   Signer
	cfg VerifierConfig

	mu          sync.RWMutex
	keys        map[int]ed25519.PublicKey
	loadedAt    time.Time // last successful load
	refreshMu   sync.Mutex
	lastAttempt time.Time // last refresh attempt, successful or not
	lastUnknown time.Time // last refresh caused by an unknown kid
	lastErr     error     // error of the last attempt

	verified *verifiedCache // tokens that passed, see verified.go
}

// NewVerifier returns a Verifier; keys are loaded on first use.
func NewVerifier(s Signer, cfg VerifierConfig) *Verifier {
	if cfg.Key == "" {
		cfg.Key = DefaultKey
	}
	if cfg.Audience == "" {
		cfg.Audience = DefaultAudience
	}
	if cfg.Leeway == 0 {
		cfg.Leeway = 30 * time.Second
	}
	if cfg.Leeway < 0 {
		cfg.Leeway = 0
	}
	if cfg.RefreshEvery <= 0 {
		cfg.RefreshEvery = 5 * time.Second
	}
	if cfg.MaxKeyAge <= 0 {
		cfg.MaxKeyAge = 10 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Verifier{s: s, cfg: cfg, verified: newVerifiedCache()}
}

// keyfunc failures, mapped to reasons.
var (
	errUnknownKid = errors.New("unknown kid")
	errBadAlg     = errors.New("algorithm not allowed")
	errBadHeader  = errors.New("bad header")
)

// Verify checks a link token and returns its claims. Errors match ErrExpired (a genuine
// token past its exp: the returned Claims are then set too, so the caller can audit the
// jti and localise the page), ErrUnavailable (keys could not be loaded), or ErrInvalid
// (anything else: forged, tampered, malformed, wrong algorithm, audience, kid...).
func (v *Verifier) Verify(ctx context.Context, token string) (*Claims, error) {
	if token == "" || len(token) > maxTokenLen {
		return nil, invalid("malformed")
	}
	now := v.cfg.Now()
	if c, ok := v.verified.get(token, now); ok && v.stillValid(ctx, &c, now) {
		return &c, nil
	}
	var kid int
	var unavailable error
	keyfunc := func(t *jwt.Token) (any, error) {
		if t.Method != jwt.SigningMethodEdDSA {
			return nil, errBadAlg
		}
		if _, ok := t.Header["crit"]; ok {
			return nil, errBadHeader
		}
		ks, ok := t.Header["kid"].(string)
		if !ok {
			return nil, errUnknownKid
		}
		n, ok := parseKid(ks)
		if !ok {
			return nil, errUnknownKid
		}
		k, err := v.key(ctx, n)
		if err != nil {
			unavailable = err
			return nil, err
		}
		if k == nil {
			return nil, errUnknownKid
		}
		kid = n
		return k, nil
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{"EdDSA"}),
		jwt.WithAudience(v.cfg.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithNotBeforeRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(v.cfg.Leeway),
		jwt.WithTimeFunc(v.cfg.Now),
		jwt.WithStrictDecoding(),
	}
	if v.cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(v.cfg.Issuer))
	}
	p := jwt.NewParser(opts...)
	var tc tokenClaims
	t, err := p.ParseWithClaims(token, &tc, keyfunc)
	if unavailable != nil {
		return nil, &VerifyError{Kind: ErrUnavailable, Reason: "keys_unavailable"}
	}
	if err != nil {
		reason := classify(t, err)
		if reason == "expired" {
			c := toClaims(&tc, kid)
			return c, &VerifyError{Kind: ErrExpired, Reason: "expired"}
		}
		return nil, invalid(reason)
	}
	if tc.Subject == "" || tc.ID == "" || len(tc.ID) > 64 || len(tc.Subject) > 256 {
		return nil, invalid("missing_claim")
	}
	c := toClaims(&tc, kid)
	v.verified.put(token, *c, now)
	return c, nil
}

// stillValid re-checks a cached token's time claims and that its key version is still
// served (with the same refresh rules as a full check). Anything doubtful returns false
// and the token is verified in full, which gives the precise answer.
func (v *Verifier) stillValid(ctx context.Context, c *Claims, now time.Time) bool {
	lw := v.cfg.Leeway
	if now.After(c.ExpiresAt.Add(lw)) || now.Add(lw).Before(c.NotBefore) || now.Add(lw).Before(c.IssuedAt) {
		return false
	}
	k, err := v.key(ctx, c.KeyVersion)
	return err == nil && k != nil
}

// classify maps a golang-jwt error to an audit reason. Claims errors are joined, so every
// reason other than expiry is checked first: an expired token with a wrong audience is
// simply invalid.
func classify(t *jwt.Token, err error) string {
	switch {
	case errors.Is(err, errBadAlg):
		return "bad_alg"
	case t != nil && t.Method != nil && t.Method.Alg() != "EdDSA":
		return "bad_alg"
	case errors.Is(err, errUnknownKid):
		return "unknown_kid"
	case errors.Is(err, errBadHeader):
		return "bad_header"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "bad_alg"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "bad_signature"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "wrong_audience"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "wrong_issuer"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "missing_claim"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "not_yet_valid"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "expired"
	}
	return "invalid"
}

func toClaims(tc *tokenClaims, kid int) *Claims {
	c := &Claims{Subject: tc.Subject, ID: tc.ID, Lang: normLang(tc.Lang, ""), KeyVersion: kid}
	if len(tc.Audience) > 0 {
		c.Audience = tc.Audience[0]
	}
	if tc.IssuedAt != nil {
		c.IssuedAt = tc.IssuedAt.Time
	}
	if tc.NotBefore != nil {
		c.NotBefore = tc.NotBefore.Time
	}
	if tc.ExpiresAt != nil {
		c.ExpiresAt = tc.ExpiresAt.Time
	}
	return c
}

// parseKid accepts a canonical positive decimal ("1", "12"), nothing else.
func parseKid(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 || s[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// key returns the public key of version n, nil if it is unknown. It refreshes the key set
// when it is stale, or once per RefreshEvery when n is unknown. It errors only when no key
// set could ever be loaded.
func (v *Verifier) key(ctx context.Context, n int) (ed25519.PublicKey, error) {
	v.mu.RLock()
	k, ok := v.keys[n]
	loaded := v.keys != nil
	fresh := v.cfg.Now().Sub(v.loadedAt) < v.cfg.MaxKeyAge
	v.mu.RUnlock()
	if ok && fresh {
		return k, nil
	}
	want := 0
	if !ok {
		want = n
	}
	if err := v.refresh(ctx, want); err != nil {
		// Look again: a concurrent caller may have loaded the set while this one waited for
		// the refresh lock (its own refresh was then skipped). Judging by the snapshot taken
		// before the wait answered "keys unavailable" (503) to part of a cold-start burst.
		v.mu.RLock()
		k2, ok2 := v.keys[n]
		loaded = v.keys != nil
		v.mu.RUnlock()
		if ok2 {
			return k2, nil // loaded meanwhile, or stale but known (Vault outage)
		}
		if ok {
			return k, nil
		}
		if !loaded {
			return nil, err
		}
		// Keys loaded before, this kid unknown, Vault failing now: we cannot tell.
		if !errors.Is(err, errRefreshSkipped) {
			return nil, err
		}
		return nil, nil
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.keys[n], nil
}

var errRefreshSkipped = errors.New("key refresh rate-limited")

// versionKeyer is optionally implemented by a Signer that can fetch one key version past
// its cache.
type versionKeyer interface {
	PublicKey(ctx context.Context, key string, version int) (ed25519.PublicKey, error)
}

// refresh reloads the key set, at most once per RefreshEvery once a set is loaded, so that
// forged kids cannot hammer Vault.
//
// When want names a version the set lacks and the signer can look one version up
// (*secrets.Client's PublicKey re-reads the key from Vault on an unknown version, past its
// own metadata cache), that is asked first, so a key rotated by another instance is seen
// at once.
func (v *Verifier) refresh(ctx context.Context, want int) error {
	v.refreshMu.Lock()
	defer v.refreshMu.Unlock()
	now := v.cfg.Now()
	v.mu.RLock()
	loaded := v.keys != nil
	v.mu.RUnlock()
	if !loaded && v.lastErr != nil && now.Sub(v.lastAttempt) < time.Second {
		return v.lastErr // Vault down and nothing cached: at most one attempt a second
	}
	last := &v.lastAttempt
	if want > 0 && loaded { // the first load is not an unknown-kid refresh
		last = &v.lastUnknown // forged kids have their own budget: one refresh per RefreshEvery
	}
	if loaded && now.Sub(*last) < v.cfg.RefreshEvery {
		// Tried recently (maybe a concurrent caller just did): use what is cached.
		return errRefreshSkipped
	}
	v.lastAttempt, *last = now, now
	if vk, ok := v.s.(versionKeyer); ok && want > 0 {
		_, _ = vk.PublicKey(ctx, v.cfg.Key, want) // an error just means the version is unknown
	}
	keys, err := v.s.PublicKeys(ctx, v.cfg.Key)
	if err != nil {
		v.lastErr = fmt.Errorf("portal: public keys of transit key %s: %w", v.cfg.Key, err)
		return v.lastErr
	}
	v.lastErr = nil
	cp := make(map[int]ed25519.PublicKey, len(keys))
	for ver, k := range keys {
		if ver > 0 && len(k) == ed25519.PublicKeySize {
			cp[ver] = k
		}
	}
	v.mu.Lock()
	v.keys = cp
	v.loadedAt = now
	v.mu.Unlock()
	return nil
}

// jwk is one OKP public key in a JWK set.
type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKS returns the JSON Web Key Set of every still-valid key version, oldest first.
func (v *Verifier) JWKS(ctx context.Context) ([]byte, error) {
	v.mu.RLock()
	stale := v.keys == nil || v.cfg.Now().Sub(v.loadedAt) >= v.cfg.MaxKeyAge
	v.mu.RUnlock()
	if stale {
		if err := v.refresh(ctx, 0); err != nil && !errors.Is(err, errRefreshSkipped) {
			v.mu.RLock()
			none := v.keys == nil
			v.mu.RUnlock()
			if none {
				return nil, err
			}
		}
	}
	v.mu.RLock()
	vers := make([]int, 0, len(v.keys))
	for ver := range v.keys {
		vers = append(vers, ver)
	}
	sort.Ints(vers)
	set := struct {
		Keys []jwk `json:"keys"`
	}{Keys: make([]jwk, 0, len(vers))}
	for _, ver := range vers {
		set.Keys = append(set.Keys, jwk{
			Kty: "OKP", Crv: "Ed25519", Alg: "EdDSA", Use: "sig",
			X:   base64.RawURLEncoding.EncodeToString(v.keys[ver]),
			Kid: strconv.Itoa(ver),
		})
	}
	v.mu.RUnlock()
	return json.Marshal(set)
}
