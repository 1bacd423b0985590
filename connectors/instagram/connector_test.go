package instagram

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
	"github.com/ferryhealth/ferry/connectors/meta"
)

const (
	testAppSecret   = "test-app-secret-instagram"
	testVerifyToken = "test-verify-token-0123"
	testToken       = "EAAtest-page-token-secret"
	page            = "17841400000000000"
	psid            = "5000000000000001"
)

var testSecret = connectors.Secret{
	meta.KeyAppSecret:   testAppSecret,
	meta.KeyVerifyToken: testVerifyToken,
	meta.KeyAccessToken: testToken,
}

func sign(body []byte) (string, string) {
	return meta.SignatureHeader, meta.Signature(testAppSecret, body)
}

func ms(v int64) time.Time { return time.UnixMilli(v).UTC() }

func newConnector(base string) connectors.Connector {
	return New(connectors.Options{APIBase: base, HTTPClient: connectortest.LocalClient()})
}

func TestRegistered(t *testing.T) {
	f, ok := connectors.Lookup(Platform)
	if !ok {
		t.Fatal("instagram not registered")
	}
	c := f(connectors.Options{})
	if c.Platform() != "instagram" {
		t.Fatalf("platform %q", c.Platform())
	}
	if l := c.Limits(); l.MaxChars != 1000 || l.Unit != "runes" {
		t.Fatalf("limits %+v", l)
	}
	ack := c.Ack()
	if ack == nil || ack.Status != 200 || string(ack.Body) != "EVENT_RECEIVED" {
		t.Fatalf("ack %+v", ack)
	}
}

