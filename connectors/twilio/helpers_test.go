package twilio

import (
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
)

// localOnly refuses any request that would leave the machine.
type localOnly struct{ next http.RoundTripper }

func (l localOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	host := r.URL.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, errors.New("test transport: non-local host refused")
	}
	return l.next.RoundTrip(r)
}

func localClient() *http.Client {
	return &http.Client{Transport: localOnly{next: http.DefaultTransport}}
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture %s: %v", name, err)
	}
	return b
}

func fixtures(t testing.TB) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*.form"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		out[filepath.Base(n)] = fixture(t, filepath.Base(n))
	}
	return out
}

// assertNoLeak fails when s contains any of the given values.
func assertNoLeak(t testing.TB, s string, values ...string) {
	t.Helper()
	for _, v := range values {
		if v != "" && strings.Contains(s, v) {
			t.Errorf("%q leaks %q", s, v)
		}
	}
}

func newTest(base string) *Connector {
	return New(connectors.Options{APIBase: base, HTTPClient: localClient()}).(*Connector)
}
