package deploy

import (
	"math"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// secretShapes are value shapes of credentials Ferry deals with; a deployment file that
// holds one has a secret committed.
var secretShapes = []struct {
	name string
	re   *regexp.Regexp
}{
	{"a Vault token", regexp.MustCompile(`\b(hv[sbr]\.[A-Za-z0-9_-]{20,}|s\.[A-Za-z0-9]{24})\b`)},
	{"a Meta access token", regexp.MustCompile(`\bEA[A-Za-z0-9]{30,}`)},
	{"a Telegram bot token", regexp.MustCompile(`\b\d{6,12}:[A-Za-z0-9_-]{30,}`)},
	{"a Twilio account sid", regexp.MustCompile(`\bAC[0-9a-f]{32}\b`)},
	{"a JWT", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`)},
	{"a private key", regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`)},
	{"an AWS key", regexp.MustCompile(`\bAKIA[0-9A-Z]{16}\b`)},
	{"a GitHub token", regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{30,}`)},
	{"a password assignment", regexp.MustCompile(`(?i)\b(password|passwd|pwd)=[^&\s]+`)},
}

// secretValue says why v looks like a credential, or "" when it does not.
func secretValue(v string) string {
	v = strings.TrimSpace(v)
	for _, s := range secretShapes {
		if s.re.MatchString(v) {
			return s.name
		}
	}
	if u, err := url.Parse(v); err == nil && u.User != nil {
		if pw, _ := u.User.Password(); pw != "" {
			return "a URL with a password"
		}
	}
	// A long token-like string with high entropy (random hex or base64).
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(" ,;\"'/:@?&", r) }) {
		if len(f) >= 32 && regexp.MustCompile(`^[A-Za-z0-9+/=_-]+$`).MatchString(f) && entropy(f) > 3.5 {
			return "a long random-looking string"
		}
	}
	return ""
}

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	var n [256]float64
	for i := 0; i < len(s); i++ {
		n[s[i]]++
	}
	h := 0.0
	for _, c := range n {
		if c > 0 {
			p := c / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h
}

func TestSecretValue(t *testing.T) {
	secrets := []string{
		"hvs.CAESIJ3qS1l0ngEnoughT0kenValue_abc",
		"EAAGm0PX4ZCpsBAKZCZAexampleexampleexample1234",
		"123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1",
		"AC0123456789abcdef0123456789abcdef",
		"eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln",
		"-----BEGIN OPENSSH PRIVATE KEY-----",
		"postgres://ferry:hunter2@db:5432/ferry",
		"host=db user=ferry password=hunter2",
		"f3a9c1e07b2d4c8e9a1f0b3c5d7e9f1a2b4c6d8e",
	}
	for _, s := range secrets {
		if secretValue(s) == "" {
			t.Errorf("secretValue(%q) = \"\", want it flagged", s)
		}
	}
	clean := []string{
		"0.0.0.0:8080", "https://vault.vault.svc:8200", "kubernetes", "ferry-links",
		"/var/run/secrets/ferry/vault/token", "postgres://ferry@db:5432/ferry?sslmode=verify-full",
		"messenger,instagram,whatsapp,x,telegram,twilio", "72h", "https://ferry.example.org",
		"sqlite:/data/ferry.db", "Your hospital", "#0b5cab",
	}
	for _, s := range clean {
		if why := secretValue(s); why != "" {
			t.Errorf("secretValue(%q) = %q, want clean", s, why)
		}
	}
}
