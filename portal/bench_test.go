package portal

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// BenchmarkVerify measures local verification of a genuine link (keys cached).
func BenchmarkVerify(b *testing.B) {
	s := newLocalSigner(1)
	iss := NewIssuer(s, IssuerConfig{Issuer: testIss})
	ver := NewVerifier(s, VerifierConfig{Issuer: testIss})
	ctx := context.Background()
	tok, err := iss.Issue(ctx, "pseu", "en", NewJTI(), time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ver.Verify(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyForged measures the cost of refusing a forged link.
func BenchmarkVerifyForged(b *testing.B) {
	s := newLocalSigner(1)
	ver := NewVerifier(s, VerifierConfig{Issuer: testIss})
	tok := signEd(map[string]any{"alg": "EdDSA", "kid": "1"}, validPayload(), newLocalSigner(1).priv(1))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ver.Verify(ctx, tok); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkIssue measures building and signing a link with an in-process signer (the
// Transit round trip is not included).
func BenchmarkIssue(b *testing.B) {
	s := newLocalSigner(1)
	iss := NewIssuer(s, IssuerConfig{Issuer: testIss})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := iss.Issue(ctx, "pseu", "en", "AAAAAAAAAAAAAAAAAAAAAA", time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedeem measures POST /l/:token end to end through fiber with an in-memory store.
func BenchmarkRedeem(b *testing.B) {
	s := newLocalSigner(1)
	iss := NewIssuer(s, IssuerConfig{Issuer: testIss})
	ver := NewVerifier(s, VerifierConfig{Issuer: testIss})
	st := newMemStore()
	h, err := NewHandlers(ver, st, HandlersConfig{PortalURL: "https://portal.example.org/", RateLimit: RateLimit{Disabled: true}})
	if err != nil {
		b.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	Mount(app, h)
	ctx := context.Background()
	toks := make([]string, 0, 4096)
	for range 4096 {
		jti := NewJTI()
		st.add(jti)
		t, _ := iss.Issue(ctx, "pseu", "en", jti, time.Time{})
		toks = append(toks, t)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req := httptest.NewRequest("POST", "/l/"+toks[i%len(toks)], nil)
		resp, err := app.Test(req, -1)
		if err != nil {
			b.Fatal(err)
		}
		if i < len(toks) && resp.StatusCode != 303 {
			b.Fatalf("status %d", resp.StatusCode)
		}
		i++
	}
}
