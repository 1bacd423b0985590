package x

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ferryhealth/ferry/connectors"
)

const testSecret = "x-test-consumer-secret"

var sec = connectors.Secret{KeyConsumerSecret: testSecret, KeyAccessToken: "x-test-user-token"}

func TestRegistered(t *testing.T) {
	f, ok := connectors.Lookup(Platform)
	if !ok {
		t.Fatal("x not registered")
	}
	c := f(connectors.Options{})
	if c.Platform() != "x" {
		t.Fatalf("platform %q", c.Platform())
	}
	if got := c.Limits(); got != (connectors.Limits{MaxChars: 10000, Unit: "runes"}) {
		t.Fatalf("limits %+v", got)
	}
	if a := c.Ack(); a.Status != 200 || len(a.Body) != 0 {
		t.Fatalf("ack %+v", a)
	}
}

// The reference's vector (courier handlers/twitter/handler_test.go @ba687d11).
func TestCRCVector(t *testing.T) {
	const want = "sha256=O5hJl2njQRIa4vsumZ+3oom9ECR5m3aQLRZkPoYelp0="
	if got := CRCResponseToken("apiSecret", "test token"); got != want {
		t.Fatalf("got %s", got)
	}
	c := newTest("")
	for name, req := range map[string]*connectors.Request{
		"query": {Method: "GET", URL: "https://ferry.example/webhooks/x?crc_token=test+token", Query: url.Values{"crc_token": {"test token"}}},
		"url":   {Method: "GET", URL: "https://ferry.example/webhooks/x?crc_token=test%20token"},
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := c.Handshake(context.Background(), req, connectors.Secret{KeyConsumerSecret: "apiSecret"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != 200 || !strings.HasPrefix(resp.ContentType, "application/json") {
				t.Fatalf("resp %+v", resp)
			}
			if string(resp.Body) != `{"response_token":"`+want+`"}` {
				t.Fatalf("body %s", resp.Body)
			}
		})
	}
}

func TestHandshakeRefused(t *testing.T) {
	c := newTest("")
	_, err := c.Handshake(context.Background(), &connectors.Request{Method: "GET", URL: "https://ferry.example/webhooks/x"}, sec)
	if !errors.Is(err, connectors.ErrForbidden) {
		t.Fatalf("no crc_token: %v", err)
	}
	_, err = c.Handshake(context.Background(), &connectors.Request{Method: "GET", Query: url.Values{"crc_token": {"a"}}}, connectors.Secret{})
	if !errors.Is(err, connectors.ErrNotConfigured) {
		t.Fatalf("no secret: %v", err)
	}
}

func TestVerify(t *testing.T) {
	body := connectortest.Fixture(t, "text.json")
	good := Signature(testSecret, body)
	hexSig := func() string {
		// hex instead of base64: what a Meta-style verifier would send
		return "sha256=" + strings.Repeat("ab", 32)
	}()
	cases := []struct {
		name   string
		header http.Header
		body   []byte
		sec    connectors.Secret
		want   error
	}{
		{"valid", http.Header{SignatureHeader: {good}}, body, sec, nil},
		{"valid lowercase key", http.Header{"x-twitter-webhooks-signature": {good}}, body, sec, nil},
		{"missing", http.Header{}, body, sec, connectors.ErrBadSignature},
		{"empty", http.Header{SignatureHeader: {""}}, body, sec, connectors.ErrBadSignature},
		{"no prefix", http.Header{SignatureHeader: {strings.TrimPrefix(good, "sha256=")}}, body, sec, connectors.ErrBadSignature},
		{"hex", http.Header{SignatureHeader: {hexSig}}, body, sec, connectors.ErrBadSignature},
		{"wrong secret", http.Header{SignatureHeader: {Signature("other", body)}}, body, sec, connectors.ErrBadSignature},
		{"tampered body", http.Header{SignatureHeader: {good}}, bytes.Replace(body, []byte("Hello"), []byte("Hallo"), 1), sec, connectors.ErrBadSignature},
		{"reserialised body", http.Header{SignatureHeader: {good}}, reserialise(t, body), sec, connectors.ErrBadSignature},
		{"no secret", http.Header{SignatureHeader: {good}}, body, connectors.Secret{KeyAccessToken: "t"}, connectors.ErrNotConfigured},
	}
	c := newTest("")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Verify(context.Background(), &connectors.Request{Method: "POST", Header: tc.header, Body: tc.body}, tc.sec)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v want %v", err, tc.want)
			}
			if err != nil {
				connectortest.AssertNoLeak(t, err.Error(), testSecret, string(tc.body), good)
			}
		})
	}
}