func TestParseFixtures(t *testing.T) {
	ev := func(kind connectors.Kind, id string, ms0 int64) connectors.Inbound {
		return connectors.Inbound{Platform: Platform, AccountID: page, SenderID: psid, MessageID: id, Kind: kind, Time: ms(ms0)}
	}
	with := func(in connectors.Inbound, f func(*connectors.Inbound)) connectors.Inbound { f(&in); return in }
	tests := []connectortest.ParseCase{
		{Fixture: "hello", Want: []connectors.Inbound{with(ev(connectors.KindText, "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAwOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjAxNzc5NzY4MjQ3MTI3MA==", 1767225600123),
			func(i *connectors.Inbound) {
				i.Text = "Hallö äöå 🙏 write to pat@example.org / https://example.org/x"
			})}},
		{Fixture: "media", Want: []connectors.Inbound{with(ev(connectors.KindMedia, "ig_mid_media_1", 1767225601000), func(i *connectors.Inbound) { i.Note = "image" })}},
		{Fixture: "echo", Want: []connectors.Inbound{with(ev(connectors.KindEcho, "echo:ig_mid_echo_1", 1767225602000), func(i *connectors.Inbound) { i.RefID = "ig_mid_echo_1" })}},
		{Fixture: "read", Want: []connectors.Inbound{with(ev(connectors.KindReceipt, "receipt:read:ig_mid_echo_1", 1767225603000), func(i *connectors.Inbound) { i.RefID, i.Status = "ig_mid_echo_1", "read" })}},
		{Fixture: "seen", Want: []connectors.Inbound{with(ev(connectors.KindReceipt, "receipt:read:1767225603400:"+hash(psid), 1767225603500), func(i *connectors.Inbound) { i.RefID, i.Status = "ig_mid_echo_1", "read" })}},
		{Fixture: "postback", Want: []connectors.Inbound{with(ev(connectors.KindPostback, "ig_mid_postback_1", 1767225604000), func(i *connectors.Inbound) { i.Text = "Opening hours" })}},
		{Fixture: "multi_entry_batch", Want: []connectors.Inbound{
			with(ev(connectors.KindText, "ig_mid_b1", 1767225605001), func(i *connectors.Inbound) { i.Text = "one" }),
			with(ev(connectors.KindEcho, "echo:ig_mid_b2", 1767225605002), func(i *connectors.Inbound) { i.RefID = "ig_mid_b2" }),
			with(ev(connectors.KindReceipt, "receipt:read:ig_mid_b2", 1767225605003), func(i *connectors.Inbound) { i.RefID, i.Status = "ig_mid_b2", "read" }),
			{Platform: Platform, AccountID: "17841400000000999", SenderID: "5000000000000002", MessageID: "ig_mid_b3", Text: "two", Kind: connectors.KindText, Time: ms(1767225605101)},
		}},
		{Fixture: "standby", Want: []connectors.Inbound{with(ev(connectors.KindText, "ig_mid_standby_1", 1767225606000), func(i *connectors.Inbound) { i.Text, i.Note = "standby text", "standby" })}},
		{Fixture: "reaction", Want: []connectors.Inbound{with(ev(connectors.KindReaction, "reaction:ig_mid_echo_1:unreact:1767225607000:"+hash(psid), 1767225607000), func(i *connectors.Inbound) { i.RefID, i.Note = "ig_mid_echo_1", "unreact" })}},
		{Fixture: "unsend", Want: []connectors.Inbound{with(ev(connectors.KindDeleted, "deleted:ig_mid_unsent_1", 1767225608000), func(i *connectors.Inbound) { i.RefID = "ig_mid_unsent_1" })}},
		{Fixture: "story_reply", Want: []connectors.Inbound{with(ev(connectors.KindText, "ig_mid_story_reply_1", 1767225609000), func(i *connectors.Inbound) { i.Text, i.Note = "is this open on sunday?", "story_reply" })}},
		{Fixture: "story_mention", Want: []connectors.Inbound{with(ev(connectors.KindIgnored, "ig_mid_mention_1", 1767225610000), func(i *connectors.Inbound) { i.Note = "story_mention" })}},
		{Fixture: "share", Want: []connectors.Inbound{with(ev(connectors.KindMedia, "ig_mid_share_1", 1767225611000), func(i *connectors.Inbound) { i.Note = "share" })}},
		{Fixture: "like_heart", Want: []connectors.Inbound{with(ev(connectors.KindMedia, "ig_mid_heart_1", 1767225612000), func(i *connectors.Inbound) { i.Note = "like_heart" })}},
		{Fixture: "unsupported", Want: []connectors.Inbound{with(ev(connectors.KindMedia, "ig_mid_unsupported_1", 1767225613000), func(i *connectors.Inbound) { i.Note = "unsupported" })}},
		{Fixture: "test_event", Want: []connectors.Inbound{{Platform: Platform, AccountID: "0", SenderID: "12334", MessageID: "random_mid", Text: "random_text", Kind: connectors.KindText, Time: time.Unix(1527459824, 0).UTC()}}},
		{Fixture: "unknown_type", Want: []connectors.Inbound{
			with(ev(connectors.KindIgnored, "", 1767225615000), func(i *connectors.Inbound) { i.Note = "referral" }),
			with(ev(connectors.KindIgnored, "", 1767225615001), func(i *connectors.Inbound) { i.Note = "unsupported_event" }),
			{Platform: Platform, AccountID: page, Kind: connectors.KindIgnored, Time: ms(1767225615000), Note: "change:comments"},
		}},
		{Fixture: "malformed", Err: connectors.ErrMalformed},
		{Fixture: "wrong_object", Err: connectors.ErrMalformed},
	}
	connectortest.RunParseCases(t, connectortest.Inbound{
		Connector: newConnector(""),
		Secret:    testSecret,
		URL:       "https://ferry.example/webhooks/instagram",
		Signers:   []connectortest.Signer{sign},
		Forbidden: []string{"lookaside", "secret-", "ICEBREAKER", "18000000000000001", "public comment", "Please continue", testAppSecret},
	}, tests)
}

// hash restates the documented synthetic-key digest (first 8 bytes of SHA-256, hex), so
// expected ids are written independently of the production helper.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

func TestReplyableKinds(t *testing.T) {
	c := newConnector("")
	body := connectortest.Fixture(t, "multi_entry_batch")
	evs, err := c.Parse(connectortest.NewRequest("https://ferry.example/webhooks/instagram", body))
	if err != nil {
		t.Fatal(err)
	}
	replies := 0
	for _, e := range evs {
		if e.Kind.Replyable() {
			replies++
		}
	}
	if replies != 2 {
		t.Fatalf("replyable = %d, want 2 (%s)", replies, connectortest.Describe(evs))
	}
}

