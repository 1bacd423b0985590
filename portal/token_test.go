package portal

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time         { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration)    { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }
func newClock() *clock                  { return &clock{t: t0} }
func b64(b []byte) string               { return base64.RawURLEncoding.EncodeToString(b) }
func b64json(v any) string              { b, _ := json.Marshal(v); return b64(b) }
func ctxT(t *testing.T) context.Context { t.Helper(); return t.Context() }

const testIss = "https://ferry.example.org"

type fixture struct {
	s   *localSigner
	clk *clock
	iss *Issuer
	ver *Verifier
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{s: newLocalSigner(1), clk: newClock()}
	f.iss = NewIssuer(f.s, IssuerConfig{Issuer: testIss, Now: f.clk.Now})
	f.ver = NewVerifier(f.s, VerifierConfig{Issuer: testIss, Now: f.clk.Now})
	return f
}

func (f *fixture) issue(t *testing.T, lang string) (string, string) {
	t.Helper()
	jti := NewJTI()
	tok, err := f.iss.Issue(ctxT(t), "pseu_3f9a1c", lang, jti, time.Time{})
	if err != nil {
		t.Fatalf("issue: %v", err)
	}
	return tok, jti
}

// validPayload is the payload Issue would write at t0.
func validPayload() map[string]any {
	return map[string]any{
		"iss": testIss, "sub": "pseu_3f9a1c", "aud": []string{DefaultAudience}, "jti": "AAAAAAAAAAAAAAAAAAAAAA",
		"iat": t0.Unix(), "nbf": t0.Unix(), "exp": t0.Add(DefaultTTL).Unix(), "lng": "en",
	}
}

// signEd signs header.payload with priv, by hand.
func signEd(header, payload map[string]any, priv ed25519.PrivateKey) string {
	si := b64json(header) + "." + b64json(payload)
	return si + "." + b64(ed25519.Sign(priv, []byte(si)))
}

func signHS(header, payload map[string]any, secret []byte) string {
	si := b64json(header) + "." + b64json(payload)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(si))
	return si + "." + b64(m.Sum(nil))
}

func TestIssueVerifyRoundTrip(t *testing.T) {
	f := newFixture(t)
	tok, jti := f.issue(t, "es-MX")
	if len(tok) > 450 {
		t.Errorf("token is %d bytes; links should stay short", len(tok))
	}
	parts := strings.Split(tok, ".")
	hdr, _ := base64.RawURLEncoding.DecodeString(parts[0])
	var h map[string]any
	if err := json.Unmarshal(hdr, &h); err != nil {
		t.Fatal(err)
	}
	if h["alg"] != "EdDSA" || h["kid"] != "1" {
		t.Fatalf("header = %v", h)
	}
	c, err := f.ver.Verify(ctxT(t), tok)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if c.ID != jti || c.Subject != "pseu_3f9a1c" || c.Lang != "es" || c.Audience != DefaultAudience || c.KeyVersion != 1 {
		t.Fatalf("claims = %+v", c)
	}
	if !c.ExpiresAt.Equal(t0.Add(72*time.Hour)) || !c.IssuedAt.Equal(t0) || !c.NotBefore.Equal(t0) {
		t.Fatalf("times = %+v", c)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	for _, k := range []string{`"iss":"` + testIss, `"jti":"` + jti, `"lng":"es"`} {
		if !strings.Contains(string(raw), k) {
			t.Errorf("payload %s lacks %s", raw, k)
		}
	}
}

func TestNewJTI(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		j := NewJTI()
		b, err := base64.RawURLEncoding.DecodeString(j)
		if err != nil || len(b) != 16 || seen[j] {
			t.Fatalf("bad jti %q", j)
		}
		seen[j] = true
	}
}

