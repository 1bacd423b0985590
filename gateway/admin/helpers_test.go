package admin_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/admin"
	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// env is an admin app over a seeded database.
type env struct {
	t      *testing.T
	db     *gorm.DB
	signer *audittest.KeySigner
	app    *fiber.App
	token  string // auditor "alice"
	admin  string // admin "root"
	events int    // events seeded
}

func newEnv(t *testing.T, db *gorm.DB, conversations int) *env {
	t.Helper()
	e := &env{t: t, db: db, signer: audittest.NewKeySigner()}
	e.events = audittest.Conversations(t, db, conversations, t0)
	if _, err := (&audit.Checkpointer{DB: db, Signer: e.signer}).CheckpointNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.app = fiber.New(fiber.Config{DisableStartupMessage: true})
	admin.Mount(e.app, admin.Deps{DB: db, Signer: e.signer, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	e.token = e.issue("alice", admin.RoleAuditor)
	e.admin = e.issue("root", admin.RoleAdmin)
	return e
}

func (e *env) issue(name, role string) string {
	e.t.Helper()
	tok, _, err := admin.IssueToken(context.Background(), e.db, e.signer, admin.TokenOptions{Name: name, Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// do sends a request with a bearer token ("" for none) and returns status and body.
func (e *env) do(method, path, token string, body string) (int, []byte, http.Header) {
	e.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.app.Test(req, 30_000)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func (e *env) getJSON(path string, out any) {
	e.t.Helper()
	st, b, _ := e.do("GET", path, e.token, "")
	if st != 200 {
		e.t.Fatalf("GET %s: %d %s", path, st, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		e.t.Fatalf("GET %s: %v: %s", path, err, b)
	}
}

// lastEvent returns the newest audit event.
func (e *env) lastEvent() audit.Event {
	e.t.Helper()
	var ev audit.Event
	if err := e.db.Order("seq DESC").First(&ev).Error; err != nil {
		e.t.Fatal(err)
	}
	return ev
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
func jsonMarshal(v any) ([]byte, error)   { return json.Marshal(v) }
