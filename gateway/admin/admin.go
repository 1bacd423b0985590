// Package admin is Ferry's auditor side on the admin listener: auditor tokens (JWTs
// signed through Vault Transit), a JSON API over the audit log with filters, cursor
// pagination, conversation view, verification status, streamed exports and statistics,
// its OpenAPI document, and a server-rendered web UI. Every query an auditor makes is
// itself appended to the audit chain (kind auditor.query).
package admin

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"
)

// Deps are what the admin side needs from the gateway.
type Deps struct {
	DB     *gorm.DB
	Signer audit.Signer // Vault Transit (ferry-audit): verifies auditor tokens and checkpoints
	Log    *slog.Logger
	Now    func() time.Time
	Key    string // Transit key, default "ferry-audit"
	// VerifyCache is how long a chain verification result is reused, default 30s.
	VerifyCache time.Duration
}

type server struct {
	Deps
	log      *slog.Logger
	verifier *Verifier

	vmu     sync.Mutex
	vReport *audit.Report
	vErr    error
	vAt     time.Time
}

// Mount registers the admin API (/api/v1/...), /openapi.json and the web UI (/ui/...)
// on app. It is meant for the admin listener only.
func Mount(app *fiber.App, d Deps) {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Key == "" {
		d.Key = audit.DefaultKey
	}
	if d.VerifyCache <= 0 {
		d.VerifyCache = 30 * time.Second
	}
	s := &server{Deps: d, log: d.Log.With("comp", "admin")}
	s.verifier = &Verifier{DB: d.DB, Signer: d.Signer, Key: d.Key, Now: d.Now}

	app.Get("/openapi.json", s.openapi)
	api := app.Group("/api/v1", s.requireBearer)
	api.Get("/me", s.apiMe)
	api.Get("/events", s.apiEvents)
	api.Get("/events/:seq", s.apiEvent)
	api.Get("/conversations/:pseudonym", s.apiConversation)
	api.Get("/verify", s.apiVerify)
	api.Get("/checkpoints", s.apiCheckpoints)
	api.Get("/export", s.apiExport)
	api.Get("/stats", s.apiStats)
	api.Get("/tokens", s.requireAdmin, s.apiTokens)
	api.Post("/tokens", s.requireAdmin, s.apiIssueToken)
	api.Delete("/tokens/:id", s.requireAdmin, s.apiRevokeToken)
	s.mountUI(app)
}

// apiError is one entry of the API's error table.
type apiError struct {
	Status int    `json:"-"`
	Code   string `json:"code"`
	Msg    string `json:"error"`
}

func (e *apiError) Error() string { return e.Msg }

var (
	errUnauthorized = &apiError{fiber.StatusUnauthorized, "unauthorized", "a valid auditor token is required"}
	errForbidden    = &apiError{fiber.StatusForbidden, "forbidden", "this needs the admin role"}
	errNotFound     = &apiError{fiber.StatusNotFound, "not_found", "not found"}
	errInternal     = &apiError{fiber.StatusInternalServerError, "internal", "internal error"}
)

func badRequest(msg string) *apiError {
	return &apiError{fiber.StatusBadRequest, "bad_request", msg}
}

// fail answers an error as JSON; unknown errors are logged and answered as 500.
func (s *server) fail(c *fiber.Ctx, err error) error {
	var ae *apiError
	if !errors.As(err, &ae) {
		if errors.Is(err, errBadFilter) {
			ae = badRequest(strings.TrimPrefix(err.Error(), "bad filter: "))
		} else {
			s.log.Error("admin request failed", slog.String("path", c.Path()), slog.Any("err", err))
			ae = errInternal
		}
	}
	return c.Status(ae.Status).JSON(ae)
}

const principalKey = "ferry.principal"

func principal(c *fiber.Ctx) *Principal {
	p, _ := c.Locals(principalKey).(*Principal)
	return p
}

