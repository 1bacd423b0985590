package e2e

// A full run on every platform with marker clinical text and identifiers, then a scan of
// every table, all of ferry's log output (debug level), every HTTP answer body, every
// reply sent to the platforms and every Prometheus label value: no marker may appear.

import (
	"bufio"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/store/storetest"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

// leakTexts are synthetic patient messages; every marker below is something the stripper
// must remove (clinical terms and identifiers). Names that follow "this is", "my husband"
// or "patient" are not used as markers: see the final report of issue 7.
var leakTexts = []string{
	"My name is Rosalind Whitfield, DOB 03/14/1962, I have chest pain and take lisinopril 20mg. Call 704-555-0182 or rosalind.whitfield@example.org",
	"Hola, soy Xiomara Quintanilla, tengo diabetes y me inyecto insulina glargina, mi número es 612-555-0143",
	"MRN 88231457, my chemotherapy for lymphoma is on Friday, I live at 48 Larchmont Avenue",
	"I'm 28 weeks pregnant and bleeding, please call 415-555-0199, SSN 123-45-6789",
	"Need a refill of sertraline 100mg for depression, born 1987-09-02",
}

var leakMarkers = []string{
	"Rosalind", "Whitfield", "03/14/1962", "chest pain", "lisinopril", "704-555-0182", "rosalind.whitfield@example.org",
	"Xiomara", "Quintanilla", "diabetes", "glargina", "612-555-0143",
	"88231457", "chemotherapy", "lymphoma", "Larchmont",
	"pregnant", "415-555-0199", "123-45-6789",
	"sertraline", "depression", "1987-09-02",
}

// answers keeps every HTTP answer body the test received from ferry.
type answers struct{ b strings.Builder }

func (a *answers) add(resp *http.Response, err error) (int, string) {
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	a.b.Write(body)
	a.b.WriteString("\n")
	for k, vs := range resp.Header {
		a.b.WriteString(k + ": " + strings.Join(vs, ",") + "\n")
	}
	return resp.StatusCode, string(body)
}

func (a *answers) post(d delivery) int {
	req, _ := http.NewRequest(http.MethodPost, d.URL, strings.NewReader(string(d.Body)))
	for k, v := range d.Header {
		req.Header.Set(k, v)
	}
	code, _ := a.add(http.DefaultClient.Do(req))
	return code
}

func TestNoLeakFullRun(t *testing.T) {
	vs := devvault.StartT(t)
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			sink := newPlatformSink(t)
			in := startAll(t, vs, storetest.DSN(t, dialect), sink)
			kit := newPlatformKit(t, vs, in.PublicURL)
			var ans answers
			var senders []string
			n := 0
			for _, p := range allPlatforms {
				for i, text := range leakTexts {
					n++
					s := 1000 + n
					senders = append(senders, senderID(p, s))
					if code := ans.post(kit.delivery(p, n, s, text)); code != 200 {
						t.Fatalf("%s message %d: %d", p, i, code)
					}
				}
			}
			// Refused requests that carry markers: a malformed payload correctly signed, a
			// forged signature, an unknown platform.
			for _, p := range []string{"messenger", "x", "telegram"} {
				broken := []byte(`{"object":"page","entry":[{"messaging":[{"message":{"text":"` + leakTexts[0])
				if p == "telegram" {
					broken = []byte(`{"update_id":"` + leakTexts[1] + `"}`)
				}
				if code := ans.post(delivery{URL: in.PublicURL + "/webhooks/" + p, Body: broken, Header: kit.sign(p, broken)}); code < 400 || code >= 500 {
					t.Errorf("%s: malformed payload answered %d, want a 4xx", p, code)
				}
				forged := kit.body(p, 9000, 9000, leakTexts[3])
				h := kit.sign(p, forged)
				h[signatureHeader(p)] = "sha256=" + strings.Repeat("ab", 32)
				if p == "telegram" {
					h[signatureHeader(p)] = "wrong"
				}
				ans.post(delivery{URL: in.PublicURL + "/webhooks/" + p, Body: forged, Header: h})
			}
			ans.post(delivery{URL: in.PublicURL + "/webhooks/myspace", Body: []byte(leakTexts[2]), Header: map[string]string{}})

			sink.waitDelivered(t, n, 60*time.Second)
			// Open and redeem one link per platform; refuse a forged one.
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			for _, txt := range sink.replyTexts()[:len(allPlatforms)] {
				m := linkRE.FindStringSubmatch(txt)
				if m == nil {
					t.Fatalf("no link in reply %q", txt)
				}
				ans.add(client.Get(in.PublicURL + "/l/" + m[1]))
				ans.add(client.Post(in.PublicURL+"/l/"+m[1], "application/x-www-form-urlencoded", nil))
				ans.add(client.Post(in.PublicURL+"/l/"+m[1], "application/x-www-form-urlencoded", nil))
			}
			ans.add(client.Get(in.PublicURL + "/l/" + "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."))
			for _, path := range []string{"/readyz", "/healthz", "/.well-known/jwks.json"} {
				ans.add(http.Get(in.PublicURL + path))
			}
			metricsCode, metrics := ans.add(http.Get(in.AdminURL + "/metrics"))
			if metricsCode != 200 {
				t.Fatalf("/metrics answered %d: %s", metricsCode, metrics)
			}
			checkMetrics(t, metrics, append(append([]string{}, leakMarkers...), senders...))

			in.stop()
			sources := map[string]string{"logs": in.logs.String(), "database": in.dump(), "HTTP answers": ans.b.String()}
			replies := strings.ToLower(strings.Join(sink.replyTexts(), "\n"))
			for _, m := range append(append([]string{}, leakMarkers...), senders...) {
				lm := strings.ToLower(m)
				for name, hay := range sources {
					if strings.Contains(strings.ToLower(hay), lm) {
						t.Errorf("marker %q found in the %s", m, name)
					}
				}
			}
			for _, m := range leakMarkers { // replies carry the recipient's id by design
				if strings.Contains(replies, strings.ToLower(m)) {
					t.Errorf("marker %q quoted in a reply", m)
				}
			}
			if !strings.Contains(in.logs.String(), `"level"`) && !strings.Contains(in.logs.String(), "level=") {
				t.Errorf("no log output was captured: the scan proves nothing")
			}
			t.Logf("%d markers and %d sender ids: none in %d bytes of logs, the %s database, %d bytes of answers, %d replies",
				len(leakMarkers), len(senders), len(in.logs.String()), dialect, ans.b.Len(), len(sink.replyTexts()))
		})
	}
}

