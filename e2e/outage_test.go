package e2e

// Dependency outages under steady load against the real binary: the PostgreSQL server
// stopped and started again (a private cluster, see pgcluster_test.go), and Vault cut off
// for 60 s behind a TCP proxy while Ferry's AppRole token expires. Each records every
// webhook's answer and checks what was acknowledged against the database and the
// platform sink, never timings beyond generous bounds.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/store/storetest"
	"github.com/ferryhealth/ferry/secrets"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

// shot is one webhook sent by a loadGen.
type shot struct {
	N          int // delivery number, also the patient number
	Platform   string
	Start, End time.Time
	Code       int // 0: no answer (connection error or client timeout)
}

// loadGen sends signed webhooks at a steady rate, each from its own patient, and records
// every answer. Ticks that find every sender busy are dropped, so a slow Ferry is not
// buried under a backlog.
type loadGen struct {
	kit    *platformKit
	client *http.Client
	stopc  chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	shots  []shot
}

func startLoad(kit *platformKit, first int, perSecond, senders int, plat func(int) string) *loadGen {
	g := &loadGen{kit: kit, client: &http.Client{Timeout: 20 * time.Second}, stopc: make(chan struct{})}
	work := make(chan int)
	for w := 0; w < senders; w++ {
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			for n := range work {
				p := plat(n)
				d := kit.delivery(p, n, n, faultText)
				s := shot{N: n, Platform: p, Start: time.Now()}
				s.Code = g.post(d)
				s.End = time.Now()
				g.mu.Lock()
				g.shots = append(g.shots, s)
				g.mu.Unlock()
			}
		}()
	}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer close(work)
		tick := time.NewTicker(time.Second / time.Duration(perSecond))
		defer tick.Stop()
		n := first
		for {
			select {
			case <-g.stopc:
				return
			case <-tick.C:
				select {
				case work <- n:
					n++
				default: // every sender busy: drop this tick
				}
			}
		}
	}()
	return g
}

func (g *loadGen) post(d delivery) int {
	req, _ := http.NewRequest(http.MethodPost, d.URL, strings.NewReader(string(d.Body)))
	for k, v := range d.Header {
		req.Header.Set(k, v)
	}
	resp, err := g.client.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// stop ends the load and waits for the requests in flight.
func (g *loadGen) stop() {
	close(g.stopc)
	g.wg.Wait()
}

func (g *loadGen) snapshot() []shot {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := append([]shot(nil), g.shots...)
	sort.Slice(out, func(i, j int) bool { return out[i].N < out[j].N })
	return out
}

// acked counts 200s answered after t.
func (g *loadGen) ackedAfter(t time.Time) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, s := range g.shots {
		if s.Code == 200 && s.Start.After(t) {
			n++
		}
	}
	return n
}

// between returns the shots sent at or after from and answered before to.
func between(shots []shot, from, to time.Time) []shot {
	var out []shot
	for _, s := range shots {
		if !s.Start.Before(from) && s.End.Before(to) {
			out = append(out, s)
		}
	}
	return out
}

func byCode(shots []shot) map[int]int {
	m := map[int]int{}
	for _, s := range shots {
		m[s.Code]++
	}
	return m
}

// readyState is one /readyz answer; Code 0 means no answer.
type readyState struct {
	At   time.Time
	Code int
	Body string
}

func getReady(in *instance) readyState {
	c := &http.Client{Timeout: 10 * time.Second}
	r := readyState{At: time.Now()}
	resp, err := c.Get(in.PublicURL + "/readyz")
	if err != nil {
		return r
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r.Code, r.Body = resp.StatusCode, string(b)
	return r
}

// readySampler polls /readyz every period until stopped.
type readySampler struct {
	stopc   chan struct{}
	done    chan struct{}
	mu      sync.Mutex
	samples []readyState
}

func sampleReady(in *instance, period time.Duration) *readySampler {
	s := &readySampler{stopc: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for {
			r := getReady(in)
			s.mu.Lock()
			s.samples = append(s.samples, r)
			s.mu.Unlock()
			select {
			case <-s.stopc:
				return
			case <-time.After(period):
			}
		}
	}()
	return s
}

func (s *readySampler) stop() []readyState {
	close(s.stopc)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]readyState(nil), s.samples...)
}

