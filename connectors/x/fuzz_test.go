package x

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
)

func FuzzParse(f *testing.F) {
	for _, b := range connectortest.FixtureMap(f, "*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"for_user_id":"1","direct_message_events":[null]}`))
	f.Add([]byte(`{"for_user_id":"1","direct_message_events":[{"type":"message_create","id":"2","message_create":null}]}`))
	c := New(connectors.Options{}).(*Connector)
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := c.Parse(&connectors.Request{Method: "POST", Body: body})
		connectortest.CheckError(t, err, body, connectors.ErrMalformed)
		if err != nil {
			if !errors.Is(err, connectors.ErrMalformed) || evs != nil {
				t.Fatalf("untyped error %v", err)
			}
			// the message is the one constant errMalformed text (checked here),
			// so it cannot echo the input; CheckError above also looks for
			// echoed runs of input outside the errors' own words (a 4-byte
			// input such as "aylo" may sit inside "payload")
			if err.Error() != errMalformed.Error() {
				t.Fatalf("unexpected message %q", err.Error())
			}
			return
		}
		for _, ev := range evs {
			if ev.Platform != Platform || ev.Kind == "" || ev.MessageID == "" {
				t.Fatalf("incomplete event %+v", ev)
			}
			if ev.Kind == connectors.KindEcho && ev.Text != "" {
				t.Fatalf("echo carries text")
			}
			if !ev.Kind.Replyable() && ev.Kind != connectors.KindEcho && ev.Text != "" {
				t.Fatalf("non-message carries text")
			}
		}
	})
}

func FuzzVerify(f *testing.F) {
	for _, b := range connectortest.FixtureMap(f, "*.json") {
		f.Add(b, Signature(testSecret, b))
		f.Add(b, "sha256=")
	}
	c := New(connectors.Options{}).(*Connector)
	f.Fuzz(func(t *testing.T, body []byte, sig string) {
		req := &connectors.Request{Method: "POST", Header: http.Header{SignatureHeader: {sig}}, Body: body}
		err := c.Verify(context.Background(), req, sec)
		if err == nil {
			if sig != Signature(testSecret, body) {
				t.Fatalf("accepted a wrong signature")
			}
			return
		}
		if !errors.Is(err, connectors.ErrBadSignature) || err.Error() != errSignature.Error() {
			t.Fatalf("untyped error %v", err)
		}
	})
}
