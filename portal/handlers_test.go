package portal

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// server is a fiber app with the portal mounted, listening on loopback.
type server struct {
	*fixture
	store *memStore
	h     *Handlers
	url   string
}

func newServer(t *testing.T, mod func(*HandlersConfig)) *server {
	t.Helper()
	f := newFixture(t)
	st := newMemStore()
	cfg := HandlersConfig{
		PortalURL: "https://portal.example.org/start?src=ferry",
		Branding:  Branding{Name: "St. Example Hospital", PortalName: "MyChart", Phone: "+1 (704) 555-0100", Hours: "Mon-Fri 8am-6pm"},
		Now:       f.clk.Now,
		RateLimit: RateLimit{Disabled: true},
	}
	if mod != nil {
		mod(&cfg)
	}
	h, err := NewHandlers(f.ver, st, cfg)
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
	return &server{fixture: f, store: st, h: h, url: "http://" + ln.Addr().String()}
}

// link issues a token the store knows.
func (s *server) link(t *testing.T, lang string) (string, string) {
	tok, jti := s.issue(t, lang)
	s.store.add(jti)
	return tok, jti
}

var noRedirect = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       10 * time.Second,
}

func do(t *testing.T, method, u string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), method, u, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func checkHeaders(t *testing.T, resp *http.Response, body string, https bool) {
	t.Helper()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "img-src 'self' data:", "form-action 'self' https://portal.example.org", "frame-ancestors 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "script") || strings.Contains(csp, "unsafe") {
		t.Errorf("CSP allows scripts or unsafe sources: %q", csp)
	}
	for k, v := range map[string]string{"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"} {
		if resp.Header.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, resp.Header.Get(k), v)
		}
	}
	if got := resp.Header.Get("Strict-Transport-Security") != ""; got != https {
		t.Errorf("HSTS present = %v, want %v", got, https)
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		// The one inline <style> matches the hash in the CSP; nothing else is inline.
		m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no <style>")
		}
		sum := sha256.Sum256([]byte(m[1]))
		if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
			t.Errorf("style hash not in CSP %q", csp)
		}
		for _, bad := range []string{"<script", " style=", "http://", "https://", "onclick", "javascript:"} {
			if strings.Contains(body, bad) && !(bad == "https://" && strings.Contains(body, `href="https://portal.example.org/start"`)) {
				t.Errorf("page contains %q", bad)
			}
		}
		if len(body) > 20*1024 {
			t.Errorf("page is %d bytes, limit 20 KB", len(body))
		}
	}
}

func TestLandingDoesNotRedeem(t *testing.T) {
	s := newServer(t, nil)
	tok, jti := s.link(t, "en")
	for i := 0; i < 3; i++ { // preview bots, the patient, a reload
		resp, body := do(t, "GET", s.url+"/l/"+tok, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("GET = %d", resp.StatusCode)
		}
		checkHeaders(t, resp, body, false)
		for _, want := range []string{`<html lang="en">`, `<form method="post">`, `<button type="submit">Continue to MyChart</button>`, "St. Example Hospital", `href="tel:&#43;17045550100"`, `href="tel:911"`, "works only once"} {
			if !strings.Contains(body, want) {
				t.Errorf("landing lacks %q", want)
			}
		}
		if strings.Contains(body, tok) || strings.Contains(body, jti) || strings.Contains(body, "pseu_") {
			t.Error("landing page echoes the token or its claims")
		}
	}
	opened, redeemed, _ := s.store.counts()
	if opened != 3 || redeemed != 0 {
		t.Fatalf("opened=%d redeemed=%d", opened, redeemed)
	}
}