// auditVerify runs `ferry audit verify` on the instance's database.
func auditVerify(t *testing.T, in *instance) {
	t.Helper()
	cmd := exec.Command(ferryBin, "audit", "verify")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "FERRY_DATABASE=" + in.DSN,
		"VAULT_ADDR=" + in.Vault.Addr, "VAULT_TOKEN=" + in.Vault.Token}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("ferry audit verify: %v\n%s", err, out)
	}
}

// halfStored counts records a webhook left incomplete: a message without exactly one job,
// a job without its message, audit events naming a message that does not exist, and a
// message without exactly one each of message.received, message.stripped, reply.queued.
func (in *instance) halfStored() map[string]int64 {
	out := map[string]int64{}
	q := func(name, sql string, args ...any) {
		var n int64
		if err := in.sdb().Raw(sql, args...).Scan(&n).Error; err != nil {
			in.t.Fatalf("%s: %v", name, err)
		}
		if n != 0 {
			out[name] = n
		}
	}
	q("messages without exactly one job", `SELECT count(*) FROM messages m WHERE (SELECT count(*) FROM jobs j WHERE j.message_id = m.id) <> 1`)
	q("jobs without their message", `SELECT count(*) FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = j.message_id)`)
	q("audit events of a missing message", `SELECT count(*) FROM audit_events e WHERE COALESCE(e.message_id, 0) <> 0 AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = e.message_id)`)
	for _, kind := range []string{"message.received", "message.stripped", "reply.queued"} {
		q("messages without exactly one "+kind, `SELECT count(*) FROM messages m WHERE (SELECT count(*) FROM audit_events e WHERE e.message_id = m.id AND e.kind = ?) <> 1`, kind)
	}
	return out
}

// stored reports whether delivery n of platform p is in the messages table.
func (in *instance) stored(p string, n int) int64 {
	return in.rows("messages", "platform = ? AND platform_msg_id = ?", p, platformMsgID(p, n))
}

