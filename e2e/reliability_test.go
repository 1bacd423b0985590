package e2e

// Faults against the real binary: kill -9 under load, parallel replays on every platform,
// two instances on one PostgreSQL with one killed, graceful shutdown, send-API errors,
// and a Vault outage behind a TCP proxy. Each asserts behaviour (what was acknowledged is
// stored and answered exactly once), never timings.

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/store/storetest"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

const faultText = "I have a fever and a cough since Monday, call me on 704-555-0147"

// kill9 kills the instance's process without warning and reaps it.
func (in *instance) kill9() {
	in.cmd.Process.Signal(syscall.SIGKILL)
	in.cmd.Wait()
}

// TestKillDuringLoad: ferry is killed with SIGKILL while webhooks arrive and replies are
// in flight, then restarted on the same database. Every webhook that got a 200 is stored
// and gets exactly one reply; nothing is half-stored (every message has its one job).
func TestKillDuringLoad(t *testing.T) {
	vs := devvault.StartT(t)
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			sink := newPlatformSink(t)
			sink.hold() // sends in flight when ferry dies never reach the patient
			in := startAll(t, vs, storetest.DSN(t, dialect), sink, "FERRY_WORKER_LEASE=2s", "FERRY_PLATFORMS=messenger",
				"FERRY_LOG_LEVEL=info")
			kit := newPlatformKit(t, vs, in.PublicURL)

			var (
				mu     sync.Mutex
				acked  = map[int]bool{}
				other  = map[int]int{}
				next   atomic.Int64
				stop   = make(chan struct{})
				wg     sync.WaitGroup
				ackedN atomic.Int64
			)
			for w := 0; w < 8; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						i := int(next.Add(1))
						if i > 2000 {
							return
						}
						code := send(kit.delivery("messenger", i, i, faultText))
						mu.Lock()
						if code == 200 {
							acked[i] = true
							ackedN.Add(1)
						} else {
							other[i] = code
						}
						mu.Unlock()
					}
				}()
			}
			waitFor(t, 60*time.Second, "150 acknowledged webhooks", func() bool { return ackedN.Load() >= 150 })
			waitFor(t, 30*time.Second, "reply jobs leased", func() bool { return len(sink.Calls()) > 0 })
			inFlight := len(sink.Calls())
			in.kill9()
			close(stop)
			wg.Wait()
			sink.resume()
			mu.Lock()
			nAcked := len(acked)
			byCode := map[int]int{}
			for _, c := range other {
				byCode[c]++
			}
			mu.Unlock()
			t.Logf("killed with %d acknowledged, others by status (0 = connection cut) %v; %d send calls were in flight", nAcked, byCode, len(sink.Calls()))

			in.run()
			for i := range acked {
				if in.rows("messages", "platform = ? AND platform_msg_id = ?", "messenger", platformMsgID("messenger", i)) != 1 {
					t.Errorf("webhook %d got 200 but is not stored", i)
				}
			}
			msgs := in.rows("messages", "")
			if jobs := in.rows("jobs", ""); jobs != msgs {
				t.Fatalf("%d messages but %d jobs: a webhook was half-stored", msgs, jobs)
			}
			waitFor(t, 90*time.Second, "every job ended", func() bool {
				return in.rows("jobs", "state IN ?", []string{"pending", "sending"}) == 0
			})
			time.Sleep(time.Second) // a duplicate would show up now
			checkAtMostOnce(t, in, sink, "messenger", keys(acked), msgs, inFlight)
		})
	}
}

