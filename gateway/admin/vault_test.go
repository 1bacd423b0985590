package admin_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/admin"
	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"github.com/ferryhealth/ferry/portal"
	"github.com/ferryhealth/ferry/secrets"
	"github.com/ferryhealth/ferry/secrets/devvault"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"
)

// TestWithVault runs checkpoints, verification, auditor tokens and the API against a real
// dev Vault (Transit keys ferry-audit and ferry-links), including a key rotation.
func TestWithVault(t *testing.T) {
	vs := devvault.StartT(t)
	ctx := context.Background()
	cfg := vs.Config()
	cfg.KeyCacheTTL = time.Millisecond // see rotations at once
	vc, err := secrets.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(vc.Close)
	var _ audit.Signer = vc // *secrets.Client satisfies the interface

	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		audittest.Conversations(t, db, 14, t0)
		cp := &audit.Checkpointer{DB: db, Signer: vc}
		c1, err := cp.CheckpointNow(ctx)
		if err != nil || c1 == nil {
			t.Fatalf("checkpoint through Vault: %+v %v", c1, err)
		}
		tok, rec, err := admin.IssueToken(ctx, db, vc, admin.TokenOptions{Name: "vera", TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		// Rotate ferry-audit: new checkpoints and tokens use the new version, old ones
		// still verify.
		api := vc.API()
		if _, err := api.Logical().WriteWithContext(ctx, "transit/keys/"+audit.DefaultKey+"/rotate", nil); err != nil {
			t.Fatal(err)
		}
		audittest.Conversations(t, db, 3, t0.Add(72*time.Hour))
		c2, err := cp.CheckpointNow(ctx)
		if err != nil || c2 == nil || c2.KeyVersion != c1.KeyVersion+1 {
			t.Fatalf("checkpoint after rotation: %+v %v", c2, err)
		}
		tok2, rec2, err := admin.IssueToken(ctx, db, vc, admin.TokenOptions{Name: "walt", Role: admin.RoleAdmin})
		if err != nil || rec2.KeyVersion != rec.KeyVersion+1 {
			t.Fatalf("token after rotation: %+v %v", rec2, err)
		}
		var out bytes.Buffer
		ok, err := audit.RunVerify(ctx, db, vc, &out)
		if err != nil || !ok || !strings.Contains(out.String(), "2 signatures verified") {
			t.Fatalf("verify through Vault: %v %v\n%s", ok, err, out.String())
		}
		t.Logf("\n%s", out.String())

		app := fiber.New(fiber.Config{DisableStartupMessage: true})
		admin.Mount(app, admin.Deps{DB: db, Signer: vc, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		e := &env{t: t, db: db, app: app, token: tok, admin: tok2}
		var me admin.Principal
		e.getJSON("/api/v1/me", &me)
		if me.Name != "vera" {
			t.Fatalf("me %+v", me)
		}
		if st, _, _ := e.do("GET", "/api/v1/tokens", tok2, ""); st != 200 {
			t.Fatalf("admin token (key v2): %d", st)
		}
		// A real patient link token (ferry-links, aud ferry-portal) is refused here, and an
		// auditor token is refused by the portal.
		link, err := portal.NewIssuer(vc, portal.IssuerConfig{Issuer: "http://127.0.0.1:8080"}).Issue(ctx, "ps", "en", portal.NewJTI(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if st, _, _ := e.do("GET", "/api/v1/me", link, ""); st != 401 {
			t.Fatalf("patient link token accepted by the admin API: %d", st)
		}
		if _, err := (&admin.Verifier{DB: db, Signer: vc}).Verify(ctx, link); !errors.Is(err, admin.ErrUnauthorized) {
			t.Fatalf("link token: %v", err)
		}
		if _, err := portal.NewVerifier(vc, portal.VerifierConfig{}).Verify(ctx, tok); err == nil {
			t.Fatal("portal accepted an auditor token")
		}
		if err := admin.RevokeToken(ctx, db, rec.ID, "system"); err != nil {
			t.Fatal(err)
		}
		if st, _, _ := e.do("GET", "/api/v1/me", tok, ""); st != 401 {
			t.Fatalf("revoked token: %d", st)
		}
	})
}
