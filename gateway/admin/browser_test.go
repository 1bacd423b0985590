package admin_test

import (
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"gorm.io/gorm"
)

// Browser tests drive the auditor UI in headless Chromium. Without Chromium they skip,
// except under CI=true, where they fail. Screenshots go to $FERRY_SCREENSHOTS (or a temp
// dir).

func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("FERRY_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	audittest.Unavailable(t, "no Chromium found (apt-get install chromium, or set FERRY_CHROMIUM)")
	return ""
}

func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	path := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelB := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelB()
		cancelA()
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	t.Cleanup(func() { cancelB(); cancelA() })
	ctx, cancel := context.WithTimeout(bctx, 120*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// serve runs the admin app on a real loopback listener.
func serve(t *testing.T, e *env) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go e.app.Listener(ln)
	t.Cleanup(func() { e.app.ShutdownWithTimeout(3 * time.Second) })
	return "http://" + ln.Addr().String()
}

func shotDir(t *testing.T) string {
	if d := os.Getenv("FERRY_SCREENSHOTS"); d != "" {
		os.MkdirAll(d, 0o755)
		return d
	}
	return t.TempDir()
}

// axe runs axe-core (vendored by the portal's tests) on the page and fails on serious or
// critical WCAG 2.x A/AA violations. Without the file it only logs.
func axe(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "portal", "testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Logf("axe-core not found, accessibility not checked: %v", err)
		return
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}}).then(r =>
		r.violations.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	t.Logf("%s: axe-core WCAG 2.1 A/AA: %d violations", label, len(out))
	for _, v := range out {
		if strings.HasPrefix(v, "serious") || strings.HasPrefix(v, "critical") {
			t.Errorf("%s: accessibility: %s", label, v)
		} else {
			t.Logf("%s: accessibility (minor): %s", label, v)
		}
	}
}