func reserialise(t *testing.T, b []byte) []byte {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(v)
	return out
}

func TestParse(t *testing.T) {
	const acct = "900000000000000001"
	ms := func(n int64) time.Time { return time.UnixMilli(n).UTC() }
	cases := []struct {
		file string
		want []connectors.Inbound
		err  error
	}{
		{"text.json", []connectors.Inbound{{Platform: "x", AccountID: acct, SenderID: "300000001", MessageID: "1100000000000000001",
			Text: "Hello & good wishes, I need an appointment", Kind: connectors.KindText, Time: ms(1700000000123)}}, nil},
		{"media.json", []connectors.Inbound{{Platform: "x", AccountID: acct, SenderID: "300000001", MessageID: "1100000000000000002",
			Text: "photo of my rash https://t.co/AAAAAAAAAA", Kind: connectors.KindMedia, Time: ms(1700000000456)}}, nil},
		{"echo.json", []connectors.Inbound{{Platform: "x", AccountID: acct, SenderID: "300000001", MessageID: "1100000000000000003",
			RefID: "1100000000000000003", Kind: connectors.KindEcho, Time: ms(1700000000789)}}, nil},
		{"quick_reply.json", []connectors.Inbound{{Platform: "x", AccountID: acct, SenderID: "300000002", MessageID: "1100000000000000004",
			Text: "Yes", Kind: connectors.KindPostback, Time: ms(1700000001000)}}, nil},
		{"batch.json", []connectors.Inbound{
			{Platform: "x", AccountID: acct, SenderID: "300000001", MessageID: "1100000000000000005", Text: "first message", Kind: connectors.KindText, Time: ms(1700000002000)},
			{Platform: "x", AccountID: acct, SenderID: "300000002", MessageID: "1100000000000000006", Text: "second message from someone else", Kind: connectors.KindText, Time: ms(1700000002500)},
			{Platform: "x", AccountID: acct, SenderID: "300000001", MessageID: "1100000000000000007", RefID: "1100000000000000007", Kind: connectors.KindEcho, Time: ms(1700000003000)},
			{Platform: "x", AccountID: acct, Kind: connectors.KindIgnored, Note: "typing"},
			{Platform: "x", AccountID: acct, Kind: connectors.KindReceipt, Note: "read"},
		}, nil},
		{"tweet_create.json", []connectors.Inbound{{Platform: "x", AccountID: acct, Kind: connectors.KindIgnored, Note: "tweet"}}, nil},
		{"other_events.json", []connectors.Inbound{
			{Platform: "x", AccountID: acct, Kind: connectors.KindIgnored, Note: "block"},
			{Platform: "x", AccountID: acct, Kind: connectors.KindIgnored, Note: "favorite"},
			{Platform: "x", AccountID: acct, Kind: connectors.KindIgnored, Note: "follow"},
		}, nil},
		{"unknown_dm_type.json", []connectors.Inbound{{Platform: "x", AccountID: acct, MessageID: "1100000000000000008",
			Kind: connectors.KindIgnored, Note: "unsupported", Time: ms(1700000004000)}}, nil},
		{"malformed.json", nil, connectors.ErrMalformed},
		{"wrong_shape.json", nil, connectors.ErrMalformed},
		{"not_object.json", nil, connectors.ErrMalformed},
		{"bad_sender.json", nil, connectors.ErrMalformed},
		{"events_not_array.json", nil, connectors.ErrMalformed},
	}
	c := newTest("")
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			body := connectortest.Fixture(t, tc.file)
			got, err := c.Parse(&connectors.Request{Method: "POST", Body: body})
			if tc.err != nil {
				if !errors.Is(err, tc.err) || got != nil {
					t.Fatalf("got %v, %v; want %v", got, err, tc.err)
				}
				connectortest.AssertNoLeak(t, err.Error(), string(body))
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d events, want %d: %+v", len(got), len(tc.want), got)
			}
			for i := range got {
				if tc.want[i].Kind == connectors.KindIgnored || tc.want[i].Kind == connectors.KindReceipt {
					// ids of events without one are a content-free digest: stable and prefixed
					if !strings.HasPrefix(got[i].MessageID, tc.want[i].Note+":") && tc.want[i].MessageID == "" {
						t.Errorf("event %d: message id %q", i, got[i].MessageID)
					}
					if tc.want[i].MessageID == "" {
						got[i].MessageID = ""
					}
					if got[i].Text != "" {
						t.Errorf("event %d: ignored event carries text", i)
					}
				}
				if !reflect.DeepEqual(got[i], tc.want[i]) {
					t.Errorf("event %d:\n got %+v\nwant %+v", i, got[i], tc.want[i])
				}
			}
			// A retried delivery parses to the same ids.
			again, _ := c.Parse(&connectors.Request{Method: "POST", Body: body})
			for i := range again {
				if tc.want[i].MessageID != "" && again[i].MessageID != got[i].MessageID {
					t.Errorf("unstable id")
				}
			}
		})
	}
}

