package portal

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestVerifiedCacheHitsOnlyTheSameToken(t *testing.T) {
	f := newFixture(t)
	tok, jti := f.issue(t, "es")
	c1, err := f.ver.Verify(ctxT(t), tok)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.ver.verified.get(tok, f.clk.Now()); !ok {
		t.Fatal("a verified token is not remembered")
	}
	c1.ID = "changed by the caller"
	c2, err := f.ver.Verify(ctxT(t), tok)
	if err != nil || c2.ID != jti || c2.Lang != "es" || c2.KeyVersion != 1 {
		t.Fatalf("second verification = %+v, %v; want the token's own claims", c2, err)
	}
	// One changed character is a different token: verified in full and refused.
	i := strings.LastIndexByte(tok, '.') + 5
	b := []byte(tok)
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	if _, err := f.ver.Verify(ctxT(t), string(b)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("tampered signature of a cached token: %v, want invalid", err)
	}
	if _, ok := f.ver.verified.get(string(b), f.clk.Now()); ok {
		t.Fatal("a refused token was remembered")
	}
}

func TestVerifiedCacheRechecksExpiry(t *testing.T) {
	f := newFixture(t)
	tok, jti := f.issue(t, "en")
	if _, err := f.ver.Verify(ctxT(t), tok); err != nil {
		t.Fatal(err)
	}
	f.clk.Add(DefaultTTL + time.Minute)
	c, err := f.ver.Verify(ctxT(t), tok)
	if !errors.Is(err, ErrExpired) || c == nil || c.ID != jti {
		t.Fatalf("cached token past expiry: %+v, %v; want ErrExpired with its claims", c, err)
	}
}

func TestVerifiedCacheRefusesATrimmedKeyVersion(t *testing.T) {
	f := newFixture(t)
	tok, _ := f.issue(t, "en")
	if _, err := f.ver.Verify(ctxT(t), tok); err != nil {
		t.Fatal(err)
	}
	f.s.rotate()
	f.s.drop(1)
	f.clk.Add(time.Minute) // past RefreshEvery: a token of the new version reloads the key set
	tok2, _ := f.issue(t, "en")
	if c, err := f.ver.Verify(ctxT(t), tok2); err != nil || c.KeyVersion != 2 {
		t.Fatalf("token of the new version: %+v, %v", c, err)
	}
	if _, err := f.ver.Verify(ctxT(t), tok); Reason(err) != "unknown_kid" {
		t.Fatalf("cached token of a trimmed key version: %v, want unknown_kid", err)
	}
}

func TestVerifiedCacheIsBounded(t *testing.T) {
	c := newVerifiedCache()
	now := time.Unix(1_800_000_000, 0)
	for i := range verifiedMax + 10 {
		c.put("token-"+string(rune('a'+i%26))+strings.Repeat("x", i), Claims{ID: "j"}, now)
	}
	if len(c.m) != verifiedMax {
		t.Fatalf("cache holds %d entries, want %d", len(c.m), verifiedMax)
	}
	if _, ok := c.get("token-a", now); ok {
		t.Fatal("the oldest entry was not dropped")
	}
	last := verifiedMax + 9
	if _, ok := c.get("token-"+string(rune('a'+last%26))+strings.Repeat("x", last), now); !ok {
		t.Fatal("the newest entry is missing")
	}
	if _, ok := c.get("token-"+string(rune('a'+last%26))+strings.Repeat("x", last), now.Add(verifiedTTL)); ok {
		t.Fatal("an entry outlived verifiedTTL")
	}
}
