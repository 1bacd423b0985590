package portal

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzVerify feeds arbitrary strings to the token verifier: it must never panic, must
// answer only with the typed errors, and must accept nothing but the exact tokens issued
// (no malleable encoding of a genuine token verifies).
func FuzzVerify(f *testing.F) {
	s := newLocalSigner(2)
	clk := newClock()
	iss := NewIssuer(s, IssuerConfig{Issuer: testIss, Now: clk.Now})
	ver := NewVerifier(s, VerifierConfig{Issuer: testIss, Now: clk.Now})
	ctx := context.Background()
	good, err := iss.Issue(ctx, "pseu_fuzz", "es", "AAAAAAAAAAAAAAAAAAAAAA", time.Time{})
	if err != nil {
		f.Fatal(err)
	}
	expired, _ := iss.Issue(ctx, "pseu_fuzz", "en", "BBBBBBBBBBBBBBBBBBBBBB", t0.Add(-time.Hour))
	valid := map[string]bool{good: true}
	parts := strings.Split(good, ".")
	seeds := []string{
		good, expired, "", ".", "..", "...", "a.b.c", good + ".", good[:len(good)/2],
		parts[0] + "." + parts[1] + ".",
		b64json(map[string]any{"alg": "none", "kid": "1"}) + "." + parts[1] + ".",
		b64json(map[string]any{"alg": "HS256", "kid": "1"}) + "." + parts[1] + "." + parts[2],
		b64json(map[string]any{"alg": "EdDSA", "kid": "2"}) + "." + parts[1] + "." + parts[2],
		b64json(map[string]any{"alg": "EdDSA", "kid": 1e300}) + "." + parts[1] + "." + parts[2],
		b64json(map[string]any{"alg": "EdDSA", "kid": []any{"1"}}) + "." + parts[1] + "." + parts[2],
		b64json(map[string]any{"alg": "EdDSA", "kid": "1"}) + "." + b64([]byte(`{"exp":1e400}`)) + "." + parts[2],
		b64json(map[string]any{"alg": "EdDSA", "kid": "1"}) + "." + b64([]byte(`{"aud":{"a":1},"exp":"x"}`)) + "." + parts[2],
		b64json(map[string]any{"alg": "EdDSA", "kid": "1"}) + "." + b64([]byte(`null`)) + "." + parts[2],
		b64json(map[string]any{"alg": "EdDSA", "kid": "1"}) + "." + b64([]byte(`{"nbf":-9223372036854775808,"exp":9223372036854775807}`)) + "." + parts[2],
		strings.Repeat("A", 5000), "\x00.\xff.\x80", "eyJ.eyJ.eyJ",
	}
	for _, sd := range seeds {
		f.Add(sd)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := ver.Verify(ctx, tok)
		switch {
		case err == nil:
			if !valid[tok] {
				t.Fatalf("accepted a token that was never issued: %q", tok)
			}
			if c == nil || c.ID == "" {
				t.Fatal("nil claims for a valid token")
			}
		case errors.Is(err, ErrExpired):
			if c == nil || c.ID == "" {
				t.Fatal("ErrExpired without claims")
			}
			if tok != expired {
				t.Fatalf("expired accepted for a token never issued: %q", tok)
			}
		case errors.Is(err, ErrInvalid):
			if c != nil {
				t.Fatal("claims returned with ErrInvalid")
			}
			if Reason(err) == "" {
				t.Fatal("empty reason")
			}
		default:
			t.Fatalf("untyped error %T: %v", err, err)
		}
	})
}
