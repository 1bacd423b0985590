package twilio

import (
	"context"
	"errors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors"
)

const (
	testSID    = "AC0123456789abcdef0123456789abcdef"
	testToken  = "twilio-test-auth-token-0123456789"
	publicURL  = "https://ferry.example.org/webhooks/twilio"
	ourNumber  = "+15550100100"
	patient    = "+15550100001"
	ownNumber2 = "+15550100200"
)

var sec = connectors.Secret{KeyAccountSID: testSID, KeyAuthToken: testToken}

func TestRegistered(t *testing.T) {
	f, ok := connectors.Lookup(Platform)
	if !ok {
		t.Fatal("twilio not registered")
	}
	c := f(connectors.Options{})
	if c.Platform() != "twilio" {
		t.Fatalf("platform %q", c.Platform())
	}
	if got := c.Limits(); got != (connectors.Limits{MaxChars: 1600, Unit: "sms", MaxSegments: 10}) {
		t.Fatalf("limits %+v", got)
	}
	a := c.Ack()
	if a.Status != 200 || a.ContentType != "text/xml" || string(a.Body) != `<?xml version="1.0" encoding="UTF-8"?><Response/>` {
		t.Fatalf("ack %+v", a)
	}
	if _, err := c.Handshake(context.Background(), &connectors.Request{Method: "GET"}, sec); !errors.Is(err, connectors.ErrNoHandshake) {
		t.Fatalf("handshake %v", err)
	}
}