func TestRedeemQueryThenReuse(t *testing.T) {
	s := newServer(t, nil)
	tok, jti := s.link(t, "en")
	resp, body := do(t, "POST", s.url+"/l/"+tok, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST = %d %s", resp.StatusCode, body)
	}
	checkHeaders(t, resp, body, false)
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if loc.Host != "portal.example.org" || loc.Path != "/start" || loc.Query().Get("token") != tok || loc.Query().Get("src") != "ferry" {
		t.Fatalf("Location = %s", loc)
	}
	resp, body = do(t, "POST", s.url+"/l/"+tok, map[string]string{"Accept-Language": "es"})
	if resp.StatusCode != http.StatusGone || !strings.Contains(body, "This link was already used") || !strings.Contains(body, "send any message again") && !strings.Contains(body, "Send any message again") {
		t.Fatalf("reuse = %d\n%s", resp.StatusCode, body)
	}
	if !strings.Contains(body, `href="https://portal.example.org/start"`) {
		t.Error("used page should link to the portal without a token")
	}
	checkHeaders(t, resp, body, false)
	resp, body = do(t, "GET", s.url+"/l/"+tok, nil)
	if resp.StatusCode != http.StatusGone || !strings.Contains(body, "already used") {
		t.Fatalf("GET after redeem = %d", resp.StatusCode)
	}
	if got := s.store.rejected; len(got) != 1 || got[0] != jti+"|already_redeemed" {
		t.Fatalf("rejections = %v", got)
	}
}