func (s *server) requireBearer(c *fiber.Ctx) error {
	h := c.Get(fiber.HeaderAuthorization)
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="ferry-admin"`)
		return s.fail(c, errUnauthorized)
	}
	p, err := s.verifier.Verify(c.UserContext(), strings.TrimSpace(tok))
	if err != nil {
		if !errors.Is(err, ErrUnauthorized) {
			return s.fail(c, err)
		}
		s.log.Warn("auditor token refused", slog.String("reason", strings.TrimPrefix(err.Error(), ErrUnauthorized.Error()+": ")), slog.String("ip", c.IP()))
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="ferry-admin", error="invalid_token"`)
		return s.fail(c, errUnauthorized)
	}
	c.Locals(principalKey, p)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

func (s *server) requireAdmin(c *fiber.Ctx) error {
	if p := principal(c); p == nil || p.Role != RoleAdmin {
		return s.fail(c, errForbidden)
	}
	return c.Next()
}

// record appends the auditor.query event for a query: who, what, which filter, how many
// rows. A query whose record cannot be written fails (the log must show every query).
func (s *server) record(ctx context.Context, p *Principal, query string, detail map[string]any, rows int64) error {
	d := map[string]any{"query": query, "rows": rows}
	for k, v := range detail {
		d[k] = v
	}
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return audit.Append(tx, &audit.Event{Kind: audit.KindAuditorQuery, Actor: p.Actor(), Outcome: "ok",
			At: s.Now(), Detail: audit.Details(d)})
	})
	if err != nil {
		return fmt.Errorf("admin: record auditor query: %w", err)
	}
	return nil
}