// twilio-go client/request_validator_test.go, as quoted in the reference (section 6.2).
func TestReferenceVectors(t *testing.T) {
	const testURL = "https://mycompany.com/myapp.php?foo=1&bar=2"
	params := url.Values{"Digits": {"1234"}, "CallSid": {"CA1234567890ABCDE"}, "To": {"+18005551212"},
		"Caller": {"+14158675309"}, "From": {"+14158675309"}}
	const bodyHash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
	jsonBody := []byte(`{"property": "value", "boolean": true}`)
	if got := Signature("12345", testURL, params); got != "RSOYDt4T1cUTdK1PDd93/VVr8B8=" {
		t.Fatalf("signature %s", got)
	}
	cases := []struct {
		name string
		url  string
		body []byte
		sig  string
		ok   bool
	}{
		{"no port", testURL, []byte(params.Encode()), "RSOYDt4T1cUTdK1PDd93/VVr8B8=", true},
		{"wrong", testURL, []byte(params.Encode()), "WRONG SIGNATURE", false},
		{"port in URL, signed without", strings.Replace(testURL, ".com", ".com:1234", 1), []byte(params.Encode()), "RSOYDt4T1cUTdK1PDd93/VVr8B8=", true},
		{"signed with :443", testURL, []byte(params.Encode()), "kvajT1Ptam85bY51eRf/AJRuM3w=", true},
		{"http signed with :80", strings.Replace(testURL, "https", "http", 1), []byte(params.Encode()), "0ZXoZLH/DfblKGATFgpif+LLRf4=", true},
		{"http :1234 signed with it", strings.Replace(strings.Replace(testURL, ".com", ".com:1234", 1), "https", "http", 1), []byte(params.Encode()), "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", true},
		{"bodySHA256", testURL + "&bodySHA256=" + bodyHash, jsonBody, "a9nBmqA0ju/hNViExpshrM61xv4=", true},
		{"bodySHA256 only param", "https://mycompany.com/myapp.php?bodySHA256=" + bodyHash, jsonBody, "y77kIzt2vzLz71DgmJGsen2scGs=", true},
		{"json body without bodySHA256", testURL, jsonBody, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", false},
		{"bodySHA256 tampered body", testURL + "&bodySHA256=" + bodyHash, []byte(`{"property": "other", "boolean": true}`), "a9nBmqA0ju/hNViExpshrM61xv4=", false},
	}
	c := newTest("")
	t.Run("bodySHA256, query passed apart from the URL", func(t *testing.T) {
		// the gateway passes the public URL without the query, and the parsed query
		req := &connectors.Request{Method: "POST", URL: "https://mycompany.com/myapp.php",
			Query: url.Values{"bodySHA256": {bodyHash}}, Header: http.Header{SignatureHeader: {"y77kIzt2vzLz71DgmJGsen2scGs="}}, Body: jsonBody}
		if err := c.Verify(context.Background(), req, connectors.Secret{KeyAuthToken: "12345"}); err != nil {
			t.Fatal(err)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := &connectors.Request{Method: "POST", URL: tc.url, Header: http.Header{SignatureHeader: {tc.sig}}, Body: tc.body}
			err := c.Verify(context.Background(), req, connectors.Secret{KeyAuthToken: "12345"})
			if tc.ok != (err == nil) {
				t.Fatalf("got %v", err)
			}
			if err != nil && !errors.Is(err, connectors.ErrBadSignature) {
				t.Fatalf("untyped %v", err)
			}
		})
	}
}

func signed(t *testing.T, body []byte, u string) http.Header {
	t.Helper()
	p, err := url.ParseQuery(string(body))
	if err != nil {
		t.Fatal(err)
	}
	return http.Header{SignatureHeader: {Signature(testToken, u, p)}, "Content-Type": {"application/x-www-form-urlencoded"}}
}

func TestVerify(t *testing.T) {
	body := connectortest.Fixture(t, "text.form")
	good := signed(t, body, publicURL)
	cases := []struct {
		name   string
		method string
		url    string
		header http.Header
		body   []byte
		sec    connectors.Secret
		want   error
	}{
		{"valid", "POST", publicURL, good, body, sec, nil},
		{"valid, lowercase header key", "POST", publicURL, http.Header{"x-twilio-signature": good[SignatureHeader]}, body, sec, nil},
		{"valid with :443 in configured URL", "POST", "https://ferry.example.org:443/webhooks/twilio", good, body, sec, nil},
		{"params reordered in body", "POST", publicURL, good, []byte(reorder(t, body)), sec, nil},
		{"host header is not used", "POST", publicURL, http.Header{SignatureHeader: good[SignatureHeader], "Host": {"evil.example"}}, body, sec, nil},
		{"signed for another URL", "POST", publicURL, signed(t, body, "https://internal:8080/webhooks/twilio"), body, sec, connectors.ErrBadSignature},
		{"other path", "POST", "https://ferry.example.org/webhooks/other", good, body, sec, connectors.ErrBadSignature},
		{"wrong token", "POST", publicURL, http.Header{SignatureHeader: {Signature("other", publicURL, url.Values{})}}, body, sec, connectors.ErrBadSignature},
		{"tampered body", "POST", publicURL, good, []byte(strings.Replace(string(body), "Body=Hi", "Body=Ho", 1)), sec, connectors.ErrBadSignature},
		{"extra param", "POST", publicURL, good, append(append([]byte{}, body...), "&Extra=1"...), sec, connectors.ErrBadSignature},
		{"missing", "POST", publicURL, http.Header{}, body, sec, connectors.ErrBadSignature},
		{"no public URL", "POST", "", good, body, sec, connectors.ErrBadSignature},
		{"malformed form", "POST", publicURL, good, []byte("a=%zz"), sec, connectors.ErrBadSignature},
		{"no token", "POST", publicURL, good, body, connectors.Secret{KeyAccountSID: testSID}, connectors.ErrNotConfigured},
	}
	c := newTest("")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Verify(context.Background(), &connectors.Request{Method: tc.method, URL: tc.url, Header: tc.header, Body: tc.body}, tc.sec)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v want %v", err, tc.want)
			}
			if err != nil {
				connectortest.AssertNoLeak(t, err.Error(), testToken, string(tc.body), patient, "15550100001")
			}
		})
	}
}

