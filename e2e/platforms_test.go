package e2e

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/store/storetest"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

// platformCase describes one platform's wire contract for the end-to-end flow.
type platformCase struct {
	name string
	// message builds a patient message delivery with id n.
	message func(n int, text string) []byte
	// quiet builds a delivery that must never be answered (echo, status, group, STOP).
	quiet       func(n int) []byte
	contentType string
	// sign returns the signature headers for a body.
	sign func(t *testing.T, vs *devvault.Server, in *instance, body []byte) map[string]string
	// forge returns wrong signature headers.
	forge func(body []byte) map[string]string
	// sendPath is the path the send API must be called on.
	sendPath func(t *testing.T, vs *devvault.Server) string
	answer   func(w http.ResponseWriter, r *http.Request, body []byte)
	// replyText pulls the reply text out of a send-API call.
	replyText func(t *testing.T, c apiCall) string
	env       string // FERRY_<X>_API_BASE
	basePath  string // version prefix put into the API base
}

const (
	e2eXSender = "3000000042" // X user ids are numeric
	e2eSender  = "SENDER-5550182-e2e"
	e2eAccount = "900000000000000077" // numeric: X requires it, others accept it
	e2eText    = "my daughter's asthma is worse since she ran out of albuterol, call 415-555-0137"
)

func metaHeaders(t *testing.T, vs *devvault.Server, platform string, body []byte) map[string]string {
	return map[string]string{"X-Hub-Signature-256": metaSign(secret(t, vs, platform, "app_secret"), body)}
}

func jsonText(field ...string) func(t *testing.T, c apiCall) string {
	return func(t *testing.T, c apiCall) string {
		var m any
		if err := json.Unmarshal(c.Body, &m); err != nil {
			t.Fatalf("send body is not JSON: %v", err)
		}
		for _, f := range field {
			mm, ok := m.(map[string]any)
			if !ok {
				t.Fatalf("send body lacks %v: %s", field, c.Body)
			}
			m = mm[f]
		}
		s, _ := m.(string)
		return s
	}
}

func metaPage(object string) func(n int, text string) []byte {
	return func(n int, text string) []byte {
		return []byte(fmt.Sprintf(`{"object":%q,"entry":[{"id":%q,"time":1764230400000,"messaging":[{"sender":{"id":%q},"recipient":{"id":%q},"timestamp":1764230400000,"message":{"mid":"mid.%d","text":%q}}]}]}`,
			object, e2eAccount, e2eSender, e2eAccount, n, text))
	}
}

func metaEcho(object string) func(n int) []byte {
	return func(n int) []byte {
		return []byte(fmt.Sprintf(`{"object":%q,"entry":[{"id":%q,"time":1764230400000,"messaging":[{"sender":{"id":%q},"recipient":{"id":%q},"timestamp":1764230400000,"message":{"mid":"mid.echo.%d","is_echo":true,"app_id":1517776481860111,"text":"Thanks"}}]}]}`,
			object, e2eAccount, e2eAccount, e2eSender, n))
	}
}

