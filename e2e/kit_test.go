package e2e

// Helpers (kit) shared by the reliability, security, leak and metrics tests: signed deliveries
// for all six platforms (each signed as the platform signs, with the dev secrets of the
// test Vault), and one send-API stand-in that answers every platform like the platform,
// counts what it delivered per recipient, and can hold, fail or refuse calls on demand.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors/meta"
	"github.com/ferryhealth/ferry/connectors/twilio"
	"github.com/ferryhealth/ferry/connectors/x"
	"github.com/ferryhealth/ferry/secrets/devvault"
	"gorm.io/gorm"
)

var allPlatforms = []string{"messenger", "instagram", "whatsapp", "x", "telegram", "twilio"}

const (
	igAccount   = "17841400000000042"
	waAccount   = "102290129340398"
	waPhoneID   = "106540352242942"
	xAccount    = "900000000000000042"
	twilioOwnNo = "+15550100100"
)

// senderID is the platform id of test patient s on platform p.
func senderID(p string, s int) string {
	switch p {
	case "messenger":
		return fmt.Sprintf("PSID-%d", 70000+s)
	case "instagram":
		return fmt.Sprintf("IGSID-%d", 50000+s)
	case "whatsapp":
		return fmt.Sprintf("1650555%04d", s%10000)
	case "x":
		return fmt.Sprintf("30000%04d", s%10000)
	case "telegram":
		return fmt.Sprintf("51%07d", s)
	case "twilio":
		return fmt.Sprintf("+1555020%04d", s%10000)
	}
	panic(p)
}

// platformMsgID is the id Ferry stores for delivery n on platform p.
func platformMsgID(p string, n int) string {
	switch p {
	case "messenger":
		return fmt.Sprintf("m_e2e_%d", n)
	case "instagram":
		return fmt.Sprintf("ig_e2e_%d", n)
	case "whatsapp":
		return fmt.Sprintf("wamid.E2E%d", n)
	case "x":
		return fmt.Sprintf("17%016d", n)
	case "telegram":
		return fmt.Sprintf("update:%d", 800000000+n)
	case "twilio":
		return fmt.Sprintf("SM%032x", n)
	}
	panic(p)
}

// platformKit signs deliveries for one running instance.
type platformKit struct {
	publicURL string
	sec       map[string]map[string]string
}

func newPlatformKit(t *testing.T, vs *devvault.Server, publicURL string) *platformKit {
	t.Helper()
	k := &platformKit{publicURL: publicURL, sec: map[string]map[string]string{}}
	for _, p := range allPlatforms {
		fields := map[string][]string{"x": {"consumer_secret"}, "telegram": {"secret_token", "bot_token"}, "twilio": {"auth_token", "account_sid"}}[p]
		if fields == nil {
			fields = []string{"app_secret"}
		}
		k.sec[p] = map[string]string{}
		for _, f := range fields {
			k.sec[p][f] = secret(t, vs, p, f)
		}
	}
	return k
}

// delivery is one webhook request.
type delivery struct {
	Platform string
	URL      string
	Body     []byte
	Header   map[string]string
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// body builds delivery n (unique per test) from patient s with text, unsigned.
func (k *platformKit) body(p string, n, s int, text string) []byte {
	ts := time.Now()
	switch p {
	case "messenger", "instagram":
		obj, acct := "page", pageID
		if p == "instagram" {
			obj, acct = "instagram", igAccount
		}
		return []byte(fmt.Sprintf(`{"object":%q,"entry":[{"id":%q,"time":%d,"messaging":[{"sender":{"id":%q},"recipient":{"id":%q},"timestamp":%d,"message":{"mid":%q,"text":%s}}]}]}`,
			obj, acct, ts.UnixMilli(), senderID(p, s), acct, ts.UnixMilli(), platformMsgID(p, n), jsonString(text)))
	case "whatsapp":
		return []byte(fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":%q,"changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":%q},"contacts":[{"profile":{"name":"Test Patient"},"wa_id":%q}],"messages":[{"from":%q,"id":%q,"timestamp":"%d","type":"text","text":{"body":%s}}]},"field":"messages"}]}]}`,
			waAccount, waPhoneID, senderID(p, s), senderID(p, s), platformMsgID(p, n), ts.Unix(), jsonString(text)))
	case "x":
		return []byte(fmt.Sprintf(`{"for_user_id":%q,"direct_message_events":[{"type":"message_create","id":%q,"created_timestamp":"%d","message_create":{"target":{"recipient_id":%q},"sender_id":%q,"message_data":{"text":%s,"entities":{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}}}}]}`,
			xAccount, platformMsgID(p, n), ts.UnixMilli(), xAccount, senderID(p, s), jsonString(text)))
	case "telegram":
		return []byte(fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":%s,"is_bot":false,"first_name":"Test","language_code":"en"},"chat":{"id":%s,"first_name":"Test","type":"private"},"date":%d,"text":%s}}`,
			800000000+n, n, senderID(p, s), senderID(p, s), ts.Unix(), jsonString(text)))
	case "twilio":
		v := url.Values{}
		sid := platformMsgID(p, n)
		v.Set("MessageSid", sid)
		v.Set("SmsMessageSid", sid)
		v.Set("SmsSid", sid)
		v.Set("AccountSid", k.sec[p]["account_sid"])
		v.Set("From", senderID(p, s))
		v.Set("To", twilioOwnNo)
		v.Set("Body", text)
		v.Set("NumMedia", "0")
		v.Set("SmsStatus", "received")
		v.Set("ApiVersion", "2010-04-01")
		return []byte(v.Encode())
	}
	panic(p)
}

