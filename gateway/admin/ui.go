package admin

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/app.css
var appCSS []byte

const cookieName = "ferry_admin"

var funcs = template.FuncMap{
	"short": func(s string) string {
		if len(s) > 14 {
			return s[:12] + "…"
		}
		return s
	},
	"time": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04:05")
	},
	"ptime": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04:05")
	},
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02")
	},
	"pct":  func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
	"join": strings.Join,
	"dur":  func(d time.Duration) string { return d.Round(100 * time.Microsecond).String() },
	"detail": func(raw []byte) string {
		// Room to wrap between fields; the JSON stays as stored otherwise.
		return strings.ReplaceAll(strings.ReplaceAll(string(raw), `,"`, `, "`), `":`, `": `)
	},
	"kindClass": func(k string) string {
		k, _, _ = strings.Cut(k, ".")
		return "k-" + k
	},
}

var pages = map[string]*template.Template{}

func init() {
	for _, name := range []string{"login", "events", "conversation", "verify", "stats"} {
		pages[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
}

// page is the data every page gets.
type page struct {
	Title     string
	Nav       string
	Principal *Principal
	CSRF      string
	Status    *audit.Report // last chain verification, when one ran recently
	Error     string
	Data      any
}

func csrfToken(token string) string {
	sum := sha256.Sum256([]byte("ferry-admin-csrf\x00" + token))
	return hex.EncodeToString(sum[:16])
}

func (s *server) render(c *fiber.Ctx, status int, name string, p page) error {
	if p.Principal == nil {
		p.Principal = principal(c)
	}
	if tok := c.Cookies(cookieName); tok != "" && p.Principal != nil {
		p.CSRF = csrfToken(tok)
	}
	s.vmu.Lock()
	if s.vReport != nil {
		p.Status = s.vReport
	}
	s.vmu.Unlock()
	var buf bytes.Buffer
	if err := pages[name].Execute(&buf, p); err != nil {
		s.log.Error("render page", slog.String("page", name), slog.Any("err", err))
		return c.Status(fiber.StatusInternalServerError).SendString("internal error")
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(buf.Bytes())
}

func (s *server) mountUI(app *fiber.App) {
	app.Get("/", func(c *fiber.Ctx) error { return c.Redirect("/ui/", fiber.StatusSeeOther) })
	ui := app.Group("/ui", s.securityHeaders)
	ui.Get("/static/app.css", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, "text/css; charset=utf-8")
		c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
		return c.Send(appCSS)
	})
	ui.Get("/login", s.uiLoginForm)
	ui.Post("/login", s.sameOrigin, s.uiLogin)
	ui.Post("/logout", s.sameOrigin, s.uiLogout)
	ui.Get("/", s.requireCookie, func(c *fiber.Ctx) error { return c.Redirect("/ui/events", fiber.StatusSeeOther) })
	ui.Get("/events", s.requireCookie, s.uiEvents)
	ui.Get("/conversations/:pseudonym", s.requireCookie, s.uiConversation)
	ui.Get("/verify", s.requireCookie, s.uiVerify)
	ui.Get("/stats", s.requireCookie, s.uiStats)
	ui.Get("/export", s.requireCookie, func(c *fiber.Ctx) error { return s.export(c, principal(c)) })
}

func (s *server) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "same-origin") // no-referrer would make Chrome send "Origin: null" on our own form posts
	c.Set("X-Frame-Options", "DENY")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// sameOrigin refuses a POST whose Origin (or Referer) names another host.
func (s *server) sameOrigin(c *fiber.Ctx) error {
	src := c.Get(fiber.HeaderOrigin)
	if src == "" {
		src = c.Get(fiber.HeaderReferer)
	}
	if src == "" {
		return c.Next() // same-site form posts from old browsers; the cookie is SameSite=Strict
	}
	u, err := url.Parse(src)
	if err != nil || u.Host != string(c.Request().Host()) {
		return c.Status(fiber.StatusForbidden).SendString("cross-site request refused")
	}
	return c.Next()
}

func (s *server) requireCookie(c *fiber.Ctx) error {
	tok := c.Cookies(cookieName)
	if tok == "" {
		return c.Redirect("/ui/login", fiber.StatusSeeOther)
	}
	p, err := s.verifier.Verify(c.UserContext(), tok)
	if err != nil {
		if !errors.Is(err, ErrUnauthorized) {
			return s.fail(c, err)
		}
		s.clearCookie(c)
		return c.Redirect("/ui/login?expired=1", fiber.StatusSeeOther)
	}
	c.Locals(principalKey, p)
	return c.Next()
}

func (s *server) setCookie(c *fiber.Ctx, tok string, exp time.Time) {
	c.Cookie(&fiber.Cookie{Name: cookieName, Value: tok, Path: "/", Expires: exp, HTTPOnly: true,
		Secure: c.Protocol() == "https", SameSite: fiber.CookieSameSiteStrictMode})
}

