package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/store/storetest"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

const (
	patientText = "I have chest pain since Tuesday, I take lisinopril 20mg, call me on 704-555-0182"
	patientPSID = "PSID-7d3f9a1c55e0"
	pageID      = "PAGE-1029384756"
)

func messengerBody(mid, text string) []byte {
	return []byte(fmt.Sprintf(`{"object":"page","entry":[{"id":%q,"time":1764230400000,"messaging":[{"sender":{"id":%q},"recipient":{"id":%q},"timestamp":1764230400000,"message":{"mid":%q,"text":%q}}]}]}`,
		pageID, patientPSID, pageID, mid, text))
}

func metaSign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func graphOK(w http.ResponseWriter, r *http.Request, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"recipient_id":"`+patientPSID+`","message_id":"m_reply_1"}`)
}

// TestMessengerEndToEnd is issue 3's acceptance flow, on SQLite and on PostgreSQL.
func TestMessengerEndToEnd(t *testing.T) {
	vs := devvault.StartT(t)
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			graph := newSendAPI(t, graphOK)
			in := start(t, vs, storetest.DSN(t, dialect), "FERRY_MESSENGER_API_BASE="+graph.URL+"/v21.0")
			appSecret := secret(t, vs, "messenger", "app_secret")
			hook := in.PublicURL + "/webhooks/messenger"

			// Handshake.
			verify := secret(t, vs, "messenger", "verify_token")
			resp, err := http.Get(hook + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + url.QueryEscape(verify))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || string(b) != "1158201444" {
				t.Fatalf("handshake: %d %q", resp.StatusCode, b)
			}
			resp, _ = http.Get(hook + "?hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong")
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("handshake with a wrong token: %d", resp.StatusCode)
			}

			// One signed message.
			body := messengerBody("mid.e2e.1", patientText)
			if code, msg := post(t, hook, body, map[string]string{"Content-Type": "application/json", "X-Hub-Signature-256": metaSign(appSecret, body)}); code != 200 {
				t.Fatalf("webhook: %d %s\n%s", code, msg, in.logs.String())
			}
			calls := graph.waitCalls(t, 1, 15*time.Second)
			call := calls[0]
			if call.Method != http.MethodPost || call.Path != "/v21.0/me/messages" {
				t.Fatalf("send API call %s %s", call.Method, call.Path)
			}
			var sent struct {
				Recipient     struct{ ID string }   `json:"recipient"`
				MessagingType string                `json:"messaging_type"`
				Message       struct{ Text string } `json:"message"`
			}
			if err := json.Unmarshal(call.Body, &sent); err != nil {
				t.Fatal(err)
			}
			if sent.Recipient.ID != patientPSID || sent.MessagingType != "RESPONSE" {
				t.Fatalf("send body: %s", call.Body)
			}
			if auth := call.Header.Get("Authorization"); auth != "Bearer "+secret(t, vs, "messenger", "access_token") {
				t.Fatalf("send API auth header %q", auth)
			}
			for _, leak := range []string{"chest", "lisinopril", "704-555-0182"} {
				if strings.Contains(sent.Message.Text, leak) {
					t.Fatalf("reply quotes the patient: %q", sent.Message.Text)
				}
			}
			token := linkIn(t, in.PublicURL, sent.Message.Text)
			claims := verifyWithJWKS(t, in.PublicURL, token)
			if sub, _ := claims["sub"].(string); sub == "" || sub == patientPSID || len(sub) != 64 {
				t.Fatalf("token subject must be the pseudonym: %q", sub)
			}

			// Landing page redeems nothing; the button POSTs.
			noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			for i := 0; i < 2; i++ { // link-preview bots fetch it too
				resp, err = noRedirect.Get(in.PublicURL + "/l/" + token)
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !strings.Contains(string(page), `method="post"`) {
					t.Fatalf("landing page: %d %s", resp.StatusCode, page)
				}
			}
			resp, err = noRedirect.Post(in.PublicURL+"/l/"+token, "application/x-www-form-urlencoded", nil)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, in.Portal.URL+"/start") || !strings.Contains(loc, token) {
				t.Fatalf("redemption: %d Location %q", resp.StatusCode, loc)
			}
			resp, _ = noRedirect.Post(in.PublicURL+"/l/"+token, "application/x-www-form-urlencoded", nil)
			resp.Body.Close()
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Fatalf("second redemption answered %d, want a 4xx page", resp.StatusCode)
			}

			// Replays: no new record, no new reply.
			msgs, jobs := in.count("messages"), in.count("jobs")
			for i := 0; i < 5; i++ {
				if code, _ := post(t, hook, body, map[string]string{"Content-Type": "application/json", "X-Hub-Signature-256": metaSign(appSecret, body)}); code != 200 {
					t.Fatalf("replay %d: %d", i, code)
				}
			}
			time.Sleep(500 * time.Millisecond)
			if n := len(graph.Calls()); n != 1 {
				t.Fatalf("replays caused %d send calls, want 1", n)
			}
			if in.count("messages") != msgs || in.count("jobs") != jobs {
				t.Fatalf("replays stored new rows")
			}

			// Forged and missing signatures: rejected, nothing stored.
			forged := messengerBody("mid.e2e.forged", "I have a fever")
			for _, sig := range []string{metaSign("not-the-secret", forged), "", "sha256=00", "sha1=" + strings.Repeat("0", 40)} {
				code, _ := post(t, hook, forged, map[string]string{"Content-Type": "application/json", "X-Hub-Signature-256": sig})
				if code != http.StatusUnauthorized && code != http.StatusForbidden {
					t.Fatalf("forged signature %q answered %d", sig, code)
				}
			}
			if in.count("messages") != msgs {
				t.Fatalf("a forged webhook was stored")
			}

			// Readiness, then the data rules.
			resp, _ = http.Get(in.PublicURL + "/readyz")
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("readyz %d", resp.StatusCode)
			}
			var redacted string
			if err := in.db().Table("messages").Select("redacted_text").Where("platform_msg_id = ?", "mid.e2e.1").Row().Scan(&redacted); err != nil {
				t.Fatalf("read stored message: %v", err)
			}
			if redacted == "" || strings.Contains(redacted, "lisinopril") {
				t.Fatalf("stored redacted text %q", redacted)
			}
			resp, err = http.Get(in.AdminURL + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			metricsText, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, series := range []string{`ferry_link_events_total{outcome="redeemed"} 1`, `ferry_delivery_attempts_total{outcome="sent",platform="messenger"} 1`,
				`ferry_webhook_requests_total{outcome="bad_signature",platform="messenger"} 4`} {
				if !strings.Contains(string(metricsText), series) {
					t.Errorf("metrics lack %s", series)
				}
			}
			in.stop()
			in.assertNoLeak("chest", "lisinopril", "704-555-0182", patientPSID)
		})
	}
}