func TestVerifyGET(t *testing.T) {
	q := url.Values{"MessageSid": {"SM00000000000000000000000000000001"}, "From": {patient}, "To": {ourNumber}, "Body": {"hi"}}
	u := publicURL + "?" + q.Encode()
	sig := Signature(testToken, u, nil)
	c := newTest("")
	for name, req := range map[string]*connectors.Request{
		"query in URL":   {Method: "GET", URL: u, Query: q, Header: http.Header{SignatureHeader: {sig}}},
		"query separate": {Method: "GET", URL: publicURL, Query: q, Header: http.Header{SignatureHeader: {sig}}},
	} {
		if err := c.Verify(context.Background(), req, sec); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		// a signature over the bare URL (say, from an empty POST) does not cover a forged query
		forged := *req
		forged.Header = http.Header{SignatureHeader: {Signature(testToken, publicURL, nil)}}
		if err := c.Verify(context.Background(), &forged, sec); !errors.Is(err, connectors.ErrBadSignature) {
			t.Errorf("%s: forged query accepted: %v", name, err)
		}
		evs, err := c.Parse(req)
		if err != nil || len(evs) != 1 || evs[0].Text != "hi" || evs[0].SenderID != patient {
			t.Errorf("%s: parse %+v %v", name, evs, err)
		}
	}
}

func TestVerifyRepeatedKeys(t *testing.T) {
	body := []byte("MessageSid=SM00000000000000000000000000000001&From=%2B15550100001&To=%2B15550100100&MediaUrl=b&MediaUrl=a")
	c := newTest("")
	// canonical: values in the order received
	inOrder := sign(testToken, publicURL+"From+15550100001MediaUrlbMediaUrlaMessageSidSM00000000000000000000000000000001To+15550100100")
	// twilio-python sorts repeated values
	sorted := sign(testToken, publicURL+"From+15550100001MediaUrlaMediaUrlbMessageSidSM00000000000000000000000000000001To+15550100100")
	for name, sig := range map[string]string{"in order": inOrder, "sorted values": sorted} {
		err := c.Verify(context.Background(), &connectors.Request{Method: "POST", URL: publicURL, Header: http.Header{SignatureHeader: {sig}}, Body: body}, sec)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func reorder(t *testing.T, body []byte) string {
	parts := strings.Split(string(body), "&")
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "&")
}

func TestParse(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	msg := func(sid string, kind connectors.Kind, text string) connectors.Inbound {
		return connectors.Inbound{Platform: "twilio", AccountID: ourNumber, SenderID: patient, MessageID: sid, Text: text, Kind: kind, Time: now}
	}
	status := func(sid, st, code string) connectors.Inbound {
		return connectors.Inbound{Platform: "twilio", AccountID: ourNumber, SenderID: patient, MessageID: sid + ":" + st, RefID: sid,
			Kind: connectors.KindStatus, Status: st, StatusCode: code, Time: now}
	}
	wa := msg("SM00000000000000000000000000000019", connectors.KindText, "Hola, necesito una cita")
	wa.AccountID, wa.SenderID = "whatsapp:"+ourNumber, "whatsapp:"+patient
	button := msg("SM00000000000000000000000000000020", connectors.KindPostback, "Yes")
	button.AccountID, button.SenderID = "whatsapp:"+ourNumber, "whatsapp:"+patient
	cases := []struct {
		file string
		want connectors.Inbound
		err  error
	}{
		{"text.form", msg("SM00000000000000000000000000000001", connectors.KindText, "Hi, I need to change my appointment @ 10am & talk about results"), nil},
		{"media.form", msg("MM00000000000000000000000000000002", connectors.KindMedia, "photo of my prescription"), nil},
		{"media_no_body.form", msg("MM00000000000000000000000000000003", connectors.KindMedia, ""), nil},
		{"stop.form", msg("SM00000000000000000000000000000004", connectors.KindOptOut, "STOP"), nil},
		{"stop_lowercase.form", msg("SM00000000000000000000000000000005", connectors.KindOptOut, " stop \n"), nil},
		{"unsubscribe.form", msg("SM00000000000000000000000000000006", connectors.KindOptOut, "Unsubscribe"), nil},
		{"stop_in_sentence.form", msg("SM00000000000000000000000000000007", connectors.KindText, "please stop the pain medication"), nil},
		{"start.form", msg("SM00000000000000000000000000000008", connectors.KindOptIn, "START"), nil},
		{"yes.form", msg("SM00000000000000000000000000000009", connectors.KindOptIn, "yes"), nil},
		{"help.form", msg("SM00000000000000000000000000000010", connectors.KindHelp, "HELP"), nil},
		{"info.form", msg("SM00000000000000000000000000000011", connectors.KindHelp, "info"), nil},
		{"optout_type.form", msg("SM00000000000000000000000000000012", connectors.KindOptOut, "Arrêt"), nil},
		{"status_delivered.form", status("SM00000000000000000000000000000013", "delivered", ""), nil},
		{"status_undelivered.form", status("SM00000000000000000000000000000014", "failed", "30003"), nil},
		{"status_failed_optout.form", status("SM00000000000000000000000000000015", "failed", "21610"), nil},
		{"status_sent.form", status("SM00000000000000000000000000000016", "sent", ""), nil},
		{"echo_same_number.form", connectors.Inbound{Platform: "twilio", AccountID: ourNumber, SenderID: ourNumber,
			MessageID: "SM00000000000000000000000000000017", RefID: "SM00000000000000000000000000000017", Kind: connectors.KindEcho, Time: now}, nil},
		{"echo_own_number.form", connectors.Inbound{Platform: "twilio", AccountID: "+1 555 010 0200", SenderID: ourNumber,
			MessageID: "SM00000000000000000000000000000018", RefID: "SM00000000000000000000000000000018", Kind: connectors.KindEcho, Time: now}, nil},
		{"whatsapp.form", wa, nil},
		{"button.form", button, nil},
		{"malformed.form", connectors.Inbound{}, connectors.ErrMalformed},
		{"wrong_shape.form", connectors.Inbound{}, connectors.ErrMalformed},
		{"no_sid.form", connectors.Inbound{}, connectors.ErrMalformed},
		{"no_from.form", connectors.Inbound{}, connectors.ErrMalformed},
		{"bad_sid.form", connectors.Inbound{}, connectors.ErrMalformed},
	}
	c := New(connectors.Options{HTTPClient: connectortest.LocalClient(), Settings: map[string]string{SettingOwnNumbers: " " + ownNumber2 + " ,+15550100300"}}).(*Connector)
	c.now = func() time.Time { return now }
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			body := connectortest.Fixture(t, tc.file)
			got, err := c.Parse(&connectors.Request{Method: "POST", URL: publicURL, Body: body})
			if tc.err != nil {
				if !errors.Is(err, tc.err) || got != nil {
					t.Fatalf("got %v, %v; want %v", got, err, tc.err)
				}
				connectortest.AssertNoLeak(t, err.Error(), string(body), patient)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("got %d events", len(got))
			}
			if !reflect.DeepEqual(got[0], tc.want) {
				t.Errorf("\n got %+v\nwant %+v", got[0], tc.want)
			}
			if k := got[0].Kind; (k == connectors.KindEcho || k == connectors.KindStatus || k == connectors.KindOptOut) && k.Replyable() {
				t.Errorf("%s must not be answered", k)
			}
		})
	}
}

