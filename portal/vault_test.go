package portal

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ferryhealth/ferry/secrets"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

// TestVaultTransitLinks signs links through a real Vault (dev server, Transit key
// ferry-links) with the real secrets client, verifies them locally, checks Vault agrees
// with the signature, rotates the key, and runs the landing/redeem flow on the result.
// Without the vault binary it skips, and fails under CI=true (devvault.StartT).
func TestVaultTransitLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("needs a Vault server")
	}
	srv := devvault.StartT(t)
	ctx := t.Context()
	cfg := srv.Config()
	cfg.KeyCacheTTL = 500 * time.Millisecond // the issuer sees the rotation quickly
	client, err := secrets.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("secrets.New: %v", err)
	}
	t.Cleanup(client.Close)
	var _ Signer = client // *secrets.Client satisfies Signer

	iss := NewIssuer(client, IssuerConfig{Issuer: testIss})
	ver := NewVerifier(client, VerifierConfig{Issuer: testIss, RefreshEvery: time.Millisecond})
	// A second instance with the default 30 s metadata cache: it must still accept a kid
	// it has never seen, through the signer's per-version lookup.
	other, err := secrets.New(ctx, srv.Config(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(other.Close)
	otherVer := NewVerifier(other, VerifierConfig{Issuer: testIss})

	jti := NewJTI()
	tok, err := iss.Issue(ctx, "pseu_vault", "es", jti, time.Time{})
	if err != nil {
		t.Fatalf("issue through Transit: %v", err)
	}
	c, err := ver.Verify(ctx, tok)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if c.ID != jti || c.KeyVersion != 1 || c.Lang != "es" || c.Subject != "pseu_vault" {
		t.Fatalf("claims %+v", c)
	}

	// Vault's own verify endpoint accepts our JWS signature over header.payload.
	api, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	res, err := api.Logical().WriteWithContext(ctx, "transit/verify/"+DefaultKey, map[string]any{
		"input":     base64.StdEncoding.EncodeToString([]byte(parts[0] + "." + parts[1])),
		"signature": "vault:v1:" + base64.StdEncoding.EncodeToString(sig),
	})
	if err != nil || res == nil || res.Data["valid"] != true {
		t.Fatalf("transit/verify: %v %v", err, res)
	}

	// JWKS publishes the Transit public key.
	jwks, err := ver.JWKS(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := client.PublicKeys(ctx, DefaultKey)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(jwks), `"x":"`+base64.RawURLEncoding.EncodeToString(keys[1])+`"`) {
		t.Fatalf("JWKS %s lacks the Transit key", jwks)
	}

	if _, err := otherVer.Verify(ctx, tok); err != nil {
		t.Fatal(err)
	}

	// Rotate: new links carry kid 2, old links still verify, JWKS lists both.
	if _, err := api.Logical().WriteWithContext(ctx, "transit/keys/"+DefaultKey+"/rotate", nil); err != nil {
		t.Fatalf("rotate: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	var tok2 string
	for {
		tok2, err = iss.Issue(ctx, "pseu_vault", "en", NewJTI(), time.Time{})
		if err != nil {
			t.Fatalf("issue after rotation: %v", err)
		}
		if c, _ := ver.Verify(ctx, tok2); c != nil && c.KeyVersion == 2 {
			break
		}
		if time.Now().After(deadline) { // the client may cache the key's metadata briefly
			t.Fatalf("no kid 2 after rotation; last token verified as %+v", c)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, err := ver.Verify(ctx, tok); err != nil {
		t.Fatalf("v1 link after rotation: %v", err)
	}
	// secrets.Client re-reads key metadata for an unknown version at most once a second;
	// a real rotation is seen long after the other instance's last read.
	time.Sleep(1100 * time.Millisecond)
	if c, err := otherVer.Verify(ctx, tok2); err != nil || c.KeyVersion != 2 {
		t.Fatalf("second instance, new kid within its cache TTL: %v %+v", err, c)
	}
	jwks, _ = ver.JWKS(ctx)
	var set struct{ Keys []map[string]string }
	_ = json.Unmarshal(jwks, &set)
	if len(set.Keys) != 2 || set.Keys[0]["kid"] != "1" || set.Keys[1]["kid"] != "2" {
		t.Fatalf("JWKS after rotation: %s", jwks)
	}

	// A token whose kid names v1 but was signed by v2 is refused.
	hdr := map[string]any{"alg": "EdDSA", "kid": "1"}
	p2 := strings.Split(tok2, ".")
	swapped := b64json(hdr) + "." + p2[1] + "." + p2[2]
	if _, err := ver.Verify(ctx, swapped); Reason(err) != "bad_signature" {
		t.Fatalf("kid swapped: %v", err)
	}

	// The pages on top of Vault: landing, redeem, reuse.
	st := newMemStore(jti)
	h, err := NewHandlers(ver, st, HandlersConfig{PortalURL: "https://portal.example.org/start", RateLimit: RateLimit{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	Mount(app, h)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(time.Second) })
	base := "http://" + ln.Addr().String()
	if resp, body := do(t, "GET", base+"/l/"+tok, nil); resp.StatusCode != 200 || !strings.Contains(body, `lang="es"`) {
		t.Fatalf("landing: %d", resp.StatusCode)
	}
	resp, _ := do(t, "POST", base+"/l/"+tok, nil)
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || loc.Query().Get("token") != tok {
		t.Fatalf("redeem: %d %s", resp.StatusCode, loc)
	}
	if resp, _ := do(t, "POST", base+"/l/"+tok, nil); resp.StatusCode != http.StatusGone {
		t.Fatalf("reuse: %d", resp.StatusCode)
	}
	if resp, body := do(t, "GET", base+"/.well-known/jwks.json", nil); resp.StatusCode != 200 || !strings.Contains(body, `"kid":"2"`) {
		t.Fatalf("jwks endpoint: %d %s", resp.StatusCode, body)
	}
}
