package devkit

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/meta"
)

func TestMessengerWebhookVerifiesAndParses(t *testing.T) {
	body, sig := MessengerWebhook("s3cret", "PAGE", "PSID", "m_1", "hello @ / ä", time.Unix(1764230400, 0))
	req := &connectors.Request{Method: "POST", Header: http.Header{"X-Hub-Signature-256": {sig}}, Body: body}
	if err := meta.Verify(req, connectors.Secret{"app_secret": "s3cret"}); err != nil {
		t.Fatalf("dev webhook does not verify: %v", err)
	}
	if err := meta.Verify(req, connectors.Secret{"app_secret": "other"}); err == nil {
		t.Fatal("verified with the wrong secret")
	}
	evs, err := meta.ParsePage("messenger", meta.ObjectPage, body)
	if err != nil || len(evs) != 1 || evs[0].Text != "hello @ / ä" || evs[0].SenderID != "PSID" {
		t.Fatalf("parse: %v %+v", err, evs)
	}
}

func TestSinkAnswersEachPlatformAndKeepsReplies(t *testing.T) {
	s, err := StartSink("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cases := []struct{ platform, path, ctype, body string }{
		{"messenger", "/v21.0/me/messages", "application/json", `{"recipient":{"id":"1"},"message":{"text":"hi m"}}`},
		{"whatsapp", "/PN/messages", "application/json", `{"to":"1","type":"text","text":{"body":"hi w"}}`},
		{"x", "/2/dm_conversations/with/1/messages", "application/json", `{"text":"hi x"}`},
		{"telegram", "/botT/sendMessage", "application/json", `{"chat_id":1,"text":"hi t"}`},
		{"twilio", "/2010-04-01/Accounts/AC/Messages.json", "application/x-www-form-urlencoded", "To=%2B1&Body=hi+s"},
	}
	for _, c := range cases {
		resp, err := http.Post(s.Base(c.platform)+c.path, c.ctype, strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			t.Fatalf("%s answered %d", c.platform, resp.StatusCode)
		}
	}
	resp, err := http.Get(s.URL + "/outbox")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []Reply
	json.NewDecoder(resp.Body).Decode(&out)
	want := []string{"hi m", "hi w", "hi x", "hi t", "hi s"}
	if len(out) != len(want) {
		t.Fatalf("outbox has %d replies", len(out))
	}
	for i, r := range out {
		if r.Text != want[i] || r.Platform != cases[i].platform {
			t.Fatalf("reply %d = %+v, want %q from %s", i, r, want[i], cases[i].platform)
		}
	}
}
