package twilio

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
)

func FuzzParse(f *testing.F) {
	for _, b := range connectortest.FixtureMap(f, "*.form") {
		f.Add(b)
	}
	f.Add([]byte("MessageSid=SM00000000000000000000000000000001&MessageStatus=failed&ErrorCode=abc"))
	f.Add([]byte("MessageSid=SM00000000000000000000000000000001&From=&To=&Body=STOP"))
	c := New(connectors.Options{Settings: map[string]string{SettingOwnNumbers: "+15550100200"}}).(*Connector)
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := c.Parse(&connectors.Request{Method: "POST", URL: publicURL, Body: body})
		connectortest.CheckError(t, err, body, connectors.ErrMalformed)
		if err != nil {
			if !errors.Is(err, connectors.ErrMalformed) || evs != nil || err.Error() != errMalformed.Error() {
				t.Fatalf("untyped error %v", err)
			}
			// the message is the one constant errMalformed text (checked here),
			// so it cannot echo the input; CheckError above also looks for
			// echoed runs of input outside the errors' own words (a 4-byte
			// input such as "aylo" may sit inside "payload")
			return
		}
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		ev := evs[0]
		if ev.MessageID == "" || ev.Kind == "" || ev.Platform != Platform {
			t.Fatalf("incomplete event %+v", ev)
		}
		if ev.Kind.Replyable() && (ev.SenderID == "" || ev.AccountID == "") {
			t.Fatalf("replyable event without addresses")
		}
		if ev.Kind == connectors.KindStatus && ev.Text != "" {
			t.Fatalf("status carries text")
		}
	})
}

func FuzzVerify(f *testing.F) {
	for _, b := range connectortest.FixtureMap(f, "*.form") {
		p, _ := url.ParseQuery(string(b))
		f.Add(b, publicURL, Signature(testToken, publicURL, p))
		f.Add(b, publicURL+"?x=1", "")
	}
	c := New(connectors.Options{}).(*Connector)
	f.Fuzz(func(t *testing.T, body []byte, u, sig string) {
		req := &connectors.Request{Method: "POST", URL: u, Header: http.Header{SignatureHeader: {sig}}, Body: body}
		err := c.Verify(context.Background(), req, sec)
		if err == nil {
			if sig == "" {
				t.Fatalf("accepted an empty signature")
			}
			return
		}
		if !errors.Is(err, connectors.ErrBadSignature) || err.Error() != errSignature.Error() {
			t.Fatalf("untyped error %v", err)
		}
	})
}