func keys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// checkAtMostOnce asserts the delivery outcome after an instance died with sends in
// flight. A send the dead instance had started is in doubt (the platform may have
// delivered it): the worker settles it as reply.sent/unconfirmed and does not resend it.
// So: every job ended sent; no patient got two replies; every patient whose job was not in
// doubt got exactly one; and the jobs in doubt are at most the sends in flight at the kill.
func checkAtMostOnce(t *testing.T, in *instance, sink *platformSink, platform string, patients []int, msgs int64, inFlight int) {
	t.Helper()
	if n := in.rows("jobs", "state <> ?", "sent"); n != 0 {
		t.Errorf("%d jobs not sent: %v", n, in.jobStates())
	}
	unconfirmed := in.rows("audit_events", "kind = ? AND outcome = ?", "reply.sent", "unconfirmed")
	if unconfirmed > int64(inFlight) {
		t.Errorf("%d replies settled unconfirmed, but only %d sends were in flight when the instance died", unconfirmed, inFlight)
	}
	zero := 0
	for _, i := range patients {
		switch n := sink.deliveredTo(platform, i); n {
		case 1:
		case 0:
			zero++
		default:
			t.Errorf("patient %d got %d replies", i, n)
		}
	}
	if int64(zero) > unconfirmed {
		t.Errorf("%d acknowledged patients got no reply, only %d sends were in doubt", zero, unconfirmed)
	}
	// every message not in doubt was delivered once; a send in doubt may have reached the
	// platform before the kill (it was in flight) or not, so it adds 0 or 1
	if got := int64(sink.totalDelivered()); got < msgs-unconfirmed || got > msgs {
		t.Errorf("%d replies delivered for %d stored messages with %d in doubt", got, msgs, unconfirmed)
	}
	t.Logf("%d messages, %d replies delivered, %d in doubt settled unconfirmed (of %d sends in flight at the kill), 0 duplicates",
		msgs, sink.totalDelivered(), unconfirmed, inFlight)
}

// TestReplayParallel: every platform's delivery posted 10 times at once gives exactly one
// record and one reply.
func TestReplayParallel(t *testing.T) {
	vs := devvault.StartT(t)
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			sink := newPlatformSink(t)
			in := startAll(t, vs, storetest.DSN(t, dialect), sink)
			kit := newPlatformKit(t, vs, in.PublicURL)
			for i, p := range allPlatforms {
				d := kit.delivery(p, 100+i, 100+i, faultText)
				var wg sync.WaitGroup
				codes := make([]int, 10)
				for r := range codes {
					wg.Add(1)
					go func() { defer wg.Done(); codes[r] = send(d) }()
				}
				wg.Wait()
				for r, c := range codes {
					if c != 200 {
						t.Errorf("%s replay %d answered %d, want 200 (a duplicate is acknowledged)", p, r, c)
					}
				}
			}
			sink.waitDelivered(t, len(allPlatforms), 30*time.Second)
			time.Sleep(time.Second)
			for i, p := range allPlatforms {
				if n := in.rows("messages", "platform = ?", p); n != 1 {
					t.Errorf("%s: %d records, want 1", p, n)
				}
				if n := in.rows("jobs", "platform = ?", p); n != 1 {
					t.Errorf("%s: %d jobs, want 1", p, n)
				}
				if n := sink.deliveredTo(p, 100+i); n != 1 {
					t.Errorf("%s: %d replies, want 1", p, n)
				}
			}
		})
	}
}

