package telegram

import (
	"context"
	"errors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors"
)

const (
	testBotToken = "800000001:AAHtestTOKENtestTOKENtestTOKEN00000"
	testSecret   = "ferry_test-secret_TOKEN_0123456789"
)

var sec = connectors.Secret{KeyBotToken: testBotToken, KeySecretToken: testSecret}

func TestRegistered(t *testing.T) {
	f, ok := connectors.Lookup(Platform)
	if !ok {
		t.Fatal("telegram not registered")
	}
	c := f(connectors.Options{})
	if c.Platform() != "telegram" {
		t.Fatalf("platform %q", c.Platform())
	}
	if got := c.Limits(); got != (connectors.Limits{MaxChars: 4096, Unit: "runes"}) {
		t.Fatalf("limits %+v", got)
	}
	if a := c.Ack(); a.Status != 200 || len(a.Body) != 0 {
		t.Fatalf("ack %+v", a)
	}
	if _, err := c.Handshake(context.Background(), &connectors.Request{Method: "GET"}, sec); !errors.Is(err, connectors.ErrNoHandshake) {
		t.Fatalf("handshake %v", err)
	}
}

func TestBotID(t *testing.T) {
	for token, want := range map[string]string{
		testBotToken:             "800000001",
		"123:abc":                "123",
		"123":                    "",
		":abc":                   "",
		"abc:def":                "",
		"123:":                   "",
		"-5:abc":                 "",
		"99999999999999999999:x": "",
	} {
		if got := BotID(token); got != want {
			t.Errorf("BotID(%q) = %q, want %q", token, got, want)
		}
	}
}

func TestVerify(t *testing.T) {
	cases := []struct {
		name   string
		header http.Header
		sec    connectors.Secret
		want   error
	}{
		{"valid", http.Header{SecretHeader: {testSecret}}, sec, nil},
		{"valid lowercase key", http.Header{"x-telegram-bot-api-secret-token": {testSecret}}, sec, nil},
		{"missing", http.Header{}, sec, connectors.ErrBadSignature},
		{"empty", http.Header{SecretHeader: {""}}, sec, connectors.ErrBadSignature},
		{"wrong", http.Header{SecretHeader: {testSecret + "x"}}, sec, connectors.ErrBadSignature},
		{"prefix", http.Header{SecretHeader: {testSecret[:10]}}, sec, connectors.ErrBadSignature},
		{"bot token instead", http.Header{SecretHeader: {testBotToken}}, sec, connectors.ErrBadSignature},
		{"no secret token", http.Header{SecretHeader: {testSecret}}, connectors.Secret{KeyBotToken: testBotToken}, connectors.ErrNotConfigured},
		{"no bot token", http.Header{SecretHeader: {testSecret}}, connectors.Secret{KeySecretToken: testSecret}, connectors.ErrNotConfigured},
		{"bad bot token", http.Header{SecretHeader: {testSecret}}, connectors.Secret{KeySecretToken: testSecret, KeyBotToken: "nocolon"}, connectors.ErrNotConfigured},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTest("")
			body := connectortest.Fixture(t, "text.json")
			err := c.Verify(context.Background(), &connectors.Request{Method: "POST", Header: tc.header, Body: body}, tc.sec)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v want %v", err, tc.want)
			}
			if err != nil {
				connectortest.AssertNoLeak(t, err.Error(), testSecret, testBotToken, string(body))
			}
		})
	}
}