func graphAnswer(w http.ResponseWriter, r *http.Request, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"recipient_id":%q,"message_id":"m_%d"}`, e2eSender, time.Now().UnixNano())
}

func twilioSignature(token, u string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(u)
	for _, k := range keys {
		for _, v := range form[k] {
			b.WriteString(k + v)
		}
	}
	m := hmac.New(sha1.New, []byte(token))
	m.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

var platformCases = []platformCase{
	{
		name: "instagram", message: metaPage("instagram"), quiet: metaEcho("instagram"), contentType: "application/json",
		sign: func(t *testing.T, vs *devvault.Server, _ *instance, b []byte) map[string]string {
			return metaHeaders(t, vs, "instagram", b)
		},
		forge: func(b []byte) map[string]string {
			return map[string]string{"X-Hub-Signature-256": metaSign("forged", b)}
		},
		sendPath:  func(*testing.T, *devvault.Server) string { return "/v21.0/me/messages" },
		answer:    graphAnswer,
		replyText: jsonText("message", "text"), env: "FERRY_INSTAGRAM_API_BASE", basePath: "/v21.0",
	},
	{
		name: "whatsapp", contentType: "application/json",
		message: func(n int, text string) []byte {
			return []byte(fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"WABA-1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"PNID-42"},"contacts":[{"profile":{"name":"Ana"},"wa_id":%q}],"messages":[{"from":%q,"id":"wamid.%d","timestamp":"1764230400","type":"text","text":{"body":%q}}]}}]}]}`,
				e2eSender, e2eSender, n, text))
		},
		quiet: func(n int) []byte {
			return []byte(fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"WABA-1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"PNID-42"},"statuses":[{"id":"wamid.out.%d","status":"delivered","timestamp":"1764230401","recipient_id":%q}]}}]}]}`, n, e2eSender))
		},
		sign: func(t *testing.T, vs *devvault.Server, _ *instance, b []byte) map[string]string {
			return metaHeaders(t, vs, "whatsapp", b)
		},
		forge: func(b []byte) map[string]string {
			return map[string]string{"X-Hub-Signature-256": metaSign("forged", b)}
		},
		sendPath: func(*testing.T, *devvault.Server) string { return "/v21.0/PNID-42/messages" },
		answer: func(w http.ResponseWriter, r *http.Request, body []byte) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":%q,"wa_id":%q}],"messages":[{"id":"wamid.out.%d"}]}`, e2eSender, e2eSender, time.Now().UnixNano())
		},
		replyText: jsonText("text", "body"), env: "FERRY_WHATSAPP_API_BASE", basePath: "/v21.0",
	},
	{
		name: "x", contentType: "application/json",
		message: func(n int, text string) []byte {
			return []byte(fmt.Sprintf(`{"for_user_id":%q,"direct_message_events":[{"type":"message_create","id":"%d","created_timestamp":"1764230400000","message_create":{"target":{"recipient_id":%q},"sender_id":%q,"message_data":{"text":%q,"entities":{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}}}}]}`,
				e2eAccount, 9000+n, e2eAccount, e2eXSender, text))
		},
		quiet: func(n int) []byte {
			return []byte(fmt.Sprintf(`{"for_user_id":%q,"direct_message_events":[{"type":"message_create","id":"%d","created_timestamp":"1764230400000","message_create":{"target":{"recipient_id":%q},"sender_id":%q,"message_data":{"text":"Thanks"}}}]}`,
				e2eAccount, 8000+n, e2eXSender, e2eAccount))
		},
		sign: func(t *testing.T, vs *devvault.Server, _ *instance, b []byte) map[string]string {
			m := hmac.New(sha256.New, []byte(secret(t, vs, "x", "consumer_secret")))
			m.Write(b)
			return map[string]string{"x-twitter-webhooks-signature": "sha256=" + base64.StdEncoding.EncodeToString(m.Sum(nil))}
		},
		forge: func(b []byte) map[string]string {
			return map[string]string{"x-twitter-webhooks-signature": "sha256=" + base64.StdEncoding.EncodeToString(make([]byte, 32))}
		},
		sendPath: func(*testing.T, *devvault.Server) string {
			return "/2/dm_conversations/with/" + e2eXSender + "/messages"
		},
		answer: func(w http.ResponseWriter, r *http.Request, body []byte) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"data":{"dm_conversation_id":"1-2","dm_event_id":"%d"}}`, time.Now().UnixNano())
		},
		replyText: jsonText("text"), env: "FERRY_X_API_BASE",
	},
	{
		name: "telegram", contentType: "application/json",
		message: func(n int, text string) []byte {
			return []byte(fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":5550182,"is_bot":false,"first_name":"Ana","language_code":"en"},"chat":{"id":5550182,"first_name":"Ana","type":"private"},"date":1764230400,"text":%q}}`, 70000+n, n, text))
		},
		quiet: func(n int) []byte {
			return []byte(fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":5550183,"is_bot":false,"first_name":"Bo"},"chat":{"id":-100123,"title":"Parents","type":"group"},"date":1764230400,"text":"hi all"}}`, 60000+n, n))
		},
		sign: func(t *testing.T, vs *devvault.Server, _ *instance, _ []byte) map[string]string {
			return map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret(t, vs, "telegram", "secret_token")}
		},
		forge: func([]byte) map[string]string { return map[string]string{"X-Telegram-Bot-Api-Secret-Token": "guess"} },
		sendPath: func(t *testing.T, vs *devvault.Server) string {
			return "/bot" + secret(t, vs, "telegram", "bot_token") + "/sendMessage"
		},
		answer: func(w http.ResponseWriter, r *http.Request, body []byte) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"date":1764230401,"chat":{"id":5550182,"type":"private"},"text":"ok"}}`, time.Now().Unix()%100000)
		},
		replyText: jsonText("text"), env: "FERRY_TELEGRAM_API_BASE",
	},
	{
		name: "twilio", contentType: "application/x-www-form-urlencoded",
		message: func(n int, text string) []byte {
			return []byte(url.Values{"MessageSid": {fmt.Sprintf("SM%032d", n)}, "AccountSid": {"AC00"}, "From": {"+14155550137"},
				"To": {"+15550001111"}, "Body": {text}, "NumMedia": {"0"}}.Encode())
		},
		quiet: func(n int) []byte {
			return []byte(url.Values{"MessageSid": {fmt.Sprintf("SM9%031d", n)}, "AccountSid": {"AC00"}, "From": {"+14155550137"},
				"To": {"+15550001111"}, "Body": {"STOP"}, "NumMedia": {"0"}}.Encode())
		},
		sign: func(t *testing.T, vs *devvault.Server, in *instance, b []byte) map[string]string {
			form, _ := url.ParseQuery(string(b))
			return map[string]string{"X-Twilio-Signature": twilioSignature(secret(t, vs, "twilio", "auth_token"), in.PublicURL+"/webhooks/twilio", form)}
		},
		forge: func(b []byte) map[string]string {
			return map[string]string{"X-Twilio-Signature": base64.StdEncoding.EncodeToString(make([]byte, 20))}
		},
		sendPath: func(t *testing.T, vs *devvault.Server) string {
			return "/2010-04-01/Accounts/" + secret(t, vs, "twilio", "account_sid") + "/Messages.json"
		},
		answer: func(w http.ResponseWriter, r *http.Request, body []byte) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"sid":"SM%032d","status":"queued"}`, time.Now().UnixNano()%1e9)
		},
		replyText: func(t *testing.T, c apiCall) string {
			form, err := url.ParseQuery(string(c.Body))
			if err != nil {
				t.Fatal(err)
			}
			return form.Get("Body")
		},
		env: "FERRY_TWILIO_API_BASE",
	},
}

