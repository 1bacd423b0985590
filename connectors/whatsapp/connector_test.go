package whatsapp

import (
	"context"
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
	testAppSecret   = "test-app-secret-whatsapp"
	testVerifyToken = "test-verify-token-wa"
	testToken       = "EAAtest-system-user-token"
	waba            = "102290129340398"
	phoneID         = "106540352242922"
	waID            = "16505551234"
)

var testSecret = connectors.Secret{
	meta.KeyAppSecret:   testAppSecret,
	meta.KeyVerifyToken: testVerifyToken,
	meta.KeyAccessToken: testToken,
}

func sign(body []byte) (string, string) {
	return meta.SignatureHeader, meta.Signature(testAppSecret, body)
}

func newConnector(base string, settings map[string]string) connectors.Connector {
	return New(connectors.Options{APIBase: base, HTTPClient: connectortest.LocalClient(), Settings: settings})
}

func TestRegistered(t *testing.T) {
	f, ok := connectors.Lookup(Platform)
	if !ok {
		t.Fatal("whatsapp not registered")
	}
	c := f(connectors.Options{})
	if c.Platform() != "whatsapp" {
		t.Fatal(c.Platform())
	}
	if l := c.Limits(); l.MaxChars != 4096 || l.Unit != "runes" {
		t.Fatalf("limits %+v", l)
	}
	if a := c.Ack(); a.Status != 200 || string(a.Body) != "EVENT_RECEIVED" {
		t.Fatalf("ack %+v", a)
	}
}