func TestParse(t *testing.T) {
	const bot = "800000001"
	at := func(s int64) time.Time { return time.Unix(s, 0).UTC() }
	reply := map[string]string{"chat_id": "500000001"}
	msg := func(id, kind connectors.Kind, text string, ts int64) connectors.Inbound {
		return connectors.Inbound{Platform: "telegram", AccountID: bot, SenderID: "500000001", MessageID: "update:" + string(id),
			Text: text, Kind: kind, Time: at(ts), Reply: reply}
	}
	ignored := func(id, note string, ts int64) connectors.Inbound {
		in := connectors.Inbound{Platform: "telegram", AccountID: bot, MessageID: "update:" + id, Kind: connectors.KindIgnored, Note: note}
		if ts > 0 {
			in.Time = at(ts)
		}
		return in
	}
	edited := msg("700000003", connectors.KindEdit, "Hello, I need to talk about my prescription refill", 1700000100)
	edited.RefID = "41"
	cases := []struct {
		file string
		want connectors.Inbound
		err  error
	}{
		{"text.json", msg("700000001", connectors.KindText, "Hello, I need to talk about my prescription", 1700000000), nil},
		{"start_command.json", msg("700000002", connectors.KindText, "/start", 1700000010), nil},
		{"edited.json", edited, nil},
		{"photo_caption.json", msg("700000004", connectors.KindMedia, "this is the rash on my arm", 1700000200), nil},
		{"document.json", msg("700000005", connectors.KindMedia, "", 1700000300), nil},
		{"voice.json", msg("700000006", connectors.KindMedia, "", 1700000400), nil},
		{"sticker.json", msg("700000007", connectors.KindMedia, "", 1700000500), nil},
		{"location.json", msg("700000008", connectors.KindMedia, "", 1700000600), nil},
		{"contact.json", msg("700000009", connectors.KindMedia, "", 1700000700), nil},
		{"group.json", ignored("700000010", "group_chat", 1700000800), nil},
		{"supergroup.json", ignored("700000011", "group_chat", 1700000900), nil},
		{"channel_post.json", ignored("700000012", "channel", 0), nil},
		{"bot_sender.json", ignored("700000013", "bot_sender", 1700001100), nil},
		{"blocked.json", connectors.Inbound{Platform: "telegram", AccountID: bot, SenderID: "500000001", MessageID: "update:700000014",
			Kind: connectors.KindOptOut, Note: "bot_blocked", Time: at(1700001200)}, nil},
		{"callback_query.json", ignored("700000015", "unsupported", 0), nil},
		{"service_message.json", connectors.Inbound{Platform: "telegram", AccountID: bot, SenderID: "500000001", MessageID: "update:700000016",
			Kind: connectors.KindIgnored, Note: "unsupported", Time: at(1700001300)}, nil},
		{"edited_group.json", ignored("700000017", "group_chat", 1700000800), nil},
		{"malformed.json", connectors.Inbound{}, connectors.ErrMalformed},
		{"wrong_shape.json", connectors.Inbound{}, connectors.ErrMalformed},
		{"not_object.json", connectors.Inbound{}, connectors.ErrMalformed},
		{"no_chat.json", connectors.Inbound{}, connectors.ErrMalformed},
		{"string_update_id.json", connectors.Inbound{}, connectors.ErrMalformed},
	}
	c := newTest("")
	// The bot id is learnt from the token when a request is verified.
	if err := c.Verify(context.Background(), &connectors.Request{Header: http.Header{SecretHeader: {testSecret}}}, sec); err != nil {
		t.Fatal(err)
	}
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
			if len(got) != 1 {
				t.Fatalf("got %d events", len(got))
			}
			if !reflect.DeepEqual(got[0], tc.want) {
				t.Errorf("\n got %+v\nwant %+v", got[0], tc.want)
			}
			if strings.Contains(got[0].AccountID, ":") {
				t.Errorf("account id holds the token")
			}
		})
	}
}

func TestParseAccountFromSettings(t *testing.T) {
	c := New(connectors.Options{Settings: map[string]string{SettingBotID: "123456"}}).(*Connector)
	evs, err := c.Parse(&connectors.Request{Body: connectortest.Fixture(t, "text.json")})
	if err != nil || evs[0].AccountID != "123456" {
		t.Fatalf("%+v %v", evs, err)
	}
	// a fixed id is not overwritten by the token seen in Verify
	_ = c.Verify(context.Background(), &connectors.Request{Header: http.Header{SecretHeader: {testSecret}}}, sec)
	evs, _ = c.Parse(&connectors.Request{Body: connectortest.Fixture(t, "text.json")})
	if evs[0].AccountID != "123456" {
		t.Fatalf("account %q", evs[0].AccountID)
	}
}

type fakeTelegram struct {
	status  int
	header  http.Header
	body    string
	gotReq  *http.Request
	gotBody []byte
	calls   int
}

func (f *fakeTelegram) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls++
	f.gotReq = r
	f.gotBody, _ = io.ReadAll(r.Body)
	for k, vs := range f.header {
		w.Header()[k] = vs
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(f.status)
	io.WriteString(w, f.body)
}

