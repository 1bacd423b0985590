package pipeline_test

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/messenger"
	"github.com/ferryhealth/ferry/gateway/envelope"
	"github.com/ferryhealth/ferry/gateway/metrics"
	"github.com/ferryhealth/ferry/gateway/pipeline"
	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/ferryhealth/ferry/gateway/strip"
)

// kv is a map-backed pipeline.Secrets (the pipeline's own interface, not Vault's API;
// the e2e tests run the same code against a real Vault).
type kv map[string]map[string]string

func (k kv) KV(_ context.Context, path string) (map[string]string, error) {
	if v, ok := k[path]; ok {
		return v, nil
	}
	return nil, errors.New("no secret at " + path)
}

// keyring is an in-process data-key source for the sealer.
type keyring struct{ keys map[string][]byte }

func (k *keyring) DataKey(context.Context) ([]byte, string, error) {
	b := make([]byte, 32)
	rand.Read(b)
	h := "k" + string(rune('a'+len(k.keys)))
	k.keys[h] = b
	return b, h, nil
}

func (k *keyring) Unwrap(_ context.Context, w string) ([]byte, error) { return k.keys[w], nil }

const appSecret = "test-app-secret"

func setup(t testing.TB) (*pipeline.Pipeline, *store.Store, *envelope.Sealer) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "p.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sealer := envelope.New(&keyring{keys: map[string][]byte{}}, 0)
	p := pipeline.New(pipeline.Options{
		Connectors: map[string]connectors.Connector{"messenger": messenger.New(connectors.Options{})},
		Secrets: kv{"platforms/messenger": {"app_secret": appSecret, "verify_token": "v", "access_token": "a"},
			"pseudonym": {"key": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}},
		Stripper: strip.Default(), Store: st, Sealer: sealer, Metrics: metrics.New(func() float64 { return 0 }, func() float64 { return 0 }),
		Log: log,
	})
	return p, st, sealer
}

func signed(body string) *connectors.Request {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write([]byte(body))
	h := http.Header{}
	h.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(m.Sum(nil)))
	return &connectors.Request{Method: "POST", URL: "http://ferry.test/webhooks/messenger", Header: h, Body: []byte(body)}
}

// A batch: two entries, a text, an echo of our own reply, a delivery receipt and a
// second patient's message. Only the two patient messages get jobs.
const batch = `{"object":"page","entry":[
 {"id":"PAGE1","time":1764230400000,"messaging":[
  {"sender":{"id":"PSID-AAA-111"},"recipient":{"id":"PAGE1"},"timestamp":1764230400000,"message":{"mid":"m_1","text":"my son has a fever of 39.5 and is vomiting, he takes amoxicillin"}},
  {"sender":{"id":"PAGE1"},"recipient":{"id":"PSID-AAA-111"},"timestamp":1764230400001,"message":{"is_echo":true,"app_id":123,"mid":"m_echo","text":"Thanks for your message"}},
  {"sender":{"id":"PSID-AAA-111"},"recipient":{"id":"PAGE1"},"timestamp":1764230400002,"delivery":{"mids":["m_echo"],"watermark":1764230400002}}]},
 {"id":"PAGE1","time":1764230400005,"messaging":[
  {"sender":{"id":"PSID-BBB-222"},"recipient":{"id":"PAGE1"},"timestamp":1764230400005,"message":{"mid":"m_2","text":"what time do you open on Sunday?"}}]}]}`