func TestParseFixtures(t *testing.T) {
	at := func(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
	reply := map[string]string{"phone_number_id": phoneID}
	msg := func(kind connectors.Kind, id, text, note string) connectors.Inbound {
		return connectors.Inbound{Platform: Platform, AccountID: phoneID, SenderID: waID, MessageID: id, Text: text,
			Kind: kind, Time: at(1767225600), Reply: reply, Note: note}
	}
	with := func(in connectors.Inbound, f func(*connectors.Inbound)) connectors.Inbound { f(&in); return in }
	status := func(st, code, note string) connectors.Inbound {
		return connectors.Inbound{Platform: Platform, AccountID: phoneID, SenderID: waID, MessageID: "status:wamid.OURS01:" + st,
			Kind: connectors.KindStatus, Status: st, StatusCode: code, RefID: "wamid.OURS01", Time: at(1767225700), Note: note}
	}
	tests := []connectortest.ParseCase{
		{Fixture: "hello", Want: []connectors.Inbound{msg(connectors.KindText, "wamid.HELLO01", "Grüß Gott äöå 😀 pat@example.org https://example.org/x", "")}},
		{Fixture: "image", Want: []connectors.Inbound{msg(connectors.KindMedia, "wamid.IMAGE01", "photo of my arm", "image")}},
		{Fixture: "audio", Want: []connectors.Inbound{msg(connectors.KindMedia, "wamid.AUDIO01", "", "audio")}},
		{Fixture: "document", Want: []connectors.Inbound{msg(connectors.KindMedia, "wamid.DOC01", "my results", "document")}},
		{Fixture: "sticker", Want: []connectors.Inbound{msg(connectors.KindMedia, "wamid.STICKER01", "", "sticker")}},
		{Fixture: "location", Want: []connectors.Inbound{msg(connectors.KindMedia, "wamid.LOC01", "", "location")}},
		{Fixture: "contacts", Want: []connectors.Inbound{msg(connectors.KindMedia, "wamid.CONTACTS01", "", "contacts")}},
		{Fixture: "interactive_button_reply", Want: []connectors.Inbound{msg(connectors.KindPostback, "wamid.BUTTONREPLY01", "Open portal", "button_reply")}},
		{Fixture: "interactive_list_reply", Want: []connectors.Inbound{msg(connectors.KindPostback, "wamid.LISTREPLY01", "Billing", "list_reply")}},
		{Fixture: "button", Want: []connectors.Inbound{msg(connectors.KindPostback, "wamid.BUTTON01", "Send me the link", "button")}},
		{Fixture: "reaction", Want: []connectors.Inbound{with(msg(connectors.KindReaction, "wamid.REACTION01", "", "react"), func(i *connectors.Inbound) { i.RefID = "wamid.OURS01" })}},
		{Fixture: "edit", Want: []connectors.Inbound{with(msg(connectors.KindEdit, "wamid.EDIT01", "edited body", ""), func(i *connectors.Inbound) { i.RefID = "wamid.HELLO01" })}},
		{Fixture: "unsend", Want: []connectors.Inbound{with(msg(connectors.KindDeleted, "wamid.REVOKE01", "", ""), func(i *connectors.Inbound) { i.RefID = "wamid.HELLO01" })}},
		{Fixture: "unsupported", Want: []connectors.Inbound{msg(connectors.KindMedia, "wamid.UNSUP01", "", "unsupported:131051")}},
		{Fixture: "system", Want: []connectors.Inbound{msg(connectors.KindIgnored, "wamid.SYSTEM01", "", "system")}},
		{Fixture: "unknown_type", Want: []connectors.Inbound{msg(connectors.KindIgnored, "wamid.FUTURE01", "", "unknown_type:hologram")}},
		{Fixture: "status_sent", Want: []connectors.Inbound{status("sent", "", "tag:ferry-job-42")}},
		{Fixture: "status_delivered", Want: []connectors.Inbound{status("delivered", "", "")}},
		{Fixture: "status_read", Want: []connectors.Inbound{status("read", "", "")}},
		{Fixture: "status_failed", Want: []connectors.Inbound{status("failed", "131047", "")}},
		{Fixture: "smb_echo", Want: []connectors.Inbound{{Platform: Platform, AccountID: phoneID, SenderID: waID, MessageID: "echo:wamid.SMBECHO01",
			RefID: "wamid.SMBECHO01", Kind: connectors.KindEcho, Time: at(1767225800), Note: "smb_echo"}}},
		{Fixture: "bsuid", Want: []connectors.Inbound{{Platform: Platform, AccountID: phoneID, SenderID: "US.13491208655302741918", MessageID: "wamid.BSUID01",
			Text: "hi from a username", Kind: connectors.KindText, Time: at(1767225900), Reply: map[string]string{"phone_number_id": phoneID, "address": "bsuid"}, Note: "bsuid"}}},
		{Fixture: "template_status", Want: []connectors.Inbound{{Platform: Platform, AccountID: waba, Kind: connectors.KindIgnored, Note: "change:message_template_status_update"}}},
		{Fixture: "multi_entry_batch", Want: []connectors.Inbound{
			{Platform: Platform, AccountID: phoneID, SenderID: waID, MessageID: "wamid.BATCH01", Text: "one", Kind: connectors.KindText, Time: at(1767226100), Reply: reply},
			{Platform: Platform, AccountID: phoneID, SenderID: "16505550002", MessageID: "wamid.BATCH02", Kind: connectors.KindMedia, Time: at(1767226101), Reply: reply, Note: "image"},
			{Platform: Platform, AccountID: phoneID, SenderID: waID, MessageID: "status:wamid.OURS01:delivered", RefID: "wamid.OURS01", Kind: connectors.KindStatus, Status: "delivered", Time: at(1767226102)},
			{Platform: Platform, AccountID: phoneID, SenderID: waID, MessageID: "status:wamid.OURS01:read", RefID: "wamid.OURS01", Kind: connectors.KindStatus, Status: "read", Time: at(1767226103)},
			{Platform: Platform, AccountID: "106540352242999", SenderID: "16505550003", MessageID: "wamid.BATCH03", Text: "other number", Kind: connectors.KindText, Time: at(1767226104),
				Reply: map[string]string{"phone_number_id": "106540352242999"}},
		}},
		{Fixture: "malformed", Err: connectors.ErrMalformed},
		{Fixture: "wrong_object", Err: connectors.ErrMalformed},
	}
	connectortest.RunParseCases(t, connectortest.Inbound{
		Connector: newConnector("", nil),
		Secret:    testSecret,
		URL:       "https://ferry.example/webhooks/whatsapp",
		Signers:   []connectortest.Signer{sign},
		Forbidden: []string{"Test Patient", "1037543291543636", "c2VjcmV0", "lab_results", "Secret Clinic", "Hacker Way", "37.48", "Private", "6505559999", "OPEN_PORTAL_ID", "ROW_ID_7", "invoices", "SECRET_BUTTON_PAYLOAD", "\U0001F44D", "Business app", "changed from", "Re-engagement", "portal_link", "@someone", testAppSecret},
	}, tests)
}

func TestVerifyAndHandshake(t *testing.T) {
	c := newConnector("", nil)
	body := connectortest.Fixture(t, "hello")
	if !strings.Contains(string(body), `\u00e4`) || !strings.Contains(string(body), `\/`) || !strings.Contains(string(body), `\u0040`) {
		t.Fatal("hello fixture must keep Meta's escapes")
	}
	ok := connectortest.NewRequest("https://ferry.example/webhooks/whatsapp", body, sign)
	if err := c.Verify(context.Background(), ok, testSecret); err != nil {
		t.Fatal(err)
	}
	decoded := strings.NewReplacer(`\u00e4`, "ä", `\/`, "/", `\u0040`, "@").Replace(string(body))
	bad := connectortest.NewRequest("https://ferry.example/webhooks/whatsapp", []byte(decoded))
	bad.Header.Set(meta.SignatureHeader, ok.Header.Get(meta.SignatureHeader))
	if err := c.Verify(context.Background(), bad, testSecret); !errors.Is(err, connectors.ErrBadSignature) {
		t.Fatalf("decoded body verified: %v", err)
	}
	none := connectortest.NewRequest("https://ferry.example/webhooks/whatsapp", body)
	if err := c.Verify(context.Background(), none, testSecret); !errors.Is(err, connectors.ErrBadSignature) {
		t.Fatalf("unsigned: %v", err)
	}
	if err := c.Verify(context.Background(), ok, connectors.Secret{meta.KeyAccessToken: testToken}); !errors.Is(err, connectors.ErrNotConfigured) {
		t.Fatalf("no app secret: %v", err)
	}
	q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {testVerifyToken}, "hub.challenge": {"987654321"}}
	resp, err := c.Handshake(context.Background(), connectortest.NewGet("https://ferry.example/webhooks/whatsapp", q), testSecret)
	if err != nil || resp.Status != 200 || string(resp.Body) != "987654321" || !strings.HasPrefix(resp.ContentType, "text/plain") {
		t.Fatalf("handshake %+v %v", resp, err)
	}
	q.Set("hub.verify_token", "wrong")
	if _, err := c.Handshake(context.Background(), connectortest.NewGet("https://ferry.example/webhooks/whatsapp", q), testSecret); !errors.Is(err, connectors.ErrForbidden) {
		t.Fatalf("wrong token: %v", err)
	}
}

