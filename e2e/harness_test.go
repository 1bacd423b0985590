// Package e2e drives the real ferry binary against a real Vault, a real database and
// local servers that speak the platforms' send APIs.
package e2e

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/ferryhealth/ferry/secrets/devvault"
	"github.com/golang-jwt/jwt/v5"
	"gorm.io/gorm"
)

var ferryBin string

func TestMain(m *testing.M) {
	ferryBin = os.Getenv("FERRY_BIN")
	if ferryBin == "" {
		dir, err := os.MkdirTemp("", "ferry-e2e")
		if err != nil {
			panic(err)
		}
		ferryBin = filepath.Join(dir, "ferry")
		cmd := exec.Command("go", "build", "-o", ferryBin, "..")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: cannot build ferry:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
	}
	os.Exit(m.Run())
}

// sendAPI is a local server that records send-API calls and answers like the platform.
type sendAPI struct {
	*httptest.Server
	mu    sync.Mutex
	calls []apiCall
	// answer writes the platform's response for a call.
	answer func(w http.ResponseWriter, r *http.Request, body []byte)
}

type apiCall struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

func newSendAPI(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, body []byte)) *sendAPI {
	s := &sendAPI{answer: answer}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.calls = append(s.calls, apiCall{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), b})
		s.mu.Unlock()
		s.answer(w, r, b)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *sendAPI) Calls() []apiCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]apiCall(nil), s.calls...)
}

// waitCalls waits until at least n calls arrived.
func (s *sendAPI) waitCalls(t *testing.T, n int, within time.Duration) []apiCall {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if c := s.Calls(); len(c) >= n {
			return c
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("send API got %d calls, want %d", len(s.Calls()), n)
	return nil
}

// instance is one running ferry process.
type instance struct {
	t         *testing.T
	cmd       *exec.Cmd
	logs      *syncBuffer
	PublicURL string
	AdminURL  string
	DSN       string
	Vault     *devvault.Server
	Portal    *httptest.Server
	env       []string
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start runs `ferry serve` with env added to a fresh configuration.
func start(t *testing.T, vs *devvault.Server, dsn string, env ...string) *instance {
	t.Helper()
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "portal home")
	}))
	t.Cleanup(portal.Close)
	pub, adm := freeAddr(t), freeAddr(t)
	in := &instance{t: t, logs: &syncBuffer{}, PublicURL: "http://" + pub, AdminURL: "http://" + adm, DSN: dsn, Vault: vs, Portal: portal}
	in.env = append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
		"FERRY_LISTEN=" + pub, "FERRY_ADMIN_LISTEN=" + adm, "FERRY_DATABASE=" + dsn,
		"FERRY_PUBLIC_URL=" + in.PublicURL, "FERRY_PORTAL_URL=" + portal.URL + "/start",
		"VAULT_ADDR=" + vs.Addr, "VAULT_TOKEN=" + vs.Token,
		"FERRY_WORKER_POLL=50ms", "FERRY_WORKER_BACKOFF=100ms", "FERRY_LOG_LEVEL=debug",
	}, env...)
	in.run()
	return in
}

func (in *instance) run() {
	t := in.t
	in.cmd = exec.Command(ferryBin, "serve")
	in.cmd.Env = in.env
	in.cmd.Dir = t.TempDir()
	in.cmd.Stdout, in.cmd.Stderr = in.logs, in.logs
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.stop)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(in.PublicURL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if in.cmd.ProcessState != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("ferry did not become healthy; logs:\n%s", in.logs.String())
}

func (in *instance) stop() {
	if in.cmd != nil && in.cmd.Process != nil && in.cmd.ProcessState == nil {
		in.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { in.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			in.cmd.Process.Kill()
			<-done
		}
	}
}

// db opens the instance's database for inspection.
func (in *instance) db() *gorm.DB {
	in.t.Helper()
	db, err := store.Connect(in.DSN)
	if err != nil {
		in.t.Fatal(err)
	}
	in.t.Cleanup(func() {
		if s, err := db.DB(); err == nil {
			s.Close()
		}
	})
	return db
}

func (in *instance) count(table string) int64 {
	var n int64
	if err := in.db().Table(table).Count(&n).Error; err != nil {
		in.t.Fatal(err)
	}
	return n
}

// secret reads a platform secret field from the test Vault.
func secret(t *testing.T, vs *devvault.Server, platform, field string) string {
	t.Helper()
	c, err := vs.Client()
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.KVv2("secret").Get(context.Background(), "ferry/platforms/"+platform)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.Data[field].(string)
	return v
}

func post(t *testing.T, url string, body []byte, headers map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var linkRE = regexp.MustCompile(`/l/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)`)

// linkIn finds {publicURL}/l/<token> in a reply text and returns the token.
func linkIn(t *testing.T, publicURL, text string) string {
	t.Helper()
	if !strings.Contains(text, publicURL+"/l/") {
		t.Fatalf("reply does not carry %s/l/<token>: %q", publicURL, text)
	}
	m := linkRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no token in %q", text)
	}
	return m[1]
}

// verifyWithJWKS checks a link token against the published JWKS, as a portal would.
func verifyWithJWKS(t *testing.T, publicURL, token string) jwt.MapClaims {
	t.Helper()
	resp, err := http.Get(publicURL + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct {
		Keys []struct{ Kty, Crv, X, Kid, Alg string } `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil || len(set.Keys) == 0 {
		t.Fatalf("jwks: %v %+v", err, set)
	}
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		for _, k := range set.Keys {
			if k.Kid == tok.Header["kid"] && k.Kty == "OKP" && k.Crv == "Ed25519" {
				x, err := base64.RawURLEncoding.DecodeString(k.X)
				return ed25519.PublicKey(x), err
			}
		}
		return nil, fmt.Errorf("kid %v not in jwks", tok.Header["kid"])
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithAudience("ferry-portal"), jwt.WithExpirationRequired())
	if err != nil {
		t.Fatalf("token does not verify against the JWKS: %v", err)
	}
	return claims
}

// assertNoLeak fails when any marker appears in the database or the logs.
func (in *instance) assertNoLeak(markers ...string) {
	t := in.t
	t.Helper()
	hay := in.logs.String() + "\n" + in.dump()
	for _, m := range markers {
		if strings.Contains(strings.ToLower(hay), strings.ToLower(m)) {
			t.Errorf("marker %q found in the database or logs", m)
		}
	}
}

// dump renders every row of every table as text (PostgreSQL) or the raw SQLite files.
func (in *instance) dump() string {
	t := in.t
	if path, ok := strings.CutPrefix(in.DSN, "sqlite:"); ok {
		var b strings.Builder
		for _, suffix := range []string{"", "-wal", "-shm"} {
			data, err := os.ReadFile(path + suffix)
			if err == nil {
				b.Write(data)
			}
		}
		if b.Len() == 0 {
			t.Fatalf("sqlite file %s is empty or missing", path)
		}
		return b.String()
	}
	db := in.db()
	var tables []string
	db.Raw("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").Scan(&tables)
	if len(tables) == 0 {
		t.Fatal("no tables to scan")
	}
	var b strings.Builder
	for _, tb := range tables {
		var rows []string
		db.Raw(fmt.Sprintf("SELECT t::text FROM %q t", tb)).Scan(&rows)
		b.WriteString(strings.Join(rows, "\n"))
	}
	return b.String()
}
