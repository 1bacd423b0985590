package worker_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/messenger"
	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/envelope"
	"github.com/ferryhealth/ferry/gateway/metrics"
	"github.com/ferryhealth/ferry/gateway/pipeline"
	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/ferryhealth/ferry/gateway/strip"
	"github.com/ferryhealth/ferry/gateway/worker"
	"github.com/ferryhealth/ferry/portal"
)

// kv, keyring and signer are in-process implementations of Ferry's own interfaces; the
// e2e tests run the same worker against a real Vault.
type kv map[string]map[string]string

func (k kv) KV(_ context.Context, p string) (map[string]string, error) {
	if v, ok := k[p]; ok {
		return v, nil
	}
	return nil, errors.New("missing")
}

type keyring struct {
	mu   sync.Mutex
	keys map[string][]byte
}

func (k *keyring) DataKey(context.Context) ([]byte, string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	b := make([]byte, 32)
	rand.Read(b)
	h := fmt.Sprint("k", len(k.keys))
	k.keys[h] = b
	return b, h, nil
}

func (k *keyring) Unwrap(_ context.Context, w string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keys[w], nil
}

type signer struct{ priv ed25519.PrivateKey }

func (s signer) Sign(_ context.Context, _ string, _ int, data []byte) ([]byte, int, error) {
	return ed25519.Sign(s.priv, data), 1, nil
}
func (s signer) LatestVersion(context.Context, string) (int, error) { return 1, nil }
func (s signer) PublicKeys(context.Context, string) (map[int]ed25519.PublicKey, error) {
	return map[int]ed25519.PublicKey{1: s.priv.Public().(ed25519.PublicKey)}, nil
}

type rig struct {
	st     *store.Store
	sealer *envelope.Sealer
	pipe   *pipeline.Pipeline
	w      *worker.Worker
	graph  *httptest.Server
	mu     sync.Mutex
	bodies []string
}