func TestRedeemFragmentAndHSTS(t *testing.T) {
	s := newServer(t, func(c *HandlersConfig) {
		c.TokenIn = "fragment"
		c.PublicURL = "https://ferry.example.org"
	})
	tok, _ := s.link(t, "es")
	resp, body := do(t, "POST", s.url+"/l/"+tok, nil)
	checkHeaders(t, resp, body, true)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "https://portal.example.org/start?src=ferry#token="+tok {
		t.Fatalf("POST = %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestRejectedPages(t *testing.T) {
	s := newServer(t, nil)
	expTok, expJTI := s.link(t, "es")
	forged := signEd(map[string]any{"alg": "HS256", "kid": "1"}, validPayload(), s.s.priv(1))
	unknownTok, _ := s.issue(t, "en") // signed, but the store never heard of it
	s.clk.Add(DefaultTTL + time.Hour)
	freshTok, _ := s.link(t, "en")
	_ = freshTok
	cases := []struct {
		name, token, lang string
		status            int
		want              string
	}{
		{"expired (lng es)", expTok, "", 410, "Este enlace ha vencido"},
		{"forged", forged, "", 400, "This link is not valid"},
		{"forged, Spanish browser", forged, "es-MX,es;q=0.9", 400, "Este enlace no es válido"},
		{"malformed", "not-a-token", "", 400, "This link is not valid"},
		{"truncated", freshTok[:len(freshTok)-10], "", 400, "This link is not valid"},
		{"unknown jti", unknownTok, "", 400, "not valid"},
	}
	for _, tc := range cases {
		for _, m := range []string{"GET", "POST"} {
			t.Run(tc.name+" "+m, func(t *testing.T) {
				if tc.name == "unknown jti" {
					s.clk.mu.Lock()
					s.clk.t = t0
					s.clk.mu.Unlock()
					defer s.clk.Add(DefaultTTL + time.Hour)
				}
				resp, body := do(t, m, s.url+"/l/"+tc.token, map[string]string{"Accept-Language": tc.lang})
				if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
					t.Fatalf("%d, want %d with %q\n%s", resp.StatusCode, tc.status, tc.want, body)
				}
				if !strings.Contains(body, "<h2>") || !(strings.Contains(body, "Send any message again") || strings.Contains(body, "Envíe cualquier mensaje otra vez")) {
					t.Error("page does not say how to get a new link")
				}
				if strings.Contains(body, "<form") {
					t.Error("error page has a form")
				}
				checkHeaders(t, resp, body, false)
			})
		}
	}
	found := false
	for _, r := range s.store.rejected {
		if r == expJTI+"|expired" {
			found = true
		}
		if strings.HasPrefix(r, "|") == false && !strings.HasSuffix(r, "|expired") && !strings.HasSuffix(r, "|unknown_jti") {
			t.Errorf("untrusted jti recorded: %q", r)
		}
	}
	if !found {
		t.Errorf("expired jti not recorded: %v", s.store.rejected)
	}
}

func TestConcurrentRedeemExactlyOne(t *testing.T) {
	s := newServer(t, nil)
	tok, _ := s.link(t, "en")
	var wins, gone, other atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest("POST", s.url+"/l/"+tok, nil)
			resp, err := noRedirect.Do(req)
			if err != nil {
				other.Add(1)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch {
			case resp.StatusCode == http.StatusSeeOther:
				wins.Add(1)
			case resp.StatusCode == http.StatusGone && strings.Contains(string(body), "already used"):
				gone.Add(1)
			default:
				other.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	if wins.Load() != 1 || gone.Load() != 49 || other.Load() != 0 {
		t.Fatalf("wins=%d gone=%d other=%d", wins.Load(), gone.Load(), other.Load())
	}
}

func TestRateLimitPerSource(t *testing.T) {
	s := newServer(t, func(c *HandlersConfig) { c.RateLimit = RateLimit{PerSecond: 1, Burst: 5} })
	tok, _ := s.link(t, "en")
	codes := map[int]int{}
	for i := 0; i < 8; i++ {
		resp, body := do(t, "GET", s.url+"/l/"+tok, nil)
		codes[resp.StatusCode]++
		if resp.StatusCode == 429 {
			checkHeaders(t, resp, body, false)
			if !strings.Contains(body, "Too many attempts") || resp.Header.Get("Retry-After") == "" {
				t.Errorf("429 page: %s", body)
			}
		}
	}
	if codes[200] != 5 || codes[429] != 3 {
		t.Fatalf("codes = %v", codes)
	}
	s.clk.Add(2 * time.Second) // two tokens back
	if resp, _ := do(t, "GET", s.url+"/l/"+tok, nil); resp.StatusCode != 200 {
		t.Fatalf("after refill = %d", resp.StatusCode)
	}
	// Another source has its own bucket.
	l := newIPLimiter(1, 1)
	if !l.allow("a", t0) || l.allow("a", t0) || !l.allow("b", t0) {
		t.Fatal("buckets are not per source")
	}
}

func TestJWKSEndpoint(t *testing.T) {
	s := newServer(t, nil)
	resp, body := do(t, "GET", s.url+"/.well-known/jwks.json", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `"kid":"1"`) || !strings.Contains(body, `"crv":"Ed25519"`) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	s.s.fail.Store(true)
	s2 := newServer(t, nil)
	s2.s.fail.Store(true)
	if resp, _ := do(t, "GET", s2.url+"/.well-known/jwks.json", nil); resp.StatusCode != 503 {
		t.Fatalf("JWKS with signer down and no cache = %d", resp.StatusCode)
	}
}

func TestSignerOutagePage(t *testing.T) {
	s := newServer(t, nil)
	tok, _ := s.link(t, "en")
	s.s.fail.Store(true)
	resp, body := do(t, "POST", s.url+"/l/"+tok, nil)
	if resp.StatusCode != 503 || !strings.Contains(body, "try again in a few minutes") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if _, r, _ := s.store.counts(); r != 0 {
		t.Fatal("redeemed while keys were unavailable")
	}
}

func TestLanguageChoice(t *testing.T) {
	s := newServer(t, func(c *HandlersConfig) { c.DefaultLang = "es" })
	en, _ := s.link(t, "en")
	none, _ := s.link(t, "")
	for _, tc := range []struct{ tok, accept, want string }{
		{en, "es", `lang="en"`},      // the token's lng wins
		{none, "en-GB", `lang="en"`}, // then the browser
		{none, "", `lang="es"`},      // then the default
		{none, "de", `lang="es"`},
	} {
		_, body := do(t, "GET", s.url+"/l/"+tc.tok, map[string]string{"Accept-Language": tc.accept})
		if !strings.Contains(body, tc.want) {
			t.Errorf("accept %q: want %s", tc.accept, tc.want)
		}
	}
}

func TestBrandingValidation(t *testing.T) {
	v := NewVerifier(newLocalSigner(1), VerifierConfig{})
	st := newMemStore()
	ok := HandlersConfig{PortalURL: "https://p.example"}
	for name, mod := range map[string]func(*HandlersConfig){
		"relative portal":  func(c *HandlersConfig) { c.PortalURL = "/portal" },
		"js portal":        func(c *HandlersConfig) { c.PortalURL = "javascript:alert(1)" },
		"token_in":         func(c *HandlersConfig) { c.TokenIn = "header" },
		"colour injection": func(c *HandlersConfig) { c.Branding.PrimaryColor = "red;background:url(x)" },
		"external logo":    func(c *HandlersConfig) { c.Branding.LogoURL = "https://cdn.example/logo.png" },
		"protocol-relative logo": func(c *HandlersConfig) {
			c.Branding.LogoURL = "//cdn.example/logo.png"
		},
		"script logo": func(c *HandlersConfig) { c.Branding.LogoURL = "data:text/html;base64,PHNjcmlwdD4=" },
		"huge logo": func(c *HandlersConfig) {
			c.Branding.LogoURL = "data:image/png;base64," + strings.Repeat("A", 20000)
		},
	} {
		cfg := ok
		mod(&cfg)
		if _, err := NewHandlers(v, st, cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	cfg := ok
	cfg.Branding = Branding{PrimaryColor: "#ffd200", LogoURL: "data:image/png;base64,iVBORw0KGgo="}
	h, err := NewHandlers(v, st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := string(h.rendered[pageKey(pageLanding, "en")])
	if !strings.Contains(b, "color:#111111;background:#ffd200") {
		t.Error("a light primary colour should get dark button text")
	}
	if !strings.Contains(b, `src="data:image/png;base64,iVBORw0KGgo="`) {
		t.Error("data: logo not rendered")
	}
	if c := contrast(parseHex("#ffd200"), parseHex("#111111")); c < 4.5 {
		t.Errorf("contrast %.2f", c)
	}
}

// TestAttackPages runs issue 7's link token attacks through the HTTP handlers: each is
// refused with the right page, redeems nothing, and records a rejection.
func TestAttackPages(t *testing.T) {
	s := newServer(t, nil)
	priv := s.s.priv(1)
	pub := priv.Public().(ed25519.PublicKey)
	good, goodJTI := s.link(t, "en")
	parts := strings.Split(good, ".")
	payload := func(mod func(map[string]any)) map[string]any {
		p := validPayload()
		p["jti"] = goodJTI
		p["iat"], p["nbf"], p["exp"] = t0.Unix(), t0.Unix(), t0.Add(DefaultTTL).Unix()
		if mod != nil {
			mod(p)
		}
		return p
	}
	hdr := map[string]any{"alg": "EdDSA", "kid": "1"}
	expiredTok := signEd(hdr, payload(func(p map[string]any) { p["exp"] = t0.Add(-time.Minute).Unix() }), priv)
	cases := []struct {
		name, token string
		status      int
		heading     string
	}{
		{"alg none", b64json(map[string]any{"alg": "none", "kid": "1"}) + "." + b64json(payload(nil)) + ".", 400, "This link is not valid"},
		{"HS256 signed with the public key", signHS(map[string]any{"alg": "HS256", "kid": "1"}, payload(nil), pub), 400, "This link is not valid"},
		{"kid pointing elsewhere", signEd(map[string]any{"alg": "EdDSA", "kid": "42"}, payload(nil), priv), 400, "This link is not valid"},
		{"expired", expiredTok, 410, "This link has expired"},
		{"not yet valid", signEd(hdr, payload(func(p map[string]any) { p["nbf"] = t0.Add(time.Hour).Unix() }), priv), 400, "This link is not valid"},
		{"wrong audience", signEd(hdr, payload(func(p map[string]any) { p["aud"] = "someone-else" }), priv), 400, "This link is not valid"},
		{"tampered payload", parts[0] + "." + b64json(payload(func(p map[string]any) { p["sub"] = "other" })) + "." + parts[2], 400, "This link is not valid"},
		{"truncated", good[:len(good)-12], 400, "This link is not valid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, "POST", s.url+"/l/"+tc.token, nil)
			if resp.StatusCode != tc.status || !strings.Contains(body, "<h1>"+tc.heading+"</h1>") {
				t.Fatalf("%d, want %d %q", resp.StatusCode, tc.status, tc.heading)
			}
			checkHeaders(t, resp, body, false)
		})
	}
	if _, redeemed, rejected := s.store.counts(); redeemed != 0 || rejected != len(cases) {
		t.Fatalf("redeemed %d, rejected %d", redeemed, rejected)
	}
	// The genuine link still works once, then is refused as reused.
	if resp, _ := do(t, "POST", s.url+"/l/"+good, nil); resp.StatusCode != 303 {
		t.Fatalf("genuine: %d", resp.StatusCode)
	}
	if resp, body := do(t, "POST", s.url+"/l/"+good, nil); resp.StatusCode != 410 || !strings.Contains(body, "<h1>This link was already used</h1>") {
		t.Fatalf("reused: %d", resp.StatusCode)
	}
}
