// Package twilio is the Twilio Programmable Messaging (SMS) connector: form webhooks in,
// the Messages REST API out.
package twilio

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ferryhealth/ferry/connectors"
)

// Platform is the name used in routes, Vault paths and the database.
const Platform = "twilio"

// DefaultAPIBase is the REST API's scheme and host.
const DefaultAPIBase = "https://api.twilio.com"

// MaxChars is the Messages API body limit; MaxSegments the segments it may be split into.
const (
	MaxChars    = 1600
	MaxSegments = 10
)

// SignatureHeader carries base64(HMAC-SHA1(auth token, URL + sorted params)).
const SignatureHeader = "X-Twilio-Signature"

// Vault keys of secret/ferry/platforms/twilio.
const (
	KeyAccountSID = "account_sid"
	KeyAuthToken  = "auth_token"
)

// Settings keys (all optional).
const (
	// SettingFrom is the sender number used when a reply has no AccountID.
	SettingFrom = "from"
	// SettingMessagingService is a Messaging Service SID used when a reply has no AccountID.
	SettingMessagingService = "messaging_service_sid"
	// SettingOwnNumbers lists further numbers of ours, comma-separated, for echo detection.
	SettingOwnNumbers = "own_numbers"
	// SettingStatusCallback is sent as StatusCallback so delivery statuses come back.
	SettingStatusCallback = "status_callback"
)

const maxResponseBytes = 1 << 20

// Ack is empty TwiML: no reply in the webhook answer (replies go through the REST API).
var ackBody = []byte(`<?xml version="1.0" encoding="UTF-8"?><Response/>`)

func init() { connectors.Register(Platform, New) }

// Connector implements connectors.Connector for Twilio SMS.
type Connector struct {
	base       string
	client     *http.Client
	from       string
	service    string
	callback   string
	ownNumbers map[string]bool
	now        func() time.Time
}

// New builds the Twilio connector.
func New(opts connectors.Options) connectors.Connector {
	base := strings.TrimRight(opts.APIBase, "/")
	if base == "" {
		base = DefaultAPIBase
	}
	client := opts.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	c := &Connector{
		base:       base,
		client:     client,
		from:       strings.TrimSpace(opts.Settings[SettingFrom]),
		service:    strings.TrimSpace(opts.Settings[SettingMessagingService]),
		callback:   strings.TrimSpace(opts.Settings[SettingStatusCallback]),
		ownNumbers: map[string]bool{},
		now:        time.Now,
	}
	for _, n := range append([]string{c.from}, strings.Split(opts.Settings[SettingOwnNumbers], ",")...) {
		if n = normNumber(n); n != "" {
			c.ownNumbers[n] = true
		}
	}
	return c
}

// Platform returns "twilio".
func (c *Connector) Platform() string { return Platform }

// Limits returns the SMS rules: 1600 characters in at most 10 GSM-7/UCS-2 segments.
func (c *Connector) Limits() connectors.Limits {
	return connectors.Limits{MaxChars: MaxChars, Unit: "sms", MaxSegments: MaxSegments}
}

// Ack returns 200 text/xml with an empty <Response/>.
func (c *Connector) Ack() *connectors.Response {
	return &connectors.Response{Status: http.StatusOK, ContentType: "text/xml", Body: append([]byte(nil), ackBody...)}
}

var (
	errNoSecret  = fmt.Errorf("twilio: %w", connectors.ErrNotConfigured)
	errSignature = fmt.Errorf("twilio: %w", connectors.ErrBadSignature)
	errMalformed = fmt.Errorf("twilio: %w", connectors.ErrMalformed)
	errHandshake = fmt.Errorf("twilio: %w", connectors.ErrNoHandshake)
)

// Handshake: Twilio has none.
func (c *Connector) Handshake(context.Context, *connectors.Request, connectors.Secret) (*connectors.Response, error) {
	return nil, errHandshake
}