func TestVerify(t *testing.T) {
	c := newConnector("")
	body := connectortest.Fixture(t, "hello")
	good := meta.Signature(testAppSecret, body)
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
			sec: connectors.Secret{meta.KeyAppSecret: testAppSecret, meta.KeyAppSecretAlt: "second-app"}},
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
			req := connectortest.NewRequest("https://ferry.example/webhooks/instagram", tt.body)
			if tt.header != "" {
				req.Header.Set("X-Hub-Signature-256", tt.header)
			}
			err := c.Verify(context.Background(), req, tt.sec)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				connectortest.AssertNoLeak(t, err.Error(), "Hall", "example.org", testAppSecret, tt.header)
				connectortest.CheckError(t, err, tt.body, tt.err)
			}
		})
	}
	if !strings.Contains(string(body), `\u00e4`) || !strings.Contains(string(body), `\/`) || !strings.Contains(string(body), `\u0040`) {
		t.Fatal("hello fixture must keep Meta's escapes")
	}
}

func TestHandshake(t *testing.T) {
	c := newConnector("")
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
		{name: "ok", query: q("subscribe", testVerifyToken, "1158201444"), sec: testSecret},
		{name: "wrong token", query: q("subscribe", "nope", "1158201444"), sec: testSecret, err: connectors.ErrForbidden},
		{name: "token prefix", query: q("subscribe", testVerifyToken[:5], "1158201444"), sec: testSecret, err: connectors.ErrForbidden},
		{name: "wrong mode", query: q("unsubscribe", testVerifyToken, "1158201444"), sec: testSecret, err: connectors.ErrForbidden},
		{name: "no challenge", query: q("subscribe", testVerifyToken, ""), sec: testSecret, err: connectors.ErrForbidden},
		{name: "no token configured", query: q("subscribe", "", "1"), sec: connectors.Secret{meta.KeyAppSecret: "x"}, err: connectors.ErrNotConfigured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Handshake(context.Background(), connectortest.NewGet("https://ferry.example/webhooks/instagram", tt.query), tt.sec)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || resp != nil {
					t.Fatalf("got %v %v, want %v", resp, err, tt.err)
				}
				connectortest.AssertNoLeak(t, err.Error(), testVerifyToken, "nope")
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
	req := &connectors.Request{Method: http.MethodGet, URL: "https://ferry.example/webhooks/instagram?hub.mode=subscribe&hub.verify_token=" + testVerifyToken + "&hub.challenge=42"}
	if resp, err := c.Handshake(context.Background(), req, testSecret); err != nil || string(resp.Body) != "42" {
		t.Fatalf("url-only query: %v %v", resp, err)
	}
}

const graphOK = `{"recipient_id":"5000000000000001","message_id":"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P"}`

func TestSend(t *testing.T) {
	var check = func(t testing.TB, r connectortest.Recorded) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
			t.Errorf("authorization %q", got)
		}
		if len(r.Query) != 0 {
			t.Errorf("query %v: the token must not be in the URL", r.Query)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("content-type %q", ct)
		}
		connectortest.AssertJSONEqual(t, r.Body, `{"recipient":{"id":"5000000000000001"},"messaging_type":"RESPONSE",
			"message":{"text":"Continúa aquí: https://ferry.example/l/abc","metadata":"ferry-job-42"}}`)
	}
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/v21.0/me/messages", Check: check, Body: graphOK})
	c := newConnector(srv.URL + "/v21.0/")
	res, err := c.Send(context.Background(), &connectors.Outbound{
		AccountID: page, RecipientID: psid, Text: "Continúa aquí: https://ferry.example/l/abc",
		Link: "https://ferry.example/l/abc", Tag: "ferry-job-42",
	}, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.MessageID, "m_AG5Hz2") || res.Fallback != "" {
		t.Fatalf("result %+v", res)
	}
}

func TestSendUserRef(t *testing.T) {
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/me/messages", Body: `{"message_id":"m_1"}`,
		Check: func(t testing.TB, r connectortest.Recorded) {
			connectortest.AssertJSONEqual(t, r.Body, `{"recipient":{"user_ref":"plugin-ref-0001"},"messaging_type":"RESPONSE","message":{"text":"hi"}}`)
		}})
	c := newConnector(srv.URL)
	if _, err := c.Send(context.Background(), &connectors.Outbound{RecipientID: "plugin-ref-0001", Text: "hi", Reply: map[string]string{"recipient": "user_ref"}}, testSecret); err != nil {
		t.Fatal(err)
	}
}

