package twilio

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
)

// localClient can reach loopback hosts only.
func localClient() *http.Client { return connectortest.LocalClient() }

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	return connectortest.Fixture(t, name)
}

// fixtures maps every testdata/*.form file name to its bytes.
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
	connectortest.AssertNoLeak(t, s, values...)
}

func newTest(base string) *Connector {
	return New(connectors.Options{APIBase: base, HTTPClient: localClient()}).(*Connector)
}