// EventView is an audit event as the API returns it (detail as a JSON object).
type EventView struct {
	Seq       int64           `json:"seq"`
	At        time.Time       `json:"at"`
	Kind      string          `json:"kind"`
	Platform  string          `json:"platform,omitempty"`
	Pseudonym string          `json:"pseudonym,omitempty"`
	MessageID int64           `json:"message_id,omitempty"`
	JobID     int64           `json:"job_id,omitempty"`
	LinkID    string          `json:"link_id,omitempty"`
	Actor     string          `json:"actor"`
	Outcome   string          `json:"outcome,omitempty"`
	Detail    json.RawMessage `json:"detail,omitempty"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

func viewOf(e *audit.Event) EventView {
	v := EventView{Seq: e.Seq, At: e.At.UTC(), Kind: e.Kind, Platform: e.Platform, Pseudonym: e.Pseudonym,
		MessageID: e.MessageID, JobID: e.JobID, LinkID: e.LinkID, Actor: e.Actor, Outcome: e.Outcome,
		PrevHash: e.PrevHash, Hash: e.Hash}
	if e.Detail != "" && json.Valid([]byte(e.Detail)) {
		v.Detail = json.RawMessage(e.Detail)
	} else if e.Detail != "" {
		b, _ := json.Marshal(e.Detail)
		v.Detail = b
	}
	return v
}

// Page is one page of events.
type Page struct {
	Events     []EventView `json:"events"`
	NextCursor string      `json:"next_cursor,omitempty"`
	Order      string      `json:"order"`
	Limit      int         `json:"limit"`
}

// listEvents returns a page ordered by seq (desc by default), continuing after cursor.
// Seq is unique and never reused, so pages stay stable while events are appended.
func (s *server) listEvents(ctx context.Context, f Filter, cursor, order string, limit int) (*Page, error) {
	desc := order != "asc"
	var after int64
	if cursor != "" {
		cd, seq, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		desc, after = cd, seq
	}
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	q := f.Scope(s.DB.WithContext(ctx).Model(&audit.Event{}))
	switch {
	case desc && cursor != "":
		q = q.Where("seq < ?", after)
	case cursor != "":
		q = q.Where("seq > ?", after)
	}
	if desc {
		q = q.Order("seq DESC")
	} else {
		q = q.Order("seq ASC")
	}
	var evs []audit.Event
	if err := q.Limit(limit + 1).Find(&evs).Error; err != nil {
		return nil, fmt.Errorf("admin: list events: %w", err)
	}
	p := &Page{Events: make([]EventView, 0, len(evs)), Order: map[bool]string{true: "desc", false: "asc"}[desc], Limit: limit}
	if len(evs) > limit {
		evs = evs[:limit]
		p.NextCursor = encodeCursor(desc, evs[len(evs)-1].Seq)
	}
	for i := range evs {
		p.Events = append(p.Events, viewOf(&evs[i]))
	}
	return p, nil
}

func (s *server) apiMe(c *fiber.Ctx) error { return c.JSON(principal(c)) }

func (s *server) apiEvents(c *fiber.Ctx) error {
	f, err := parseFilter(c)
	if err != nil {
		return s.fail(c, err)
	}
	order := c.Query("order", "desc")
	if order != "asc" && order != "desc" {
		return s.fail(c, badRequest("order must be asc or desc"))
	}
	limit := c.QueryInt("limit", 50)
	if limit < 1 || limit > 500 {
		return s.fail(c, badRequest("limit must be 1-500"))
	}
	page, err := s.listEvents(c.UserContext(), f, c.Query("cursor"), order, limit)
	if err != nil {
		return s.fail(c, err)
	}
	if err := s.record(c.UserContext(), principal(c), "events", map[string]any{"filter": f.Map(), "cursor": c.Query("cursor")}, int64(len(page.Events))); err != nil {
		return s.fail(c, err)
	}
	return c.JSON(page)
}

func (s *server) apiEvent(c *fiber.Ctx) error {
	seq, err := strconv.ParseInt(c.Params("seq"), 10, 64)
	if err != nil || seq <= 0 {
		return s.fail(c, badRequest("seq must be a positive integer"))
	}
	var e audit.Event
	err = s.DB.WithContext(c.UserContext()).Where("seq = ?", seq).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		s.record(c.UserContext(), principal(c), "event", map[string]any{"seq": seq}, 0)
		return s.fail(c, errNotFound)
	}
	if err != nil {
		return s.fail(c, err)
	}
	if err := s.record(c.UserContext(), principal(c), "event", map[string]any{"seq": seq}, 1); err != nil {
		return s.fail(c, err)
	}
	return c.JSON(viewOf(&e))
}

func (s *server) apiConversation(c *fiber.Ctx) error {
	ps := c.Params("pseudonym")
	conv, err := s.conversation(c.UserContext(), ps)
	if err != nil {
		return s.fail(c, err)
	}
	if err := s.record(c.UserContext(), principal(c), "conversation", map[string]any{"pseudonym": ps}, int64(len(conv.Events)+len(conv.Messages))); err != nil {
		return s.fail(c, err)
	}
	return c.JSON(conv)
}

// verifyStatus returns a recent verification (at most VerifyCache old) or runs one.
func (s *server) verifyStatus(ctx context.Context, fresh bool) (*audit.Report, error) {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	if !fresh && s.vReport != nil && time.Since(s.vAt) < s.VerifyCache {
		return s.vReport, nil
	}
	r, err := audit.Verify(ctx, s.DB, s.Signer, audit.VerifyOptions{Key: s.Key})
	if err != nil {
		return nil, err
	}
	s.vReport, s.vAt = r, time.Now()
	return r, nil
}

func (s *server) apiVerify(c *fiber.Ctx) error {
	r, err := s.verifyStatus(c.UserContext(), c.QueryBool("fresh"))
	if err != nil {
		return s.fail(c, err)
	}
	if err := s.record(c.UserContext(), principal(c), "verify", map[string]any{"ok": r.OK}, r.Events); err != nil {
		return s.fail(c, err)
	}
	return c.JSON(r)
}

func (s *server) apiCheckpoints(c *fiber.Ctx) error {
	limit := c.QueryInt("limit", 50)
	if limit < 1 || limit > 500 {
		return s.fail(c, badRequest("limit must be 1-500"))
	}
	q := s.DB.WithContext(c.UserContext()).Order("seq DESC").Limit(limit + 1)
	if cur := c.Query("cursor"); cur != "" {
		_, seq, err := decodeCursor(cur)
		if err != nil {
			return s.fail(c, err)
		}
		q = q.Where("seq < ?", seq)
	}
	var cps []audit.Checkpoint
	if err := q.Find(&cps).Error; err != nil {
		return s.fail(c, err)
	}
	out := fiber.Map{"checkpoints": cps}
	if len(cps) > limit {
		cps = cps[:limit]
		out["checkpoints"] = cps
		out["next_cursor"] = encodeCursor(true, cps[len(cps)-1].Seq)
	}
	if err := s.record(c.UserContext(), principal(c), "checkpoints", nil, int64(len(cps))); err != nil {
		return s.fail(c, err)
	}
	return c.JSON(out)
}

// export streams an export of the filtered events; the auditor.query event (with the row
// count) is appended when the stream ends.
func (s *server) export(c *fiber.Ctx, p *Principal) error {
	f, err := parseFilter(c)
	if err != nil {
		return s.fail(c, err)
	}
	format := c.Query("format", audit.FormatNDJSON)
	switch format {
	case audit.FormatCSV, audit.FormatNDJSON, audit.FormatFHIR:
	default:
		return s.fail(c, badRequest("format must be csv, ndjson or fhir"))
	}
	name := fmt.Sprintf("ferry-audit-%s.%s", s.Now().UTC().Format("20060102T150405Z"), audit.FileExt(format))
	c.Set(fiber.HeaderContentType, audit.ContentType(format))
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	ctx := context.WithoutCancel(c.UserContext())
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		n, err := audit.ExportWith(ctx, s.DB, w, audit.ExportOptions{Format: format, Scope: f.Scope, Now: s.Now})
		detail := map[string]any{"filter": f.Map(), "format": format}
		if err != nil {
			s.log.Error("export failed", slog.String("format", format), slog.Int64("rows", n), slog.Any("err", err))
			detail["error"] = "export interrupted"
		}
		w.Flush()
		if err := s.record(ctx, p, "export", detail, n); err != nil {
			s.log.Error("auditor export not recorded", slog.Any("err", err))
		}
	})
	return nil
}

func (s *server) apiExport(c *fiber.Ctx) error { return s.export(c, principal(c)) }

func (s *server) apiStats(c *fiber.Ctx) error {
	f, err := parseFilter(c)
	if err != nil {
		return s.fail(c, err)
	}
	st, err := s.stats(c.UserContext(), f.Since, f.Until)
	if err != nil {
		return s.fail(c, err)
	}
	if err := s.record(c.UserContext(), principal(c), "stats", map[string]any{"filter": f.Map()}, int64(len(st.ByPlatform)+len(st.ByCategory))); err != nil {
		return s.fail(c, err)
	}
	return c.JSON(st)
}

func (s *server) apiTokens(c *fiber.Ctx) error {
	toks, err := ListTokens(c.UserContext(), s.DB)
	if err != nil {
		return s.fail(c, err)
	}
	if err := s.record(c.UserContext(), principal(c), "tokens", nil, int64(len(toks))); err != nil {
		return s.fail(c, err)
	}
	return c.JSON(fiber.Map{"tokens": toks})
}

func (s *server) apiIssueToken(c *fiber.Ctx) error {
	var req struct {
		Name string `json:"name"`
		Role string `json:"role"`
		TTL  string `json:"ttl"`
	}
	if err := json.Unmarshal(c.Body(), &req); err != nil {
		return s.fail(c, badRequest("body must be JSON {name, role, ttl}"))
	}
	var ttl time.Duration
	if req.TTL != "" {
		var err error
		if ttl, err = time.ParseDuration(req.TTL); err != nil {
			return s.fail(c, badRequest("ttl must be a duration such as 8h"))
		}
	}
	tok, rec, err := IssueToken(c.UserContext(), s.DB, s.Signer, TokenOptions{Name: req.Name, Role: req.Role, TTL: ttl,
		Key: s.Key, IssuedBy: principal(c).Actor(), Now: s.Now})
	if err != nil {
		if strings.HasPrefix(err.Error(), "admin: token name") || strings.HasPrefix(err.Error(), "admin: role") || strings.HasPrefix(err.Error(), "admin: ttl") {
			return s.fail(c, badRequest(strings.TrimPrefix(err.Error(), "admin: ")))
		}
		return s.fail(c, err)
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"token": tok, "record": rec})
}

func (s *server) apiRevokeToken(c *fiber.Ctx) error {
	err := RevokeToken(c.UserContext(), s.DB, c.Params("id"), principal(c).Actor())
	if errors.Is(err, ErrTokenNotFound) {
		return s.fail(c, errNotFound)
	}
	if err != nil {
		return s.fail(c, err)
	}
	return c.SendStatus(fiber.StatusNoContent)
}
