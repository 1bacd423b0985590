package admin_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/admin"
	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"github.com/ferryhealth/ferry/portal"
	"github.com/golang-jwt/jwt/v5"
	"gorm.io/gorm"
)

func TestTokens(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := audittest.NewKeySigner()
		v := &admin.Verifier{DB: db, Signer: s}
		tok, rec, err := admin.IssueToken(ctx, db, s, admin.TokenOptions{Name: "alice", TTL: 2 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Role != admin.RoleAuditor || rec.KeyVersion != 1 || rec.ExpiresAt.Sub(rec.IssuedAt) != 2*time.Hour {
			t.Fatalf("record %+v", rec)
		}
		hdr, claims := decode(t, tok)
		if hdr["alg"] != "EdDSA" || hdr["kid"] != "1" || fmt.Sprint(claims["aud"]) != "[ferry-admin]" || claims["role"] != "auditor" || claims["iss"] != "ferry" {
			t.Fatalf("header %v claims %v", hdr, claims)
		}
		p, err := v.Verify(ctx, tok)
		if err != nil || p.Name != "alice" || p.Role != "auditor" || p.TokenID != rec.ID {
			t.Fatalf("verify: %+v %v", p, err)
		}
		// Key rotation: a new token gets kid 2, the old one still verifies.
		s.Rotate(audit.DefaultKey)
		tok2, rec2, err := admin.IssueToken(ctx, db, s, admin.TokenOptions{Name: "bob", Role: admin.RoleAdmin})
		if err != nil || rec2.KeyVersion != 2 {
			t.Fatalf("after rotation: %+v %v", rec2, err)
		}
		v2 := &admin.Verifier{DB: db, Signer: s}
		for _, tk := range []string{tok, tok2} {
			if _, err := v2.Verify(ctx, tk); err != nil {
				t.Fatalf("after rotation: %v", err)
			}
		}
		list, err := admin.ListTokens(ctx, db)
		if err != nil || len(list) != 2 {
			t.Fatalf("list: %v %v", list, err)
		}

		refused := func(name, tok string, v *admin.Verifier) {
			t.Helper()
			if _, err := v.Verify(ctx, tok); !errors.Is(err, admin.ErrUnauthorized) {
				t.Errorf("%s: accepted (%v)", name, err)
			} else {
				t.Logf("%s: %v", name, err)
			}
		}
		// Expired: the verifier's clock past exp.
		refused("expired", tok, &admin.Verifier{DB: db, Signer: s, Now: func() time.Time { return time.Now().Add(3 * time.Hour) }})
		// Forged: same claims signed with a key Vault never had.
		other := audittest.NewKeySigner()
		forged, _, _ := admin.IssueToken(ctx, db, other, admin.TokenOptions{Name: "mallory", Role: admin.RoleAdmin})
		refused("forged", forged, v2)
		// Tampered payload: role raised to admin.
		parts := strings.Split(tok, ".")
		_, cl := decode(t, tok)
		cl["role"] = "admin"
		parts[1] = encodeSeg(t, cl)
		refused("tampered", strings.Join(parts, "."), v2)
		// alg none and HS256 with the public key as secret.
		none := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims(cl))
		none.Header["kid"] = "1"
		ns, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
		refused("alg none", ns, v2)
		keys, _ := s.PublicKeys(ctx, audit.DefaultKey)
		hs := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(cl))
		hs.Header["kid"] = "1"
		hss, _ := hs.SignedString([]byte(keys[1]))
		refused("HS256 with the public key", hss, v2)
		refused("garbage", "not.a.token", v2)
		// A patient link token (ferry-links, aud ferry-portal) is not an auditor token,
		// even when it is signed with the audit key.
		link, err := portal.NewIssuer(s, portal.IssuerConfig{Issuer: "https://ferry.example"}).Issue(ctx, "ps1", "en", portal.NewJTI(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		refused("patient link token", link, v2)
		link2, _ := portal.NewIssuer(s, portal.IssuerConfig{Key: audit.DefaultKey, Issuer: admin.Issuer}).Issue(ctx, "ps1", "en", portal.NewJTI(), time.Time{})
		refused("link token signed with the audit key", link2, v2)
		// ... and an auditor token is not a patient link.
		if _, err := portal.NewVerifier(s, portal.VerifierConfig{}).Verify(ctx, tok); err == nil {
			t.Error("portal accepted an auditor token")
		}
		if _, err := portal.NewVerifier(s, portal.VerifierConfig{Key: audit.DefaultKey}).Verify(ctx, tok); err == nil {
			t.Error("portal (audit key) accepted an auditor token")
		}
		// A token whose record is gone is refused.
		db.Exec("DELETE FROM auditor_tokens WHERE id = ?", rec2.ID)
		refused("unrecorded", tok2, v2)

		// Revoked.
		if err := admin.RevokeToken(ctx, db, rec.ID, "system"); err != nil {
			t.Fatal(err)
		}
		refused("revoked", tok, v2)
		if err := admin.RevokeToken(ctx, db, "nope", "system"); !errors.Is(err, admin.ErrTokenNotFound) {
			t.Fatalf("revoke unknown: %v", err)
		}
		var kinds []string
		db.Model(&audit.Event{}).Order("seq").Pluck("kind", &kinds)
		if strings.Join(kinds, " ") != "auditor.token_issued auditor.token_issued auditor.token_issued auditor.token_revoked" {
			t.Fatalf("audit trail %v", kinds)
		}
		for _, bad := range []admin.TokenOptions{{Name: ""}, {Name: "a b"}, {Name: "x", Role: "root"}, {Name: "x", TTL: time.Second}, {Name: "x", TTL: 365 * 24 * time.Hour}} {
			if _, _, err := admin.IssueToken(ctx, db, s, bad); err == nil {
				t.Errorf("issued with %+v", bad)
			}
		}
	})
}

func decode(t *testing.T, tok string) (map[string]any, map[string]any) {
	t.Helper()
	p := strings.Split(tok, ".")
	if len(p) != 3 {
		t.Fatalf("not a JWS: %q", tok)
	}
	var h, c map[string]any
	for i, out := range []*map[string]any{&h, &c} {
		b, err := base64.RawURLEncoding.DecodeString(p[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := jsonUnmarshal(b, out); err != nil {
			t.Fatal(err)
		}
	}
	return h, c
}

func encodeSeg(t *testing.T, v any) string {
	b, err := jsonMarshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
