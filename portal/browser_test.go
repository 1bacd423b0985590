package portal

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Browser tests drive the real pages in headless Chromium. Without Chromium (or without
// the vendored axe-core) they skip, except under CI=true, where they fail.

func needOrSkip(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format+" (required under CI=true)", args...)
	}
	t.Skipf(format, args...)
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("FERRY_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	needOrSkip(t, "no Chromium found (apt-get install chromium, or set FERRY_CHROMIUM)")
	return ""
}

// newBrowser starts one headless Chromium with a fresh profile for the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelB := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelB()
		cancelA()
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	t.Cleanup(func() { cancelB(); cancelA() })
	return bctx
}

// tab opens a new tab with a time limit.
func tab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	ctx, cancel2 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancel2(); cancel() })
	return ctx
}

var (
	axeOnce sync.Once
	axeSrc  string
)

func axeScript(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
		if err == nil {
			axeSrc = string(b)
		}
	})
	if axeSrc == "" {
		needOrSkip(t, "axe-core missing at testdata/axe/axe.min.js")
	}
	return axeSrc
}

type axeResult struct {
	Violations []struct {
		ID     string   `json:"id"`
		Impact string   `json:"impact"`
		Help   string   `json:"help"`
		Nodes  []string `json:"nodes"`
	} `json:"violations"`
	Incomplete []string `json:"incomplete"`
	Passes     []string `json:"passes"`
	Version    string   `json:"version"`
}

// axeTags are the rule sets checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus
// axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// runAxe injects axe-core into the page and fails the test on any violation.
func runAxe(t *testing.T, ctx context.Context, label string) axeResult {
	t.Helper()
	res := axeRun(t, ctx)
	for _, v := range res.Violations {
		t.Errorf("axe %s: %s (%s) %s: %v", label, v.ID, v.Impact, v.Help, v.Nodes)
	}
	t.Logf("axe %s %s: 0 violations expected, %d found; %d rules passed; incomplete (needs review): %v",
		res.Version, label, len(res.Violations), len(res.Passes), res.Incomplete)
	return res
}

// axeRun injects axe-core into the page and returns its results.
func axeRun(t *testing.T, ctx context.Context) axeResult {
	t.Helper()
	src := axeScript(t)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	tags, _ := json.Marshal(axeTags)
	js := fmt.Sprintf(`axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']}).then(r => JSON.stringify({
		version: axe.version,
		violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})),
		incomplete: r.incomplete.map(v => v.id),
		passes: r.passes.map(v => v.id)}))`, tags)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	var res axeResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// TestAxeCatchesViolations proves the axe harness works: a page with known faults, served
// under the same CSP as ours, must be reported.
func TestAxeCatchesViolations(t *testing.T) {
	browser := newBrowser(t)
	axeScript(t)
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src data:")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>x</title></head><body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p><font color="#bbbbbb">low contrast text</font></p><form><input type="text"></form></body></html>`)
	}))
	t.Cleanup(bad.Close)
	ctx := tab(t, browser)
	if err := chromedp.Do(ctx, chromedp.Navigate(bad.URL)); err != nil {
		t.Fatal(err)
	}
	res := axeRun(t, ctx)
	found := map[string]bool{}
	for _, v := range res.Violations {
		found[v.ID] = true
	}
	for _, id := range []string{"html-has-lang", "image-alt", "color-contrast", "label"} {
		if !found[id] {
			t.Errorf("axe missed %s; found %v", id, found)
		}
	}
}

func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("FERRY_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("testdata", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(screenshotDir(t), name+".png")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d bytes)", p, len(b))
}

