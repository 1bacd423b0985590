package admin_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/admin"
	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"
)

// TestOnStoreSchema runs the auditor side on the schema the store's migrations create
// (messages table, audit chain, then checkpoints and auditor tokens in migration 2).
func TestOnStoreSchema(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dsns := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "ferry.db") },
		"postgres": func(t *testing.T) string { _, dsn := audittest.PostgresDSN(t); return dsn },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, dsns[name](t), log)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			db := st.DB()
			db.Create(&store.Message{Platform: "sms", PlatformMsgID: "m1", SenderPseudonym: "psX", Kind: "text",
				RedactedText: "I take [medication] daily", Categories: "medication", Clinical: true, ReceivedAt: t0, CreatedAt: t0})
			db.Transaction(func(tx *gorm.DB) error {
				return audit.Append(tx, &audit.Event{At: t0, Kind: audit.KindMessageStripped, Platform: "sms", Pseudonym: "psX", MessageID: 1,
					Detail: audit.Details(map[string]any{"categories": []string{"medication"}, "clinical": true})})
			})
			s := audittest.NewKeySigner()
			if _, err := (&audit.Checkpointer{DB: db, Signer: s}).CheckpointNow(ctx); err != nil {
				t.Fatal(err)
			}
			tok, _, err := admin.IssueToken(ctx, db, s, admin.TokenOptions{Name: "sam"})
			if err != nil {
				t.Fatal(err)
			}
			app := fiber.New(fiber.Config{DisableStartupMessage: true})
			admin.Mount(app, admin.Deps{DB: db, Signer: s, Log: log})
			e := &env{t: t, db: db, app: app, token: tok}
			var conv admin.Conversation
			e.getJSON("/api/v1/conversations/psX", &conv)
			if len(conv.Messages) != 1 || !strings.Contains(conv.Messages[0].RedactedText, "[medication]") {
				t.Fatalf("conversation on the store schema: %+v", conv)
			}
			var p admin.Page
			e.getJSON("/api/v1/events?category=medication", &p)
			if len(p.Events) != 1 {
				t.Fatalf("category filter: %+v", p)
			}
			if n, err := audit.Purge(ctx, db, t0.Add(time.Hour)); err != nil || n != 1 {
				t.Fatalf("purge on the store schema: %d %v", n, err)
			}
			var m store.Message
			db.First(&m)
			if m.RedactedText != "" || m.PurgedAt == nil {
				t.Fatalf("message after purge: %+v", m)
			}
			if r, err := audit.Verify(ctx, db, s, audit.VerifyOptions{}); err != nil || !r.OK {
				t.Fatalf("verify: %+v %v", r, err)
			}
		})
	}
}