func (s *server) clearCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: cookieName, Value: "", Path: "/", Expires: time.Unix(1, 0), MaxAge: -1, HTTPOnly: true,
		Secure: c.Protocol() == "https", SameSite: fiber.CookieSameSiteStrictMode})
}

func (s *server) uiLoginForm(c *fiber.Ctx) error {
	p := page{Title: "Sign in"}
	if c.Query("expired") != "" {
		p.Error = "Your session ended. Sign in again."
	}
	return s.render(c, fiber.StatusOK, "login", p)
}

func (s *server) uiLogin(c *fiber.Ctx) error {
	tok := strings.TrimSpace(c.FormValue("token"))
	p, err := s.verifier.Verify(c.UserContext(), tok)
	if err != nil {
		if !errors.Is(err, ErrUnauthorized) {
			return s.fail(c, err)
		}
		s.log.Warn("auditor sign-in refused", slog.String("reason", strings.TrimPrefix(err.Error(), ErrUnauthorized.Error()+": ")), slog.String("ip", c.IP()))
		return s.render(c, fiber.StatusUnauthorized, "login", page{Title: "Sign in", Error: "This token is not valid: it may be expired, revoked, or not an auditor token."})
	}
	err = s.DB.WithContext(c.UserContext()).Transaction(func(tx *gorm.DB) error {
		return audit.Append(tx, &audit.Event{Kind: audit.KindAuditorLogin, Actor: p.Actor(), Outcome: "ok", At: s.Now(),
			Detail: audit.Details(map[string]any{"token_id": p.TokenID, "via": "ui"})})
	})
	if err != nil {
		return s.fail(c, err)
	}
	s.setCookie(c, tok, p.ExpiresAt)
	return c.Redirect("/ui/events", fiber.StatusSeeOther)
}

func (s *server) uiLogout(c *fiber.Ctx) error {
	tok := c.Cookies(cookieName)
	if tok != "" {
		if subtle.ConstantTimeCompare([]byte(c.FormValue("csrf")), []byte(csrfToken(tok))) != 1 {
			return c.Status(fiber.StatusForbidden).SendString("missing or wrong CSRF token")
		}
		if p, err := s.verifier.Verify(c.UserContext(), tok); err == nil {
			s.DB.WithContext(c.UserContext()).Transaction(func(tx *gorm.DB) error {
				return audit.Append(tx, &audit.Event{Kind: audit.KindAuditorLogout, Actor: p.Actor(), Outcome: "ok", At: s.Now(),
					Detail: audit.Details(map[string]any{"token_id": p.TokenID})})
			})
		}
	}
	s.clearCookie(c)
	return c.Redirect("/ui/login", fiber.StatusSeeOther)
}

// eventsPage is the data of the events page.
type eventsPage struct {
	Filter     Filter
	Since      string
	Until      string
	Page       *Page
	Query      string // the filter as a query string
	Exports    map[string]template.URL
	NextURL    template.URL
	FirstURL   template.URL
	Platforms  []string
	Kinds      []string
	Categories []string
	First      bool
}

var knownKinds = []string{"message.", audit.KindMessageReceived, audit.KindMessageStripped, audit.KindMessageDuplicate, audit.KindEventIgnored,
	"reply.", audit.KindReplyQueued, audit.KindReplySuppressed, audit.KindReplySent, audit.KindReplyRetry, audit.KindReplyFailed, audit.KindReplyStatus,
	"link.", audit.KindLinkIssued, audit.KindLinkOpened, audit.KindLinkRedeemed, audit.KindLinkRejected,
	audit.KindOptOut, audit.KindOptIn, "auditor.", audit.KindAuditorQuery, audit.KindAuditorLogin, audit.KindAuditorLogout,
	audit.KindTokenIssued, audit.KindTokenRevoked, audit.KindRetentionPurge}

var knownPlatforms = []string{"messenger", "instagram", "whatsapp", "x", "telegram", "sms"}