func TestSend(t *testing.T) {
	out := &connectors.Outbound{AccountID: "800000001", RecipientID: "500000001", Reply: map[string]string{"chat_id": "500000001"},
		Text: "Thank you. Please continue in our secure portal: https://ferry.example/l/tok", Link: "https://ferry.example/l/tok", LinkLabel: "Open portal"}
	const wantBody = `{"chat_id":500000001,"text":"Thank you. Please continue in our secure portal: https://ferry.example/l/tok",` +
		`"link_preview_options":{"is_disabled":true},"reply_markup":{"inline_keyboard":[[{"text":"Open portal","url":"https://ferry.example/l/tok"}]]}}`
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
		wantID string
		want   *connectors.SendError
	}{
		{name: "ok", status: 200, body: `{"ok":true,"result":{"message_id":100,"from":{"id":800000001,"is_bot":true,"first_name":"Ferry","username":"ferry_test_bot"},"chat":{"id":500000001,"first_name":"Test","type":"private"},"date":1700002000,"text":"Thank you.","reply_markup":{"inline_keyboard":[[{"text":"Open portal","url":"https://ferry.example/l/tok"}]]}}}`, wantID: "100"},
		{name: "flood", status: 429, body: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 429, Code: "429", Reason: "rate limited", Retryable: true, RetryAfter: 35 * time.Second}},
		{name: "flood header only", status: 429, header: http.Header{"Retry-After": {"3"}}, body: `{"ok":false,"error_code":429,"description":"Too Many Requests"}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 429, Code: "429", Reason: "rate limited", Retryable: true, RetryAfter: 3 * time.Second}},
		{name: "internal", status: 500, body: `{"ok":false,"error_code":500,"description":"Internal Server Error: restart"}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 500, Code: "500", Reason: "server error", Retryable: true}},
		{name: "gateway html", status: 502, header: http.Header{"Content-Type": {"text/html"}}, body: `<html><center>502 Bad Gateway</center></html>`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 502, Reason: "server error", Retryable: true}},
		{name: "unauthorized", status: 401, body: `{"ok":false,"error_code":401,"description":"Unauthorized"}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 401, Code: "401", Reason: "unauthorized", Auth: true}},
		{name: "bad token", status: 404, body: `{"ok":false,"error_code":404,"description":"Not Found"}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 404, Code: "404", Reason: "invalid bot token", Auth: true}},
		{name: "blocked", status: 403, body: `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 403, Code: "403", Reason: "bot blocked by user"}},
		{name: "deactivated", status: 403, body: `{"ok":false,"error_code":403,"description":"Forbidden: user is deactivated"}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 403, Code: "403", Reason: "user deactivated"}},
		{name: "chat not found", status: 400, body: `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 400, Code: "400", Reason: "chat not found"}},
		{name: "bad request echoing text", status: 400, body: `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: Thank you. Please continue"}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 400, Code: "400", Reason: "bad request"}},
		{name: "ok false with 200", status: 200, body: `{"ok":false,"error_code":400,"description":"Bad Request: message text is empty"}`,
			want: &connectors.SendError{Platform: "telegram", HTTPStatus: 200, Code: "400", Reason: "bad request"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakeTelegram{status: tc.status, header: tc.header, body: tc.body}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			c := newTest(srv.URL)
			res, err := c.Send(context.Background(), out, sec)
			if fake.calls != 1 {
				t.Fatalf("calls %d", fake.calls)
			}
			r := fake.gotReq
			if r.Method != "POST" || r.URL.Path != "/bot"+testBotToken+"/sendMessage" || r.URL.RawQuery != "" {
				t.Errorf("request %s %s", r.Method, r.URL.Path)
			}
			if r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Authorization") != "" {
				t.Errorf("headers %v", r.Header)
			}
			if string(fake.gotBody) != wantBody {
				t.Errorf("body\n got %s\nwant %s", fake.gotBody, wantBody)
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
			connectortest.AssertNoLeak(t, err.Error(), "Thank you", "500000001", testBotToken, "Forbidden:", "Bad Request:")
		})
	}
}

func TestSendVariants(t *testing.T) {
	fake := &fakeTelegram{status: 200, body: `{"ok":true,"result":{"message_id":7}}`}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c := newTest(srv.URL)
	// no Reply map: the recipient id is the chat id; no link: no button; no label: default
	if _, err := c.Send(context.Background(), &connectors.Outbound{RecipientID: "500000002", Text: "hi"}, sec); err != nil {
		t.Fatal(err)
	}
	if string(fake.gotBody) != `{"chat_id":500000002,"text":"hi","link_preview_options":{"is_disabled":true}}` {
		t.Errorf("body %s", fake.gotBody)
	}
	if _, err := c.Send(context.Background(), &connectors.Outbound{RecipientID: "500000002", Text: "hi https://l", Link: "https://l"}, sec); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fake.gotBody), `"inline_keyboard":[[{"text":"Open","url":"https://l"}]]`) {
		t.Errorf("body %s", fake.gotBody)
	}
	calls := fake.calls
	for name, tc := range map[string]struct {
		out *connectors.Outbound
		sec connectors.Secret
	}{
		"no token":        {&connectors.Outbound{RecipientID: "1", Text: "hi"}, connectors.Secret{KeySecretToken: "s"}},
		"token with path": {&connectors.Outbound{RecipientID: "1", Text: "hi"}, connectors.Secret{KeyBotToken: "1:abc/../x"}},
		"bad chat":        {&connectors.Outbound{RecipientID: "@someone", Text: "hi"}, sec},
		"empty":           {&connectors.Outbound{RecipientID: "1", Text: " "}, sec},
		"too long":        {&connectors.Outbound{RecipientID: "1", Text: strings.Repeat("ж", MaxChars+1)}, sec},
	} {
		_, err := c.Send(context.Background(), tc.out, tc.sec)
		if strings.HasPrefix(name, "no token") || strings.HasPrefix(name, "token with") {
			if !errors.Is(err, connectors.ErrNotConfigured) {
				t.Errorf("%s: got %v", name, err)
			}
			continue
		}
		if err == nil || connectors.Retryable(err) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	if fake.calls != calls {
		t.Fatalf("refused sends reached the API")
	}
}

func TestSendTransportErrorHidesToken(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	_, err := newTest(base).Send(context.Background(), &connectors.Outbound{RecipientID: "500000001", Text: "hi"}, sec)
	if !connectors.Retryable(err) {
		t.Fatalf("not retryable: %v", err)
	}
	connectortest.AssertNoLeak(t, err.Error(), testBotToken, "AAHtest", "500000001")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = newTest(base).Send(ctx, &connectors.Outbound{RecipientID: "500000001", Text: "hi"}, sec)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	connectortest.AssertNoLeak(t, err.Error(), testBotToken, "AAHtest")
}