// TestTwoInstances: two ferry processes share one PostgreSQL database. No reply is sent
// twice, no job is lost, and when one instance is killed with jobs leased, the other
// takes them over once the lease expires.
func TestTwoInstances(t *testing.T) {
	vs := devvault.StartT(t)
	dsn := storetest.PostgresDSN(t)
	sink := newPlatformSink(t)
	env := []string{"FERRY_WORKER_LEASE=2s", "FERRY_PLATFORMS=messenger,telegram", "FERRY_LOG_LEVEL=info"}
	a := startAll(t, vs, dsn, sink, env...)
	b := startAll(t, vs, dsn, sink, env...)
	kitA, kitB := newPlatformKit(t, vs, a.PublicURL), newPlatformKit(t, vs, b.PublicURL)
	post := func(from, to int) {
		var wg sync.WaitGroup
		for i := from; i < to; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				kit, p := kitA, "messenger"
				if i%2 == 1 {
					kit, p = kitB, "telegram"
				}
				if c := send(kit.delivery(p, i, i, faultText)); c != 200 {
					t.Errorf("delivery %d answered %d", i, c)
				}
			}()
		}
		wg.Wait()
	}
	patient := func(i int) string {
		if i%2 == 1 {
			return "telegram"
		}
		return "messenger"
	}

	// Both alive: every job goes out once, whichever instance claims it.
	post(0, 100)
	sink.waitDelivered(t, 100, 60*time.Second)

	// Replies held at the platform so both instances hold leases; then A dies.
	var firstHeld int64
	b.sdb().Table("jobs").Select("COALESCE(MAX(id), 0) + 1").Scan(&firstHeld)
	sink.hold()
	post(100, 140)
	waitFor(t, 30*time.Second, "both instances holding leases", func() bool {
		var owners int64
		a.sdb().Table("jobs").Where("state = ?", "sending").Distinct("lease_owner").Count(&owners)
		return owners == 2
	})
	inFlight := len(sink.Calls()) - 100
	a.kill9()
	// What is in doubt is every job whose send was marked started when A died: A may have
	// marked more after inFlight was counted, or died between the mark and the call.
	time.Sleep(100 * time.Millisecond) // a COMMIT A sent just before dying lands
	started := b.rows("jobs", "id >= ? AND send_started_at IS NOT NULL", firstHeld)
	sink.resume()
	waitFor(t, 60*time.Second, "every job ended after the takeover", func() bool {
		return b.rows("jobs", "state IN ?", []string{"pending", "sending"}) == 0
	})
	time.Sleep(time.Second)
	if n := b.rows("jobs", ""); n != 140 {
		t.Errorf("%d jobs, want 140", n)
	}
	for i := 0; i < 100; i++ {
		if n := sink.deliveredTo(patient(i), i); n != 1 {
			t.Errorf("patient %d (both instances alive) got %d replies, want 1", i, n)
		}
	}
	// A's sends in flight are in doubt and settled, not resent; B's complete; the rest B
	// takes over when A's leases expire.
	unconfirmed := b.rows("audit_events", "kind = ? AND outcome = ?", "reply.sent", "unconfirmed")
	zero := 0
	for i := 100; i < 140; i++ {
		switch n := sink.deliveredTo(patient(i), i); n {
		case 0:
			zero++
		case 1:
		default:
			t.Errorf("patient %d got %d replies", i, n)
		}
	}
	// A lease can also expire on a live instance while its send is held (2 s lease): the
	// job is then settled unconfirmed although the held send completes. Never both. A job
	// claimed but not started is taken over and sent, never settled unconfirmed.
	if int64(zero) > unconfirmed || unconfirmed > started {
		t.Errorf("%d patients without a reply, %d settled unconfirmed, %d sends marked started at the kill (%d calls at the platform)",
			zero, unconfirmed, started, inFlight)
	}
	if n := b.rows("jobs", "state <> ?", "sent"); n != 0 {
		t.Errorf("%d jobs not sent: %v", n, b.jobStates())
	}
	t.Logf("A killed with %d sends marked started (%d calls at the platform; both instances held leases); %d settled unconfirmed, %d delivered, no duplicate",
		started, inFlight, unconfirmed, sink.totalDelivered())
}