func TestIssueSameJTIAndExpIsStable(t *testing.T) {
	f := newFixture(t)
	exp := t0.Add(DefaultTTL)
	a, _ := f.iss.Issue(ctxT(t), "p", "en", "jti-1", exp)
	b, _ := f.iss.Issue(ctxT(t), "p", "en", "jti-1", exp)
	if a != b {
		t.Fatal("a retried send at the same instant should re-sign the identical link")
	}
}

func TestIssueErrors(t *testing.T) {
	f := newFixture(t)
	if _, err := f.iss.Issue(ctxT(t), "", "en", "j", time.Time{}); err == nil {
		t.Error("empty subject accepted")
	}
	f.s.fail.Store(true)
	if _, err := f.iss.Issue(ctxT(t), "p", "en", "j", time.Time{}); !errors.Is(err, errSignerDown) {
		t.Errorf("signer failure not wrapped: %v", err)
	}
}

// wrongVersionSigner answers with a version other than the one asked for.
type wrongVersionSigner struct{ *localSigner }

func (w wrongVersionSigner) Sign(ctx context.Context, key string, version int, data []byte) ([]byte, int, error) {
	sig, v, err := w.localSigner.Sign(ctx, key, version, data)
	return sig, v + 1, err
}

func TestIssueRefusesVersionMismatch(t *testing.T) {
	s := newLocalSigner(1)
	iss := NewIssuer(wrongVersionSigner{s}, IssuerConfig{})
	if _, err := iss.Issue(ctxT(t), "p", "en", "j", time.Time{}); err == nil {
		t.Fatal("a signature by another key version than the kid must be refused")
	}
}

func TestTransitMethodNotRegistered(t *testing.T) {
	if jwt.GetSigningMethod("EdDSA") != jwt.SigningMethodEdDSA {
		t.Fatal("EdDSA must resolve to golang-jwt's own Ed25519 verifier")
	}
	if err := (transitMethod{}).Verify("a.b", make([]byte, 64), nil); err == nil {
		t.Fatal("transit method must never verify")
	}
}