// distinctCategories lists the finding categories seen in message.stripped events (the
// newest 5000), for the filter's select box.
func (s *server) distinctCategories(c *fiber.Ctx) []string {
	var details []string
	s.DB.WithContext(c.UserContext()).Model(&audit.Event{}).Where("kind = ?", audit.KindMessageStripped).
		Order("seq DESC").Limit(5000).Pluck("detail", &details)
	set := map[string]bool{}
	for _, d := range details {
		for _, cat := range categoriesOf(d) {
			set[cat] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (s *server) uiEvents(c *fiber.Ctx) error {
	f, err := parseFilter(c)
	data := &eventsPage{Filter: f, Platforms: knownPlatforms, Kinds: knownKinds, Categories: s.distinctCategories(c)}
	if !f.Since.IsZero() {
		data.Since = f.Since.Format("2006-01-02")
	}
	if !f.Until.IsZero() {
		data.Until = f.Until.Add(-time.Nanosecond).Format("2006-01-02")
	}
	if err != nil {
		return s.render(c, fiber.StatusBadRequest, "events", page{Title: "Events", Nav: "events", Error: err.Error(), Data: data})
	}
	data.Query = f.Query()
	data.Page, err = s.listEvents(c.UserContext(), f, c.Query("cursor"), "desc", 50)
	if err != nil {
		if errors.Is(err, errBadFilter) {
			return s.render(c, fiber.StatusBadRequest, "events", page{Title: "Events", Nav: "events", Error: err.Error(), Data: data})
		}
		return s.fail(c, err)
	}
	data.First = c.Query("cursor") == ""
	withQuery := func(path string, extra ...string) template.URL {
		q := append([]string{}, extra...)
		if data.Query != "" {
			q = append([]string{data.Query}, extra...)
		}
		if len(q) == 0 {
			return template.URL(path)
		}
		return template.URL(path + "?" + strings.Join(q, "&"))
	}
	data.Exports = map[string]template.URL{}
	for _, f := range []string{audit.FormatCSV, audit.FormatNDJSON, audit.FormatFHIR} {
		data.Exports[f] = withQuery("/ui/export", "format="+f)
	}
	data.FirstURL = withQuery("/ui/events")
	if data.Page.NextCursor != "" {
		data.NextURL = withQuery("/ui/events", "cursor="+url.QueryEscape(data.Page.NextCursor))
	}
	if err := s.record(c.UserContext(), principal(c), "ui.events", map[string]any{"filter": f.Map(), "cursor": c.Query("cursor")}, int64(len(data.Page.Events))); err != nil {
		return s.fail(c, err)
	}
	return s.render(c, fiber.StatusOK, "events", page{Title: "Events", Nav: "events", Data: data})
}

func (s *server) uiConversation(c *fiber.Ctx) error {
	ps := c.Params("pseudonym")
	conv, err := s.conversation(c.UserContext(), ps)
	if err != nil {
		return s.fail(c, err)
	}
	if err := s.record(c.UserContext(), principal(c), "ui.conversation", map[string]any{"pseudonym": ps}, int64(len(conv.Events)+len(conv.Messages))); err != nil {
		return s.fail(c, err)
	}
	return s.render(c, fiber.StatusOK, "conversation", page{Title: "Conversation", Nav: "events", Data: conv})
}

func (s *server) uiVerify(c *fiber.Ctx) error {
	r, err := s.verifyStatus(c.UserContext(), c.QueryBool("fresh"))
	if err != nil {
		s.log.Error("verify for the UI", slog.Any("err", err))
		return s.render(c, fiber.StatusOK, "verify", page{Title: "Verification", Nav: "verify", Error: "The chain could not be verified: " + err.Error()})
	}
	if err := s.record(c.UserContext(), principal(c), "ui.verify", map[string]any{"ok": r.OK}, r.Events); err != nil {
		return s.fail(c, err)
	}
	return s.render(c, fiber.StatusOK, "verify", page{Title: "Verification", Nav: "verify", Data: r})
}

// statsPage is the data of the statistics page.
type statsPage struct {
	Stats        *Stats
	Since, Until string
	Platform     template.HTML
	Category     template.HTML
	Links        template.HTML
	PlatformRows []seriesTotal
	CategoryRows []seriesTotal
}

func (s *server) uiStats(c *fiber.Ctx) error {
	f, err := parseFilter(c)
	if err != nil {
		return s.render(c, fiber.StatusBadRequest, "stats", page{Title: "Statistics", Nav: "stats", Error: err.Error(), Data: &statsPage{}})
	}
	st, err := s.stats(c.UserContext(), f.Since, f.Until)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			return s.render(c, ae.Status, "stats", page{Title: "Statistics", Nav: "stats", Error: ae.Msg, Data: &statsPage{}})
		}
		return s.fail(c, err)
	}
	data := &statsPage{Stats: st, Since: st.Since.Format("2006-01-02"), Until: st.Until.Add(-time.Nanosecond).Format("2006-01-02")}
	data.Platform, data.PlatformRows = stackedChart("Messages received per day, by platform", st.Days, st.ByPlatform)
	data.Category, data.CategoryRows = stackedChart("Stripped messages per day, by finding category", st.Days, st.ByCategory)
	data.Links = linkChart(st)
	if err := s.record(c.UserContext(), principal(c), "ui.stats", map[string]any{"filter": f.Map()}, int64(len(st.ByPlatform)+len(st.ByCategory))); err != nil {
		return s.fail(c, err)
	}
	return s.render(c, fiber.StatusOK, "stats", page{Title: "Statistics", Nav: "stats", Data: data})
}