// sign returns the headers the platform would send with body.
func (k *platformKit) sign(p string, body []byte) map[string]string {
	switch p {
	case "messenger", "instagram", "whatsapp":
		return map[string]string{"Content-Type": "application/json", meta.SignatureHeader: meta.Signature(k.sec[p]["app_secret"], body)}
	case "x":
		return map[string]string{"Content-Type": "application/json", x.SignatureHeader: x.Signature(k.sec[p]["consumer_secret"], body)}
	case "telegram":
		return map[string]string{"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": k.sec[p]["secret_token"]}
	case "twilio":
		params, _ := url.ParseQuery(string(body))
		return map[string]string{"Content-Type": "application/x-www-form-urlencoded",
			twilio.SignatureHeader: twilio.Signature(k.sec[p]["auth_token"], k.publicURL+"/webhooks/twilio", params)}
	}
	panic(p)
}

// signatureHeader names the header that carries platform p's signature.
func signatureHeader(p string) string {
	switch p {
	case "x":
		return x.SignatureHeader
	case "telegram":
		return "X-Telegram-Bot-Api-Secret-Token"
	case "twilio":
		return twilio.SignatureHeader
	}
	return meta.SignatureHeader
}

// delivery returns delivery n from patient s, signed.
func (k *platformKit) delivery(p string, n, s int, text string) delivery {
	b := k.body(p, n, s, text)
	return delivery{Platform: p, URL: k.publicURL + "/webhooks/" + p, Body: b, Header: k.sign(p, b)}
}

// platformSink is the send API of every platform. Base URLs are {URL}/{platform}.
type platformSink struct {
	*sendAPI
	mu        sync.Mutex
	delivered map[string]int // platform|recipient -> replies answered with success
	texts     []string       // every reply text delivered
	n         int
	holding   bool
	release   chan struct{}
	// fail, when set, may answer a call instead of the default success (n counts calls).
	fail func(platform, recipient string, n int, w http.ResponseWriter) bool
}

func newPlatformSink(t *testing.T) *platformSink {
	ps := &platformSink{delivered: map[string]int{}, release: make(chan struct{})}
	ps.sendAPI = newSendAPI(t, ps.answer)
	return ps
}

// env points every platform's send API at the sink.
func (ps *platformSink) env() []string {
	var out []string
	for _, p := range allPlatforms {
		base := ps.URL + "/" + p
		if p == "messenger" || p == "instagram" || p == "whatsapp" {
			base += "/v21.0"
		}
		out = append(out, fmt.Sprintf("FERRY_%s_API_BASE=%s", strings.ToUpper(p), base))
	}
	return out
}

// hold makes calls wait until resume; a call whose client goes away meanwhile is not
// delivered.
func (ps *platformSink) hold() {
	ps.mu.Lock()
	ps.holding = true
	ps.release = make(chan struct{})
	ps.mu.Unlock()
}

func (ps *platformSink) resume() {
	ps.mu.Lock()
	if ps.holding {
		ps.holding = false
		close(ps.release)
	}
	ps.mu.Unlock()
}