// TestVerifyAttacks covers issue 7's link token attacks; each must be refused with ErrInvalid
// (or ErrExpired for a genuine, expired token) and the right reason.
func TestVerifyAttacks(t *testing.T) {
	f := newFixture(t)
	good, _ := f.issue(t, "en")
	// The std-alphabet case below needs a token with a '-' or '_' to change; about one
	// random token in a hundred has neither.
	for i := 0; i < 50 && !strings.ContainsAny(good, "-_"); i++ {
		good, _ = f.issue(t, "en")
	}
	parts := strings.Split(good, ".")
	priv := f.s.priv(1)
	pub := priv.Public().(ed25519.PublicKey)
	_, attacker, _ := ed25519.GenerateKey(rand.Reader)
	hdr := map[string]any{"alg": "EdDSA", "kid": "1"}
	with := func(k string, v any) map[string]any {
		p := validPayload()
		if v == nil {
			delete(p, k)
		} else {
			p[k] = v
		}
		return p
	}
	hdrWith := func(k string, v any) map[string]any {
		h := map[string]any{"alg": "EdDSA", "kid": "1"}
		if v == nil {
			delete(h, k)
		} else {
			h[k] = v
		}
		return h
	}
	pkix, _ := x509.MarshalPKIXPublicKey(pub)
	pemPub := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix})
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	noneTok, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims(validPayload())).SignedString(jwt.UnsafeAllowNoneSignatureType)

	cases := []struct {
		name, token, reason string
	}{
		{"alg none (jwt lib)", noneTok, "bad_alg"},
		{"alg none with kid", b64json(hdrWith("alg", "none")) + "." + b64json(validPayload()) + ".", "bad_alg"},
		{"alg None mixed case", b64json(hdrWith("alg", "None")) + "." + b64json(validPayload()) + ".", "bad_alg"},
		{"alg missing", signEd(hdrWith("alg", nil), validPayload(), priv), "bad_alg"},
		{"HS256 with raw public key", signHS(hdrWith("alg", "HS256"), validPayload(), pub), "bad_alg"},
		{"HS256 with public key as x", signHS(hdrWith("alg", "HS256"), validPayload(), []byte(b64(pub))), "bad_alg"},
		{"HS256 with PEM public key", signHS(hdrWith("alg", "HS256"), validPayload(), pemPub), "bad_alg"},
		{"HS512 with public key", b64json(hdrWith("alg", "HS512")) + "." + b64json(validPayload()) + "." + b64(make([]byte, 64)), "bad_alg"},
		{"RS256 claimed", b64json(hdrWith("alg", "RS256")) + "." + b64json(validPayload()) + "." + b64(make([]byte, 256)), "bad_alg"},
		{"Ed25519 alg name", signEd(hdrWith("alg", "Ed25519"), validPayload(), priv), "bad_alg"},
		{"kid unknown version", signEd(hdrWith("kid", "99"), validPayload(), priv), "unknown_kid"},
		{"kid pointing to attacker key", signEd(hdrWith("kid", "2"), validPayload(), attacker), "unknown_kid"},
		{"kid path", signEd(hdrWith("kid", "../../transit/keys/other"), validPayload(), priv), "unknown_kid"},
		{"kid url", signEd(hdrWith("kid", "https://evil.example/jwks.json#1"), validPayload(), priv), "unknown_kid"},
		{"kid leading zero", signEd(hdrWith("kid", "01"), validPayload(), priv), "unknown_kid"},
		{"kid negative", signEd(hdrWith("kid", "-1"), validPayload(), priv), "unknown_kid"},
		{"kid zero", signEd(hdrWith("kid", "0"), validPayload(), priv), "unknown_kid"},
		{"kid number not string", signEd(hdrWith("kid", 1), validPayload(), priv), "unknown_kid"},
		{"kid missing", signEd(hdrWith("kid", nil), validPayload(), priv), "unknown_kid"},
		{"jwk header with attacker key", signEd(hdrWith("jwk", map[string]any{"kty": "OKP", "crv": "Ed25519", "x": b64(attacker.Public().(ed25519.PublicKey))}), validPayload(), attacker), "bad_signature"},
		{"crit header", signEd(hdrWith("crit", []string{"exp"}), validPayload(), priv), "bad_header"},
		{"attacker key, right kid", signEd(hdr, validPayload(), attacker), "bad_signature"},
		{"wrong audience", signEd(hdr, with("aud", "other-portal"), priv), "wrong_audience"},
		{"audience missing", signEd(hdr, with("aud", nil), priv), "missing_claim"},
		{"wrong issuer", signEd(hdr, with("iss", "https://evil.example"), priv), "wrong_issuer"},
		{"not yet valid", signEd(hdr, with("nbf", t0.Add(time.Hour).Unix()), priv), "not_yet_valid"},
		{"issued in the future", signEd(hdr, with("iat", t0.Add(time.Hour).Unix()), priv), "not_yet_valid"},
		{"exp missing", signEd(hdr, with("exp", nil), priv), "missing_claim"},
		{"nbf missing", signEd(hdr, with("nbf", nil), priv), "missing_claim"},
		{"jti missing", signEd(hdr, with("jti", nil), priv), "missing_claim"},
		{"sub missing", signEd(hdr, with("sub", nil), priv), "missing_claim"},
		{"exp as string", signEd(hdr, with("exp", "never"), priv), "malformed"},
		{"expired and wrong audience", signEd(hdr, func() map[string]any { p := with("aud", "x"); p["exp"] = t0.Add(-time.Hour).Unix(); return p }(), priv), "wrong_audience"},
		{"expired, forged", signEd(hdr, with("exp", t0.Add(-time.Hour).Unix()), attacker), "bad_signature"},
		{"tampered payload", parts[0] + "." + flip(parts[1], 10) + "." + parts[2], ""},
		{"tampered payload (other sub)", parts[0] + "." + b64json(with("sub", "someone-else")) + "." + parts[2], "bad_signature"},
		{"tampered longer exp", parts[0] + "." + b64json(with("exp", t0.Add(365*24*time.Hour).Unix())) + "." + parts[2], "bad_signature"},
		{"tampered header", b64json(hdrWith("kid", "1 ")) + "." + parts[1] + "." + parts[2], "unknown_kid"},
		{"tampered signature", parts[0] + "." + parts[1] + "." + flip(parts[2], 5), "bad_signature"},
		{"signature of another token", parts[0] + "." + parts[1] + "." + strings.Split(func() string { s, _ := f.issue(t, "es"); return s }(), ".")[2], "bad_signature"},
		{"truncated signature", good[:len(good)-5], ""},
		{"signature removed", parts[0] + "." + parts[1] + ".", "bad_signature"},
		{"signature dropped", parts[0] + "." + parts[1], "malformed"},
		{"header only", parts[0], "malformed"},
		{"truncated mid payload", good[:len(parts[0])+20], "malformed"},
		{"extra segment", good + ".AAAA", "malformed"},
		{"empty", "", "malformed"},
		{"garbage", "hello-world", "malformed"},
		{"dots", "..", "malformed"},
		{"non-base64", "a!b.c$d.e%f", "malformed"},
		{"padded base64", parts[0] + "=." + parts[1] + "." + parts[2], "malformed"},
		{"std base64 alphabet", func() string {
			std := strings.NewReplacer("-", "+", "_", "/").Replace(good)
			if std == good {
				t.Fatal("no token with a '-' or '_' in 50 issues")
			}
			return std
		}(), ""},
		{"huge", strings.Repeat("A", 10000) + "." + parts[1] + "." + parts[2], "malformed"},
		{"payload not JSON object", parts[0] + "." + b64([]byte(`["a"]`)) + "." + parts[2], "malformed"},
		{"header not JSON", b64([]byte("not json")) + "." + parts[1] + "." + parts[2], "malformed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := f.ver.Verify(ctxT(t), tc.token)
			if err == nil {
				t.Fatalf("accepted: %+v", c)
			}
			if !errors.Is(err, ErrInvalid) || errors.Is(err, ErrExpired) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if c != nil {
				t.Fatalf("claims returned for an invalid token: %+v", c)
			}
			if tc.reason != "" && Reason(err) != tc.reason {
				t.Errorf("reason = %q, want %q", Reason(err), tc.reason)
			}
		})
	}
}

