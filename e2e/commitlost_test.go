package e2e

// A commit whose answer is lost: PostgreSQL commits a transaction and the connection dies
// before Ferry reads the answer (a server shutting down does exactly this to a backend that
// has just committed: TestPostgresRestart sees it for webhooks). A proxy between Ferry and
// PostgreSQL reproduces it on demand for one chosen transaction.

import (
	"bytes"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/store/storetest"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

// pgCommitCutter forwards to PostgreSQL (simple query protocol, so statements cross it as
// text). Armed with a marker, it lets the first transaction whose statements contain the
// marker commit, then drops the server's answer to that COMMIT and cuts the connection.
type pgCommitCutter struct {
	ln     net.Listener
	marker []byte
	armed  atomic.Bool
	fired  atomic.Int32
}

func newPGCommitCutter(t *testing.T, target string, marker string) *pgCommitCutter {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgCommitCutter{ln: ln, marker: []byte(marker)}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, c, u)
			mu.Unlock()
			var seen, cut atomic.Bool
			go func() { // client -> server
				defer u.Close()
				buf := make([]byte, 64<<10)
				for {
					n, err := c.Read(buf)
					if n > 0 {
						chunk := buf[:n]
						if p.armed.Load() && bytes.Contains(chunk, p.marker) {
							seen.Store(true)
						}
						if seen.Load() && bytes.Contains(bytes.ToLower(chunk), []byte("commit")) && p.armed.CompareAndSwap(true, false) {
							cut.Store(true)
						}
						if _, err := u.Write(chunk); err != nil {
							return
						}
					}
					if err != nil {
						return
					}
				}
			}()
			go func() { // server -> client
				defer c.Close()
				buf := make([]byte, 64<<10)
				for {
					n, err := u.Read(buf)
					if n > 0 {
						if cut.Load() {
							p.fired.Add(1)
							u.Close()
							return // the answer to the COMMIT never reaches the client
						}
						if _, err := c.Write(buf[:n]); err != nil {
							return
						}
					}
					if err != nil {
						if err != io.EOF {
							u.Close()
						}
						return
					}
				}
			}()
		}
	}()
	return p
}

// TestSendStartedCommitAnswerLost: the worker marks a job as being sent (send_started_at)
// just before calling the platform. When that commit succeeds but its answer is lost, the
// worker takes it for a lost lease and does not send; when the lease expires the job is
// found with send_started_at set and settled as reply.sent/unconfirmed, so the patient of
// an acknowledged webhook never gets a reply although Ferry never called the platform.
// Ferry stays up the whole time; only one database answer was lost.
func TestSendStartedCommitAnswerLost(t *testing.T) {
	vs := devvault.StartT(t)
	u, err := url.Parse(storetest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	cutter := newPGCommitCutter(t, u.Host, `UPDATE "jobs" SET "send_started_at"=`)
	u.Host = cutter.ln.Addr().String()
	q := u.Query()
	q.Set("default_query_exec_mode", "simple_protocol")
	u.RawQuery = q.Encode()
	sink := newPlatformSink(t)
	in := startAll(t, vs, u.String(), sink, "FERRY_PLATFORMS=messenger", "FERRY_WORKER_LEASE=2s", "FERRY_LOG_LEVEL=info")
	kit := newPlatformKit(t, vs, in.PublicURL)

	cutter.armed.Store(true)
	if c := send(kit.delivery("messenger", 1, 1, faultText)); c != 200 {
		t.Fatalf("webhook answered %d", c)
	}
	waitFor(t, 30*time.Second, "the job to end", func() bool {
		return in.rows("jobs", "state IN ?", []string{"pending", "sending"}) == 0
	})
	time.Sleep(500 * time.Millisecond)
	if cutter.fired.Load() != 1 {
		t.Fatalf("the answer to the send-started commit was cut %d times, want 1: the test did not exercise the fault", cutter.fired.Load())
	}
	unconfirmed := in.rows("audit_events", "kind = ? AND outcome = ?", "reply.sent", "unconfirmed")
	if n := sink.deliveredTo("messenger", 1); n != 1 {
		var worker []string
		for _, l := range strings.Split(in.logs.String(), "\n") {
			if strings.Contains(l, `"comp":"worker"`) { // ids and codes only
				worker = append(worker, l)
			}
		}
		t.Errorf("the acknowledged webhook's patient got %d replies, want 1 (%d replies settled unconfirmed, %d send calls made, job states %v); worker log:\n%s",
			n, unconfirmed, len(sink.Calls()), in.jobStates(), strings.Join(worker, "\n"))
	}
}
