package e2e

// Attacks against the real binary: forged and mangled webhook signatures on all six
// platforms, link-token attacks (alg none, HS256 keyed with the public key, foreign kid
// and embedded keys, genuine Transit signatures over bad claims, tampering, truncation,
// reuse and a 50-way redemption race), request limits and security headers.

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/store/storetest"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

// TestWebhookSignatureAttacks: every mangled signature on every platform is refused with
// 401/403 and nothing is stored or sent; the same bodies correctly signed are accepted.
func TestWebhookSignatureAttacks(t *testing.T) {
	vs := devvault.StartT(t)
	sink := newPlatformSink(t)
	in := startAll(t, vs, storetest.DSN(t, "sqlite"), sink)
	kit := newPlatformKit(t, vs, in.PublicURL)
	hmacHex := func(h func() hash.Hash, key string, b []byte) string {
		m := hmac.New(h, []byte(key))
		m.Write(b)
		return hex.EncodeToString(m.Sum(nil))
	}
	hmacB64 := func(h func() hash.Hash, key string, b []byte) string {
		m := hmac.New(h, []byte(key))
		m.Write(b)
		return base64.StdEncoding.EncodeToString(m.Sum(nil))
	}
	sha1f, sha256f := sha1.New, sha256.New

	type attack struct{ name, value string } // value "" = header absent
	refused, total := 0, 0
	for i, p := range allPlatforms {
		hdr := signatureHeader(p)
		earlier := kit.body(p, 500+i, 500+i, "earlier message")
		body := kit.body(p, 600+i, 600+i, "I have a fever, call me on 704-555-0199")
		good := kit.sign(p, body)[hdr]
		secretOf := map[string]string{"x": kit.sec[p]["consumer_secret"], "telegram": kit.sec[p]["secret_token"], "twilio": kit.sec[p]["auth_token"]}[p]
		if secretOf == "" {
			secretOf = kit.sec[p]["app_secret"]
		}
		other := allPlatforms[(i+1)%len(allPlatforms)]
		attacks := []attack{
			{"missing", ""},
			{"empty", " "},
			{"forged (wrong secret)", forge(p, "not-the-secret-0123456789abcdef", body, kit.publicURL)},
			{"truncated", good[:len(good)-4]},
			{"extended", good + "00"},
			{"other platform's secret", forge(p, firstSecret(kit, other), body, kit.publicURL)},
			{"one character changed", mutate(good)},
		}
		if p != "telegram" {
			// Telegram's secret token is the same on every delivery (it signs no body), so
			// only the platforms that sign the body can refuse a signature moved to another.
			attacks = append(attacks, attack{"replayed from another body", kit.sign(p, earlier)[hdr]})
		}
		switch p {
		case "messenger", "instagram", "whatsapp":
			attacks = append(attacks, attack{"sha1=", "sha1=" + hmacHex(sha1f, secretOf, body)}, attack{"no prefix", good[len("sha256="):]})
		case "x":
			attacks = append(attacks, attack{"sha1=", "sha1=" + hmacB64(sha1f, secretOf, body)}, attack{"hex instead of base64", "sha256=" + hmacHex(sha256f, secretOf, body)})
		case "twilio":
			params, _ := url.ParseQuery(string(body))
			attacks = append(attacks,
				attack{"HMAC-SHA256 instead of SHA1", hmacB64(sha256f, secretOf, []byte(kit.publicURL+"/webhooks/twilio"+sortedParams(params)))},
				attack{"signed for another URL", forge(p, secretOf, body, kit.publicURL+"/webhooks/twilio?next=1")})
		case "telegram":
			attacks = append(attacks, attack{"sha256 of the token", hex.EncodeToString(sha256Sum(secretOf))}, attack{"token prefix", secretOf[:len(secretOf)/2]})
		}
		for _, a := range attacks {
			h := kit.sign(p, body)
			delete(h, hdr)
			if a.value != "" {
				h[hdr] = a.value
			}
			total++
			code := send(delivery{Platform: p, URL: in.PublicURL + "/webhooks/" + p, Body: body, Header: h})
			if code == http.StatusUnauthorized || code == http.StatusForbidden {
				refused++
			} else {
				t.Errorf("%s: %s signature answered %d, want 401/403", p, a.name, code)
			}
		}
	}
	if n := in.rows("messages", ""); n != 0 {
		t.Fatalf("%d messages stored from forged webhooks", n)
	}
	if n := in.rows("jobs", ""); n != 0 {
		t.Fatalf("%d jobs from forged webhooks", n)
	}
	t.Logf("signature attacks: %d/%d refused", refused, total)

	// The same bodies, signed properly, go through: the attacks failed on the signature alone.
	for i, p := range allPlatforms {
		body := kit.body(p, 600+i, 600+i, "I have a fever, call me on 704-555-0199")
		if code := send(delivery{Platform: p, URL: in.PublicURL + "/webhooks/" + p, Body: body, Header: kit.sign(p, body)}); code != 200 {
			t.Errorf("%s: the genuine delivery answered %d", p, code)
		}
	}
	sink.waitDelivered(t, len(allPlatforms), 30*time.Second)
	if n := in.rows("messages", ""); n != int64(len(allPlatforms)) {
		t.Errorf("%d messages after the genuine deliveries, want %d", n, len(allPlatforms))
	}
}

