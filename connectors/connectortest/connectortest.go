// Package connectortest is the shared test kit of the connector packages: fixtures,
// signing through production code, a local-only HTTP transport, a scripted fake of a
// platform's send API, and leak checks.
package connectortest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
)

// ErrNotLocal is returned by LocalOnlyTransport for any host that is not loopback.
var ErrNotLocal = errors.New("connectortest: only loopback hosts may be called in tests")

// LocalOnlyTransport refuses every request whose host is not a loopback address, so a
// connector test can never reach a real platform API.
type LocalOnlyTransport struct {
	// Base is the transport used for allowed requests (http.DefaultTransport when nil).
	Base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *LocalOnlyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !IsLoopback(req.URL.Hostname()) {
		return nil, ErrNotLocal
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(req)
}

// IsLoopback reports whether host is localhost or a loopback IP.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// LocalClient returns an http.Client that can only reach loopback hosts.
func LocalClient() *http.Client {
	return &http.Client{Transport: &LocalOnlyTransport{}}
}

// Fixture reads testdata/<name> (".json" is added when name has no extension).
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	if filepath.Ext(name) == "" {
		name += ".json"
	}
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	return b
}

// Fixtures returns the names (without extension) of every testdata/*.json file, sorted.
func Fixtures(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range paths {
		out = append(out, strings.TrimSuffix(filepath.Base(p), ".json"))
	}
	sort.Strings(out)
	return out
}

// Signer computes a request signature header from the raw body; tests pass the
// connector's production signing function, never a copy of it.
type Signer func(body []byte) (header, value string)

// NewRequest builds a POST connectors.Request carrying body byte for byte, signed by each
// signer given.
func NewRequest(rawURL string, body []byte, signers ...Signer) *connectors.Request {
	req := &connectors.Request{
		Method: http.MethodPost,
		URL:    rawURL,
		Header: http.Header{"Content-Type": {"application/json"}},
		Query:  url.Values{},
		Body:   append([]byte(nil), body...),
	}
	if u, err := url.Parse(rawURL); err == nil {
		req.Query = u.Query()
	}
	for _, s := range signers {
		h, v := s(req.Body)
		req.Header.Set(h, v)
	}
	return req
}

// NewGet builds a GET connectors.Request with the given query (handshakes).
func NewGet(rawURL string, query url.Values) *connectors.Request {
	return &connectors.Request{Method: http.MethodGet, URL: rawURL, Header: http.Header{}, Query: query}
}

// AssertNoLeak fails the test if haystack contains any non-empty needle.
func AssertNoLeak(t testing.TB, haystack string, needles ...string) {
	t.Helper()
	for _, n := range needles {
		if n != "" && strings.Contains(haystack, n) {
			t.Errorf("leak: %q found in %q", n, haystack)
		}
	}
}

// EchoedInput returns the first run of more than max consecutive input bytes that appears
// in msg, ignoring runs that also occur in one of the fixed vocabulary strings (the
// connector's own constant messages). Empty when msg echoes no input.
func EchoedInput(msg string, input []byte, max int, vocabulary ...string) string {
	n := max + 1
	if len(input) < n || len(msg) < n {
		return ""
	}
	for i := 0; i+n <= len(input); i++ {
		w := string(input[i : i+n])
		if !strings.Contains(msg, w) {
			continue
		}
		fixed := false
		for _, v := range vocabulary {
			if strings.Contains(v, w) {
				fixed = true
				break
			}
		}
		if !fixed {
			return w
		}
	}
	return ""
}

// CheckError fails unless err is nil or wraps one of allowed, and its message echoes no
// run of more than 8 input bytes.
func CheckError(t testing.TB, err error, input []byte, allowed ...error) {
	t.Helper()
	CheckErrorFixed(t, err, input, nil, allowed...)
}

// CheckErrorFixed is CheckError for a connector whose messages also carry fixed text of
// its own (a header's name): input runs that occur in fixed are no echo.
func CheckErrorFixed(t testing.TB, err error, input []byte, fixed []string, allowed ...error) {
	t.Helper()
	if err == nil {
		return
	}
	ok := false
	for _, a := range allowed {
		if errors.Is(err, a) {
			ok = true
		}
	}
	if !ok {
		t.Fatalf("untyped error: %v", err)
	}
	vocab := append([]string(nil), fixed...)
	for _, a := range allowed {
		vocab = append(vocab, a.Error())
	}
	if w := EchoedInput(err.Error(), input, 8, vocab...); w != "" {
		t.Fatalf("error %q echoes input bytes %q", err.Error(), w)
	}
}

