package meta

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ferryhealth/ferry/connectors"
)

// maxResponseBytes caps how much of a Graph API answer is read.
const maxResponseBytes = 1 << 20

// defaultTimeout bounds one send when Options.HTTPClient is nil.
const defaultTimeout = 20 * time.Second

// Graph error codes Ferry acts on. Sources: Messenger Send API error codes, Graph API
// error handling, WhatsApp Cloud API error codes (see shared/reference/platforms.md 1.6, 3.5).
const (
	CodeWindowClosedSubcode = 2018278 // with code 10: sent outside the allowed window
	CodeTokenInvalid        = 190
	CodeWAWindowClosed      = 131047 // WhatsApp: more than 24 hours since the customer wrote
)

// GraphError is the "error" object of a Graph API answer:
//
//	{"error":{"message":"…","type":"OAuthException","code":190,"error_subcode":460,"fbtrace_id":"…"}}
//
// Message may quote request content; Ferry never logs it or copies it into a SendError.
type GraphError struct {
	Message   string  `json:"message"`
	Type      string  `json:"type"`
	Code      FlexInt `json:"code"`
	Subcode   FlexInt `json:"error_subcode"`
	FBTraceID string  `json:"fbtrace_id"`
}

type rule struct {
	retry  bool
	auth   bool
	reason string
}

// graphCodes classifies Graph error codes. Codes not listed fall back on the HTTP status.
var graphCodes = map[int64]rule{
	// Transient: retry with backoff.
	1:      {retry: true, reason: "graph unknown error"},
	2:      {retry: true, reason: "graph temporary error"},
	4:      {retry: true, reason: "application rate limit"},
	17:     {retry: true, reason: "user rate limit"},
	32:     {retry: true, reason: "page rate limit"},
	341:    {retry: true, reason: "application limit reached"},
	613:    {retry: true, reason: "rate limit exceeded"},
	1200:   {retry: true, reason: "temporary send failure"},
	80006:  {retry: true, reason: "messenger rate limit"},
	130429: {retry: true, reason: "throughput limit reached"},
	131000: {retry: true, reason: "whatsapp internal error"},
	131016: {retry: true, reason: "whatsapp service unavailable"},
	131048: {retry: true, reason: "spam rate limit"},
	131056: {retry: true, reason: "pair rate limit"},
	131057: {retry: true, reason: "account in maintenance mode"},
	// Our credentials or permissions: the operator must act.
	102:    {auth: true, reason: "session invalid"},
	190:    {auth: true, reason: "access token invalid or expired"},
	131005: {auth: true, reason: "access denied"},
	131031: {auth: true, reason: "business account locked"},
	131042: {auth: true, reason: "business payment issue"},
	131045: {auth: true, reason: "phone number not registered"},
	133010: {auth: true, reason: "phone number not registered"},
	// Permanent: record and stop.
	10:     {reason: "permission denied"},
	100:    {reason: "invalid parameter"},
	368:    {reason: "blocked for policy violation"},
	470:    {reason: "outside customer service window"},
	551:    {reason: "recipient unavailable"},
	131008: {reason: "required parameter missing"},
	131009: {reason: "parameter value invalid"},
	131021: {reason: "recipient is sender"},
	131026: {reason: "message undeliverable"},
	131030: {reason: "recipient not allowed"},
	131047: {reason: "outside customer service window"},
	131051: {reason: "unsupported message type"},
	131052: {reason: "media download error"},
	131053: {reason: "media upload error"},
	131062: {reason: "business-scoped user id recipient not supported"},
	132000: {reason: "template parameter count mismatch"},
	132001: {reason: "template does not exist"},
	132005: {reason: "template text too long"},
	132007: {reason: "template format policy violated"},
	132012: {reason: "template parameter format mismatch"},
	132015: {reason: "template paused"},
	132016: {reason: "template disabled"},
}

