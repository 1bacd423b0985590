// Package devkit holds what `ferry dev` (make run) needs on a laptop: a local sink that
// answers every platform's send API like the platform would and keeps the replies it got,
// and a demo portal page that shows a redeemed link arriving.
package devkit

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Reply is one reply the sink received (Ferry's own template text and link).
type Reply struct {
	Seq      int64     `json:"seq"`
	Platform string    `json:"platform"`
	Path     string    `json:"path"`
	Text     string    `json:"text"`
	At       time.Time `json:"at"`
}

// Sink is a local stand-in for the platforms' send APIs.
type Sink struct {
	URL string
	srv *http.Server
	mu  sync.Mutex
	out []Reply
	seq atomic.Int64
}

// StartSink listens on addr ("127.0.0.1:0" for any port).
func StartSink(addr string) (*Sink, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Sink{URL: "http://" + ln.Addr().String()}
	mux := http.NewServeMux()
	mux.HandleFunc("/outbox", s.outbox)
	mux.HandleFunc("/", s.receive)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// Base returns the API base to configure for a platform.
func (s *Sink) Base(platform string) string { return s.URL + "/" + platform }

// Close stops the sink.
func (s *Sink) Close() error { return s.srv.Close() }

func (s *Sink) receive(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	platform, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	text := replyText(platform, r, body)
	n := s.seq.Add(1)
	s.mu.Lock()
	s.out = append(s.out, Reply{Seq: n, Platform: platform, Path: r.URL.Path, Text: text, At: time.Now()})
	if len(s.out) > 100 {
		s.out = s.out[1:]
	}
	s.mu.Unlock()
	id := fmt.Sprintf("dev-%d", n)
	w.Header().Set("Content-Type", "application/json")
	switch platform {
	case "messenger", "instagram":
		fmt.Fprintf(w, `{"recipient_id":"dev","message_id":"m_%s"}`, id)
	case "whatsapp":
		fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":"dev","wa_id":"dev"}],"messages":[{"id":"wamid.%s"}]}`, id)
	case "x":
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"data":{"dm_conversation_id":"dev","dm_event_id":"%s"}}`, id)
	case "telegram":
		fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"date":%d,"chat":{"id":1,"type":"private"}}}`, n, time.Now().Unix())
	case "twilio":
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"sid":"SM%032d","status":"queued"}`, n)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

// replyText pulls the reply text out of a send-API request body.
func replyText(platform string, r *http.Request, body []byte) string {
	if platform == "twilio" {
		v, _ := url.ParseQuery(string(body))
		return v.Get("Body")
	}
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	if msg, ok := m["message"].(map[string]any); ok {
		s, _ := msg["text"].(string)
		return s
	}
	if t, ok := m["text"].(map[string]any); ok {
		s, _ := t["body"].(string)
		return s
	}
	s, _ := m["text"].(string)
	return s
}

func (s *Sink) outbox(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	out := append([]Reply(nil), s.out...)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}