func sha256Sum(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

func firstSecret(k *platformKit, p string) string {
	for _, f := range []string{"app_secret", "consumer_secret", "secret_token", "auth_token"} {
		if v := k.sec[p][f]; v != "" {
			return v
		}
	}
	return ""
}

// forge signs body for platform p the way p signs, with the given secret (and URL for Twilio).
func forge(p, secret string, body []byte, urlOrBase string) string {
	k := &platformKit{publicURL: urlOrBase, sec: map[string]map[string]string{p: {
		"app_secret": secret, "consumer_secret": secret, "secret_token": secret, "auth_token": secret}}}
	if p == "twilio" {
		// Twilio signs the full URL; for a base URL, the webhook path is appended by sign.
		if strings.Contains(urlOrBase, "/webhooks/") {
			params, _ := url.ParseQuery(string(body))
			m := hmac.New(sha1.New, []byte(secret))
			m.Write([]byte(urlOrBase + sortedParams(params)))
			return base64.StdEncoding.EncodeToString(m.Sum(nil))
		}
	}
	return k.sign(p, body)[signatureHeader(p)]
}

func sortedParams(v url.Values) string {
	var b strings.Builder
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sortStrings(keys)
	for _, k := range keys {
		for _, x := range v[k] {
			b.WriteString(k + x)
		}
	}
	return b.String()
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// mutate changes one character of a signature to another of the same alphabet.
func mutate(s string) string {
	b := []byte(s)
	i := len(b) - 5
	switch c := b[i]; {
	case c == '0':
		b[i] = '1'
	case c >= '1' && c <= '9':
		b[i] = '0'
	case c == 'a':
		b[i] = 'b'
	case c == 'A':
		b[i] = 'B'
	default:
		b[i] = 'a'
	}
	return string(b)
}

// linkKit drives the link pages of an instance.
type linkKit struct {
	t      *testing.T
	in     *instance
	client *http.Client
}

func newLinkKit(t *testing.T, in *instance) *linkKit {
	return &linkKit{t: t, in: in, client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (k *linkKit) do(method, token string) (int, string, http.Header) {
	req, _ := http.NewRequest(method, k.in.PublicURL+"/l/"+token, nil)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := k.client.Do(req)
	if err != nil {
		k.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// transitToken signs a token with the real link key in Vault: a genuine signature over
// whatever header and claims the test chooses.
func transitToken(t *testing.T, vs *devvault.Server, header, claims map[string]any) string {
	t.Helper()
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	signing := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	vc, err := vs.Client()
	if err != nil {
		t.Fatal(err)
	}
	s, err := vc.Logical().Write("transit/sign/ferry-links", map[string]any{"input": base64.StdEncoding.EncodeToString([]byte(signing))})
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := s.Data["signature"].(string)
	parts := strings.Split(sig, ":")
	raw, err := base64.StdEncoding.DecodeString(parts[len(parts)-1])
	if err != nil {
		t.Fatal(err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(raw)
}

func b64json(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeSegment(t *testing.T, s string) map[string]any {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// getTokens sends n messages and returns the n links of the replies.
func getTokens(t *testing.T, vs *devvault.Server, in *instance, sink *platformSink, first, n int) []string {
	t.Helper()
	kit := newPlatformKit(t, vs, in.PublicURL)
	before := sink.totalDelivered()
	for i := first; i < first+n; i++ {
		if c := send(kit.delivery("messenger", i, i, "when is my appointment")); c != 200 {
			t.Fatalf("webhook %d: %d", i, c)
		}
	}
	sink.waitDelivered(t, before+n, 30*time.Second)
	var out []string
	for _, txt := range sink.replyTexts() {
		if m := linkRE.FindStringSubmatch(txt); m != nil {
			out = append(out, m[1])
		}
	}
	return out[len(out)-n:]
}

// TestLinkTokenAttacks: forged, tampered and replayed links get the right page (400
// invalid, 410 expired or used), and 50 concurrent redemptions of one link give one 303.
func TestLinkTokenAttacks(t *testing.T) {
	vs := devvault.StartT(t)
	sink := newPlatformSink(t)
	in := startAll(t, vs, storetest.DSN(t, "sqlite"), sink, "FERRY_PLATFORMS=messenger", "FERRY_REPLY_COOLDOWN=0s", "FERRY_LINK_RATE_LIMIT=100000")
	lk := newLinkKit(t, in)
	tokens := getTokens(t, vs, in, sink, 1, 4)
	legit := tokens[0]
	parts := strings.Split(legit, ".")
	hdr, claims := decodeSegment(t, parts[0]), decodeSegment(t, parts[1])

	resp, err := http.Get(in.PublicURL + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	var jwks struct {
		Keys []struct{ X, Kid string } `json:"keys"`
	}
	json.NewDecoder(resp.Body).Decode(&jwks)
	resp.Body.Close()
	if len(jwks.Keys) == 0 {
		t.Fatal("empty JWKS")
	}
	pub, _ := base64.RawURLEncoding.DecodeString(jwks.Keys[0].X)
	hs := func(key []byte, h map[string]any) string {
		s := b64json(h) + "." + parts[1]
		m := hmac.New(sha256.New, key)
		m.Write([]byte(s))
		return s + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}
	_, evilPriv, _ := ed25519.GenerateKey(rand.Reader)
	evilPub := evilPriv.Public().(ed25519.PublicKey)
	ownSigned := func(h map[string]any, c map[string]any) string {
		s := b64json(h) + "." + b64json(c)
		return s + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(evilPriv, []byte(s)))
	}
	with := func(m map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(out, kv[i].(string))
			} else {
				out[kv[i].(string)] = kv[i+1]
			}
		}
		return out
	}
	now := time.Now().Unix()
	fresh := func(kv ...any) map[string]any {
		return with(claims, append([]any{"jti", fmt.Sprintf("forged-%d", time.Now().UnixNano())}, kv...)...)
	}
	tamperedClaims := with(claims, "sub", strings.Repeat("a", 64))
	flip := []byte(parts[2])
	flip[5] ^= 1

	cases := []struct {
		name   string
		token  string
		status int
		page   string
	}{
		{"alg none", b64json(with(hdr, "alg", "none")) + "." + parts[1] + ".", 400, "not valid"},
		{"alg none, no signature part", b64json(with(hdr, "alg", "none")) + "." + parts[1], 400, "not valid"},
		{"HS256 keyed with the public key", hs(pub, with(hdr, "alg", "HS256")), 400, "not valid"},
		{"HS256 keyed with the JWKS x", hs([]byte(jwks.Keys[0].X), with(hdr, "alg", "HS256")), 400, "not valid"},
		{"kid of a version that does not exist", ownSigned(with(hdr, "kid", "99"), claims), 400, "not valid"},
		{"kid as a path", ownSigned(with(hdr, "kid", "../../../etc/passwd"), claims), 400, "not valid"},
		{"kid as a URL, jku", ownSigned(with(hdr, "kid", "https://evil.example/jwks.json", "jku", "https://evil.example/jwks.json"), claims), 400, "not valid"},
		{"embedded jwk", ownSigned(with(hdr, "jwk", map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(evilPub)}), claims), 400, "not valid"},
		{"own key, real kid", ownSigned(hdr, claims), 400, "not valid"},
		{"tampered payload", parts[0] + "." + b64json(tamperedClaims) + "." + parts[2], 400, "not valid"},
		{"flipped signature bit", parts[0] + "." + parts[1] + "." + string(flip), 400, "not valid"},
		{"truncated", legit[:len(legit)-6], 400, "not valid"},
		{"two segments", parts[0] + "." + parts[1], 400, "not valid"},
		{"oversized", legit + strings.Repeat("A", 5000), 400, "not valid"},
		{"expired (genuine signature)", transitToken(t, vs, hdr, fresh("iat", now-7200, "nbf", now-7200, "exp", now-3600)), 410, "expired"},
		{"not yet valid (genuine signature)", transitToken(t, vs, hdr, fresh("iat", now, "nbf", now+3600, "exp", now+7200)), 400, "not valid"},
		{"wrong audience (genuine signature)", transitToken(t, vs, hdr, fresh("aud", []string{"ferry-admin"})), 400, "not valid"},
		{"wrong issuer (genuine signature)", transitToken(t, vs, hdr, fresh("iss", "https://evil.example")), 400, "not valid"},
		{"no exp (genuine signature)", transitToken(t, vs, hdr, fresh("exp", nil)), 400, "not valid"},
		{"unknown jti (genuine signature)", transitToken(t, vs, hdr, fresh()), 400, "not valid"},
	}
	refused := 0
	for _, c := range cases {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			code, body, h := lk.do(method, c.token)
			if code != c.status || !strings.Contains(body, c.page) {
				t.Errorf("%s (%s): %d, want %d with the %q page", c.name, method, code, c.status, c.page)
				continue
			}
			if h.Get("Location") != "" {
				t.Errorf("%s (%s): redirects to %s", c.name, method, h.Get("Location"))
				continue
			}
			refused++
		}
	}
	if n := in.rows("links", "redeemed_at IS NOT NULL"); n != 0 {
		t.Errorf("%d links redeemed by attacks", n)
	}

	// Reuse after redemption.
	if code, _, h := lk.do(http.MethodPost, legit); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), in.Portal.URL) {
		t.Fatalf("genuine redemption: %d %s", code, h.Get("Location"))
	}
	for _, m := range []string{http.MethodPost, http.MethodGet, http.MethodPost} {
		if code, body, _ := lk.do(m, legit); code != http.StatusGone || !strings.Contains(body, "already used") {
			t.Errorf("reuse after redemption (%s): %d", m, code)
		} else {
			refused++
		}
	}

	// 50 concurrent redemptions of one link: exactly one 303.
	race := tokens[1]
	var wg sync.WaitGroup
	codes := make([]int, 50)
	for i := range codes {
		wg.Add(1)
		go func() { defer wg.Done(); codes[i], _, _ = lk.do(http.MethodPost, race) }()
	}
	wg.Wait()
	won, gone := 0, 0
	for _, c := range codes {
		switch c {
		case http.StatusSeeOther:
			won++
		case http.StatusGone:
			gone++
		}
	}
	if won != 1 || gone != 49 {
		t.Errorf("50 concurrent redemptions: %d × 303, %d × 410, codes %v", won, gone, codes)
	}
	if n := in.auditCount("link.redeemed"); n != 2 {
		t.Errorf("%d link.redeemed events, want 2", n)
	}
	t.Logf("link attacks: %d/%d refused with the right page; race: %d won, %d refused", refused, 2*len(cases)+3, won, gone)
}

// TestLinkExpiry: a real link issued with a short FERRY_LINK_TTL is refused with the
// expired page once exp (plus the verifier's 30 s leeway) has passed.
func TestLinkExpiry(t *testing.T) {
	t.Parallel()
	vs := devvault.StartT(t)
	sink := newPlatformSink(t)
	in := startAll(t, vs, storetest.DSN(t, "sqlite"), sink, "FERRY_PLATFORMS=messenger", "FERRY_LINK_TTL=1s", "FERRY_LINK_RATE_LIMIT=100000")
	tok := getTokens(t, vs, in, sink, 1, 1)[0]
	lk := newLinkKit(t, in)
	waitFor(t, 60*time.Second, "the link to expire", func() bool {
		code, _, _ := lk.do(http.MethodGet, tok)
		return code != http.StatusOK
	})
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if code, body, _ := lk.do(m, tok); code != http.StatusGone || !strings.Contains(body, "expired") {
			t.Errorf("expired link (%s): %d", m, code)
		}
	}
	if n := in.rows("links", "redeemed_at IS NOT NULL"); n != 0 {
		t.Errorf("an expired link was redeemed")
	}
}

// TestRequestLimitsAndHeaders: bodies over FERRY_BODY_LIMIT get 413 and store nothing,
// oversized headers are refused, the link pages are rate-limited per source, and every
// answer carries the security headers (HSTS when the public URL is https).
func TestRequestLimitsAndHeaders(t *testing.T) {
	t.Parallel()
	vs := devvault.StartT(t)
	sink := newPlatformSink(t)
	in := startAll(t, vs, storetest.DSN(t, "sqlite"), sink, "FERRY_BODY_LIMIT=4096", "FERRY_LINK_RATE_LIMIT=5", "FERRY_PLATFORMS=messenger,twilio")
	kit := newPlatformKit(t, vs, in.PublicURL)

	for _, p := range []string{"messenger", "twilio"} {
		big := kit.delivery(p, 1, 1, "I have a rash "+strings.Repeat("and it itches ", 400))
		if len(big.Body) <= 4096 {
			t.Fatalf("body of %d bytes is not over the limit", len(big.Body))
		}
		if code := send(big); code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: body over FERRY_BODY_LIMIT answered %d, want 413", p, code)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, in.PublicURL+"/webhooks/messenger", strings.NewReader("{}"))
	req.Header.Set("X-Filler", strings.Repeat("a", 16<<10))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("16 KiB header answered %d, want a 4xx", resp.StatusCode)
		}
	}
	if n := in.rows("messages", ""); n != 0 {
		t.Errorf("%d messages stored from refused requests", n)
	}
	if code := send(kit.delivery("messenger", 2, 2, "small and fine")); code != 200 {
		t.Errorf("a body under the limit answered %d", code)
	}

	// Headers on every public answer.
	check := func(what string, h http.Header, link bool) {
		t.Helper()
		if h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: Referrer-Policy %q, X-Content-Type-Options %q", what, h.Get("Referrer-Policy"), h.Get("X-Content-Type-Options"))
		}
		if link {
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("%s: CSP %q", what, csp)
			}
			if h.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control %q, want no-store", what, h.Get("Cache-Control"))
			}
		} else if h.Get("X-Frame-Options") != "DENY" && !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: framing not forbidden", what)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS on a plain-http deployment", what)
		}
	}
	lk := newLinkKit(t, in)
	_, _, h := lk.do(http.MethodGet, "not.a.token")
	check("invalid link page", h, true)
	_, _, h = lk.do(http.MethodPost, "not.a.token")
	check("invalid link page (POST)", h, true)
	for _, path := range []string{"/healthz", "/readyz", "/webhooks/messenger", "/no/such/page", "/.well-known/jwks.json"} {
		resp, err := http.Get(in.PublicURL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		check(path, resp.Header, false)
	}

	// Rate limit per source on the link pages: 5 allowed, then 429 with Retry-After.
	limited := 0
	for i := 0; i < 10; i++ {
		code, body, h := lk.do(http.MethodGet, "not.a.token")
		if code == http.StatusTooManyRequests {
			limited++
			if h.Get("Retry-After") == "" || !strings.Contains(body, "Too many") {
				t.Errorf("429 without Retry-After or page")
			}
			check("rate-limited page", h, true)
		}
	}
	if limited == 0 {
		t.Errorf("no 429 after 12 link requests with FERRY_LINK_RATE_LIMIT=5")
	}

	// HSTS when the public URL is https.
	ins := startAll(t, vs, storetest.DSN(t, "sqlite"), sink, "FERRY_PUBLIC_URL=https://ferry.example.org", "FERRY_PLATFORMS=messenger")
	for _, path := range []string{"/l/not.a.token", "/.well-known/jwks.json"} {
		resp, err := http.Get(ins.PublicURL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if hsts := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
			t.Errorf("%s on an https deployment: Strict-Transport-Security %q", path, hsts)
		}
	}
}
