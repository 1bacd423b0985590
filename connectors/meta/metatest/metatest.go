// Package metatest is the shared test suite of the connectors built on meta.PageConnector
// (Messenger and Instagram): signature checks, the subscribe handshake, sending, Graph API
// error mapping, local send failures and the fuzz invariants. Each platform package calls
// RunPageSuite (and FuzzParse, FuzzVerify) with its own PageSuite; its parse tables and
// platform-only fixtures stay in that package.
//
// Every function reads testdata/ relative to the calling package's directory, so the
// fixtures named here (hello, multi_entry_batch) must exist in each package that uses it.
package metatest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
	"github.com/ferryhealth/ferry/connectors/meta"
)

// PageSuite holds what differs between the platforms that run meta.PageConnector.
type PageSuite struct {
	// Platform is the connector's platform name; the webhook URL is
	// https://ferry.example/webhooks/<Platform>.
	Platform string
	// New is the package's connector factory; the suite passes it a loopback-only client.
	New func(connectors.Options) connectors.Connector
	// MaxRunes is the Send API text limit.
	MaxRunes int

	// AppSecret, VerifyToken and AccessToken make up the Vault secret (see Secret).
	AppSecret   string
	VerifyToken string
	AccessToken string

	// Page is the account (Page or IG account id) sends go out from; PSID is the
	// recipient id, which the fake Graph API also echoes back as recipient_id.
	Page string
	PSID string

	// Replyable is how many events of testdata/multi_entry_batch.json can be replied to.
	Replyable int
	// HelloFragment is a piece of the patient text in testdata/hello.json; signature
	// errors must not quote it.
	HelloFragment string
	// ReplyText is the text of the reply TestSend sends (it carries the link
	// https://ferry.example/l/abc).
	ReplyText string
}

// Secret returns the Vault secret built from the suite's app secret, verify token and
// access token.
func (s PageSuite) Secret() connectors.Secret {
	return connectors.Secret{
		meta.KeyAppSecret:   s.AppSecret,
		meta.KeyVerifyToken: s.VerifyToken,
		meta.KeyAccessToken: s.AccessToken,
	}
}

// Connector builds the connector against base (the API base URL; "" for inbound tests)
// with an HTTP client that can only reach loopback hosts.
func (s PageSuite) Connector(base string) connectors.Connector {
	return s.New(connectors.Options{APIBase: base, HTTPClient: connectortest.LocalClient()})
}

// URL is the public webhook URL of the platform.
func (s PageSuite) URL() string { return "https://ferry.example/webhooks/" + s.Platform }

// Hash restates the documented synthetic-key digest (first 8 bytes of SHA-256, hex), so
// expected ids are written independently of the production helper.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// RunPageSuite runs every shared case as a subtest of t, one group a row.
func RunPageSuite(t *testing.T, s PageSuite) {
	t.Helper()
	for _, g := range []struct {
		name string
		run  func(*testing.T, PageSuite)
	}{
		{"ReplyableKinds", replyableKinds},
		{"Verify", verify},
		{"Handshake", handshake},
		{"Send", send},
		{"SendUserRef", sendUserRef},
		{"SendErrors", sendErrors},
		{"SendLocalFailures", sendLocalFailures},
	} {
		t.Run(g.name, func(t *testing.T) { g.run(t, s) })
	}
}

func replyableKinds(t *testing.T, s PageSuite) {
	c := s.Connector("")
	body := connectortest.Fixture(t, "multi_entry_batch")
	evs, err := c.Parse(connectortest.NewRequest(s.URL(), body))
	if err != nil {
		t.Fatal(err)
	}
	replies := 0
	for _, e := range evs {
		if e.Kind.Replyable() {
			replies++
		}
	}
	if replies != s.Replyable {
		t.Fatalf("replyable = %d, want %d (%s)", replies, s.Replyable, connectortest.Describe(evs))
	}
}