func TestEchoNeverReplyable(t *testing.T) {
	c := newTest("")
	for name, body := range connectortest.FixtureMap(t, "*.json") {
		evs, err := c.Parse(&connectors.Request{Body: body})
		if err != nil {
			continue
		}
		for _, ev := range evs {
			if ev.SenderID == ev.AccountID && ev.SenderID != "" {
				t.Errorf("%s: sender is the account", name)
			}
			if ev.Kind == connectors.KindEcho && ev.Kind.Replyable() {
				t.Errorf("%s: echo replyable", name)
			}
		}
	}
}

// fakeX speaks the v2 DM endpoint's documented answers.
type fakeX struct {
	status  int
	header  http.Header
	body    string
	gotReq  *http.Request
	gotBody []byte
	calls   int
}

func (f *fakeX) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls++
	f.gotReq = r
	f.gotBody, _ = io.ReadAll(r.Body)
	for k, vs := range f.header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(f.status)
	io.WriteString(w, f.body)
}

func TestSend(t *testing.T) {
	now := time.Unix(1700000000, 0)
	out := &connectors.Outbound{AccountID: "900000000000000001", RecipientID: "300000001",
		Text: "Thanks for writing. Continue securely here: https://ferry.example/l/abc", Link: "https://ferry.example/l/abc", LinkLabel: "Open"}
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
		wantID string
		want   *connectors.SendError
	}{
		{name: "created", status: 201, body: `{"data":{"dm_conversation_id":"300000001-900000000000000001","dm_event_id":"1400000000000000001"}}`, wantID: "1400000000000000001"},
		{name: "rate limited reset", status: 429, header: http.Header{"X-Rate-Limit-Limit": {"200"}, "X-Rate-Limit-Remaining": {"0"}, "X-Rate-Limit-Reset": {"1700000060"}},
			body: `{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 429, Reason: "rate limited", Retryable: true, RetryAfter: time.Minute}},
		{name: "rate limited retry-after", status: 429, header: http.Header{"Retry-After": {"7"}},
			body: `{"errors":[{"code":88,"message":"Rate limit exceeded"}]}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 429, Code: "88", Reason: "rate limited", Retryable: true, RetryAfter: 7 * time.Second}},
		{name: "usage capped", status: 429, header: http.Header{"X-Rate-Limit-Reset": {"1700000005"}},
			body: `{"title":"UsageCapExceeded","detail":"Usage cap exceeded: Monthly product cap","type":"https://api.twitter.com/2/problems/usage-capped","period":"Monthly","scope":"Product"}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 429, Code: "usage-capped", Reason: "usage capped", Retryable: true, RetryAfter: 5 * time.Second}},
		{name: "server error", status: 500, body: `{"title":"Internal Server Error","type":"about:blank","status":500}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 500, Reason: "server error", Retryable: true}},
		{name: "over capacity", status: 503, body: `{"errors":[{"code":130,"message":"Over capacity"}]}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 503, Code: "130", Reason: "over capacity", Retryable: true}},
		{name: "bad gateway html", status: 502, body: `<html>Bad Gateway</html>`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 502, Reason: "server error", Retryable: true}},
		{name: "unauthorized v2", status: 401, body: `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 401, Reason: "unauthorized", Auth: true}},
		{name: "invalid token 89", status: 401, body: `{"errors":[{"code":89,"message":"Invalid or expired token."}]}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 401, Code: "89", Reason: "invalid or expired token", Auth: true}},
		{name: "forbidden", status: 403, body: `{"title":"Forbidden","type":"https://api.twitter.com/2/problems/client-forbidden","status":403,"detail":"When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project."}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 403, Code: "client-forbidden", Reason: "forbidden", Auth: true}},
		{name: "cannot dm 349", status: 403, body: `{"errors":[{"code":349,"message":"You cannot send messages to this user."}]}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 403, Code: "349", Reason: "recipient does not accept messages"}},
		{name: "verified senders only 476", status: 403, body: `{"errors":[{"code":476,"message":"Sender is not verified to send message requests"}]}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 403, Code: "476", Reason: "recipient accepts messages from verified senders only"}},
		{name: "bad request", status: 400, body: `{"errors":[{"parameters":{"text":["` + "Thanks for writing" + `"]},"message":"The text field is invalid"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 400, Code: "invalid-request", Reason: "request rejected"}},
		{name: "unknown problem type dropped", status: 400, body: `{"title":"x","type":"https://api.twitter.com/2/problems/Thanks-for-writing"}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 400, Reason: "request rejected"}},
		{name: "not found", status: 404, body: `{"title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found","detail":"Could not find user with participant_id: [300000001].","status":404}`,
			want: &connectors.SendError{Platform: "x", HTTPStatus: 404, Code: "resource-not-found", Reason: "recipient not found"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakeX{status: tc.status, header: tc.header, body: tc.body}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			c := newTest(srv.URL + "/")
			c.now = func() time.Time { return now }
			res, err := c.Send(context.Background(), out, sec)
			if fake.calls != 1 {
				t.Fatalf("calls %d", fake.calls)
			}
			r := fake.gotReq
			if r.Method != "POST" || r.URL.Path != "/2/dm_conversations/with/300000001/messages" || r.URL.RawQuery != "" {
				t.Errorf("request %s %s", r.Method, r.URL)
			}
			if r.Header.Get("Authorization") != "Bearer x-test-user-token" || r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("headers %v", r.Header)
			}
			if string(fake.gotBody) != `{"text":"Thanks for writing. Continue securely here: https://ferry.example/l/abc"}` {
				t.Errorf("body %s", fake.gotBody)
			}
			if tc.want == nil {
				if err != nil || res.MessageID != tc.wantID {
					t.Fatalf("got %+v, %v", res, err)
				}
				return
			}
			var se *connectors.SendError
			if !errors.As(err, &se) {
				t.Fatalf("not a SendError: %v", err)
			}
			if *se != *tc.want {
				t.Errorf("got  %+v\nwant %+v", *se, *tc.want)
			}
			if connectors.Retryable(err) != tc.want.Retryable {
				t.Errorf("retryable")
			}
			connectortest.AssertNoLeak(t, err.Error(), "Thanks for writing", "300000001", "x-test-user-token", "Invalid or expired", "Project")
		})
	}
}