func TestParseEchoFromConfiguredSender(t *testing.T) {
	c := New(connectors.Options{Settings: map[string]string{SettingFrom: patient}}).(*Connector)
	evs, err := c.Parse(&connectors.Request{Method: "POST", Body: connectortest.Fixture(t, "text.form")})
	if err != nil || evs[0].Kind != connectors.KindEcho {
		t.Fatalf("%+v %v", evs, err)
	}
}

type fakeTwilio struct {
	status  int
	header  http.Header
	body    string
	gotReq  *http.Request
	gotBody []byte
	calls   int
}

func (f *fakeTwilio) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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

const created = `{"account_sid":"` + testSID + `","api_version":"2010-04-01","body":"Thanks, continue here: https://ferry.example.org/l/tok","date_created":"Thu, 24 Aug 2023 05:01:45 +0000","date_sent":null,"date_updated":"Thu, 24 Aug 2023 05:01:45 +0000","direction":"outbound-api","error_code":null,"error_message":null,"from":"+15550100100","messaging_service_sid":null,"num_media":"0","num_segments":"1","price":null,"price_unit":null,"sid":"SM00000000000000000000000000000099","status":"queued","subresource_uris":{"media":"/2010-04-01/Accounts/` + testSID + `/Messages/SM00000000000000000000000000000099/Media.json"},"to":"+15550100001","uri":"/2010-04-01/Accounts/` + testSID + `/Messages/SM00000000000000000000000000000099.json"}`