// TestPostgresRestart: under a steady stream of signed webhooks, Ferry's PostgreSQL server
// is stopped (first "fast", then "immediate", as in a crash), kept down for a few seconds
// and started again, while Ferry keeps running. While the database is down every webhook is
// answered 5xx (the platform retries), never 200; Ferry recovers by itself (200s again,
// /readyz green); every webhook that got a 200 is stored and answered exactly once;
// nothing is half-stored; the audit chain verifies; and the 5xx'd webhooks, sent again as
// the platform would, are stored and answered once.
func TestPostgresRestart(t *testing.T) {
	pg := newPGCluster(t)
	vs := devvault.StartT(t)
	sink := newPlatformSink(t)
	// Each send takes a while, so replies are in flight when the database stops: their
	// outcome cannot be recorded, and they must still reach the patient exactly once.
	sink.fail = func(p, rcpt string, n int, w http.ResponseWriter) bool {
		time.Sleep(150 * time.Millisecond)
		return false
	}
	in := startAll(t, vs, pg.DSN(), sink, "FERRY_PLATFORMS=messenger,telegram", "FERRY_WORKER_LEASE=3s", "FERRY_LOG_LEVEL=info")
	kit := newPlatformKit(t, vs, in.PublicURL)
	plat := func(n int) string {
		if n%2 == 0 {
			return "messenger"
		}
		return "telegram"
	}

	const down = 5 * time.Second
	load := startLoad(kit, 1, 20, 8, plat)
	loadStart := time.Now()
	waitFor(t, 30*time.Second, "webhooks acknowledged before the first stop", func() bool { return load.ackedAfter(loadStart) >= 40 })

	type cycle struct {
		mode            string
		down, up, start time.Time // stop done, start asked, start done
		ack, ready      time.Time // first 200 sent after the start; /readyz green again
		readyDown       readyState
	}
	var cycles []*cycle
	for _, mode := range []string{"fast", "immediate"} {
		c := &cycle{mode: mode}
		pg.stop(mode)
		c.down = time.Now()
		waitFor(t, 15*time.Second, "/readyz to report the database unavailable", func() bool {
			c.readyDown = getReady(in)
			return c.readyDown.Code == http.StatusServiceUnavailable && strings.Contains(c.readyDown.Body, `"database":"unavailable"`)
		})
		if !strings.Contains(c.readyDown.Body, `"vault":"ok"`) {
			t.Errorf("%s stop: /readyz %d %s, want only the database unavailable", mode, c.readyDown.Code, c.readyDown.Body)
		}
		time.Sleep(time.Until(c.down.Add(down)))
		c.up = time.Now()
		pg.restart()
		c.start = time.Now()
		waitFor(t, 60*time.Second, "a webhook acknowledged after the restart", func() bool { return load.ackedAfter(c.start) > 0 })
		for _, s := range load.snapshot() {
			if s.Code == 200 && s.Start.After(c.start) && (c.ack.IsZero() || s.End.Before(c.ack)) {
				c.ack = s.End
			}
		}
		waitFor(t, 60*time.Second, "/readyz green after the restart", func() bool { return getReady(in).Code == 200 })
		c.ready = time.Now()
		cycles = append(cycles, c)
		settled := time.Now()
		waitFor(t, 30*time.Second, "steady acknowledgements after the restart", func() bool { return load.ackedAfter(settled) >= 40 })
	}
	steady := time.Now()
	time.Sleep(3 * time.Second)
	load.stop()
	shots := load.snapshot()

	// While the server was down, every webhook sent got a 5xx: never a 200 (nothing can
	// have been committed) and never silence (platforms need the 5xx to retry).
	for _, c := range cycles {
		during := between(shots, c.down, c.up)
		codes := byCode(during)
		if len(during) < 20 {
			t.Errorf("%s stop: only %d webhooks were sent while the database was down, want at least 20", c.mode, len(during))
		}
		for code, n := range codes {
			if code < 500 || code > 599 {
				t.Errorf("%s stop: %d webhooks sent while the database was down were answered %d, want 5xx", c.mode, n, code)
			}
		}
		t.Logf("%s stop: %d webhooks sent while down (%s) answered %v; first 200 %s after the start, /readyz green %s after it; /readyz while down: %d %s",
			c.mode, len(during), c.up.Sub(c.down).Round(100*time.Millisecond), codes, c.ack.Sub(c.start).Round(time.Millisecond),
			c.ready.Sub(c.start).Round(time.Millisecond), c.readyDown.Code, c.readyDown.Body)
	}
	// Recovered without a restart (the test never restarts ferry, and nothing else listens
	// on its port): every webhook sent once the database was back and settled got a 200.
	for _, s := range shots {
		if s.Start.After(steady) && s.Code != 200 {
			t.Errorf("delivery %d sent after recovery answered %d, want 200", s.N, s.Code)
		}
	}

	waitFor(t, 120*time.Second, "every job ended", func() bool {
		return in.rows("jobs", "state IN ?", []string{"pending", "sending"}) == 0
	})
	time.Sleep(time.Second) // a duplicate reply would show up now

	acked, refused := map[int]bool{}, []shot{}
	for _, s := range shots {
		if s.Code == 200 {
			acked[s.N] = true
		} else {
			refused = append(refused, s)
		}
	}
	for n := range acked {
		if c := in.stored(plat(n), n); c != 1 {
			t.Errorf("delivery %d got 200 but is stored %d times", n, c)
		}
		if c := sink.deliveredTo(plat(n), n); c != 1 {
			t.Errorf("delivery %d got 200 and its patient got %d replies, want 1", n, c)
		}
	}
	// A 5xx'd webhook is either absent or stored whole (a commit whose answer was lost);
	// absent ones were not answered.
	refusedStored := 0
	for _, s := range refused {
		switch in.stored(s.Platform, s.N) {
		case 0:
			if c := sink.deliveredTo(s.Platform, s.N); c != 0 {
				t.Errorf("delivery %d was refused and not stored, yet its patient got %d replies", s.N, c)
			}
		case 1:
			refusedStored++
		}
	}
	if bad := in.halfStored(); len(bad) != 0 {
		t.Errorf("half-stored webhooks after the restarts: %v", bad)
	}
	msgs := in.rows("messages", "")
	if got := int64(sink.totalDelivered()); got != msgs {
		t.Errorf("%d replies delivered for %d stored messages", got, msgs)
	}
	if n := in.rows("jobs", "state <> ?", "sent"); n != 0 {
		t.Errorf("%d jobs not sent: %v", n, in.jobStates())
	}
	unconfirmed := in.rows("audit_events", "kind = ? AND outcome = ?", "reply.sent", "unconfirmed")
	auditVerify(t, in)
	t.Logf("load: %d webhooks, %d answered 200, %d refused %v (%d of them stored anyway, commit answer lost); %d messages, %d replies delivered, %d settled unconfirmed",
		len(shots), len(acked), len(refused), byCode(refused), refusedStored, msgs, sink.totalDelivered(), unconfirmed)

	// The platforms retry what was refused: each is stored and answered once.
	for _, s := range refused {
		if c := send(kit.delivery(s.Platform, s.N, s.N, faultText)); c != 200 {
			t.Errorf("redelivery of %d answered %d, want 200", s.N, c)
		}
	}
	waitFor(t, 120*time.Second, "every job ended after the redeliveries", func() bool {
		return in.rows("jobs", "state IN ?", []string{"pending", "sending"}) == 0
	})
	time.Sleep(time.Second)
	for _, s := range shots {
		if c := in.stored(s.Platform, s.N); c != 1 {
			t.Errorf("delivery %d is stored %d times after the redeliveries, want 1", s.N, c)
		}
		if c := sink.deliveredTo(s.Platform, s.N); c != 1 {
			t.Errorf("patient of delivery %d got %d replies after the redeliveries, want 1", s.N, c)
		}
	}
	if bad := in.halfStored(); len(bad) != 0 {
		t.Errorf("half-stored webhooks after the redeliveries: %v", bad)
	}
	if n, want := in.rows("messages", ""), int64(len(shots)); n != want {
		t.Errorf("%d messages after the redeliveries, want %d", n, want)
	}
	if got, want := sink.totalDelivered(), len(shots); got != want {
		t.Errorf("%d replies delivered after the redeliveries, want %d", got, want)
	}
	auditVerify(t, in)
	in.assertNoLeak("704-555-0147")
}