var (
	metricLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? `)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// checkMetrics asserts the documented series exist after traffic, and that no label is
// anything but a platform, outcome, kind, category or bucket bound, nor holds patient data.
func checkMetrics(t *testing.T, text string, forbidden []string) {
	t.Helper()
	seen := map[string]bool{}
	allowedLabels := map[string]bool{"platform": true, "outcome": true, "kind": true, "category": true, "le": true, "quantile": true, "version": true}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		m := metricLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		seen[m[1]] = true
		for _, lp := range labelPair.FindAllStringSubmatch(m[3], -1) {
			key, val := lp[1], lp[2]
			if strings.HasPrefix(m[1], "ferry_") && !allowedLabels[key] {
				t.Errorf("metric %s has label %q (%q): only platform, outcome, kind, category allowed", m[1], key, val)
			}
			for _, f := range forbidden {
				if strings.Contains(strings.ToLower(val), strings.ToLower(f)) {
					t.Errorf("metric %s label %s=%q carries patient data %q", m[1], key, val, f)
				}
			}
			if strings.HasPrefix(m[1], "ferry_") && key != "le" && len(val) > 40 {
				t.Errorf("metric %s label %s=%q is suspiciously long", m[1], key, val)
			}
		}
	}
	for _, want := range []string{
		"ferry_webhook_requests_total", "ferry_webhook_ack_seconds_bucket", "ferry_inbound_events_total",
		"ferry_strip_findings_total", "ferry_delivery_attempts_total", "ferry_delivery_queue_depth", "ferry_vault_errors_total",
	} {
		if !seen[want] {
			t.Errorf("metric %s missing after traffic", want)
		}
	}
	for _, series := range []string{`ferry_webhook_requests_total{outcome="ok",platform="twilio"}`, `ferry_webhook_requests_total{outcome="bad_signature",platform="messenger"}`,
		`ferry_delivery_attempts_total{outcome="sent",platform="whatsapp"}`, `ferry_strip_findings_total{category="phone"}`} {
		if !strings.Contains(text, series) {
			var got []string
			for _, l := range strings.Split(text, "\n") {
				if strings.HasPrefix(l, series[:strings.Index(series, "{")]) {
					got = append(got, l)
				}
			}
			t.Errorf("series %s missing; have:\n%s", series, strings.Join(got, "\n"))
		}
	}
}