func twErr(code, status int, msg string) string {
	return `{"code":` + itoa(code) + `,"message":"` + msg + `","more_info":"https://www.twilio.com/docs/errors/` + itoa(code) + `","status":` + itoa(status) + `}`
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestSend(t *testing.T) {
	out := &connectors.Outbound{AccountID: ourNumber, RecipientID: patient, Text: "Thanks, continue here: https://ferry.example.org/l/tok",
		Link: "https://ferry.example.org/l/tok", LinkLabel: "Open"}
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
		wantID string
		want   *connectors.SendError
	}{
		{name: "created", status: 201, body: created, wantID: "SM00000000000000000000000000000099"},
		{name: "too many requests", status: 429, header: http.Header{"Retry-After": {"12"}}, body: twErr(20429, 429, "Too Many Requests"),
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 429, Code: "20429", Reason: "rate limited", Retryable: true, RetryAfter: 12 * time.Second}},
		{name: "server error", status: 500, body: twErr(20500, 500, "Internal Server Error"),
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 500, Code: "20500", Reason: "server error", Retryable: true}},
		{name: "service unavailable html", status: 503, body: `<html>down</html>`,
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 503, Reason: "server error", Retryable: true}},
		{name: "auth", status: 401, body: `{"code":20003,"detail":"Your AccountSid or AuthToken was incorrect.","message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}`,
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 401, Code: "20003", Reason: "authentication failed", Auth: true}},
		{name: "unsubscribed", status: 400, body: twErr(21610, 400, "Attempt to send to unsubscribed recipient"),
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 400, Code: "21610", Reason: "recipient unsubscribed"}},
		{name: "invalid to", status: 400, body: twErr(21211, 400, "The 'To' number +15550100001 is not a valid phone number."),
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 400, Code: "21211", Reason: "invalid recipient number"}},
		{name: "not mobile", status: 400, body: twErr(21614, 400, "'To' number is not a valid mobile number"),
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 400, Code: "21614", Reason: "recipient not a mobile number"}},
		{name: "region", status: 400, body: twErr(21408, 400, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15550100001."),
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 400, Code: "21408", Reason: "region not permitted"}},
		{name: "unknown 400", status: 400, body: twErr(21999, 400, "Thanks, continue here"),
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 400, Code: "21999", Reason: "request rejected"}},
		{name: "account not found", status: 404, body: twErr(20404, 404, "The requested resource /2010-04-01/Accounts/"+testSID+"/Messages.json was not found"),
			want: &connectors.SendError{Platform: "twilio", HTTPStatus: 404, Code: "20404", Reason: "account or resource not found", Auth: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakeTwilio{status: tc.status, header: tc.header, body: tc.body}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			c := newTest(srv.URL)
			res, err := c.Send(context.Background(), out, sec)
			if fake.calls != 1 {
				t.Fatalf("calls %d", fake.calls)
			}
			r := fake.gotReq
			if r.Method != "POST" || r.URL.Path != "/2010-04-01/Accounts/"+testSID+"/Messages.json" {
				t.Errorf("request %s %s", r.Method, r.URL.Path)
			}
			if u, p, ok := r.BasicAuth(); !ok || u != testSID || p != testToken {
				t.Errorf("basic auth %q %q", u, p)
			}
			if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Errorf("content type %q", r.Header.Get("Content-Type"))
			}
			if string(fake.gotBody) != "Body=Thanks%2C+continue+here%3A+https%3A%2F%2Fferry.example.org%2Fl%2Ftok&From=%2B15550100100&To=%2B15550100001" {
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
			connectortest.AssertNoLeak(t, err.Error(), "Thanks", patient, "15550100001", testToken, "Authenticate", "unsubscribed recipient")
		})
	}
}