// TestEveryPlatformEndToEnd runs issue 5's flow for each platform through one binary.
func TestEveryPlatformEndToEnd(t *testing.T) {
	vs := devvault.StartT(t)
	apis := map[string]*sendAPI{}
	var env []string
	for _, pc := range platformCases {
		apis[pc.name] = newSendAPI(t, pc.answer)
		env = append(env, pc.env+"="+apis[pc.name].URL+pc.basePath)
	}
	in := start(t, vs, storetest.DSN(t, "sqlite"), env...)

	resp, err := http.Post(in.PublicURL+"/webhooks/myspace", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown platform answered %d", resp.StatusCode)
	}

	for _, pc := range platformCases {
		t.Run(pc.name, func(t *testing.T) {
			api := apis[pc.name]
			hook := in.PublicURL + "/webhooks/" + pc.name
			headers := func(sig map[string]string) map[string]string {
				h := map[string]string{"Content-Type": pc.contentType}
				for k, v := range sig {
					h[k] = v
				}
				return h
			}
			body := pc.message(1, e2eText)
			if code, msg := post(t, hook, body, headers(pc.sign(t, vs, in, body))); code != 200 {
				t.Fatalf("signed webhook: %d %s\n%s", code, msg, in.logs.String())
			}
			calls := api.waitCalls(t, 1, 15*time.Second)
			if calls[0].Path != pc.sendPath(t, vs) {
				t.Fatalf("send API path %q, want %q", calls[0].Path, pc.sendPath(t, vs))
			}
			text := pc.replyText(t, calls[0])
			token := linkIn(t, in.PublicURL, text)
			verifyWithJWKS(t, in.PublicURL, token)
			for _, leak := range []string{"asthma", "albuterol", "415-555-0137"} {
				if strings.Contains(text, leak) {
					t.Fatalf("reply quotes the patient: %q", text)
				}
			}
			// Five replays: no new record, no new reply.
			before := in.count("messages")
			for i := 0; i < 5; i++ {
				if code, _ := post(t, hook, body, headers(pc.sign(t, vs, in, body))); code != 200 {
					t.Fatalf("replay %d answered %d", i, code)
				}
			}
			// Forged signature: rejected, nothing stored.
			forged := pc.message(2, "I think I broke my wrist")
			if code, _ := post(t, hook, forged, headers(pc.forge(forged))); code != http.StatusUnauthorized && code != http.StatusForbidden {
				t.Fatalf("forged signature answered %d", code)
			}
			if code, _ := post(t, hook, forged, map[string]string{"Content-Type": pc.contentType}); code != http.StatusUnauthorized && code != http.StatusForbidden {
				t.Fatalf("missing signature answered %d", code)
			}
			if n := in.count("messages"); n != before {
				t.Fatalf("replays or forgeries stored rows: %d -> %d", before, n)
			}
			// An event that is never answered (echo, status, group chat, STOP).
			quiet := pc.quiet(3)
			if code, msg := post(t, hook, quiet, headers(pc.sign(t, vs, in, quiet))); code != 200 {
				t.Fatalf("quiet event answered %d %s", code, msg)
			}
			time.Sleep(700 * time.Millisecond)
			if n := len(api.Calls()); n != 1 {
				t.Fatalf("%d send calls, want exactly 1", n)
			}
		})
	}
	in.stop()
	in.assertNoLeak("asthma", "albuterol", "415-555-0137", "broke my wrist", e2eSender, e2eXSender, "+14155550137")
}