// TestGracefulShutdown: on SIGTERM ferry stops accepting, finishes the request being
// received and the replies being sent, and exits 0; what was still queued is sent after
// a restart.
func TestGracefulShutdown(t *testing.T) {
	vs := devvault.StartT(t)
	sink := newPlatformSink(t)
	var slow atomic.Bool
	slow.Store(true)
	sink.fail = func(p, rcpt string, n int, w http.ResponseWriter) bool {
		if slow.Load() {
			time.Sleep(1500 * time.Millisecond)
		}
		return false
	}
	in := startAll(t, vs, storetest.DSN(t, "sqlite"), sink, "FERRY_PLATFORMS=messenger", "FERRY_WORKER_CONCURRENCY=2", "FERRY_LOG_LEVEL=info")
	kit := newPlatformKit(t, vs, in.PublicURL)
	for i := 0; i < 6; i++ {
		if c := send(kit.delivery("messenger", i, i, faultText)); c != 200 {
			t.Fatalf("delivery %d: %d", i, c)
		}
	}
	waitFor(t, 20*time.Second, "replies in flight", func() bool { return len(sink.Calls()) >= 1 })

	// A webhook half sent when the signal arrives.
	d := kit.delivery("messenger", 99, 99, faultText)
	conn, err := net.Dial("tcp", strings.TrimPrefix(in.PublicURL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := fmt.Sprintf("POST /webhooks/messenger HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n%s: %s\r\nContent-Length: %d\r\n\r\n",
		signatureHeader("messenger"), d.Header[signatureHeader("messenger")], len(d.Body))
	half := len(d.Body) / 2
	if _, err := io.WriteString(conn, head+string(d.Body[:half])); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	callsAtSignal := len(sink.Calls())
	in.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(500 * time.Millisecond)
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(in.PublicURL, "http://"), time.Second); err == nil {
		c.Close()
		t.Errorf("a new connection was accepted after SIGTERM")
	}
	if _, err := conn.Write(d.Body[half:]); err != nil {
		t.Fatalf("finishing the in-flight request: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the in-flight request got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("in-flight webhook answered %d", resp.StatusCode)
	}
	exited := make(chan error, 1)
	go func() { exited <- in.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("ferry exited with %v after SIGTERM, want 0", err)
		}
	case <-time.After(40 * time.Second):
		in.cmd.Process.Kill()
		t.Fatalf("ferry did not exit after SIGTERM; logs:\n%s", in.logs.String())
	}
	calls := len(sink.Calls())
	if got := sink.totalDelivered(); got != calls {
		t.Errorf("%d send calls started, %d finished before exit: in-flight sends were cut", calls, got)
	}
	if n := in.rows("jobs", "state = ?", "sending"); n != 0 {
		t.Errorf("%d jobs left leased after a graceful shutdown", n)
	}
	if in.rows("messages", "platform_msg_id = ?", platformMsgID("messenger", 99)) != 1 {
		t.Errorf("the webhook acknowledged during shutdown is not stored")
	}
	t.Logf("%d send calls in flight at SIGTERM, %d done before exit", callsAtSignal, calls)

	slow.Store(false)
	in.run()
	sink.waitDelivered(t, 7, 30*time.Second)
	time.Sleep(500 * time.Millisecond)
	for _, i := range []int{0, 1, 2, 3, 4, 5, 99} {
		if n := sink.deliveredTo("messenger", i); n != 1 {
			t.Errorf("patient %d got %d replies, want 1", i, n)
		}
	}
}

// TestSendAPIErrors: 429 with Retry-After and 5xx are retried until the reply goes out once,
// each retry audited; permanent Graph errors (551, 10/2018278) end the job at once, audited.
func TestSendAPIErrors(t *testing.T) {
	vs := devvault.StartT(t)
	sink := newPlatformSink(t)
	var mu sync.Mutex
	calls := map[string][]time.Time{}
	sink.fail = func(p, rcpt string, n int, w http.ResponseWriter) bool {
		mu.Lock()
		calls[rcpt] = append(calls[rcpt], time.Now())
		k := len(calls[rcpt])
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch rcpt {
		case senderID("messenger", 1):
			switch k {
			case 1:
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				io.WriteString(w, `{"error":{"message":"too many","type":"OAuthException","code":613,"fbtrace_id":"AbC"}}`)
				return true
			case 2:
				w.WriteHeader(http.StatusServiceUnavailable)
				io.WriteString(w, `{"error":{"message":"unavailable","type":"OAuthException","code":2,"is_transient":true,"fbtrace_id":"AbD"}}`)
				return true
			}
		case senderID("messenger", 2):
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"message":"(#551) This person isn't available right now.","type":"OAuthException","code":551,"error_subcode":1545041,"fbtrace_id":"AbE"}}`)
			return true
		case senderID("messenger", 3):
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException","code":10,"error_subcode":2018278,"fbtrace_id":"AbF"}}`)
			return true
		}
		return false
	}
	in := startAll(t, vs, storetest.DSN(t, "sqlite"), sink, "FERRY_PLATFORMS=messenger")
	kit := newPlatformKit(t, vs, in.PublicURL)
	for i := 1; i <= 3; i++ {
		if c := send(kit.delivery("messenger", i, i, faultText)); c != 200 {
			t.Fatalf("delivery %d: %d", i, c)
		}
	}
	waitFor(t, 60*time.Second, "every job ended", func() bool {
		return in.rows("jobs", "state IN ?", []string{"pending", "sending"}) == 0
	})
	time.Sleep(time.Second)
	mu.Lock()
	defer mu.Unlock()
	a := calls[senderID("messenger", 1)]
	if len(a) != 3 || sink.deliveredTo("messenger", 1) != 1 {
		t.Errorf("retried reply: %d calls, %d delivered; want 3 calls, 1 delivered", len(a), sink.deliveredTo("messenger", 1))
	}
	if len(a) >= 2 && a[1].Sub(a[0]) < 900*time.Millisecond {
		t.Errorf("the retry after a 429 with Retry-After: 1 came %s later", a[1].Sub(a[0]))
	}
	if n := in.auditCount("reply.retry"); n != 2 {
		t.Errorf("%d reply.retry events, want 2", n)
	}
	for _, s := range []int{2, 3} {
		if n := len(calls[senderID("messenger", s)]); n != 1 {
			t.Errorf("permanent error for patient %d: %d calls, want 1 (no retry)", s, n)
		}
	}
	if n := in.auditCount("reply.failed"); n != 2 {
		t.Errorf("%d reply.failed events, want 2", n)
	}
	var details []string
	in.sdb().Table("audit_events").Where("kind = ?", "reply.failed").Pluck("detail", &details)
	joined := strings.Join(details, "\n")
	for _, code := range []string{`"551"`, `"10"`} {
		if !strings.Contains(joined, code) {
			t.Errorf("reply.failed events do not record code %s: %s", code, joined)
		}
	}
	if n := in.rows("jobs", "state = ?", "failed"); n != 2 {
		t.Errorf("%d failed jobs, want 2: %v", n, in.jobStates())
	}
}

