package admin_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
)

func (e *env) form(path string, vals url.Values, hdr map[string]string) *http.Response {
	e.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := e.app.Test(req, 30_000)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

func (e *env) page(path, cookie string) (int, string, http.Header) {
	e.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", "ferry_admin="+cookie)
	}
	resp, err := e.app.Test(req, 30_000)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestUISessionCookieAndCSRF(t *testing.T) {
	e := newEnv(t, audittest.SQLite(t), 7)
	if st, _, h := e.page("/ui/events", ""); st != 303 || h.Get("Location") != "/ui/login" {
		t.Fatalf("unauthenticated: %d %v", st, h)
	}
	resp := e.form("/ui/login", url.Values{"token": {"forged.token.value"}}, nil)
	if resp.StatusCode != 401 || len(resp.Cookies()) != 0 {
		t.Fatalf("bad token sign-in: %d", resp.StatusCode)
	}
	resp = e.form("/ui/login", url.Values{"token": {e.token}}, map[string]string{"Origin": "https://evil.example"})
	if resp.StatusCode != 403 {
		t.Fatalf("cross-site sign-in: %d", resp.StatusCode)
	}
	resp = e.form("/ui/login", url.Values{"token": {e.token}}, map[string]string{"Origin": "http://example.com"})
	if resp.StatusCode != 303 {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	raw := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"ferry_admin=", "HttpOnly", "SameSite=Strict", "path=/"} {
		if !strings.Contains(strings.ToLower(raw), strings.ToLower(want)) {
			t.Fatalf("cookie %q lacks %s", raw, want)
		}
	}
	if strings.Contains(strings.ToLower(raw), "secure") {
		t.Fatalf("Secure on plain http: %q", raw)
	}
	if ev := e.lastEvent(); ev.Kind != audit.KindAuditorLogin || ev.Actor != "auditor:alice" {
		t.Fatalf("login not audited: %+v", ev)
	}
	// Behind TLS (a proxy saying https) the cookie is Secure.
	resp = e.form("/ui/login", url.Values{"token": {e.token}}, map[string]string{"X-Forwarded-Proto": "https"})
	if !strings.Contains(resp.Header.Get("Set-Cookie"), "secure") {
		t.Fatalf("no Secure over https: %q", resp.Header.Get("Set-Cookie"))
	}

	st, body, h := e.page("/ui/events?platform=sms", e.token)
	if st != 200 || !strings.Contains(body, `id="events"`) || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("events page: %d", st)
	}
	if strings.Contains(body, "<script") || strings.Contains(body, "http://") && !strings.Contains(body, "http://www.w3.org/2000/svg") {
		t.Fatal("page loads scripts or external resources")
	}
	for _, p := range []string{"/ui/stats?since=2026-11-01&until=2026-11-04", "/ui/verify", "/ui/conversations/" + audittest.Pseudonym(1)} {
		if st, body, _ := e.page(p, e.token); st != 200 || strings.Contains(body, "<script") {
			t.Fatalf("%s: %d", p, st)
		}
	}
	if _, body, _ := e.page("/ui/stats?since=2026-11-01&until=2026-11-04", e.token); !strings.Contains(body, "<svg") || !strings.Contains(body, `id="redemption-rate">42.9%`) {
		t.Fatalf("stats page has no chart or rate")
	}

	// Logout without the CSRF token is refused; with it the cookie is cleared.
	req := httptest.NewRequest("POST", "/ui/logout", strings.NewReader("csrf=wrong"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", "ferry_admin="+e.token)
	r2, _ := e.app.Test(req)
	if r2.StatusCode != 403 {
		t.Fatalf("logout without csrf: %d", r2.StatusCode)
	}
	_, body, _ = e.page("/ui/events", e.token)
	i := strings.Index(body, `name="csrf" value="`)
	csrf := body[i+len(`name="csrf" value="`):]
	csrf = csrf[:strings.IndexByte(csrf, '"')]
	req = httptest.NewRequest("POST", "/ui/logout", strings.NewReader("csrf="+csrf))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", "ferry_admin="+e.token)
	r3, _ := e.app.Test(req)
	if r3.StatusCode != 303 || !strings.Contains(r3.Header.Get("Set-Cookie"), "ferry_admin=;") {
		t.Fatalf("logout: %d %q", r3.StatusCode, r3.Header.Get("Set-Cookie"))
	}
	if ev := e.lastEvent(); ev.Kind != audit.KindAuditorLogout {
		t.Fatalf("logout not audited: %+v", ev)
	}
}