func verify(t *testing.T, s PageSuite) {
	c := s.Connector("")
	testSecret := s.Secret()
	body := connectortest.Fixture(t, "hello")
	good := meta.Signature(s.AppSecret, body)
	if len(good) != 71 || !strings.HasPrefix(good, "sha256=") || strings.ToLower(good) != good {
		t.Fatalf("signature format %q", good)
	}
	tests := []struct {
		name   string
		header string
		body   []byte
		sec    connectors.Secret
		err    error
	}{
		{name: "valid", header: good, body: body, sec: testSecret},
		{name: "uppercase hex accepted", header: "sha256=" + strings.ToUpper(good[7:]), body: body, sec: testSecret},
		{name: "alternate secret", header: meta.Signature("second-app", body), body: body,
			sec: connectors.Secret{meta.KeyAppSecret: s.AppSecret, meta.KeyAppSecretAlt: "second-app"}},
		{name: "missing", header: "", body: body, sec: testSecret, err: connectors.ErrBadSignature},
		{name: "short", header: good[:70], body: body, sec: testSecret, err: connectors.ErrBadSignature},
		{name: "sha1", header: "sha1=" + good[7:47], body: body, sec: testSecret, err: connectors.ErrBadSignature},
		{name: "wrong secret", header: meta.Signature("other", body), body: body, sec: testSecret, err: connectors.ErrBadSignature},
		{name: "not hex", header: "sha256=" + strings.Repeat("zz", 32), body: body, sec: testSecret, err: connectors.ErrBadSignature},
		// Re-serialising the escaped body (\u00e4, \/ , \u0040) changes the bytes: signatures are over raw bytes.
		{name: "decoded body", header: good, body: []byte(strings.NewReplacer(`\u00e4`, "ä", `\/`, "/", `\u0040`, "@").Replace(string(body))), sec: testSecret, err: connectors.ErrBadSignature},
		{name: "no app secret", header: good, body: body, sec: connectors.Secret{meta.KeyVerifyToken: "x"}, err: connectors.ErrNotConfigured},
		{name: "alt only", header: meta.Signature("second-app", body), body: body, sec: connectors.Secret{meta.KeyAppSecretAlt: "second-app"}, err: connectors.ErrNotConfigured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := connectortest.NewRequest(s.URL(), tt.body)
			if tt.header != "" {
				req.Header.Set("X-Hub-Signature-256", tt.header)
			}
			err := c.Verify(context.Background(), req, tt.sec)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				connectortest.AssertNoLeak(t, err.Error(), s.HelloFragment, "example.org", s.AppSecret, tt.header)
				connectortest.CheckError(t, err, tt.body, tt.err)
			}
		})
	}
	if !strings.Contains(string(body), `\u00e4`) || !strings.Contains(string(body), `\/`) || !strings.Contains(string(body), `\u0040`) {
		t.Fatal("hello fixture must keep Meta's escapes")
	}
}

func handshake(t *testing.T, s PageSuite) {
	c := s.Connector("")
	testSecret := s.Secret()
	q := func(mode, token, challenge string) url.Values {
		v := url.Values{}
		for k, s := range map[string]string{"hub.mode": mode, "hub.verify_token": token, "hub.challenge": challenge} {
			if s != "" {
				v.Set(k, s)
			}
		}
		return v
	}
	tests := []struct {
		name  string
		query url.Values
		sec   connectors.Secret
		err   error
	}{
		{name: "ok", query: q("subscribe", s.VerifyToken, "1158201444"), sec: testSecret},
		{name: "wrong token", query: q("subscribe", "nope", "1158201444"), sec: testSecret, err: connectors.ErrForbidden},
		{name: "token prefix", query: q("subscribe", s.VerifyToken[:5], "1158201444"), sec: testSecret, err: connectors.ErrForbidden},
		{name: "wrong mode", query: q("unsubscribe", s.VerifyToken, "1158201444"), sec: testSecret, err: connectors.ErrForbidden},
		{name: "no challenge", query: q("subscribe", s.VerifyToken, ""), sec: testSecret, err: connectors.ErrForbidden},
		{name: "no token configured", query: q("subscribe", "", "1"), sec: connectors.Secret{meta.KeyAppSecret: "x"}, err: connectors.ErrNotConfigured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Handshake(context.Background(), connectortest.NewGet(s.URL(), tt.query), tt.sec)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || resp != nil {
					t.Fatalf("got %v %v, want %v", resp, err, tt.err)
				}
				connectortest.AssertNoLeak(t, err.Error(), s.VerifyToken, "nope")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != 200 || string(resp.Body) != "1158201444" || !strings.HasPrefix(resp.ContentType, "text/plain") {
				t.Fatalf("resp %+v", resp)
			}
		})
	}
	// The query may come only in the URL.
	req := &connectors.Request{Method: http.MethodGet, URL: s.URL() + "?hub.mode=subscribe&hub.verify_token=" + s.VerifyToken + "&hub.challenge=42"}
	if resp, err := c.Handshake(context.Background(), req, testSecret); err != nil || string(resp.Body) != "42" {
		t.Fatalf("url-only query: %v %v", resp, err)
	}
}

// graphOK is the Graph API's answer to a successful send to s.PSID.
func (s PageSuite) graphOK() string {
	return `{"recipient_id":"` + s.PSID + `","message_id":"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P"}`
}