func TestSendSender(t *testing.T) {
	fake := &fakeTwilio{status: 201, body: created}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	cases := []struct {
		name     string
		settings map[string]string
		out      connectors.Outbound
		want     url.Values
	}{
		{"number written to", map[string]string{SettingMessagingService: "MG0123456789abcdef0123456789abcdef"},
			connectors.Outbound{AccountID: ourNumber, RecipientID: patient, Text: "hi"},
			url.Values{"To": {patient}, "From": {ourNumber}, "Body": {"hi"}}},
		{"messaging service", map[string]string{SettingMessagingService: "MG0123456789abcdef0123456789abcdef", SettingFrom: ownNumber2},
			connectors.Outbound{RecipientID: patient, Text: "hi"},
			url.Values{"To": {patient}, "MessagingServiceSid": {"MG0123456789abcdef0123456789abcdef"}, "Body": {"hi"}}},
		{"configured from", map[string]string{SettingFrom: ownNumber2},
			connectors.Outbound{RecipientID: patient, Text: "hi"},
			url.Values{"To": {patient}, "From": {ownNumber2}, "Body": {"hi"}}},
		{"status callback", map[string]string{SettingStatusCallback: publicURL},
			connectors.Outbound{AccountID: "whatsapp:" + ourNumber, RecipientID: "whatsapp:" + patient, Text: "hola"},
			url.Values{"To": {"whatsapp:" + patient}, "From": {"whatsapp:" + ourNumber}, "Body": {"hola"}, "StatusCallback": {publicURL}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := New(connectors.Options{APIBase: srv.URL, HTTPClient: connectortest.LocalClient(), Settings: tc.settings})
			if _, err := c.Send(context.Background(), &tc.out, sec); err != nil {
				t.Fatal(err)
			}
			got, _ := url.ParseQuery(string(fake.gotBody))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v want %v", got, tc.want)
			}
		})
	}
}

func TestSendRefusedLocally(t *testing.T) {
	fake := &fakeTwilio{status: 201, body: created}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c := newTest(srv.URL)
	for name, tc := range map[string]struct {
		out *connectors.Outbound
		sec connectors.Secret
	}{
		"no token":     {&connectors.Outbound{AccountID: ourNumber, RecipientID: patient, Text: "hi"}, connectors.Secret{KeyAccountSID: testSID}},
		"no sid":       {&connectors.Outbound{AccountID: ourNumber, RecipientID: patient, Text: "hi"}, connectors.Secret{KeyAuthToken: testToken}},
		"bad sid":      {&connectors.Outbound{AccountID: ourNumber, RecipientID: patient, Text: "hi"}, connectors.Secret{KeyAccountSID: "AC/../x", KeyAuthToken: testToken}},
		"no recipient": {&connectors.Outbound{AccountID: ourNumber, Text: "hi"}, sec},
		"no sender":    {&connectors.Outbound{RecipientID: patient, Text: "hi"}, sec},
		"empty":        {&connectors.Outbound{AccountID: ourNumber, RecipientID: patient, Text: "  "}, sec},
		"too long":     {&connectors.Outbound{AccountID: ourNumber, RecipientID: patient, Text: strings.Repeat("a", MaxChars+1)}, sec},
	} {
		_, err := c.Send(context.Background(), tc.out, tc.sec)
		if strings.HasPrefix(name, "no token") || strings.HasSuffix(name, "sid") {
			if !errors.Is(err, connectors.ErrNotConfigured) {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if err == nil || connectors.Retryable(err) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if fake.calls != 0 {
		t.Fatalf("refused sends reached the API")
	}
}

func TestSendTransportError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	_, err := newTest(base).Send(context.Background(), &connectors.Outbound{AccountID: ourNumber, RecipientID: patient, Text: "hi"}, sec)
	if !connectors.Retryable(err) {
		t.Fatalf("not retryable: %v", err)
	}
	connectortest.AssertNoLeak(t, err.Error(), testSID, testToken, patient)
}
