package meta

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors"
)

func TestSignatureKnownVector(t *testing.T) {
	// HMAC-SHA256("secret", `{"a":"\u00e4"}`) computed independently (Python hmac).
	got := Signature("secret", []byte(`{"a":"\u00e4"}`))
	if got != "sha256=b78ab4033415318a0fa14a82d6f5ca348bb74e377eed416f314566864d116718" {
		t.Fatalf("signature %q", got)
	}
	if Signature("secret", []byte(`{"a":"\u00e4"}`)) == Signature("secret", []byte(`{"a":"ä"}`)) {
		t.Fatal("escaped and decoded bodies must sign differently")
	}
}

func TestClassify(t *testing.T) {
	body := func(code, sub string) []byte {
		s := `{"error":{"message":"(#` + code + `) text","type":"OAuthException","code":` + code
		if sub != "" {
			s += `,"error_subcode":` + sub
		}
		return []byte(s + `,"fbtrace_id":"Ab1"}}`)
	}
	tests := []struct {
		status int
		body   []byte
		code   string
		retry  bool
		auth   bool
		reason string
	}{
		{400, body("130429", ""), "130429", true, false, "throughput limit reached"},
		{400, body("131056", ""), "131056", true, false, "pair rate limit"},
		{500, body("131000", ""), "131000", true, false, "whatsapp internal error"},
		{400, body("131047", ""), "131047", false, false, "outside customer service window"},
		{400, body("131026", ""), "131026", false, false, "message undeliverable"},
		{400, body("131051", ""), "131051", false, false, "unsupported message type"},
		{400, body("470", ""), "470", false, false, "outside customer service window"},
		{400, body("10", "2018278"), "10", false, false, "outside messaging window"},
		{403, body("10", ""), "10", false, false, "permission denied"},
		{400, body("190", "463"), "190", false, true, "access token invalid or expired"},
		{403, body("299", ""), "299", false, true, "permission error"},
		{400, []byte(`{"error":{"message":"x","code":"613"}}`), "613", true, false, "rate limit exceeded"},
		{502, []byte(`Bad Gateway`), "", true, false, "server error"},
		{404, []byte(`{}`), "", false, false, "request rejected"},
	}
	for _, tt := range tests {
		se := Classify("whatsapp", tt.status, http.Header{}, tt.body)
		if se.Code != tt.code || se.Retryable != tt.retry || se.Auth != tt.auth || se.Reason != tt.reason || se.HTTPStatus != tt.status {
			t.Errorf("%d %s: got %+v", tt.status, tt.body, se)
		}
		if strings.Contains(se.Error(), "text") || strings.Contains(se.Error(), "Ab1") {
			t.Errorf("error leaks the Graph message: %s", se.Error())
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"12":                            12 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Fri, 27 Nov 2026 08:00:30 GMT": 30 * time.Second,
		"Fri, 27 Nov 2026 07:00:00 GMT": 0,
		"999999":                        24 * time.Hour,
	} {
		if got := RetryAfter(http.Header{"Retry-After": {v}}, now); got != want {
			t.Errorf("Retry-After %q = %v, want %v", v, got, want)
		}
	}
}

func TestFlexAndTime(t *testing.T) {
	var v struct {
		A FlexInt    `json:"a"`
		B FlexInt    `json:"b"`
		C FlexString `json:"c"`
		D FlexString `json:"d"`
	}
	if err := Decode([]byte(`{"object":"x","a":"1750857384","b":1458692752478,"c":1517776481860111,"d":"s"}`), "x", &v); err != nil {
		t.Fatal(err)
	}
	if v.A != 1750857384 || v.B != 1458692752478 || v.C != "1517776481860111" || v.D != "s" {
		t.Fatalf("%+v", v)
	}
	if !Time(1750857384).Equal(time.Unix(1750857384, 0)) || !Time(1458692752478).Equal(time.UnixMilli(1458692752478)) || !Time(0).IsZero() {
		t.Fatal("Time")
	}
}

func TestDecodeErrorsQuoteNothing(t *testing.T) {
	for _, body := range []string{
		`{"object":"page","entry":"patient-secret-value"}`,
		`{"object":"patient-secret-value"}`,
		`{"object":"page","entry":[{"id":{"patient-secret-key":1}}]}`,
		`not json patient-secret-value`,
		`{"object":"page",`,
	} {
		var env Envelope
		err := Decode([]byte(body), "page", &env)
		if !errors.Is(err, connectors.ErrMalformed) {
			t.Fatalf("%s: %v", body, err)
		}
		if strings.Contains(err.Error(), "patient-secret") {
			t.Fatalf("error quotes input: %v", err)
		}
	}
}

func TestSafeToken(t *testing.T) {
	for in, want := range map[string]string{"image": "image", "ig_reel": "ig_reel", "": "other", "a b": "other", "tag:ferry-1": "tag:ferry-1", strings.Repeat("a", 65): "other"} {
		if got := SafeToken(in); got != want {
			t.Errorf("SafeToken(%q) = %q", in, got)
		}
	}
}

func TestRegainAccess(t *testing.T) {
	h := http.Header{}
	h.Set("X-Business-Use-Case-Usage", `{"100200300400500":[{"type":"messenger","call_count":100,"total_cputime":12,"total_time":40,"estimated_time_to_regain_access":7}]}`)
	if got := RegainAccess(h); got != 7*time.Minute {
		t.Fatalf("buc: %v", got)
	}
	h = http.Header{"X-Page-Usage": {`{"call_count":100,"total_time":100,"estimated_time_to_regain_access":2}`}}
	se := Classify("messenger", 400, h, []byte(`{"error":{"message":"x","code":32}}`))
	if !se.Retryable || se.RetryAfter != 2*time.Minute {
		t.Fatalf("%+v", se)
	}
	h.Set("Retry-After", "5")
	if se := Classify("messenger", 429, h, nil); se.RetryAfter != 5*time.Second {
		t.Fatalf("Retry-After must win: %+v", se)
	}
	if RegainAccess(http.Header{"X-App-Usage": {`garbage`}}) != 0 {
		t.Fatal("garbage")
	}
}