func TestVerifyExpiredIsTyped(t *testing.T) {
	f := newFixture(t)
	tok, jti := f.issue(t, "es")
	f.clk.Add(DefaultTTL + time.Minute)
	c, err := f.ver.Verify(ctxT(t), tok)
	if !errors.Is(err, ErrExpired) || errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrExpired", err)
	}
	if c == nil || c.ID != jti || c.Lang != "es" {
		t.Fatalf("expired claims = %+v", c)
	}
	// within the leeway it still verifies
	f2 := newFixture(t)
	tok2, _ := f2.issue(t, "en")
	f2.clk.Add(DefaultTTL + 10*time.Second)
	if _, err := f2.ver.Verify(ctxT(t), tok2); err != nil {
		t.Fatalf("within leeway: %v", err)
	}
}

func TestVerifyCustomAudience(t *testing.T) {
	s, clk := newLocalSigner(1), newClock()
	iss := NewIssuer(s, IssuerConfig{Audience: "mychart", Now: clk.Now})
	tok, err := iss.Issue(ctxT(t), "p", "en", "j", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewVerifier(s, VerifierConfig{Audience: "mychart", Now: clk.Now}).Verify(ctxT(t), tok); err != nil {
		t.Fatalf("same audience: %v", err)
	}
	if _, err := NewVerifier(s, VerifierConfig{Now: clk.Now}).Verify(ctxT(t), tok); Reason(err) != "wrong_audience" {
		t.Fatalf("default audience accepted a mychart token: %v", err)
	}
}

func TestKeyRotationRefreshesOnceRateLimited(t *testing.T) {
	f := newFixture(t)
	tok1, _ := f.issue(t, "en")
	if _, err := f.ver.Verify(ctxT(t), tok1); err != nil {
		t.Fatal(err)
	}
	calls := f.s.pubCalls.Load()
	f.s.rotate()
	f.clk.Add(time.Minute) // past RefreshEvery since the first load
	tok2, _ := f.issue(t, "en")
	if c, err := f.ver.Verify(ctxT(t), tok2); err != nil || c.KeyVersion != 2 {
		t.Fatalf("v2 token after rotation: %v %+v", err, c)
	}
	if got := f.s.pubCalls.Load() - calls; got != 1 {
		t.Fatalf("refreshes for a new kid = %d, want 1", got)
	}
	// A flood of unknown kids triggers at most one refresh per RefreshEvery.
	calls = f.s.pubCalls.Load()
	forged := signEd(map[string]any{"alg": "EdDSA", "kid": "7"}, validPayload(), f.s.priv(1))
	for i := 0; i < 200; i++ {
		if _, err := f.ver.Verify(ctxT(t), forged); Reason(err) != "unknown_kid" {
			t.Fatalf("forged kid: %v", err)
		}
	}
	if got := f.s.pubCalls.Load() - calls; got > 1 {
		t.Fatalf("unknown kids caused %d refreshes, want <= 1", got)
	}
	// Old version still verifies.
	if _, err := f.ver.Verify(ctxT(t), tok1); err != nil {
		t.Fatalf("v1 after rotation: %v", err)
	}
}

func TestVerifyThroughSignerOutage(t *testing.T) {
	f := newFixture(t)
	tok, _ := f.issue(t, "en")
	// No keys ever loaded and the signer is down: unavailable, not invalid.
	f.s.fail.Store(true)
	if _, err := f.ver.Verify(ctxT(t), tok); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	f.s.fail.Store(false)
	f.clk.Add(time.Second)
	if _, err := f.ver.Verify(ctxT(t), tok); err != nil {
		t.Fatal(err)
	}
	// Cached keys keep working through an outage, even once stale.
	f.s.fail.Store(true)
	f.clk.Add(20 * time.Minute)
	if _, err := f.ver.Verify(ctxT(t), tok); err != nil {
		t.Fatalf("cached keys during outage: %v", err)
	}
	if _, err := f.ver.JWKS(ctxT(t)); err != nil {
		t.Fatalf("cached JWKS during outage: %v", err)
	}
}

func TestJWKS(t *testing.T) {
	f := newFixture(t)
	f.s.rotate()
	b, err := f.ver.JWKS(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != 2 {
		t.Fatalf("keys = %s", b)
	}
	for i, k := range set.Keys {
		want := map[string]string{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": []string{"1", "2"}[i],
			"x": b64(f.s.priv(i + 1).Public().(ed25519.PublicKey))}
		for kk, vv := range want {
			if k[kk] != vv {
				t.Errorf("key %d %s = %q, want %q", i, kk, k[kk], vv)
			}
		}
		if len(k) != len(want) {
			t.Errorf("key %d has extra members: %v", i, k)
		}
	}
}

func TestLangHelpers(t *testing.T) {
	for in, want := range map[string]string{"es": "es", "ES-mx": "es", "en_US": "en", "fr": "", "": "", "español": ""} {
		if got := normLang(in, ""); got != want {
			t.Errorf("normLang(%q) = %q", in, got)
		}
	}
	for in, want := range map[string]string{
		"es-419,es;q=0.9,en;q=0.8": "es", "en-US,en;q=0.9": "en", "fr-FR, es;q=0.5, en;q=0.4": "es",
		"fr": "", "": "", "en;q=0.1, es;q=0.9": "es", "es;q=0, en": "en", "es;q=abc": "",
	} {
		if got := acceptLanguage(in); got != want {
			t.Errorf("acceptLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}