const waOK = `{"messaging_product":"whatsapp","contacts":[{"input":"16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}`

func waErr(code int, title string) string {
	return `{"error":{"message":"(#` + itoa(code) + `) ` + title + `","type":"OAuthException","code":` + itoa(code) +
		`,"error_data":{"messaging_product":"whatsapp","details":"` + title + ` details"},"fbtrace_id":"AbCdWaTrace1"}}`
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

func authCheck(t testing.TB, r connectortest.Recorded) {
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("authorization %q", got)
	}
	if len(r.Query) != 0 {
		t.Errorf("query %v", r.Query)
	}
}

var outbound = &connectors.Outbound{
	AccountID: phoneID, RecipientID: waID, Reply: map[string]string{"phone_number_id": phoneID},
	Text: "Gracias. Continúe aquí: https://ferry.example/l/eyJhbGciOiJFZERTQSJ9.tok", Link: "https://ferry.example/l/eyJhbGciOiJFZERTQSJ9.tok",
	Lang: "es", Tag: "ferry-job-7",
}

const textBodyJSON = `{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"text",
	"text":{"preview_url":true,"body":"Gracias. Continúe aquí: https://ferry.example/l/eyJhbGciOiJFZERTQSJ9.tok"},"biz_opaque_callback_data":"ferry-job-7"}`

func TestSendText(t *testing.T) {
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/v21.0/" + phoneID + "/messages", Body: waOK,
		Check: func(t testing.TB, r connectortest.Recorded) {
			authCheck(t, r)
			connectortest.AssertJSONEqual(t, r.Body, textBodyJSON)
		}})
	res, err := newConnector(srv.URL+"/v21.0", nil).Send(context.Background(), outbound, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	if res.MessageID != "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA" || res.Fallback != "" {
		t.Fatalf("%+v", res)
	}
}

