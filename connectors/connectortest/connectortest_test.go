package connectortest

import (
	"errors"
	"net/http"
	"testing"
)

func TestLocalOnlyTransport(t *testing.T) {
	c := LocalClient()
	for _, u := range []string{"https://graph.facebook.com/v21.0/me/messages", "http://10.0.0.1/", "http://[2001:db8::1]/"} {
		_, err := c.Get(u)
		if !errors.Is(err, ErrNotLocal) {
			t.Errorf("%s: err = %v", u, err)
		}
	}
	srv := NewServer(t, Exchange{Method: http.MethodGet, Path: "/ok", Body: `{}`})
	resp, err := c.Get(srv.URL + "/ok")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := srv.Requests(); len(got) != 1 || got[0].Path != "/ok" {
		t.Fatalf("recorded %+v", got)
	}
	for host, want := range map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true, "127.8.9.10": true, "example.com": false, "": false} {
		if IsLoopback(host) != want {
			t.Errorf("IsLoopback(%q) != %v", host, want)
		}
	}
}

func TestEchoedInput(t *testing.T) {
	in := []byte(`{"text":"chest pain since Tuesday"}`)
	if w := EchoedInput("bad: chest pain since", in, 8); w == "" {
		t.Fatal("echo not found")
	}
	if w := EchoedInput("malformed payload", in, 8); w != "" {
		t.Fatalf("false echo %q", w)
	}
	if w := EchoedInput("invalid request signature", []byte("xx signature xx"), 8, "invalid request signature"); w != "" {
		t.Fatalf("vocabulary not honoured: %q", w)
	}
}