// Signature computes X-Twilio-Signature for a URL and form parameters: the URL, then each
// key in sorted order followed by its value(s) in the order received.
func Signature(authToken, rawURL string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(rawURL)
	for _, k := range keys {
		for _, v := range params[k] {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	return sign(authToken, b.String())
}

func sign(key, data string) string {
	m := hmac.New(sha1.New, []byte(key))
	m.Write([]byte(data))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Verify checks X-Twilio-Signature against the public URL (req.URL, never the Host header)
// and the form parameters, with and without the default port as Twilio's own validators do.
// A JSON body is signed through the bodySHA256 query parameter instead.
func (c *Connector) Verify(_ context.Context, req *connectors.Request, sec connectors.Secret) error {
	token := sec[KeyAuthToken]
	if token == "" {
		return errNoSecret
	}
	if req == nil || req.URL == "" {
		return errSignature
	}
	got := req.HeaderValue(SignatureHeader)
	if got == "" {
		return errSignature
	}
	raw, u, err := signedURL(req)
	if err != nil {
		return errSignature
	}
	var params url.Values
	if bodyHash := u.Query().Get("bodySHA256"); bodyHash != "" {
		sum := sha256.Sum256(req.Body)
		if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(strings.ToLower(bodyHash))) != 1 {
			return errSignature
		}
	} else if !isGet(req) {
		if params, err = url.ParseQuery(string(req.Body)); err != nil {
			return errSignature
		}
	}
	cands := urlVariants(raw, u)
	ok := false
	for _, cand := range cands {
		for _, want := range signatures(token, cand, params) {
			// every candidate is compared, so timing says nothing about which matched
			if subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 {
				ok = true
			}
		}
	}
	if !ok {
		return errSignature
	}
	return nil
}

// signedURL is the URL Twilio signed: req.URL, with the query string the request arrived
// with when req.URL carries none (the gateway passes the public URL and the parsed query
// separately; Encode sorts the keys, so an unsorted configured query cannot be rebuilt).
func signedURL(req *connectors.Request) (string, *url.URL, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return "", nil, err
	}
	if u.RawQuery == "" && !u.ForceQuery && len(req.Query) > 0 {
		u.RawQuery = req.Query.Encode()
		return u.String(), u, nil
	}
	return req.URL, u, nil
}

func isGet(req *connectors.Request) bool { return strings.EqualFold(req.Method, http.MethodGet) }

// signatures returns the signature over the canonical order (keys sorted, values in order)
// and, where they differ, over the orders other validators use (twilio-go sorts key+value
// strings; twilio-python sorts repeated values).
func signatures(token, rawURL string, params url.Values) []string {
	out := []string{Signature(token, rawURL, params)}
	if len(params) == 0 {
		return out
	}
	var pairs []string
	repeated := false
	for k, vs := range params {
		repeated = repeated || len(vs) > 1
		for _, v := range vs {
			pairs = append(pairs, k+v)
		}
	}
	sort.Strings(pairs)
	if s := sign(token, rawURL+strings.Join(pairs, "")); s != out[0] {
		out = append(out, s)
	}
	if repeated {
		sorted := url.Values{}
		for k, vs := range params {
			vv := append([]string(nil), vs...)
			sort.Strings(vv)
			sorted[k] = vv
		}
		out = append(out, Signature(token, rawURL, sorted))
	}
	return out
}

// urlVariants returns the URL as configured, with the scheme's default port added, and with
// any port removed.
func urlVariants(raw string, u *url.URL) []string {
	out := []string{raw}
	seen := map[string]bool{raw: true}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if u.Host == "" {
		return out
	}
	host := u.Hostname()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if u.Port() == "" {
		port := "443"
		if u.Scheme == "http" {
			port = "80"
		}
		v := *u
		v.Host = host + ":" + port
		add(v.String())
	} else {
		v := *u
		v.Host = host
		add(v.String())
	}
	return out
}

// Opt-out keywords Twilio handles itself on long codes (whole body, any case).
var keywords = map[string]connectors.Kind{
	"STOP": connectors.KindOptOut, "STOPALL": connectors.KindOptOut, "UNSUBSCRIBE": connectors.KindOptOut,
	"CANCEL": connectors.KindOptOut, "END": connectors.KindOptOut, "QUIT": connectors.KindOptOut,
	"START": connectors.KindOptIn, "YES": connectors.KindOptIn, "UNSTOP": connectors.KindOptIn,
	"HELP": connectors.KindHelp, "INFO": connectors.KindHelp,
}

// Advanced Opt-Out sends OptOutType with the matched keyword's class.
var optOutTypes = map[string]connectors.Kind{
	"STOP": connectors.KindOptOut, "START": connectors.KindOptIn, "HELP": connectors.KindHelp,
}

// statuses maps MessageStatus to the gateway's status words.
var statuses = map[string]string{
	"accepted": "queued", "scheduled": "queued", "queued": "queued", "sending": "queued",
	"sent": "sent", "delivered": "delivered", "read": "read",
	"undelivered": "failed", "failed": "failed", "canceled": "failed",
	"receiving": "received", "received": "received", "partially_delivered": "delivered",
}

// Parse reads one webhook: an incoming message or a status callback.
//
// https://www.twilio.com/docs/messaging/guides/webhook-request
//
//	ToCountry=US&SmsMessageSid=SM...&NumMedia=0&SmsSid=SM...&SmsStatus=received&Body=Msg
//	&To=%2B12028831111&NumSegments=1&MessageSid=SM...&AccountSid=AC...&From=%2B14133881111&ApiVersion=2010-04-01
func (c *Connector) Parse(req *connectors.Request) ([]connectors.Inbound, error) {
	if req == nil {
		return nil, errMalformed
	}
	p, err := c.params(req)
	if err != nil {
		return nil, errMalformed
	}
	sid := first(p, "MessageSid", "SmsMessageSid", "SmsSid")
	if !isSID(sid) {
		return nil, errMalformed
	}
	from, to := strings.TrimSpace(p.Get("From")), strings.TrimSpace(p.Get("To"))
	in := connectors.Inbound{Platform: Platform, MessageID: sid, Time: c.now().UTC()}

	if st := p.Get("MessageStatus"); st != "" && !p.Has("Body") {
		status, ok := statuses[strings.ToLower(st)]
		if !ok {
			status = "unknown"
		}
		in.Kind, in.Status, in.RefID = connectors.KindStatus, status, sid
		in.MessageID = sid + ":" + status
		in.AccountID, in.SenderID = from, to // a status is about our message to the patient
		if code := p.Get("ErrorCode"); isDigits(code) {
			in.StatusCode = code
		}
		return []connectors.Inbound{in}, nil
	}

	if from == "" || to == "" {
		return nil, errMalformed
	}
	in.AccountID, in.SenderID = to, from
	if normNumber(from) == normNumber(to) || c.ownNumbers[normNumber(from)] {
		in.Kind, in.RefID = connectors.KindEcho, sid
		in.AccountID, in.SenderID = from, to
		return []connectors.Inbound{in}, nil
	}
	in.Text = p.Get("Body")
	numMedia, _ := strconv.Atoi(p.Get("NumMedia"))
	switch {
	case optOutTypes[strings.ToUpper(p.Get("OptOutType"))] != "":
		in.Kind = optOutTypes[strings.ToUpper(p.Get("OptOutType"))]
	case p.Get("ButtonPayload") != "":
		in.Kind = connectors.KindPostback
	case keywords[strings.ToUpper(strings.TrimSpace(in.Text))] != "":
		in.Kind = keywords[strings.ToUpper(strings.TrimSpace(in.Text))]
	case numMedia > 0:
		in.Kind = connectors.KindMedia
	default:
		in.Kind = connectors.KindText
	}
	return []connectors.Inbound{in}, nil
}

func (c *Connector) params(req *connectors.Request) (url.Values, error) {
	if isGet(req) {
		if len(req.Query) > 0 {
			return req.Query, nil
		}
		u, err := url.Parse(req.URL)
		if err != nil {
			return nil, err
		}
		return url.ParseQuery(u.RawQuery)
	}
	if !utf8.Valid(req.Body) {
		return nil, errMalformed
	}
	return url.ParseQuery(string(req.Body))
}

func first(p url.Values, keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(p.Get(k)); v != "" {
			return v
		}
	}
	return ""
}