func graphErr(code, sub int, typ, msg string) string {
	s := `{"error":{"message":"` + msg + `","type":"` + typ + `","code":` + itoa(code)
	if sub != 0 {
		s += `,"error_subcode":` + itoa(sub)
	}
	return s + `,"fbtrace_id":"AbCdEfGhIjK"}}`
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestSendErrors(t *testing.T) {
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
			Out:     &connectors.Outbound{RecipientID: psid, Text: "patient-text-never-in-errors"},
			Script:  []connectortest.Exchange{{Path: "/v21.0/me/messages", Status: tt.status, Header: tt.header, Body: tt.body}},
			WantErr: &connectors.SendError{Code: tt.code, Retryable: tt.retry, Auth: tt.auth, HTTPStatus: tt.status, RetryAfter: tt.retryAfter},
		})
	}
	connectortest.RunSendCases(t, connectortest.Outbound{
		New:       func(base string, _ map[string]string) connectors.Connector { return newConnector(base) },
		Secret:    testSecret,
		BasePath:  "/v21.0",
		Forbidden: []string{testToken, psid, "patient-text", "fbtrace", "AbCdEfGhIjK", "allowed window", "Session has expired"},
	}, cases)
}

func TestSendLocalFailures(t *testing.T) {
	ctx := context.Background()
	out := &connectors.Outbound{RecipientID: psid, Text: "hello"}
	// Transport error: nothing listens. Retryable, and the URL/token are not in the error.
	c := newConnector("http://127.0.0.1:1/v21.0")
	_, err := c.Send(ctx, out, testSecret)
	connectortest.AssertSendError(t, err, "", true, false)
	connectortest.AssertNoLeak(t, err.Error(), testToken, "127.0.0.1")
	// Non-loopback hosts are refused by the test transport.
	c = newConnector(meta.DefaultAPIBase)
	_, err = c.Send(ctx, out, testSecret)
	connectortest.AssertSendError(t, err, "", true, false)
	// Missing token: operator problem, no call.
	_, err = c.Send(ctx, out, connectors.Secret{meta.KeyAppSecret: "x"})
	connectortest.AssertSendError(t, err, "", false, true)
	// Over the limit: permanent, no call.
	_, err = c.Send(ctx, &connectors.Outbound{RecipientID: psid, Text: strings.Repeat("ä", MaxRunes+1)}, testSecret)
	connectortest.AssertSendError(t, err, "", false, false)
	// Exactly at the limit is sent.
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/me/messages", Body: graphOK})
	if _, err := newConnector(srv.URL).Send(ctx, &connectors.Outbound{RecipientID: psid, Text: strings.Repeat("ä", MaxRunes)}, testSecret); err != nil {
		t.Fatal(err)
	}
	// No recipient.
	_, err = c.Send(ctx, &connectors.Outbound{Text: "x"}, testSecret)
	connectortest.AssertSendError(t, err, "", false, false)
}

func FuzzParse(f *testing.F) {
	connectortest.SeedFixtures(f)
	c := newConnector("")
	f.Fuzz(func(t *testing.T, body []byte) {
		connectortest.FuzzParseBody(t, c, body)
	})
}

func FuzzVerify(f *testing.F) {
	for _, name := range connectortest.Fixtures(f) {
		b := connectortest.Fixture(f, name)
		f.Add(b, meta.Signature(testAppSecret, b))
		f.Add(b, "sha256=00")
	}
	c := newConnector("")
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		req := &connectors.Request{Method: "POST", Header: http.Header{"X-Hub-Signature-256": {header}}, Body: body}
		err := c.Verify(context.Background(), req, testSecret)
		connectortest.CheckError(t, err, body, connectors.ErrBadSignature)
		connectortest.CheckError(t, err, []byte(header), connectors.ErrBadSignature)
		// Verify trims surrounding whitespace (HTTP parsers strip it anyway); the value itself must match.
		if err == nil && !strings.EqualFold(strings.TrimSpace(header), meta.Signature(testAppSecret, body)) {
			t.Fatalf("accepted a wrong signature")
		}
	})
}

func fixtureNames(f *testing.F) []string { return connectortest.Fixtures(f) }