func send(t *testing.T, s PageSuite) {
	var check = func(t testing.TB, r connectortest.Recorded) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+s.AccessToken {
			t.Errorf("authorization %q", got)
		}
		if len(r.Query) != 0 {
			t.Errorf("query %v: the token must not be in the URL", r.Query)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("content-type %q", ct)
		}
		connectortest.AssertJSONEqual(t, r.Body, `{"recipient":{"id":"`+s.PSID+`"},"messaging_type":"RESPONSE",
			"message":{"text":"`+s.ReplyText+`","metadata":"ferry-job-42"}}`)
	}
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/v21.0/me/messages", Check: check, Body: s.graphOK()})
	c := s.Connector(srv.URL + "/v21.0/")
	res, err := c.Send(context.Background(), &connectors.Outbound{
		AccountID: s.Page, RecipientID: s.PSID, Text: s.ReplyText,
		Link: "https://ferry.example/l/abc", Tag: "ferry-job-42",
	}, s.Secret())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.MessageID, "m_AG5Hz2") || res.Fallback != "" {
		t.Fatalf("result %+v", res)
	}
}

func sendUserRef(t *testing.T, s PageSuite) {
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/me/messages", Body: `{"message_id":"m_1"}`,
		Check: func(t testing.TB, r connectortest.Recorded) {
			connectortest.AssertJSONEqual(t, r.Body, `{"recipient":{"user_ref":"plugin-ref-0001"},"messaging_type":"RESPONSE","message":{"text":"hi"}}`)
		}})
	c := s.Connector(srv.URL)
	if _, err := c.Send(context.Background(), &connectors.Outbound{RecipientID: "plugin-ref-0001", Text: "hi", Reply: map[string]string{"recipient": "user_ref"}}, s.Secret()); err != nil {
		t.Fatal(err)
	}
}

// graphErr is a Graph API error body; sub 0 leaves out error_subcode.
func graphErr(code, sub int, typ, msg string) string {
	e := `{"error":{"message":"` + msg + `","type":"` + typ + `","code":` + strconv.Itoa(code)
	if sub != 0 {
		e += `,"error_subcode":` + strconv.Itoa(sub)
	}
	return e + `,"fbtrace_id":"AbCdEfGhIjK"}}`
}

func sendErrors(t *testing.T, s PageSuite) {
	tests := []struct {
		name       string
		status     int
		header     http.Header
		body       string
		code       string
		retry      bool
		auth       bool
		retryAfter time.Duration
	}{
		{name: "temporary 1200", status: 500, body: graphErr(1200, 0, "OAuthException", "(#1200) Temporary send message failure. Please try again later"), code: "1200", retry: true},
		{name: "unexpected 2", status: 500, body: graphErr(2, 0, "OAuthException", "An unexpected error has occurred. Please retry your request later."), code: "2", retry: true},
		{name: "app limit 4", status: 400, body: graphErr(4, 0, "OAuthException", "(#4) Application request limit reached"), code: "4", retry: true},
		{name: "rate 613", status: 400, body: graphErr(613, 0, "OAuthException", "(#613) Calls to this api have exceeded the rate limit."), code: "613", retry: true},
		{name: "page rate 32", status: 400, body: graphErr(32, 0, "OAuthException", "Page request limit reached"), code: "32", retry: true},
		{name: "user rate 17", status: 400, body: graphErr(17, 0, "OAuthException", "User request limit reached"), code: "17", retry: true},
		{name: "messenger rate 80006", status: 400, body: graphErr(80006, 0, "OAuthException", "There have been too many calls"), code: "80006", retry: true},
		{name: "429 retry-after", status: 429, header: http.Header{"Retry-After": {"17"}}, body: graphErr(613, 0, "OAuthException", "rate"), code: "613", retry: true, retryAfter: 17 * time.Second},
		{name: "429 no body", status: 429, header: http.Header{"Retry-After": {"3"}}, body: ``, retry: true, retryAfter: 3 * time.Second},
		{name: "500 html", status: 500, body: `<html>oops</html>`, retry: true},
		{name: "503 empty", status: 503, retry: true},
		{name: "window closed", status: 400, body: graphErr(10, 2018278, "OAuthException", "(#10) This message is sent outside of allowed window."), code: "10"},
		{name: "user unavailable 551", status: 400, body: graphErr(551, 1545041, "OAuthException", "This person isn't available right now."), code: "551"},
		{name: "token expired 190", status: 400, body: graphErr(190, 463, "OAuthException", "Error validating access token: Session has expired"), code: "190", auth: true},
		{name: "token revoked 190 other message", status: 401, body: graphErr(190, 460, "OAuthException", "The session has been invalidated because the user changed their password"), code: "190", auth: true},
		{name: "permission 200", status: 403, body: graphErr(200, 0, "OAuthException", "(#200) Requires pages_messaging permission"), code: "200", auth: true},
		{name: "permission 230", status: 403, body: graphErr(230, 0, "OAuthException", "(#230) Requires pages_messaging_phone_number permission"), code: "230", auth: true},
		{name: "invalid param 100", status: 400, body: graphErr(100, 2018001, "OAuthException", "(#100) No matching user found"), code: "100"},
		{name: "unknown 4xx code", status: 400, body: graphErr(99999, 0, "GraphMethodException", "x"), code: "99999"},
		{name: "unknown 5xx code", status: 500, body: graphErr(99998, 0, "GraphMethodException", "x"), code: "99998", retry: true},
		{name: "401 no body", status: 401, auth: true},
	}
	var cases []connectortest.SendCase
	for _, tt := range tests {
		cases = append(cases, connectortest.SendCase{
			Name:    tt.name,
			Out:     &connectors.Outbound{RecipientID: s.PSID, Text: "patient-text-never-in-errors"},
			Script:  []connectortest.Exchange{{Path: "/v21.0/me/messages", Status: tt.status, Header: tt.header, Body: tt.body}},
			WantErr: &connectors.SendError{Code: tt.code, Retryable: tt.retry, Auth: tt.auth, HTTPStatus: tt.status, RetryAfter: tt.retryAfter},
		})
	}
	connectortest.RunSendCases(t, connectortest.Outbound{
		New:       func(base string, _ map[string]string) connectors.Connector { return s.Connector(base) },
		Secret:    s.Secret(),
		BasePath:  "/v21.0",
		Forbidden: []string{s.AccessToken, s.PSID, "patient-text", "fbtrace", "AbCdEfGhIjK", "allowed window", "Session has expired"},
	}, cases)
}