// Exchange is one scripted call to a fake platform API: what is expected, what is answered.
type Exchange struct {
	Method string // expected method (POST when empty)
	Path   string // expected path
	// Check, when set, inspects the recorded request.
	Check func(t testing.TB, r Recorded)

	Status int
	Header http.Header
	Body   string
}

// Recorded is a request the fake API received.
type Recorded struct {
	Method string
	Path   string
	// EscapedPath is the path as sent on the wire (percent-encoding kept).
	EscapedPath string
	Query       url.Values
	Header      http.Header
	Body        []byte
}

// Server is a local fake of a platform's send API that answers a script of exchanges in
// order and fails the test on unexpected, surplus or unused calls.
type Server struct {
	*httptest.Server
	t      testing.TB
	mu     sync.Mutex
	script []Exchange
	got    []Recorded
}

// NewServer starts a Server for script; it is closed, and checked for unused exchanges,
// when the test ends.
func NewServer(t testing.TB, script ...Exchange) *Server {
	t.Helper()
	s := &Server{t: t, script: script}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.Close()
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.got) < len(s.script) {
			t.Errorf("fake API: %d of %d scripted calls unused", len(s.script)-len(s.got), len(s.script))
		}
	})
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := Recorded{Method: r.Method, Path: r.URL.Path, EscapedPath: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	s.mu.Lock()
	i := len(s.got)
	s.got = append(s.got, rec)
	s.mu.Unlock()
	if i >= len(s.script) {
		s.t.Errorf("fake API: unexpected call %d: %s %s", i+1, r.Method, r.URL.Path)
		http.Error(w, `{"error":{"message":"unexpected","code":1}}`, http.StatusInternalServerError)
		return
	}
	ex := s.script[i]
	method := ex.Method
	if method == "" {
		method = http.MethodPost
	}
	if r.Method != method || (ex.Path != "" && r.URL.Path != ex.Path) {
		s.t.Errorf("fake API call %d: got %s %s, want %s %s", i+1, r.Method, r.URL.Path, method, ex.Path)
	}
	if ex.Check != nil {
		ex.Check(s.t, rec)
	}
	for k, vs := range ex.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	}
	status := ex.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, ex.Body)
}

// Requests returns the calls received so far.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recorded(nil), s.got...)
}

// AssertJSONEqual fails unless got and want hold the same JSON value.
func AssertJSONEqual(t testing.TB, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got invalid JSON %q: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want invalid JSON %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		t.Errorf("JSON mismatch\n got: %s\nwant: %s", gb, wb)
	}
}

// AssertSendError fails unless err is a *connectors.SendError with the given code,
// retryability and auth flag; it returns it.
func AssertSendError(t testing.TB, err error, code string, retryable, auth bool) *connectors.SendError {
	t.Helper()
	var se *connectors.SendError
	if !errors.As(err, &se) {
		t.Fatalf("want *connectors.SendError, got %T %v", err, err)
	}
	if se.Code != code || se.Retryable != retryable || se.Auth != auth {
		t.Errorf("SendError = code %q retryable %v auth %v (%s); want code %q retryable %v auth %v",
			se.Code, se.Retryable, se.Auth, se.Reason, code, retryable, auth)
	}
	if connectors.Retryable(err) != retryable {
		t.Errorf("connectors.Retryable = %v, want %v", connectors.Retryable(err), retryable)
	}
	return se
}

// Describe formats events compactly for failure messages (no text).
func Describe(evs []connectors.Inbound) string {
	var b bytes.Buffer
	for i, e := range evs {
		fmt.Fprintf(&b, "[%d] %s id=%q ref=%q note=%q; ", i, e.Kind, e.MessageID, e.RefID, e.Note)
	}
	return b.String()
}

// FixtureMap maps every testdata file matching pattern (e.g. "*.json") to its bytes.
func FixtureMap(t testing.TB, pattern string) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		out[filepath.Base(n)] = Fixture(t, filepath.Base(n))
	}
	return out
}