// isSID accepts Twilio resource SIDs: two letters and 32 hex digits (with some leeway).
func isSID(s string) bool {
	if len(s) < 10 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" || len(s) > 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// normNumber makes "+1 (202) 555-0100" and "+12025550100" compare equal; a channel prefix
// such as "whatsapp:" is kept.
func normNumber(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r == '+' || r == ':' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Send posts one message through POST {base}/2010-04-01/Accounts/{sid}/Messages.json.
func (c *Connector) Send(ctx context.Context, out *connectors.Outbound, sec connectors.Secret) (*connectors.SendResult, error) {
	account, token := sec[KeyAccountSID], sec[KeyAuthToken]
	if !isSID(account) || token == "" {
		return nil, errNoSecret
	}
	if out == nil || !validAddress(out.RecipientID) {
		return nil, permanent(0, "", "invalid recipient")
	}
	if strings.TrimSpace(out.Text) == "" {
		return nil, permanent(0, "", "empty text")
	}
	if utf8.RuneCountInString(out.Text) > MaxChars {
		return nil, permanent(0, "", "text too long")
	}
	form := url.Values{"To": {out.RecipientID}, "Body": {out.Text}}
	switch {
	case validAddress(out.AccountID):
		form.Set("From", out.AccountID)
	case c.service != "":
		form.Set("MessagingServiceSid", c.service)
	case validAddress(c.from):
		form.Set("From", c.from)
	default:
		return nil, permanent(0, "", "no sender configured")
	}
	if c.callback != "" {
		form.Set("StatusCallback", c.callback)
	}
	u := c.base + "/2010-04-01/Accounts/" + account + "/Messages.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, permanent(0, "", "invalid api base")
	}
	req.SetBasicAuth(account, token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("twilio send: %w", ctx.Err())
		}
		return nil, &connectors.SendError{Platform: Platform, Reason: "transport error", Retryable: true}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if resp.StatusCode/100 == 2 {
		var ok struct {
			SID string `json:"sid"`
		}
		if json.Unmarshal(raw, &ok) != nil || !isSID(ok.SID) {
			// Accepted, but the answer is unreadable: do not retry (it would send twice).
			return &connectors.SendResult{}, nil
		}
		return &connectors.SendResult{MessageID: ok.SID}, nil
	}
	return nil, classify(resp, raw)
}

func validAddress(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if r < 0x21 || r == 0x7f {
			return false
		}
	}
	return true
}