func TestSendToBSUID(t *testing.T) {
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/" + phoneID + "/messages", Body: waOK,
		Check: connectortest.JSONBody(`{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"US.13491208655302741918",
			"type":"text","text":{"preview_url":true,"body":"hello"}}`, "Bearer "+testToken)})
	out := &connectors.Outbound{RecipientID: "US.13491208655302741918", Text: "hello",
		Reply: map[string]string{"phone_number_id": phoneID, "address": "bsuid"}}
	if _, err := newConnector(srv.URL, nil).Send(context.Background(), out, testSecret); err != nil {
		t.Fatal(err)
	}
}

func TestSendTemplateFallback(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]string
		template string
	}{
		{name: "body parameter, default language", settings: map[string]string{"template": "portal_link"},
			template: `{"name":"portal_link","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"https://ferry.example/l/eyJhbGciOiJFZERTQSJ9.tok"}]}]}`},
		{name: "language per patient", settings: map[string]string{"template": "portal_link", "template_lang": "en_GB", "template_lang_es": "es_MX"},
			template: `{"name":"portal_link","language":{"code":"es_MX"},"components":[{"type":"body","parameters":[{"type":"text","text":"https://ferry.example/l/eyJhbGciOiJFZERTQSJ9.tok"}]}]}`},
		{name: "url button", settings: map[string]string{"template": "portal_button", "template_lang": "de", "template_link": "button", "template_url_base": "https://ferry.example/l/"},
			template: `{"name":"portal_button","language":{"code":"de"},"components":[{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"eyJhbGciOiJFZERTQSJ9.tok"}]}]}`},
		{name: "url button, last segment", settings: map[string]string{"template": "portal_button", "template_link": "button"},
			template: `{"name":"portal_button","language":{"code":"en_US"},"components":[{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"eyJhbGciOiJFZERTQSJ9.tok"}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/" + phoneID + "/messages"
			srv := connectortest.NewServer(t,
				connectortest.Exchange{Path: path, Status: 400, Body: waErr(131047, "Re-engagement message"),
					Check: func(t testing.TB, r connectortest.Recorded) { connectortest.AssertJSONEqual(t, r.Body, textBodyJSON) }},
				connectortest.Exchange{Path: path, Body: waOK, Check: func(t testing.TB, r connectortest.Recorded) {
					authCheck(t, r)
					connectortest.AssertJSONEqual(t, r.Body, `{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234",
						"type":"template","template":`+tt.template+`,"biz_opaque_callback_data":"ferry-job-7"}`)
				}})
			res, err := newConnector(srv.URL, tt.settings).Send(context.Background(), outbound, testSecret)
			if err != nil {
				t.Fatal(err)
			}
			if res.Fallback != "template:"+tt.settings["template"] || !strings.HasPrefix(res.MessageID, "wamid.") {
				t.Fatalf("%+v", res)
			}
		})
	}
}

func TestSendWindowClosedWithoutTemplate(t *testing.T) {
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/" + phoneID + "/messages", Status: 400, Body: waErr(131047, "Re-engagement message")})
	_, err := newConnector(srv.URL, nil).Send(context.Background(), outbound, testSecret)
	se := connectortest.AssertSendError(t, err, "131047", false, false)
	if !strings.Contains(se.Reason, "no template") {
		t.Fatalf("reason %q", se.Reason)
	}
}

func TestSendTemplateFails(t *testing.T) {
	path := "/" + phoneID + "/messages"
	srv := connectortest.NewServer(t,
		connectortest.Exchange{Path: path, Status: 400, Body: waErr(131047, "Re-engagement message")},
		connectortest.Exchange{Path: path, Status: 404, Body: waErr(132001, "Template name does not exist in the translation")})
	_, err := newConnector(srv.URL, map[string]string{"template": "missing"}).Send(context.Background(), outbound, testSecret)
	connectortest.AssertSendError(t, err, "132001", false, false)
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
		{name: "throughput 130429", status: 400, body: waErr(130429, "Rate limit hit"), code: "130429", retry: true},
		{name: "pair rate 131056", status: 400, body: waErr(131056, "(Business Account, Consumer Account) pair rate limit hit"), code: "131056", retry: true},
		{name: "internal 131000", status: 500, body: waErr(131000, "Something went wrong"), code: "131000", retry: true},
		{name: "429 retry-after", status: 429, header: http.Header{"Retry-After": {"60"}}, body: waErr(130429, "Rate limit hit"), code: "130429", retry: true, retryAfter: time.Minute},
		{name: "500 plain", status: 500, body: "Internal Server Error", retry: true},
		{name: "undeliverable 131026", status: 400, body: waErr(131026, "Message undeliverable"), code: "131026"},
		{name: "unsupported 131051", status: 400, body: waErr(131051, "Unsupported message type"), code: "131051"},
		{name: "legacy window 470 without template", status: 400, body: waErr(470, "Message failed to send because more than 24 hours have passed"), code: "470"},
		{name: "token 190", status: 401, body: waErr(190, "Error validating access token"), code: "190", auth: true},
		{name: "permission 200", status: 403, body: waErr(200, "Permissions error"), code: "200", auth: true},
		{name: "invalid param 100", status: 400, body: waErr(100, "Invalid parameter"), code: "100"},
		{name: "app rate 4", status: 400, body: waErr(4, "Application request limit reached"), code: "4", retry: true},
	}
	var cases []connectortest.SendCase
	for _, tt := range tests {
		cases = append(cases, connectortest.SendCase{
			Name:    tt.name,
			Out:     outbound,
			Script:  []connectortest.Exchange{{Path: "/" + phoneID + "/messages", Status: tt.status, Header: tt.header, Body: tt.body}},
			WantErr: &connectors.SendError{Code: tt.code, Retryable: tt.retry, Auth: tt.auth, HTTPStatus: tt.status, RetryAfter: tt.retryAfter},
		})
	}
	connectortest.RunSendCases(t, connectortest.Outbound{
		New: func(base string, settings map[string]string) connectors.Connector {
			return newConnector(base, settings)
		},
		Secret:    testSecret,
		Forbidden: []string{testToken, waID, phoneID, "Continúe", "AbCdWaTrace1", "details"},
	}, cases)
}

func TestSendLocalFailures(t *testing.T) {
	ctx := context.Background()
	c := newConnector("http://127.0.0.1:1", nil)
	_, err := c.Send(ctx, outbound, testSecret)
	connectortest.AssertSendError(t, err, "", true, false)
	connectortest.AssertNoLeak(t, err.Error(), testToken, phoneID, waID)
	_, err = c.Send(ctx, outbound, connectors.Secret{meta.KeyAppSecret: "x"})
	connectortest.AssertSendError(t, err, "", false, true)
	_, err = c.Send(ctx, &connectors.Outbound{RecipientID: waID, Text: "x"}, testSecret)
	connectortest.AssertSendError(t, err, "", false, false)
	_, err = c.Send(ctx, &connectors.Outbound{RecipientID: waID, AccountID: phoneID, Text: strings.Repeat("a", MaxRunes+1)}, testSecret)
	connectortest.AssertSendError(t, err, "", false, false)
	// The phone number id is path-escaped: no path traversal through Reply.
	srv := connectortest.NewServer(t, connectortest.Exchange{Path: "/../me/messages", Body: waOK})
	_, _ = newConnector(srv.URL, nil).Send(ctx, &connectors.Outbound{RecipientID: waID, Text: "x", Reply: map[string]string{"phone_number_id": "../me"}}, testSecret)
	if got := srv.Requests(); len(got) != 1 || got[0].EscapedPath != "/..%2Fme/messages" {
		t.Fatalf("requests %+v", got)
	}
}

func FuzzParse(f *testing.F) {
	connectortest.SeedFixtures(f)
	c := newConnector("", nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, e := range connectortest.FuzzParseBody(t, c, body) {
			if (e.Kind == connectors.KindStatus || e.Kind == connectors.KindEcho) && e.Kind.Replyable() {
				t.Fatal("status/echo replyable")
			}
		}
	})
}

func FuzzVerify(f *testing.F) {
	for _, name := range connectortest.Fixtures(f) {
		b := connectortest.Fixture(f, name)
		f.Add(b, meta.Signature(testAppSecret, b))
		f.Add(b, "sha256=")
	}
	c := newConnector("", nil)
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		req := &connectors.Request{Method: "POST", Header: http.Header{"X-Hub-Signature-256": {header}}, Body: body}
		err := c.Verify(context.Background(), req, testSecret)
		connectortest.CheckError(t, err, body, connectors.ErrBadSignature)
		connectortest.CheckError(t, err, []byte(header), connectors.ErrBadSignature)
		// Verify trims surrounding whitespace (HTTP parsers strip it anyway); the value itself must match.
		if err == nil && !strings.EqualFold(strings.TrimSpace(header), meta.Signature(testAppSecret, body)) {
			t.Fatal("accepted a wrong signature")
		}
	})
}
