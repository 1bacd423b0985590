package portal

import (
	"crypto/ed25519"
	"errors"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
)

// TestPythonExampleVerifier runs docs/examples/verify_ferry_token.py (PyJWT) against the
// JWKS endpoint: a genuine link verifies once, then is refused as used; forged, expired
// and wrong-audience links are refused. The example is documentation: this test runs only
// where a python3 with PyJWT and cryptography is installed (Debian python3-jwt), CI or not.
func TestPythonExampleVerifier(t *testing.T) {
	py := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import jwt, cryptography").Run() == nil {
			py = path
			break
		}
	}
	if py == "" {
		t.Skip("no python3 with PyJWT + cryptography; the example verifier is documentation only")
	}
	f := newFixture(t)
	f.clk = &clock{t: time.Now().Truncate(time.Second)}
	f.iss = NewIssuer(f.s, IssuerConfig{Issuer: testIss, Now: f.clk.Now})
	f.ver = NewVerifier(f.s, VerifierConfig{Issuer: testIss, Now: f.clk.Now})
	h, err := NewHandlers(f.ver, newMemStore(), HandlersConfig{PortalURL: "https://portal.example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	Mount(app, h)
	srv := httptest.NewServer(adaptor.FiberApp(app))
	defer srv.Close()

	script := filepath.Join("..", "docs", "examples", "verify_ferry_token.py")
	db := filepath.Join(t.TempDir(), "used.sqlite")
	run := func(tok string, extra ...string) (string, error) {
		args := append([]string{script, "--jwks", srv.URL + "/.well-known/jwks.json", "--issuer", testIss, "--db", db}, extra...)
		out, err := exec.Command(py, append(args, tok)...).CombinedOutput()
		return string(out), err
	}
	good, jti := f.issue(t, "es")
	if out, err := run(good); err != nil || !strings.Contains(out, `"jti": "`+jti+`"`) {
		t.Fatalf("genuine token: %v\n%s", err, out)
	}
	if out, err := run(good); err == nil || !strings.Contains(out, "already used") {
		t.Fatalf("second use: %v\n%s", err, out)
	}
	fresh, _ := f.issue(t, "en")
	parts := strings.Split(fresh, ".")
	expiredTok, _ := f.iss.Issue(t.Context(), "p", "en", NewJTI(), f.clk.Now().Add(-time.Hour))
	for name, tok := range map[string]string{
		"tampered":      parts[0] + "." + b64json(map[string]any{"sub": "x", "jti": "y"}) + "." + parts[2],
		"alg none":      b64json(map[string]any{"alg": "none", "kid": "1"}) + "." + parts[1] + ".",
		"HS256":         signHS(map[string]any{"alg": "HS256", "kid": "1"}, map[string]any{"jti": "z"}, []byte(f.s.priv(1).Public().(ed25519.PublicKey))),
		"unknown kid":   b64json(map[string]any{"alg": "EdDSA", "kid": "9"}) + "." + parts[1] + "." + parts[2],
		"expired":       expiredTok,
		"wrong aud arg": fresh,
	} {
		extra := []string{}
		if name == "wrong aud arg" {
			extra = []string{"--audience", "other-portal"}
		}
		out, err := run(tok, extra...)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || !strings.Contains(out, "refused") {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
}