func sendLocalFailures(t *testing.T, s PageSuite) {
	ctx := context.Background()
	testSecret := s.Secret()
	out := &connectors.Outbound{RecipientID: s.PSID, Text: "hello"}
	// Transport error: nothing listens. Retryable, and the URL/token are not in the error.
	c := s.Connector("http://127.0.0.1:1/v21.0")
	_, err := c.Send(ctx, out, testSecret)
	connectortest.AssertSendError(t, err, "", true, false)
	connectortest.AssertNoLeak(t, err.Error(), s.AccessToken, "127.0.0.1")
	// Non-loopback hosts are refused by the test transport.
	c = s.Connector(meta.DefaultAPIBase)
	_, err = c.Send(ctx, out, testSecret)
	connectortest.AssertSendError(t, err, "", true, false)
	// Missing token: operator problem, no call.
	_, err = c.Send(ctx, out, connectors.Secret{meta.KeyAppSecret: "x"})
	connectortest.AssertSendError(t, err, "", false, true)
	// Over the limit: permanent, no call.
	_, err = c.Send(ctx, &connectors.Outbound{RecipientID: s.PSID, Text: strings.Repeat("ä", s.MaxRunes+1)}, testSecret)
	connectortest.AssertSendError(t, err, "", false, false)
	// Exactly at the limit is sent.
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/me/messages", Body: s.graphOK()})
	if _, err := s.Connector(srv.URL).Send(ctx, &connectors.Outbound{RecipientID: s.PSID, Text: strings.Repeat("ä", s.MaxRunes)}, testSecret); err != nil {
		t.Fatal(err)
	}
	// No recipient.
	_, err = c.Send(ctx, &connectors.Outbound{Text: "x"}, testSecret)
	connectortest.AssertSendError(t, err, "", false, false)
}

// FuzzParse seeds f with every testdata/*.json fixture and checks the parse invariants of
// connectortest.FuzzParseBody.
func FuzzParse(f *testing.F, s PageSuite) {
	connectortest.SeedFixtures(f)
	c := s.Connector("")
	f.Fuzz(func(t *testing.T, body []byte) {
		connectortest.FuzzParseBody(t, c, body)
	})
}

// FuzzVerify checks that Verify accepts only the right signature of a body and that its
// errors are typed and quote neither body nor header.
func FuzzVerify(f *testing.F, s PageSuite) {
	for _, name := range connectortest.Fixtures(f) {
		b := connectortest.Fixture(f, name)
		f.Add(b, meta.Signature(s.AppSecret, b))
		f.Add(b, "sha256=00")
	}
	c := s.Connector("")
	testSecret := s.Secret()
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		req := &connectors.Request{Method: "POST", Header: http.Header{"X-Hub-Signature-256": {header}}, Body: body}
		err := c.Verify(context.Background(), req, testSecret)
		// the header's own name stands in the message ("X-Hub-Signature-256 header
		// malformed"): a body that happens to hold part of it is no echo
		fixed := []string{meta.SignatureHeader}
		connectortest.CheckErrorFixed(t, err, body, fixed, connectors.ErrBadSignature)
		connectortest.CheckErrorFixed(t, err, []byte(header), fixed, connectors.ErrBadSignature)
		// Verify trims surrounding whitespace (HTTP parsers strip it anyway); the value itself must match.
		if err == nil && !strings.EqualFold(strings.TrimSpace(header), meta.Signature(s.AppSecret, body)) {
			t.Fatalf("accepted a wrong signature")
		}
	})
}