// Classify turns a non-2xx Graph API answer into a SendError. It reads only the code,
// subcode and HTTP status; the error message (which may quote the request) is dropped.
func Classify(platform string, status int, header http.Header, body []byte) *connectors.SendError {
	se := &connectors.SendError{Platform: platform, HTTPStatus: status}
	ge, ok := ParseGraphError(body)
	if ok {
		code := int64(ge.Code)
		se.Code = strconv.FormatInt(code, 10)
		r, known := graphCodes[code]
		if !known && code >= 200 && code <= 299 {
			r, known = rule{auth: true, reason: "permission error"}, true
		}
		switch {
		case code == 10 && int64(ge.Subcode) == CodeWindowClosedSubcode:
			r = rule{reason: "outside messaging window"}
		case code == 100 && int64(ge.Subcode) == 2018001:
			r = rule{reason: "no matching user"}
		case !known:
			r = statusRule(status)
			if r.reason == "" || r.reason == "request rejected" {
				r.reason = "graph error"
			}
		}
		se.Retryable, se.Auth, se.Reason = r.retry, r.auth, r.reason
	} else {
		r := statusRule(status)
		se.Retryable, se.Auth, se.Reason = r.retry, r.auth, r.reason
	}
	if se.Retryable {
		se.RetryAfter = RetryAfter(header, time.Now())
		if se.RetryAfter == 0 {
			se.RetryAfter = RegainAccess(header)
		}
	}
	return se
}

func statusRule(status int) rule {
	switch {
	case status == http.StatusTooManyRequests:
		return rule{retry: true, reason: "rate limited"}
	case status >= 500:
		return rule{retry: true, reason: "server error"}
	case status == http.StatusUnauthorized:
		return rule{auth: true, reason: "unauthorized"}
	case status >= 400:
		return rule{reason: "request rejected"}
	}
	return rule{reason: "unexpected status"}
}

// ParseGraphError reads {"error":{...}} from a Graph API answer.
func ParseGraphError(body []byte) (GraphError, bool) {
	var env struct {
		Error *GraphError `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Error == nil || env.Error.Code == 0 {
		return GraphError{}, false
	}
	return *env.Error, true
}

// RetryAfter reads a Retry-After header (seconds or HTTP date); zero when absent.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0
		}
		if n > 86400 {
			n = 86400
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// RegainAccess reads Meta's throttling headers (X-Business-Use-Case-Usage, X-Page-Usage,
// X-App-Usage) and returns the longest estimated_time_to_regain_access (given in minutes),
// or zero.
func RegainAccess(h http.Header) time.Duration {
	type usage struct {
		Regain FlexInt `json:"estimated_time_to_regain_access"`
	}
	var mins int64
	if v := h.Get("X-Business-Use-Case-Usage"); v != "" {
		var buc map[string][]usage
		if json.Unmarshal([]byte(v), &buc) == nil {
			for _, list := range buc {
				for _, u := range list {
					mins = max(mins, int64(u.Regain))
				}
			}
		}
	}
	for _, k := range []string{"X-Page-Usage", "X-App-Usage", "X-Ad-Account-Usage"} {
		var u usage
		if v := h.Get(k); v != "" && json.Unmarshal([]byte(v), &u) == nil {
			mins = max(mins, int64(u.Regain))
		}
	}
	if mins <= 0 {
		return 0
	}
	return time.Duration(min(mins, 24*60)) * time.Minute
}

// Client returns the HTTP client from opts, or one with a send timeout.
func Client(opts connectors.Options) *http.Client {
	if opts.HTTPClient != nil {
		return opts.HTTPClient
	}
	return &http.Client{Timeout: defaultTimeout}
}

// PostJSON sends payload as JSON to url with "Authorization: Bearer <token>" and returns
// the 2xx body. Failures are *connectors.SendError; transport errors are retryable and
// never carry the URL or the token.
func PostJSON(ctx context.Context, client *http.Client, platform, url, token string, payload any) ([]byte, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, &connectors.SendError{Platform: platform, Reason: "cannot encode request"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, &connectors.SendError{Platform: platform, Reason: "invalid api base url"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		reason := "transport error"
		if errors.Is(err, context.DeadlineExceeded) {
			reason = "timeout"
		} else if errors.Is(err, context.Canceled) {
			reason = "canceled"
		}
		return nil, &connectors.SendError{Platform: platform, Reason: reason, Retryable: true}
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if resp.StatusCode/100 == 2 {
		// The message went out even if the answer was cut short: never retry a 2xx.
		return respBody, nil
	}
	if err != nil {
		return nil, &connectors.SendError{Platform: platform, HTTPStatus: resp.StatusCode, Reason: "transport error", Retryable: true}
	}
	return nil, Classify(platform, resp.StatusCode, resp.Header, respBody)
}