func TestSendRefusedLocally(t *testing.T) {
	fake := &fakeX{status: 201, body: `{}`}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c := newTest(srv.URL)
	long := strings.Repeat("é", MaxChars+1)
	if utf8.RuneCountInString(long) != MaxChars+1 {
		t.Fatal()
	}
	for name, tc := range map[string]struct {
		out *connectors.Outbound
		sec connectors.Secret
		err error
	}{
		"no token":     {&connectors.Outbound{RecipientID: "1", Text: "hi"}, connectors.Secret{KeyConsumerSecret: "s"}, connectors.ErrNotConfigured},
		"path escape":  {&connectors.Outbound{RecipientID: "1/../../evil", Text: "hi"}, sec, nil},
		"empty":        {&connectors.Outbound{RecipientID: "1"}, sec, nil},
		"too long":     {&connectors.Outbound{RecipientID: "1", Text: long}, sec, nil},
		"no recipient": {&connectors.Outbound{Text: "hi"}, sec, nil},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.Send(context.Background(), tc.out, tc.sec)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("got %v", err)
				}
			} else {
				var se *connectors.SendError
				if !errors.As(err, &se) || se.Retryable {
					t.Fatalf("got %v", err)
				}
			}
		})
	}
	if fake.calls != 0 {
		t.Fatalf("%d calls reached the API", fake.calls)
	}
	// exactly at the limit is sent
	if _, err := c.Send(context.Background(), &connectors.Outbound{RecipientID: "1", Text: long[:len(long)-len("é")]}, sec); err != nil {
		t.Fatal(err)
	}
}

func TestSendTransportErrorHidesURL(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	c := newTest(base)
	_, err := c.Send(context.Background(), &connectors.Outbound{RecipientID: "300000001", Text: "hi"}, sec)
	if !connectors.Retryable(err) {
		t.Fatalf("transport error not retryable: %v", err)
	}
	connectortest.AssertNoLeak(t, err.Error(), "300000001", base)
	// non-local hosts never reached from tests
	c = newTest("https://api.x.com")
	_, err = c.Send(context.Background(), &connectors.Outbound{RecipientID: "300000001", Text: "hi"}, sec)
	if err == nil {
		t.Fatal("reached the real API")
	}
}