func TestReceiveBatchStoresRedactedAndQueuesOnlyPatientMessages(t *testing.T) {
	p, st, sealer := setup(t)
	ctx := context.Background()
	if _, err := p.Receive(ctx, "messenger", signed(batch)); err != nil {
		t.Fatal(err)
	}
	var msgs []store.Message
	st.DB().Order("id").Find(&msgs)
	var jobs []store.Job
	st.DB().Order("id").Find(&jobs)
	if len(jobs) != 2 {
		t.Fatalf("jobs = %d, want 2 (echo and receipt never answered)", len(jobs))
	}
	byID := map[string]store.Message{}
	for _, m := range msgs {
		byID[m.PlatformMsgID] = m
	}
	m1 := byID["m_1"]
	if !m1.Clinical || strings.Contains(m1.RedactedText, "fever") || strings.Contains(m1.RedactedText, "amoxicillin") {
		t.Fatalf("clinical message stored as %+v", m1)
	}
	if m2 := byID["m_2"]; m2.Clinical || m2.RedactedText != "what time do you open on Sunday?" {
		t.Fatalf("harmless message stored as %+v", m2)
	}
	if _, ok := byID["echo:m_echo"]; !ok || byID["echo:m_echo"].RedactedText != "" {
		t.Fatalf("echo must be recorded without text: %+v", byID["echo:m_echo"])
	}
	want := pipeline.Pseudonymise([]byte("0123456789abcdef0123456789abcdef"), "messenger", "PSID-AAA-111")
	if m1.SenderPseudonym != want {
		t.Fatalf("pseudonym %q, want %q", m1.SenderPseudonym, want)
	}
	for _, j := range jobs {
		if strings.Contains(j.Recipient, "PSID") {
			t.Fatal("recipient stored in clear")
		}
		raw, err := sealer.Open(ctx, j.Recipient)
		if err != nil || !strings.Contains(string(raw), "PSID-") {
			t.Fatalf("sealed recipient does not open: %v", err)
		}
	}
	var rows []string
	st.DB().Raw("SELECT detail FROM audit_events").Scan(&rows)
	all := strings.Join(rows, " ")
	for _, leak := range []string{"fever", "amoxicillin", "PSID-AAA-111", "Sunday"} {
		if strings.Contains(all, leak) {
			t.Fatalf("audit detail leaks %q", leak)
		}
	}
	// The same delivery again stores nothing new.
	if _, err := p.Receive(ctx, "messenger", signed(batch)); err != nil {
		t.Fatal(err)
	}
	var n int64
	st.DB().Model(&store.Job{}).Count(&n)
	if n != 2 {
		t.Fatalf("replay created jobs: %d", n)
	}
}

func TestReceiveRejectsBeforeParsing(t *testing.T) {
	p, st, _ := setup(t)
	ctx := context.Background()
	req := signed(batch)
	req.Header.Set("X-Hub-Signature-256", "sha256="+strings.Repeat("0", 64))
	if _, err := p.Receive(ctx, "messenger", req); !errors.Is(err, connectors.ErrBadSignature) {
		t.Fatalf("forged: %v", err)
	}
	if _, err := p.Receive(ctx, "messenger", signed("{not json")); !errors.Is(err, connectors.ErrMalformed) {
		t.Fatalf("malformed: %v", err)
	}
	if _, err := p.Receive(ctx, "nosuch", signed(batch)); !errors.Is(err, pipeline.ErrUnknownPlatform) {
		t.Fatalf("unknown platform: %v", err)
	}
	var n int64
	st.DB().Model(&store.Message{}).Count(&n)
	if n != 0 {
		t.Fatalf("rejected deliveries stored %d messages", n)
	}
}

func TestPseudonymIsKeyedAndStable(t *testing.T) {
	k1, k2 := []byte("key-one-key-one-key-one-key-one!"), []byte("key-two-key-two-key-two-key-two!")
	a := pipeline.Pseudonymise(k1, "messenger", "123")
	if a != pipeline.Pseudonymise(k1, "messenger", "123") || len(a) != 64 {
		t.Fatal("pseudonym not stable")
	}
	if a == pipeline.Pseudonymise(k2, "messenger", "123") || a == pipeline.Pseudonymise(k1, "instagram", "123") {
		t.Fatal("pseudonym ignores the key or the platform")
	}
	if _, err := pipeline.PseudonymKey(map[string]string{"key": "short"}); err == nil {
		t.Fatal("a short key was accepted")
	}
}