// TestVaultOutage60s: Vault is unreachable for 60 s (a TCP proxy cut) under steady load,
// and Ferry logs in with AppRole with a 10 s token, so its token expires during the outage.
// Webhooks keep being acknowledged (cached secrets and data key, through failed KV
// refreshes); links sent before the outage still open and redeem and the JWKS is served
// (cached public keys); /readyz reports Vault unavailable for the whole outage; no reply
// goes out (links cannot be signed) and none fails; after Vault returns Ferry logs in again by itself, /readyz goes green and stays
// green while the new token is renewed, every message is answered exactly once, and the
// audit chain (whose checkpoints could not be signed during the outage) verifies.
func TestVaultOutage60s(t *testing.T) {
	const (
		outage   = 60 * time.Second
		tokenTTL = 10 * time.Second
	)
	vs := devvault.StartT(t)
	ctx := context.Background()
	root, err := vs.Client()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Bootstrap(ctx, root, secrets.BootstrapOptions{TokenTTL: tokenTTL, TokenMaxTTL: time.Hour}); err != nil {
		t.Fatalf("shortening the AppRole token TTL: %v", err)
	}
	sid, err := secrets.NewAppRoleSecretID(ctx, root, secrets.BootstrapOptions{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	sidFile := filepath.Join(t.TempDir(), "secret-id")
	if err := os.WriteFile(sidFile, []byte(sid), 0o600); err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, strings.TrimPrefix(vs.Addr, "http://"))
	sink := newPlatformSink(t)
	in := startAll(t, vs, storetest.DSN(t, "sqlite"), sink, "VAULT_ADDR="+proxy.URL(), "FERRY_PLATFORMS=messenger,whatsapp",
		"FERRY_VAULT_AUTH=approle", "FERRY_VAULT_ROLE_ID="+vs.Report.RoleID, "FERRY_VAULT_SECRET_ID_FILE="+sidFile,
		"FERRY_AUDIT_CHECKPOINT_INTERVAL=5s", "FERRY_VAULT_REFRESH=10s", "FERRY_LOG_LEVEL=debug")
	kit := newPlatformKit(t, vs, in.PublicURL)
	for n := 0; n < 10; n++ {
		if c := send(kit.delivery(alternatePlatform(n), n, n, faultText)); c != 200 {
			t.Fatalf("delivery %d before the outage: %d", n, c)
		}
	}
	sink.waitDelivered(t, 10, 30*time.Second)
	// The token has been renewed at least once before the outage.
	waitFor(t, 3*tokenTTL, "a token renewal before the outage", func() bool { return strings.Contains(in.logs.String(), `"vault token renewed"`) })

	load := startLoad(kit, 100, 4, 4, alternatePlatform)
	time.Sleep(3 * time.Second)
	proxy.cut()
	cut := time.Now()
	ready := sampleReady(in, time.Second)
	// A reply whose link was signed just before the cut may still reach the sink.
	time.Sleep(2 * time.Second)
	before := sink.totalDelivered()
	// Past the key metadata cache (30 s) and several failed KV refreshes (every 10 s), a
	// link sent before the outage still opens and redeems, and the JWKS is still served:
	// both need only the cached public keys.
	time.Sleep(time.Until(cut.Add(40 * time.Second)))
	linkDuring := linkThroughOutage(t, in, sink.replyTexts()[0])
	time.Sleep(time.Until(cut.Add(outage)))
	duringReady := ready.stop()
	restore := time.Now()
	deliveredDuring := sink.totalDelivered() - before
	failedDuring := in.rows("jobs", "state = ?", "failed")
	proxy.restore()

	queued := in.rows("messages", "")

	var readyAt time.Time
	waitFor(t, 90*time.Second, "/readyz green after Vault returns", func() bool {
		r := getReady(in)
		readyAt = r.At
		return r.Code == 200
	})
	// The new token must be kept alive: /readyz stays green for two token lifetimes.
	after := sampleReady(in, time.Second)
	sink.waitDelivered(t, int(queued), 90*time.Second)
	backlogDone := time.Now()
	time.Sleep(time.Until(readyAt.Add(2 * tokenTTL)))
	afterReady := after.stop()
	load.stop()
	shots := load.snapshot()
	total := 10 + len(shots)
	sink.waitDelivered(t, total, 120*time.Second)
	waitFor(t, 30*time.Second, "every job ended", func() bool {
		return in.rows("jobs", "state IN ?", []string{"pending", "sending"}) == 0
	})
	time.Sleep(time.Second)

	during := between(shots, cut, restore)
	if len(during) < int(outage/time.Second)*2 {
		t.Errorf("only %d webhooks were sent during the %s outage", len(during), outage)
	}
	for _, s := range shots {
		if s.Code != 200 {
			t.Errorf("delivery %d (sent %s after the cut) answered %d, want 200", s.N, s.Start.Sub(cut).Round(time.Millisecond), s.Code)
		}
	}
	// /readyz reports the outage within 15 s and keeps reporting it until Vault returns.
	var firstDown time.Time
	for _, r := range duringReady {
		down := r.Code == http.StatusServiceUnavailable && strings.Contains(r.Body, `"vault":"unavailable"`)
		if firstDown.IsZero() {
			if down {
				firstDown = r.At
			}
			continue
		}
		if !down || !strings.Contains(r.Body, `"database":"ok"`) {
			t.Errorf("/readyz %s into the Vault outage: %d %s", r.At.Sub(cut).Round(time.Millisecond), r.Code, r.Body)
		}
	}
	if firstDown.IsZero() || firstDown.Sub(cut) > 15*time.Second {
		t.Errorf("/readyz did not report Vault unavailable within 15 s of the cut (%d samples)", len(duringReady))
	}
	if deliveredDuring != 0 {
		t.Errorf("%d replies delivered while Vault was unreachable (links cannot be signed): want them to wait", deliveredDuring)
	}
	if linkDuring != "" {
		t.Errorf("40 s into the Vault outage: %s", linkDuring)
	}
	// The cached secrets were really put to the test: refreshes and key reads failed.
	for _, msg := range []string{"vault refresh failed; serving the last good secrets", "vault key read failed; serving the last good key metadata"} {
		if !strings.Contains(in.logs.String(), `"msg":"`+msg+`"`) {
			t.Errorf("no %q in the log: the outage did not exercise the cache", msg)
		}
	}
	if failedDuring != 0 {
		t.Errorf("%d jobs failed for good during the Vault outage: want them to wait", failedDuring)
	}
	for _, r := range afterReady {
		if r.Code != 200 {
			t.Errorf("/readyz %s after recovering: %d %s (the new token was not kept alive?)", r.At.Sub(readyAt).Round(time.Millisecond), r.Code, r.Body)
		}
	}
	// Token handling: the first token expired during the outage, so Ferry must have logged
	// in again, and renewed the new token afterwards.
	logs := in.logs.String()
	if n := strings.Count(logs, `"msg":"vault login"`); n < 2 {
		t.Errorf("%d vault logins, want the initial one and one after the token expired during the outage", n)
	}
	if i := strings.LastIndex(logs, `"msg":"vault login"`); i < 0 || !strings.Contains(logs[i:], `"vault token renewed"`) {
		t.Errorf("the token obtained after the outage was never renewed")
	}
	for n := 0; n < 10; n++ {
		if c := sink.deliveredTo(alternatePlatform(n), n); c != 1 {
			t.Errorf("patient %d (before the outage) got %d replies, want 1", n, c)
		}
	}
	for _, s := range shots {
		if c := in.stored(s.Platform, s.N); c != 1 {
			t.Errorf("delivery %d stored %d times, want 1", s.N, c)
		}
		if c := sink.deliveredTo(s.Platform, s.N); c != 1 {
			t.Errorf("patient %d got %d replies, want 1", s.N, c)
		}
	}
	if n := in.rows("messages", ""); n != int64(total) {
		t.Errorf("%d messages stored, %d acknowledged", n, total)
	}
	if got := sink.totalDelivered(); got != total {
		t.Errorf("%d replies delivered, want %d", got, total)
	}
	if n := in.rows("jobs", "state <> ?", "sent"); n != 0 {
		t.Errorf("%d jobs not sent: %v", n, in.jobStates())
	}
	if bad := in.halfStored(); len(bad) != 0 {
		t.Errorf("half-stored webhooks: %v", bad)
	}
	auditVerify(t, in)
	t.Logf("%s Vault outage: %d webhooks sent during it, answered %v; /readyz unavailable %s after the cut (%d samples); %d replies while down; "+
		"%d failed logins while down, then /readyz green %s after restore; the %d messages queued by then answered %s after restore; "+
		"%d webhooks in all, %d replies, %d vault logins",
		outage, len(during), byCode(during), firstDown.Sub(cut).Round(time.Millisecond), len(duringReady), deliveredDuring,
		strings.Count(logs, `"msg":"vault login failed; retrying"`), readyAt.Sub(restore).Round(time.Millisecond),
		queued, backlogDone.Sub(restore).Round(100*time.Millisecond), total, sink.totalDelivered(), strings.Count(logs, `"msg":"vault login"`))
}

// linkThroughOutage opens and redeems the link of a reply and reads the JWKS; it returns
// what went wrong, or "".
func linkThroughOutage(t *testing.T, in *instance, reply string) string {
	m := linkRE.FindStringSubmatch(reply)
	if m == nil {
		return "no link in the first reply"
	}
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var problems []string
	check := func(what string, want int, resp *http.Response, err error) string {
		if err != nil {
			problems = append(problems, what+": "+err.Error())
			return ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			problems = append(problems, fmt.Sprintf("%s answered %d, want %d", what, resp.StatusCode, want))
		}
		return string(b)
	}
	resp, err := client.Get(in.PublicURL + "/l/" + m[1])
	check("the link's landing page", http.StatusOK, resp, err)
	resp, err = client.Post(in.PublicURL+"/l/"+m[1], "application/x-www-form-urlencoded", nil)
	check("redeeming the link", http.StatusSeeOther, resp, err)
	resp, err = client.Get(in.PublicURL + "/.well-known/jwks.json")
	if body := check("the JWKS", http.StatusOK, resp, err); err == nil && !strings.Contains(body, `"kid"`) {
		problems = append(problems, "the JWKS holds no key")
	}
	return strings.Join(problems, "; ")
}
