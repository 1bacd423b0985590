package connectortest

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
)

// ParseCase is one inbound fixture: testdata/<Fixture>.json, the events it must give, or
// the error it must give.
type ParseCase struct {
	Fixture string
	Want    []connectors.Inbound
	Err     error
}

// Inbound describes how RunParseCases drives a connector.
type Inbound struct {
	Connector connectors.Connector
	Secret    connectors.Secret
	URL       string   // public webhook URL the request is built for
	Signers   []Signer // production signing functions applied to each fixture
	// Forbidden strings (media URLs, payloads, profile names, secrets...) may appear in no
	// event field, Reply value or error.
	Forbidden []string
	// AllowUncovered lists fixtures used elsewhere (fuzz seeds only, say).
	AllowUncovered []string
}

// RunParseCases verifies and parses every case's fixture and compares the events exactly
// (every Inbound field). It also fails when a testdata/*.json file has no case, when a
// parse error is untyped or echoes the body, and when a forbidden string leaks.
func RunParseCases(t *testing.T, in Inbound, cases []ParseCase) {
	t.Helper()
	covered := map[string]bool{}
	for _, f := range in.AllowUncovered {
		covered[f] = true
	}
	for _, tc := range cases {
		covered[tc.Fixture] = true
		t.Run(tc.Fixture, func(t *testing.T) {
			body := Fixture(t, tc.Fixture)
			req := NewRequest(in.URL, body, in.Signers...)
			if err := in.Connector.Verify(context.Background(), req, in.Secret); err != nil {
				t.Fatalf("verify: %v", err)
			}
			got, err := in.Connector.Parse(req)
			if tc.Err != nil {
				if !errors.Is(err, tc.Err) {
					t.Fatalf("err = %v, want %v", err, tc.Err)
				}
				CheckError(t, err, body, tc.Err)
				AssertNoLeak(t, err.Error(), in.Forbidden...)
				return
			}
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if !reflect.DeepEqual(got, tc.Want) {
				t.Errorf("events differ\n got: %#v\nwant: %#v", got, tc.Want)
			}
			for _, ev := range got {
				if ev.Platform != in.Connector.Platform() {
					t.Errorf("event platform %q", ev.Platform)
				}
				AssertNoLeak(t, EventFields(ev), in.Forbidden...)
			}
		})
	}
	for _, f := range Fixtures(t) {
		if !covered[f] {
			t.Errorf("fixture %s has no test case", f)
		}
	}
}

// EventFields joins every string field of an event (Reply values included) for leak checks.
func EventFields(ev connectors.Inbound) string {
	parts := []string{ev.Platform, ev.AccountID, ev.SenderID, ev.MessageID, ev.Text, string(ev.Kind),
		ev.Status, ev.StatusCode, ev.RefID, ev.Note}
	for k, v := range ev.Reply {
		parts = append(parts, k, v)
	}
	return strings.Join(parts, "\x00")
}

// SendCase is one outgoing scenario against a scripted fake API.
type SendCase struct {
	Name     string
	Settings map[string]string // passed to the connector factory
	Secret   connectors.Secret // overrides Outbound.Secret when set
	Out      *connectors.Outbound
	Script   []Exchange

	// WantResult is compared field by field on success.
	WantResult *connectors.SendResult
	// WantErr, when set, is the expected failure: Code, Retryable, Auth, HTTPStatus and
	// RetryAfter are compared (Reason only when non-empty).
	WantErr *connectors.SendError
}

// Outbound describes how RunSendCases builds connectors.
type Outbound struct {
	// New builds the connector for a fake API base URL and settings; it should use
	// LocalClient so nothing leaves the machine.
	New    func(base string, settings map[string]string) connectors.Connector
	Secret connectors.Secret
	// BasePath is appended to the fake server's URL to form the API base (e.g. "/v21.0").
	BasePath string
	// Forbidden strings (token, recipient, patient text...) may not appear in any error.
	Forbidden []string
}

// RunSendCases runs each case against a fresh fake API; the fake fails the test on
// unexpected or unused calls.
func RunSendCases(t *testing.T, ob Outbound, cases []SendCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			srv := NewServer(t, tc.Script...)
			c := ob.New(srv.URL+ob.BasePath, tc.Settings)
			sec := ob.Secret
			if tc.Secret != nil {
				sec = tc.Secret
			}
			res, err := c.Send(context.Background(), tc.Out, sec)
			if tc.WantErr == nil {
				if err != nil {
					t.Fatalf("send: %v", err)
				}
				if tc.WantResult != nil && !reflect.DeepEqual(res, tc.WantResult) {
					t.Errorf("result %+v, want %+v", res, tc.WantResult)
				}
				return
			}
			if res != nil {
				t.Errorf("result %+v returned with an error", res)
			}
			se := AssertSendError(t, err, tc.WantErr.Code, tc.WantErr.Retryable, tc.WantErr.Auth)
			if se.Platform != c.Platform() {
				t.Errorf("platform %q", se.Platform)
			}
			if se.HTTPStatus != tc.WantErr.HTTPStatus || se.RetryAfter != tc.WantErr.RetryAfter {
				t.Errorf("http %d retry-after %v, want %d %v", se.HTTPStatus, se.RetryAfter, tc.WantErr.HTTPStatus, tc.WantErr.RetryAfter)
			}
			if tc.WantErr.Reason != "" && se.Reason != tc.WantErr.Reason {
				t.Errorf("reason %q, want %q", se.Reason, tc.WantErr.Reason)
			}
			AssertNoLeak(t, err.Error(), ob.Forbidden...)
		})
	}
}

// JSONBody returns an Exchange.Check that asserts the request body equals want (as JSON)
// and, when set, the Authorization header.
func JSONBody(want, authorization string) func(testing.TB, Recorded) {
	return func(t testing.TB, r Recorded) {
		t.Helper()
		if authorization != "" && r.Header.Get("Authorization") != authorization {
			t.Errorf("authorization header differs")
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("content-type %q", ct)
		}
		AssertJSONEqual(t, r.Body, want)
	}
}

// SeedFixtures adds every testdata/*.json file to a fuzz corpus.
func SeedFixtures(f *testing.F) {
	f.Helper()
	for _, name := range Fixtures(f) {
		f.Add(Fixture(f, name))
	}
}

// FuzzParseBody parses body and checks the invariants every connector keeps: no panic,
// errors wrap ErrMalformed and quote no input, events carry the platform and a kind.
func FuzzParseBody(t *testing.T, c connectors.Connector, body []byte) []connectors.Inbound {
	t.Helper()
	evs, err := c.Parse(&connectors.Request{Method: http.MethodPost, Header: http.Header{}, Body: body})
	CheckError(t, err, body, connectors.ErrMalformed)
	if err != nil && evs != nil {
		t.Fatalf("events returned with an error")
	}
	for _, e := range evs {
		if e.Platform != c.Platform() || e.Kind == "" {
			t.Fatalf("bad event: platform %q kind %q", e.Platform, e.Kind)
		}
	}
	return evs
}