// newRig wires a worker to a local Graph API that answers with the given responses in turn
// (the last one repeats).
func newRig(t *testing.T, answers ...func(w http.ResponseWriter)) *rig {
	t.Helper()
	r := &rig{}
	n := 0
	r.graph = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies = append(r.bodies, string(b))
		a := answers[min(n, len(answers)-1)]
		n++
		r.mu.Unlock()
		a(w)
	}))
	t.Cleanup(r.graph.Close)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "w.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r.st = st
	conns := map[string]connectors.Connector{"messenger": messenger.New(connectors.Options{APIBase: r.graph.URL, HTTPClient: r.graph.Client()})}
	sealer := envelope.New(&keyring{keys: map[string][]byte{}}, time.Hour)
	r.sealer = sealer
	m := metrics.New(func() float64 { return 0 }, func() float64 { return 0 })
	r.pipe = pipeline.New(pipeline.Options{Connectors: conns, Secrets: kv{
		"platforms/messenger": {"app_secret": "s", "verify_token": "v", "access_token": "tok"},
		"pseudonym":           {"key": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}},
		Stripper: strip.Default(), Store: st, Sealer: sealer, Metrics: m, Log: log})
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	sg := signer{priv}
	r.w, err = worker.New(worker.Config{Concurrency: 2, Poll: 10 * time.Millisecond, MaxAttempts: 3,
		BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Lease: time.Minute, RatePerSec: 1000,
		PublicURL: "https://ferry.example.org", LinkTTL: time.Hour},
		worker.Deps{Store: st, Connectors: conns, Pipeline: r.pipe, Sealer: sealer, Metrics: m, Log: log,
			Issuer:     portal.NewIssuer(sg, portal.IssuerConfig{Issuer: "https://ferry.example.org"}),
			KeyVersion: func(context.Context) (int, error) { return 1, nil }})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *rig) receive(t *testing.T, mid, text string) {
	t.Helper()
	ctx := context.Background()
	// Store a stripped message and its job the way the pipeline does, without a signed
	// webhook round trip (the pipeline and e2e tests cover that).
	ps, _ := r.pipe.Pseudonym(ctx, "messenger", "PSID-9")
	res := strip.Default().Strip(text)
	b, _ := json.Marshal(pipeline.Recipient{SenderID: "PSID-9"})
	sealed, err := r.sealer.Seal(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	rec := store.Record{Platform: "messenger", AccountID: "PAGE", PlatformMsgID: mid, Pseudonym: ps, Kind: "text",
		Redacted: res.Redacted, Clinical: res.Clinical, Lang: res.Lang, ReceivedAt: time.Now(), Replyable: true, Recipient: sealed}
	if _, err := r.st.Ingest(ctx, []store.Record{rec}, 0); err != nil {
		t.Fatal(err)
	}
}

// drain runs the worker until no job is pending or sending.
func (r *rig) drain(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.w.Run(ctx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if n, _ := r.st.QueueDepth(context.Background()); n == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}

func (r *rig) kinds(t *testing.T) map[string]int {
	var evs []audit.Event
	r.st.DB().Find(&evs)
	out := map[string]int{}
	for _, e := range evs {
		out[e.Kind]++
	}
	return out
}

func ok(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"recipient_id":"PSID-9","message_id":"m_out"}`)
}

func status(code int, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

func TestSendsOnceWithALinkAndErasesTheRecipient(t *testing.T) {
	r := newRig(t, ok)
	r.receive(t, "m1", "I have a rash on my arm since yesterday")
	r.drain(t)
	if len(r.bodies) != 1 {
		t.Fatalf("%d sends", len(r.bodies))
	}
	if !strings.Contains(r.bodies[0], "https://ferry.example.org/l/") || strings.Contains(r.bodies[0], "rash") {
		t.Fatalf("reply body %s", r.bodies[0])
	}
	var j store.Job
	r.st.DB().First(&j)
	if j.State != store.JobSent || j.Recipient != "" || j.LinkID == "" {
		t.Fatalf("job after send: %+v", j)
	}
	k := r.kinds(t)
	if k[audit.KindLinkIssued] != 1 || k[audit.KindReplySent] != 1 {
		t.Fatalf("audit kinds %v", k)
	}
}

func TestRetriesRetryableThenSends(t *testing.T) {
	r := newRig(t, status(500, `{"error":{"message":"x","type":"OAuthException","code":1200,"fbtrace_id":"A"}}`),
		status(429, `{"error":{"message":"x","code":613,"fbtrace_id":"B"}}`), ok)
	r.receive(t, "m1", "hello")
	r.drain(t)
	if len(r.bodies) != 3 {
		t.Fatalf("%d sends, want 3", len(r.bodies))
	}
	k := r.kinds(t)
	if k[audit.KindReplyRetry] != 2 || k[audit.KindReplySent] != 1 || k[audit.KindLinkIssued] != 1 {
		t.Fatalf("audit kinds %v (a retry must reuse its link)", k)
	}
}

func TestPermanentErrorEndsTheJob(t *testing.T) {
	r := newRig(t, status(400, `{"error":{"message":"x","type":"OAuthException","code":551,"fbtrace_id":"C"}}`))
	r.receive(t, "m1", "hello")
	r.drain(t)
	if len(r.bodies) != 1 {
		t.Fatalf("%d sends, want 1 (no retry on a permanent error)", len(r.bodies))
	}
	var j store.Job
	r.st.DB().First(&j)
	if j.State != store.JobFailed || j.Recipient != "" || j.LastCode == "" {
		t.Fatalf("job after permanent failure: %+v", j)
	}
	if r.kinds(t)[audit.KindReplyFailed] != 1 {
		t.Fatal("failure not audited")
	}
}

func TestAttemptsAreBounded(t *testing.T) {
	r := newRig(t, status(503, `{"error":{"message":"x","code":2,"fbtrace_id":"D"}}`))
	r.receive(t, "m1", "hello")
	r.drain(t)
	if len(r.bodies) != 3 {
		t.Fatalf("%d sends, want MaxAttempts=3", len(r.bodies))
	}
	k := r.kinds(t)
	if k[audit.KindReplyRetry] != 2 || k[audit.KindReplyFailed] != 1 {
		t.Fatalf("audit kinds %v", k)
	}
}
