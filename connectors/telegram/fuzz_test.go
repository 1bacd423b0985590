package telegram

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
)

func FuzzParse(f *testing.F) {
	for _, b := range connectortest.FixtureMap(f, "*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"update_id":1,"message":null}`))
	f.Add([]byte(`{"update_id":1,"message":{"chat":{"id":1,"type":"private"},"from":null,"photo":null}}`))
	c := New(connectors.Options{Settings: map[string]string{SettingBotID: "1"}}).(*Connector)
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := c.Parse(&connectors.Request{Method: "POST", Body: body})
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
		if !strings.HasPrefix(ev.MessageID, "update:") || ev.Kind == "" || ev.AccountID != "1" {
			t.Fatalf("incomplete event %+v", ev)
		}
		if ev.Kind.Replyable() && ev.Reply["chat_id"] == "" {
			t.Fatalf("replyable event without chat id")
		}
		if !ev.Kind.Replyable() && ev.Text != "" {
			t.Fatalf("non-message carries text")
		}
	})
}

func FuzzVerify(f *testing.F) {
	for _, b := range connectortest.FixtureMap(f, "*.json") {
		f.Add(b, testSecret)
		f.Add(b, "")
	}
	f.Add([]byte("{}"), testSecret[:5])
	c := New(connectors.Options{}).(*Connector)
	f.Fuzz(func(t *testing.T, body []byte, token string) {
		req := &connectors.Request{Method: "POST", Header: http.Header{SecretHeader: {token}}, Body: body}
		err := c.Verify(context.Background(), req, sec)
		if err == nil {
			if token != testSecret {
				t.Fatalf("accepted a wrong token")
			}
			return
		}
		if !errors.Is(err, connectors.ErrBadSignature) || err.Error() != errSignature.Error() {
			t.Fatalf("untyped error %v", err)
		}
	})
}