// tcpProxy forwards to target until cut; while cut it drops every connection at once.
type tcpProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]bool
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			down := p.down
			p.mu.Unlock()
			if down {
				c.Close()
				continue
			}
			u, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns[c], p.conns[u] = true, true
			p.mu.Unlock()
			go func() { io.Copy(u, c); u.Close(); c.Close() }()
			go func() { io.Copy(c, u); u.Close(); c.Close() }()
		}
	}()
	return p
}

func (p *tcpProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

func (p *tcpProxy) restore() {
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

func readyz(t *testing.T, in *instance) (int, string) {
	resp, err := http.Get(in.PublicURL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestVaultOutage: Vault becomes unreachable under load. Webhooks keep being acknowledged
// (cached secrets, sender id sealed with a cached data key), /readyz reports Vault
// unavailable, replies wait, and after Vault returns every message is answered once.
func TestVaultOutage(t *testing.T) {
	vs := devvault.StartT(t)
	proxy := newTCPProxy(t, strings.TrimPrefix(vs.Addr, "http://"))
	sink := newPlatformSink(t)
	in := startAll(t, vs, storetest.DSN(t, "sqlite"), sink, "VAULT_ADDR="+proxy.URL(), "FERRY_PLATFORMS=messenger,whatsapp",
		"FERRY_LOG_LEVEL=info")
	kit := newPlatformKit(t, vs, in.PublicURL)
	for i := 0; i < 10; i++ {
		if c := send(kit.delivery(alternatePlatform(i), i, i, faultText)); c != 200 {
			t.Fatalf("delivery %d before the outage: %d", i, c)
		}
	}
	sink.waitDelivered(t, 10, 30*time.Second)

	proxy.cut()
	outage := time.Now()
	waitFor(t, 15*time.Second, "/readyz to report Vault unavailable", func() bool {
		code, body := readyz(t, in)
		return code == http.StatusServiceUnavailable && strings.Contains(body, `"vault":"unavailable"`)
	})
	if _, body := readyz(t, in); !strings.Contains(body, `"database":"ok"`) {
		t.Errorf("readyz during a Vault outage: %s", body)
	}
	i := 10
	for time.Since(outage) < 12*time.Second {
		if c := send(kit.delivery(alternatePlatform(i), i, i, faultText)); c != 200 {
			t.Errorf("delivery %d during the Vault outage answered %d, want 200", i, c)
		}
		i++
		time.Sleep(250 * time.Millisecond)
	}
	if got := sink.totalDelivered(); got != 10 {
		t.Errorf("%d replies delivered while Vault was down (links cannot be signed): want them to wait", got-10)
	}
	proxy.restore()
	sink.waitDelivered(t, i, 60*time.Second)
	waitFor(t, 15*time.Second, "/readyz ok after Vault returns", func() bool { code, _ := readyz(t, in); return code == 200 })
	time.Sleep(time.Second)
	for k := 0; k < i; k++ {
		if n := sink.deliveredTo(alternatePlatform(k), k); n != 1 {
			t.Errorf("patient %d got %d replies, want 1", k, n)
		}
	}
	if n := in.rows("messages", ""); n != int64(i) {
		t.Errorf("%d messages stored, %d acknowledged", n, i)
	}
	t.Logf("%d webhooks acknowledged during a %s Vault outage; all answered after it", i-10, time.Since(outage).Round(time.Second))
}

// alternatePlatform spreads the outage tests' deliveries over Messenger and WhatsApp.
func alternatePlatform(n int) string {
	if n%2 == 0 {
		return "messenger"
	}
	return "whatsapp"
}