func recipientOf(p string, r *http.Request, body []byte) string {
	switch p {
	case "x":
		rest, _ := strings.CutPrefix(r.URL.Path, "/x/2/dm_conversations/with/")
		id, _, _ := strings.Cut(rest, "/")
		return id
	case "twilio":
		v, _ := url.ParseQuery(string(body))
		return v.Get("To")
	}
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.UseNumber()
	d.Decode(&m)
	switch p {
	case "messenger", "instagram":
		if r, ok := m["recipient"].(map[string]any); ok {
			s, _ := r["id"].(string)
			return s
		}
	case "whatsapp":
		s, _ := m["to"].(string)
		if s == "" {
			s, _ = m["recipient"].(string)
		}
		return s
	case "telegram":
		return fmt.Sprint(m["chat_id"])
	}
	return ""
}

func replyTextOf(p string, body []byte) string {
	if p == "twilio" {
		v, _ := url.ParseQuery(string(body))
		return v.Get("Body")
	}
	return string(body) // JSON: the text (and any button URL) is in it
}

func (ps *platformSink) answer(w http.ResponseWriter, r *http.Request, body []byte) {
	p, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	rcpt := recipientOf(p, r, body)
	ps.mu.Lock()
	ps.n++
	n := ps.n
	holding, release := ps.holding, ps.release
	fail := ps.fail
	ps.mu.Unlock()
	if holding {
		select {
		case <-release:
		case <-r.Context().Done():
			return // the caller died: nothing was delivered
		}
	}
	if fail != nil && fail(p, rcpt, n, w) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch p {
	case "messenger", "instagram":
		fmt.Fprintf(w, `{"recipient_id":%q,"message_id":"m_reply_%d"}`, rcpt, n)
	case "whatsapp":
		fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":%q,"wa_id":%q}],"messages":[{"id":"wamid.reply%d"}]}`, rcpt, rcpt, n)
	case "x":
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"data":{"dm_conversation_id":"c%d","dm_event_id":"%d"}}`, n, 1000+n)
	case "telegram":
		fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"date":%d,"chat":{"id":%s,"type":"private"}}}`, n, time.Now().Unix(), rcpt)
	case "twilio":
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"sid":"SM%032d","status":"queued"}`, n)
	default:
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if r.Context().Err() != nil {
		return
	}
	ps.mu.Lock()
	ps.delivered[p+"|"+rcpt]++
	ps.texts = append(ps.texts, replyTextOf(p, body))
	ps.mu.Unlock()
}

// deliveredTo returns how many replies patient s on platform p got.
func (ps *platformSink) deliveredTo(p string, s int) int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.delivered[p+"|"+senderID(p, s)]
}

func (ps *platformSink) totalDelivered() int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	n := 0
	for _, v := range ps.delivered {
		n += v
	}
	return n
}

func (ps *platformSink) replyTexts() []string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return append([]string(nil), ps.texts...)
}

// waitDelivered waits until at least n replies were delivered.
func (ps *platformSink) waitDelivered(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if ps.totalDelivered() >= n {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%d replies delivered, want %d", ps.totalDelivered(), n)
}

// startAll runs ferry with every platform's send API pointed at sink.
func startAll(t *testing.T, vs *devvault.Server, dsn string, sink *platformSink, env ...string) *instance {
	t.Helper()
	return start(t, vs, dsn, append(sink.env(), env...)...)
}

// send posts a delivery and returns the status (0 when the connection failed).
func send(d delivery) int {
	req, _ := http.NewRequest(http.MethodPost, d.URL, strings.NewReader(string(d.Body)))
	for k, v := range d.Header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitFor polls cond until it holds or within passes.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s", within, what)
}

// jobStates counts jobs by state.
func (in *instance) jobStates() map[string]int64 {
	var rows []struct {
		State string
		N     int64
	}
	in.sdb().Table("jobs").Select("state, count(*) AS n").Group("state").Scan(&rows)
	out := map[string]int64{}
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out
}

// auditCount counts audit events of a kind.
func (in *instance) auditCount(kind string) int64 {
	var n int64
	in.sdb().Table("audit_events").Where("kind = ?", kind).Count(&n)
	return n
}

var dbCache sync.Map // *instance -> *gorm.DB

// sdb is one shared database handle per instance (in.db opens a new pool per call).
func (in *instance) sdb() *gorm.DB {
	if db, ok := dbCache.Load(in); ok {
		return db.(*gorm.DB)
	}
	db := in.db()
	dbCache.Store(in, db)
	in.t.Cleanup(func() { dbCache.Delete(in) })
	return db
}

// rows counts rows of a table matching where.
func (in *instance) rows(table string, where string, args ...any) int64 {
	var n int64
	q := in.sdb().Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	if err := q.Count(&n).Error; err != nil {
		in.t.Fatal(err)
	}
	return n
}