// waitURL waits until the page's URL contains part (a click that navigates returns
// before the new page is there).
func waitURL(t *testing.T, ctx context.Context, part string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, part) {
			return loc
		}
		if time.Now().After(deadline) {
			t.Fatalf("page did not go to a URL with %q (at %s, %v)", part, loc, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", p)
}

func TestBrowserAuditorUI(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := newBrowser(t)
		e := newEnv(t, db, 42)
		// A purged message, a rejected link and a second checkpoint make the pages
		// show every state.
		audit.Purge(ctx, db, t0.Add(30*time.Minute))
		db.Transaction(func(tx *gorm.DB) error {
			return audit.Append(tx, &audit.Event{At: t0.Add(3 * time.Hour), Kind: audit.KindLinkRejected, Platform: "instagram",
				Pseudonym: audittest.Pseudonym(1), LinkID: "link-0001", Actor: "patient", Outcome: "expired"})
		})
		(&audit.Checkpointer{DB: db, Signer: e.signer}).CheckpointNow(ctx)
		base := serve(t, e)
		start := time.Now()
		dir := shotDir(t)
		suffix := "-" + filepath.Base(t.Name())

		// Sign in.
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/ui/events"),
			chromedp.WaitVisible("#token"),
		)
		if err != nil {
			t.Fatal(err)
		}
		if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/ui/login") {
			t.Fatalf("not sent to sign-in: %s", loc)
		}
		screenshot(t, ctx, dir, "01-login"+suffix)
		axe(t, ctx, "login")
		err = chromedp.Do(ctx,
			chromedp.SetValue("#token", e.token),
			chromedp.Click("#signin"),
		)
		if err != nil {
			t.Fatal(err)
		}
		wctx, wcancel := context.WithTimeout(ctx, 15*time.Second)
		err = chromedp.Do(wctx, chromedp.WaitVisible("#events"))
		wcancel()
		if err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			t.Fatalf("after sign-in at %s: %v\n%s", loc, err, html)
		}
		who, _ := chromedp.Run(ctx, chromedp.Text(".who"))
		if !strings.Contains(who, "alice") {
			t.Fatalf("header shows %q", who)
		}
		// The session cookie is HttpOnly: page script cannot read it.
		if c, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie`)); strings.Contains(c, "ferry_admin") {
			t.Fatal("session cookie readable from script")
		}
		rows, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#events tbody tr').length`))
		if rows != 50 {
			t.Fatalf("first page shows %d rows", rows)
		}
		screenshot(t, ctx, dir, "02-events"+suffix)
		axe(t, ctx, "events")

		// Filter: platform whatsapp, kind link.
		err = chromedp.Do(ctx,
			chromedp.SetValue("#f-platform", "whatsapp"),
			chromedp.SetValue("#f-kind", "link."),
			chromedp.Click("#apply"),
		)
		if err != nil {
			t.Fatal(err)
		}
		loc := waitURL(t, ctx, "platform=whatsapp")
		if err := chromedp.Do(ctx, chromedp.WaitVisible("#events")); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(loc, "platform=whatsapp") || !strings.Contains(loc, "kind=link.") {
			t.Fatalf("filter not applied: %s", loc)
		}
		cells, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#events tbody tr')].map(r => r.cells[3].textContent.trim() + '|' + r.cells[2].textContent.trim())`))
		if err != nil {
			t.Fatal(err)
		}
		var want int64
		db.Model(&audit.Event{}).Where("platform = 'whatsapp' AND kind LIKE 'link.%'").Count(&want)
		if int64(len(cells)) != want || want == 0 {
			t.Fatalf("filtered table has %d rows, want %d: %v", len(cells), want, cells)
		}
		for _, c := range cells {
			if !strings.HasPrefix(c, "whatsapp|link.") {
				t.Fatalf("row outside the filter: %s", c)
			}
		}
		screenshot(t, ctx, dir, "03-events-filtered"+suffix)

		// Open a conversation from the table (patient 1: its text was purged, its link
		// was opened and later refused).
		err = chromedp.Do(ctx,
			chromedp.Navigate(base+"/ui/events?pseudonym="+audittest.Pseudonym(1)),
			chromedp.WaitVisible("#events"),
			chromedp.Click(`#events tbody tr td:nth-child(5) a`),
			chromedp.WaitVisible("#pseudonym"),
		)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := chromedp.Run(ctx, chromedp.Text("main"))
		for _, w := range []string{"Text removed by the retention policy", "Opened", "Refused 1×", "instagram"} {
			if !strings.Contains(body, w) {
				t.Fatalf("conversation page lacks %q:\n%s", w, body)
			}
		}
		screenshot(t, ctx, dir, "04-conversation-purged"+suffix)
		axe(t, ctx, "conversation")
		err = chromedp.Do(ctx,
			chromedp.Navigate(base+"/ui/conversations/"+audittest.Pseudonym(40)),
			chromedp.WaitVisible("#pseudonym"),
		)
		if err != nil {
			t.Fatal(err)
		}
		body, _ = chromedp.Run(ctx, chromedp.Text("main"))
		if !strings.Contains(body, "Hello, I need help with [") || !strings.Contains(body, "redeemed") && !strings.Contains(body, "opened") {
			t.Fatalf("conversation page:\n%s", body)
		}
		screenshot(t, ctx, dir, "05-conversation"+suffix)

		// Verification and statistics, on a laptop and on a tablet.
		err = chromedp.Do(ctx, chromedp.Navigate(base+"/ui/verify?fresh=1"), chromedp.WaitVisible("#verify-status"))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := chromedp.Run(ctx, chromedp.Text("#verify-status"))
		if !strings.Contains(st, "intact") || !strings.Contains(st, "2 signatures verified") {
			t.Fatalf("verify page: %s", st)
		}
		screenshot(t, ctx, dir, "06-verify"+suffix)
		axe(t, ctx, "verify")
		err = chromedp.Do(ctx, chromedp.Navigate(base+"/ui/stats?since=2026-11-01&until=2026-11-09"), chromedp.WaitVisible("#chart-links svg"))
		if err != nil {
			t.Fatal(err)
		}
		bars, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#chart-platform svg rect').length`))
		rate, _ := chromedp.Run(ctx, chromedp.Text("#redemption-rate"))
		if bars < 6 || rate != "33.3%" {
			t.Fatalf("stats: %d bars, rate %q", bars, rate)
		}
		screenshot(t, ctx, dir, "07-stats"+suffix)
		axe(t, ctx, "stats")
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(820, 1180, chromedp.EmulateScale(1))); err != nil {
			t.Fatal(err)
		}
		// On a tablet the page must not scroll sideways (the event table scrolls in its box).
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if wide {
			t.Fatal("stats page wider than a tablet")
		}
		screenshot(t, ctx, dir, "08-stats-tablet"+suffix)
		chromedp.Do(ctx, chromedp.Navigate(base+"/ui/events"), chromedp.WaitVisible("#events"))
		if wide, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); wide {
			t.Fatal("events page wider than a tablet")
		}
		screenshot(t, ctx, dir, "09-events-tablet"+suffix)
		chromedp.Do(ctx, chromedp.EmulateViewport(1366, 900))

		t.Logf("pages done in %s", time.Since(start))
		// Export: the CSV button downloads the filtered events.
		dl := t.TempDir()
		yes := true
		if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: &yes}); err != nil {
			t.Fatal(err)
		}
		done := make(chan string, 1)
		chromedp.ListenBrowser(ctx, func(ev any) {
			if p, ok := ev.(*browser.EventDownloadProgress); ok && p.State == browser.DownloadProgressStateCompleted {
				select {
				case done <- p.GUID:
				default:
				}
			}
		})
		err = chromedp.Do(ctx,
			chromedp.Navigate(base+"/ui/events?platform=sms"),
			chromedp.WaitVisible("#export-csv"),
			chromedp.Click("#export-csv"),
		)
		if err != nil {
			t.Fatal(err)
		}
		var guid string
		select {
		case guid = <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("export download did not complete")
		}
		f, err := os.Open(filepath.Join(dl, guid))
		if err != nil {
			t.Fatal(err)
		}
		csvBody, _ := io.ReadAll(f)
		f.Close()
		lines := strings.Split(strings.TrimSpace(string(csvBody)), "\n")
		var sms int64
		db.Model(&audit.Event{}).Where("platform = 'sms'").Count(&sms)
		if !strings.HasPrefix(lines[0], "seq,at,kind") || int64(len(lines)-1) != sms {
			t.Fatalf("downloaded export: %d lines, want %d+header: %.200s", len(lines), sms, csvBody)
		}
		var exp audit.Event
		db.Where("kind = ? AND detail LIKE ?", audit.KindAuditorQuery, `%"query":"export"%`).Order("seq DESC").First(&exp)
		if exp.Actor != "auditor:alice" {
			t.Fatalf("export not audited: %+v", exp)
		}

		// A tampered row shows on the verification page, naming the event.
		db.Exec("UPDATE audit_events SET outcome = 'forged' WHERE seq = 20")
		err = chromedp.Do(ctx, chromedp.Navigate(base+"/ui/verify?fresh=1"), chromedp.WaitVisible("#verify-status"))
		if err != nil {
			t.Fatal(err)
		}
		broken, _ := chromedp.Run(ctx, chromedp.Text("main"))
		if !strings.Contains(broken, "broken") || !strings.Contains(broken, "First break: event 20") {
			t.Fatalf("tampering not shown:\n%s", broken)
		}
		screenshot(t, ctx, dir, "10-verify-broken"+suffix)
		db.Exec("UPDATE audit_events SET outcome = ? WHERE seq = 20", outcomeOf(t, db, 20))
		t.Logf("steps done in %s", time.Since(start))

		// Sign out (a POST with the CSRF token); the events page then asks to sign in.
		err = chromedp.Do(ctx,
			chromedp.Navigate(base+"/ui/events"),
			chromedp.WaitVisible("#logout"),
			chromedp.Click("#logout"),
			chromedp.WaitVisible("#token"),
			chromedp.Navigate(base+"/ui/events"),
			chromedp.WaitVisible("#token"),
		)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("signed out after %s", time.Since(start))
		// The chain still verifies, with every page view recorded in it.
		r, _ := audit.Verify(ctx, db, e.signer, audit.VerifyOptions{})
		var views int64
		db.Model(&audit.Event{}).Where("kind = ? AND actor = 'auditor:alice'", audit.KindAuditorQuery).Count(&views)
		if !r.OK || views < 8 {
			t.Fatalf("chain ok=%v, %d auditor queries recorded", r.OK, views)
		}
	})
}

// outcomeOf finds the outcome that makes event seq hash right again (the seed uses "" or "ok").
func outcomeOf(t *testing.T, db *gorm.DB, seq int64) string {
	var e audit.Event
	db.First(&e, seq)
	for _, o := range []string{"", "ok"} {
		e.Outcome = o
		if audit.ComputeHash(&e) == e.Hash {
			return o
		}
	}
	t.Fatal("cannot restore event")
	return ""
}