// testLogo is a small PNG logo as a data: URI (a blue disc on white).
func testLogo() string {
	img := image.NewRGBA(image.Rect(0, 0, 48, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 48; x++ {
			c := color.RGBA{255, 255, 255, 255}
			if dx, dy := x-24, y-24; dx*dx+dy*dy < 22*22 {
				c = color.RGBA{11, 92, 173, 255}
				if (dx > -4 && dx < 4 && dy > -14 && dy < 14) || (dy > -4 && dy < 4 && dx > -14 && dx < 14) {
					c = color.RGBA{255, 255, 255, 255}
				}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

// fakePortal is a local stand-in for the real patient portal: it records the tokens it
// receives in the query string.
type fakePortal struct {
	*httptest.Server
	mu     sync.Mutex
	tokens []string
}

func newFakePortal(t *testing.T) *fakePortal {
	p := &fakePortal{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/start" {
			http.NotFound(w, r) // favicon.ico
			return
		}
		p.mu.Lock()
		p.tokens = append(p.tokens, r.URL.Query().Get("token"))
		p.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><title>Portal</title></head><body><main><h1>Portal sign-in</h1></main></body></html>`)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *fakePortal) received() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.tokens...)
}

type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var viewports = []viewport{
	{"phone", 390, 844, true},
	{"desktop", 1280, 800, false},
}

func emulate(vp viewport) chromedp.Action[chromedp.Void] {
	if vp.mobile {
		return chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(vp.width, vp.height)
}

// sendAcceptLanguage makes the tab send this Accept-Language, as a phone set to it would.
func sendAcceptLanguage(v string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": v}})
		return err
	})
}

// pageFacts are what the browser reports about a rendered page.
type pageFacts struct {
	Lang        string   `json:"lang"`
	H1          string   `json:"h1"`
	Button      string   `json:"button"`
	ButtonBg    string   `json:"buttonBg"`
	BodyFont    string   `json:"bodyFont"`
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Resources   []string `json:"resources"`
	Scripts     int      `json:"scripts"`
	LogoLoaded  bool     `json:"logoLoaded"`
	Text        string   `json:"text"`
}

func facts(t *testing.T, ctx context.Context) pageFacts {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({
		lang: document.documentElement.lang,
		h1: (document.querySelector('h1')||{}).textContent || '',
		button: (document.querySelector('button')||{}).textContent || '',
		buttonBg: document.querySelector('button') ? getComputedStyle(document.querySelector('button')).backgroundColor : '',
		bodyFont: getComputedStyle(document.body).fontSize,
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth,
		resources: performance.getEntriesByType('resource').map(e => e.name),
		scripts: document.scripts.length,
		logoLoaded: !!(document.querySelector('header img') && document.querySelector('header img').naturalWidth > 0),
		text: document.body.innerText})`))
	if err != nil {
		t.Fatalf("facts: %v", err)
	}
	var f pageFacts
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatal(err)
	}
	if f.ScrollWidth > f.InnerWidth {
		t.Errorf("horizontal scrolling: content %d px wide in a %d px viewport", f.ScrollWidth, f.InnerWidth)
	}
	for _, r := range f.Resources {
		if !strings.HasPrefix(r, "data:") {
			t.Errorf("page loaded an external resource: %s", r)
		}
	}
	if f.Scripts != 0 {
		t.Errorf("page has %d scripts", f.Scripts)
	}
	if !f.LogoLoaded {
		t.Error("logo did not load (CSP img-src data:?)")
	}
	return f
}

var wantText = map[string]map[string]string{
	"en": {"h1": "Continue to your secure patient portal", "button": "Continue to MyChart", "used": "This link was already used",
		"expired": "This link has expired", "invalid": "This link is not valid", "new": "Send any message again"},
	"es": {"h1": "Continúe a su portal seguro de pacientes", "button": "Continuar a MyChart", "used": "Este enlace ya se usó",
		"expired": "Este enlace ha vencido", "invalid": "Este enlace no es válido", "new": "Envíe cualquier mensaje otra vez"},
}

// TestBrowserLinkFlow: at phone and desktop sizes, in English and Spanish, the landing page
// renders (styles allowed by the CSP hash, logo, no scripts, no external requests, no
// horizontal scroll), passes axe, the button redeems and lands on the portal with the token,
// and a reused, expired or forged link shows its page, which also passes axe.
func TestBrowserLinkFlow(t *testing.T) {
	browser := newBrowser(t)
	axeScript(t)
	for _, vp := range viewports {
		for _, lang := range []string{"en", "es"} {
			tokenIn := "query"
			if lang == "es" {
				tokenIn = "fragment"
			}
			t.Run(vp.name+"-"+lang, func(t *testing.T) {
				portal := newFakePortal(t)
				s := newServer(t, func(c *HandlersConfig) {
					c.PortalURL = portal.URL + "/start"
					c.TokenIn = tokenIn
					c.Branding.LogoURL = testLogo()
				})
				ctx := tab(t, browser)
				accept := "en-US,en;q=0.9"
				if lang == "es" {
					accept = "es-MX,es;q=0.9"
				}
				if err := chromedp.Do(ctx, emulate(vp), sendAcceptLanguage(accept)); err != nil {
					t.Fatal(err)
				}
				w := wantText[lang]
				tag := vp.name + "-" + lang

				// Landing page.
				tok, _ := s.link(t, lang)
				resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(s.url+"/l/"+tok))
				if err != nil || resp.Status != 200 {
					t.Fatalf("landing: %v %v", err, resp)
				}
				f := facts(t, ctx)
				if f.Lang != lang || f.H1 != w["h1"] || f.Button != w["button"] {
					t.Errorf("landing facts: %+v", f)
				}
				if f.ButtonBg != "rgb(11, 92, 173)" || f.BodyFont != "18px" {
					t.Errorf("stylesheet not applied (CSP hash?): button %s, body font %s", f.ButtonBg, f.BodyFont)
				}
				runAxe(t, ctx, "landing-"+tag)
				screenshot(t, ctx, "landing-"+tag)

				// Keyboard: the first Tab stop is the button, with a visible focus ring.
				if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
					t.Fatal(err)
				}
				focus, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.tagName + ' ' + getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth`))
				if err != nil || focus != "BUTTON solid 3px" {
					t.Errorf("focus after Tab = %q %v", focus, err)
				}
				if vp.mobile {
					screenshot(t, ctx, "landing-focus-"+tag)
				}
				if _, _, r := s.store.counts(); r != 0 {
					t.Fatal("loading the landing page redeemed something")
				}

				// The button redeems and lands on the portal with the token.
				resp, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("button")))
				if err != nil {
					t.Fatalf("click: %v", err)
				}
				loc, err := chromedp.Run(ctx, chromedp.Location())
				if err != nil {
					t.Fatal(err)
				}
				u, _ := url.Parse(loc)
				if !strings.HasPrefix(loc, portal.URL+"/start") {
					t.Fatalf("landed on %s, want the portal", loc)
				}
				got := u.Query().Get("token")
				if tokenIn == "fragment" {
					got = strings.TrimPrefix(u.Fragment, "token=")
					if len(portal.received()) != 1 || portal.received()[0] != "" {
						t.Errorf("fragment mode leaked the token to the portal server: %v", portal.received())
					}
				} else if r := portal.received(); len(r) != 1 || r[0] != tok {
					t.Errorf("portal received %v", r)
				}
				if got != tok {
					t.Errorf("portal URL carries %q, want the token", got)
				}
				if _, redeemed, _ := s.store.counts(); redeemed != 1 {
					t.Errorf("redeemed = %d", redeemed)
				}

				// Opening the used link again shows the "already used" page.
				resp, err = chromedp.Run(ctx, chromedp.NavigateResponse(s.url+"/l/"+tok))
				if err != nil || resp.Status != 410 {
					t.Fatalf("reused GET: %v %v", err, resp)
				}
				f = facts(t, ctx)
				if f.H1 != w["used"] || !strings.Contains(f.Text, w["new"]) {
					t.Errorf("used page: %+v", f)
				}
				runAxe(t, ctx, "used-"+tag)
				screenshot(t, ctx, "used-"+tag)

				// A landing page left open while the link was spent elsewhere: its button
				// shows the "already used" page too.
				tok2, _ := s.link(t, lang)
				if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/l/"+tok2)); err != nil {
					t.Fatal(err)
				}
				if r, err := noRedirect.Post(s.url+"/l/"+tok2, "", nil); err != nil || r.StatusCode != 303 {
					t.Fatalf("out-of-band redeem: %v %v", err, r)
				}
				resp, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("button")))
				if err != nil || resp.Status != 410 {
					t.Fatalf("reused POST: %v %v", err, resp)
				}
				if f = facts(t, ctx); f.H1 != w["used"] {
					t.Errorf("reused POST page: %+v", f)
				}

				// A forged link: its page language can only come from Accept-Language. Under
				// load the tab once sent the forged request without the header set at the
				// start (one failure in a clean-checkout CI run); set it again right before.
				if err := chromedp.Do(ctx, sendAcceptLanguage(accept)); err != nil {
					t.Fatal(err)
				}
				forged := signEd(map[string]any{"alg": "EdDSA", "kid": "1"}, validPayload(), s.s.priv(1)) // jti unknown to the store
				forged = forged[:len(forged)-3] + "AAA"
				resp, err = chromedp.Run(ctx, chromedp.NavigateResponse(s.url+"/l/"+forged))
				if err != nil || resp.Status != 400 {
					t.Fatalf("forged: %v %v", err, resp)
				}
				if f = facts(t, ctx); f.H1 != w["invalid"] || !strings.Contains(f.Text, w["new"]) {
					t.Errorf("invalid page: %+v", f)
				}
				runAxe(t, ctx, "invalid-"+tag)
				screenshot(t, ctx, "invalid-"+tag)

				// An expired link.
				tok3, _ := s.link(t, lang)
				s.clk.Add(DefaultTTL + time.Hour)
				resp, err = chromedp.Run(ctx, chromedp.NavigateResponse(s.url+"/l/"+tok3))
				if err != nil || resp.Status != 410 {
					t.Fatalf("expired: %v %v", err, resp)
				}
				if f = facts(t, ctx); f.H1 != w["expired"] || !strings.Contains(f.Text, w["new"]) {
					t.Errorf("expired page: %+v", f)
				}
				runAxe(t, ctx, "expired-"+tag)
				screenshot(t, ctx, "expired-"+tag)
			})
		}
	}
}

// TestBrowserReflowAndZoom: at 320 CSS px (a 1280 px window at 400 % zoom, WCAG 1.4.10)
// and on a phone with text at 200 % (WCAG 1.4.4), no page scrolls sideways or clips text.
func TestBrowserReflowAndZoom(t *testing.T) {
	browser := newBrowser(t)
	s := newServer(t, func(c *HandlersConfig) {
		c.Branding.Name = "Hospital Universitario de San Ejemplo de los Caballeros"
		c.Branding.PortalName = "Portal del Paciente Seguro"
		c.Branding.LogoURL = testLogo()
	})
	tok, _ := s.link(t, "es")
	ctx := tab(t, browser)
	for _, tc := range []struct {
		name          string
		width, height int64
		text          string
	}{
		{"320px", 320, 640, "100%"},
		{"phone-text200", 390, 844, "200%"},
	} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(tc.width, tc.height, chromedp.EmulateScale(2))); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/l/" + tok, "/l/not-a-token"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url+p)); err != nil {
				t.Fatal(err)
			}
			// Text-only zoom, as a phone's text-size setting does.
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.style.fontSize = '`+tc.text+`'`)); err != nil {
				t.Fatal(err)
			}
			f := facts320(t, ctx)
			if f.ScrollWidth > f.InnerWidth {
				t.Errorf("%s %s: content %d px in a %d px viewport", tc.name, p, f.ScrollWidth, f.InnerWidth)
			}
			if f.Clipped != "" {
				t.Errorf("%s %s: clipped element %s", tc.name, p, f.Clipped)
			}
			if strings.HasPrefix(p, "/l/"+tok) {
				screenshot(t, ctx, "landing-"+tc.name+"-es")
			}
		}
	}
}

type reflowFacts struct {
	ScrollWidth int    `json:"scrollWidth"`
	InnerWidth  int    `json:"innerWidth"`
	Clipped     string `json:"clipped"`
}

func facts320(t *testing.T, ctx context.Context) reflowFacts {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({
		scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
		clipped: [...document.querySelectorAll('h1,h2,p,button,a')].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline').map(e => e.tagName).join(',')})`))
	if err != nil {
		t.Fatal(err)
	}
	var f reflowFacts
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatal(err)
	}
	return f
}