// errorCodes are the REST API codes with a fixed meaning.
// https://www.twilio.com/docs/api/errors
var errorCodes = map[int]struct {
	reason    string
	retryable bool
	auth      bool
}{
	20003: {"authentication failed", false, true},
	20404: {"account or resource not found", false, true},
	20429: {"rate limited", true, false},
	14107: {"rate limited", true, false},
	21211: {"invalid recipient number", false, false},
	21212: {"invalid sender number", false, false},
	21408: {"region not permitted", false, false},
	21606: {"invalid sender number", false, false},
	21608: {"recipient not verified for trial account", false, false},
	21610: {"recipient unsubscribed", false, false},
	21611: {"sender queue full", true, false},
	21612: {"cannot route to recipient", false, false},
	21614: {"recipient not a mobile number", false, false},
	21617: {"text too long", false, false},
	21659: {"invalid sender number", false, false},
	21660: {"sender not in account", false, false},
}

func classify(resp *http.Response, raw []byte) error {
	se := &connectors.SendError{Platform: Platform, HTTPStatus: resp.StatusCode}
	var body struct {
		Code json.Number `json:"code"`
	}
	code := 0
	if json.Unmarshal(raw, &body) == nil {
		if n, err := body.Code.Int64(); err == nil && n > 0 && n < 1e6 {
			code = int(n)
			se.Code = strconv.Itoa(code)
		}
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		se.Reason, se.Retryable = "rate limited", true
	case resp.StatusCode >= 500:
		se.Reason, se.Retryable = "server error", true
	case resp.StatusCode == http.StatusUnauthorized:
		se.Reason, se.Auth = "authentication failed", true
	case resp.StatusCode == http.StatusForbidden:
		se.Reason, se.Auth = "forbidden", true
	default:
		se.Reason = "request rejected"
	}
	if e, ok := errorCodes[code]; ok && resp.StatusCode < 500 {
		se.Reason, se.Retryable, se.Auth = e.reason, e.retryable, e.auth
	}
	if se.Retryable {
		if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && s > 0 {
			se.RetryAfter = time.Duration(s) * time.Second
		}
	}
	return se
}

func permanent(status int, code, reason string) *connectors.SendError {
	return &connectors.SendError{Platform: Platform, HTTPStatus: status, Code: code, Reason: reason}
}

var _ connectors.Connector = (*Connector)(nil)
