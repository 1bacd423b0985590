package portal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// LinkState is what the store knows about a link's jti.
type LinkState int

// Link states.
const (
	LinkUnknown LinkState = iota
	LinkActive
	LinkRedeemed
)

// LinkStore records what happens to links. The gateway's storage implements it and writes
// the audit events itself.
type LinkStore interface {
	LinkState(ctx context.Context, jti string) (LinkState, error)
	// OpenLink reports a link's state and, when it is active, records that its landing
	// page was shown (one read for both: every landing page does this).
	OpenLink(ctx context.Context, jti string, at time.Time) (LinkState, error)
	// RedeemLink marks jti redeemed; it returns true only for the one caller that did so.
	RedeemLink(ctx context.Context, jti string, at time.Time) (bool, error)
	// LinkRejected records a refused link; jti is "" when the token could not be trusted.
	LinkRejected(ctx context.Context, jti string, reason string, at time.Time) error
}

// RateLimit is the per-source token bucket on the link pages.
type RateLimit struct {
	PerSecond float64 // refill rate, default 1
	Burst     int     // bucket size, default 20
	Disabled  bool
}

// HandlersConfig configures the link pages.
type HandlersConfig struct {
	PortalURL   string // where a redeemed link goes (303)
	TokenIn     string // "query" (default, ?token=) or "fragment" (#token=)
	Branding    Branding
	DefaultLang string // "en" unless set
	Now         func() time.Time
	// PublicURL is Ferry's public base URL; HSTS is sent when it is https.
	PublicURL string
	RateLimit RateLimit
	Logger    *slog.Logger
}

// Handlers serves the link pages and the JWKS.
type Handlers struct {
	v        *Verifier
	store    LinkStore
	cfg      HandlersConfig
	portal   *url.URL
	pages    *renderer
	csp      string
	hsts     bool
	limiter  *ipLimiter
	log      *slog.Logger
	rendered map[string][]byte // page|lang -> bytes; every page is static per branding
}

// NewHandlers checks the configuration and prepares the pages.
func NewHandlers(v *Verifier, store LinkStore, cfg HandlersConfig) (*Handlers, error) {
	if v == nil || store == nil {
		return nil, errors.New("portal: handlers need a verifier and a link store")
	}
	pu, err := url.Parse(cfg.PortalURL)
	if err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
		return nil, errors.New("portal: portal URL must be an absolute http(s) URL")
	}
	switch cfg.TokenIn {
	case "":
		cfg.TokenIn = "query"
	case "query", "fragment":
	default:
		return nil, fmt.Errorf("portal: token_in must be \"query\" or \"fragment\", not %q", cfg.TokenIn)
	}
	cfg.DefaultLang = normLang(cfg.DefaultLang, "en")
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	// The "already used" page links to the portal itself, without any token.
	plain := *pu
	plain.RawQuery, plain.Fragment = "", ""
	r, err := newRenderer(cfg.Branding, plain.String())
	if err != nil {
		return nil, err
	}
	h := &Handlers{v: v, store: store, cfg: cfg, portal: pu, pages: r, log: cfg.Logger.With("comp", "portal")}
	h.csp = "default-src 'none'; style-src " + r.styleHash + "; img-src 'self' data:; form-action 'self' " +
		pu.Scheme + "://" + pu.Host + "; frame-ancestors 'none'; base-uri 'none'"
	if pub, err := url.Parse(cfg.PublicURL); err == nil && pub.Scheme == "https" {
		h.hsts = true
	}
	if !cfg.RateLimit.Disabled {
		h.limiter = newIPLimiter(cfg.RateLimit.PerSecond, cfg.RateLimit.Burst)
	}
	h.rendered = map[string][]byte{}
	for _, lang := range supportedLangs {
		for p := pageLanding; p <= pageTooMany; p++ {
			b, err := r.render(p, lang)
			if err != nil {
				return nil, err
			}
			h.rendered[pageKey(p, lang)] = b
		}
	}
	return h, nil
}

func pageKey(p page, lang string) string { return fmt.Sprint(int(p), "|", lang) }

// Mount registers GET/POST /l/:token and GET /.well-known/jwks.json on app.
func Mount(app fiber.Router, h *Handlers) {
	app.Get("/.well-known/jwks.json", h.headers, h.jwks)
	app.Get("/l/:token", h.headers, h.limit, h.landing)
	app.Post("/l/:token", h.headers, h.limit, h.redeem)
}

// headers sets the security headers every response of ours carries.
func (h *Handlers) headers(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", h.csp)
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("Cache-Control", "no-store")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	if h.hsts {
		c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}

func (h *Handlers) limit(c *fiber.Ctx) error {
	if h.limiter == nil || h.limiter.allow(c.IP(), h.cfg.Now()) {
		return c.Next()
	}
	c.Set("Retry-After", "60")
	return h.page(c, fiber.StatusTooManyRequests, pageTooMany, h.lang(c, nil))
}

// lang picks the page language: the token's lng, else Accept-Language, else the default.
func (h *Handlers) lang(c *fiber.Ctx, cl *Claims) string {
	if cl != nil && cl.Lang != "" {
		return cl.Lang
	}
	if l := acceptLanguage(c.Get(fiber.HeaderAcceptLanguage)); l != "" {
		return l
	}
	return h.cfg.DefaultLang
}

func (h *Handlers) page(c *fiber.Ctx, status int, p page, lang string) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set("Content-Language", lang)
	c.Vary(fiber.HeaderAcceptLanguage)
	return c.Status(status).Send(h.rendered[pageKey(p, lang)])
}

// check verifies the token of the request; on failure it answers with the right page,
// records the rejection and returns ok=false.
func (h *Handlers) check(ctx context.Context, c *fiber.Ctx, token string) (*Claims, bool, error) {
	cl, err := h.v.Verify(ctx, token)
	if err == nil {
		return cl, true, nil
	}
	now := h.cfg.Now()
	switch {
	case errors.Is(err, ErrExpired):
		h.rejected(ctx, cl.ID, "expired", now)
		return nil, false, h.page(c, fiber.StatusGone, pageExpired, h.lang(c, cl))
	case errors.Is(err, ErrUnavailable):
		h.log.Warn("link keys unavailable", slog.String("error", err.Error()))
		c.Set("Retry-After", "120")
		return nil, false, h.page(c, fiber.StatusServiceUnavailable, pageUnavailable, h.lang(c, nil))
	default:
		h.rejected(ctx, "", Reason(err), now)
		return nil, false, h.page(c, fiber.StatusBadRequest, pageInvalid, h.lang(c, nil))
	}
}

func (h *Handlers) rejected(ctx context.Context, jti, reason string, at time.Time) {
	if err := h.store.LinkRejected(ctx, jti, reason, at); err != nil {
		h.log.Error("record link rejection", slog.String("reason", reason), slog.String("error", err.Error()))
	}
}

// landing shows the page with the button. It redeems nothing: link-preview bots GET it.
func (h *Handlers) landing(c *fiber.Ctx) error {
	ctx := c.UserContext()
	token := strings.Clone(c.Params("token"))
	cl, ok, err := h.check(ctx, c, token)
	if !ok {
		return err
	}
	lang := h.lang(c, cl)
	st, err := h.store.OpenLink(ctx, cl.ID, h.cfg.Now())
	if err != nil {
		// Show the page anyway; the POST decides.
		h.log.Error("open link", slog.String("jti", cl.ID), slog.String("error", err.Error()))
		st = LinkActive
	}
	switch st {
	case LinkRedeemed:
		return h.page(c, fiber.StatusGone, pageUsed, lang)
	case LinkUnknown:
		h.rejected(ctx, cl.ID, "unknown_jti", h.cfg.Now())
		return h.page(c, fiber.StatusBadRequest, pageInvalid, lang)
	}
	return h.page(c, fiber.StatusOK, pageLanding, lang)
}

// redeem spends the link once and sends the patient on to the portal with the token.
func (h *Handlers) redeem(c *fiber.Ctx) error {
	ctx := c.UserContext()
	token := strings.Clone(c.Params("token"))
	cl, ok, err := h.check(ctx, c, token)
	if !ok {
		return err
	}
	lang := h.lang(c, cl)
	now := h.cfg.Now()
	won, err := h.store.RedeemLink(ctx, cl.ID, now)
	if err != nil {
		h.log.Error("redeem link", slog.String("jti", cl.ID), slog.String("error", err.Error()))
		c.Set("Retry-After", "60")
		return h.page(c, fiber.StatusServiceUnavailable, pageUnavailable, lang)
	}
	if !won {
		st, err := h.store.LinkState(ctx, cl.ID)
		if err == nil && st == LinkUnknown {
			h.rejected(ctx, cl.ID, "unknown_jti", now)
			return h.page(c, fiber.StatusBadRequest, pageInvalid, lang)
		}
		h.rejected(ctx, cl.ID, "already_redeemed", now)
		return h.page(c, fiber.StatusGone, pageUsed, lang)
	}
	c.Set(fiber.HeaderLocation, h.target(token))
	return c.SendStatus(fiber.StatusSeeOther)
}

// target is the portal URL carrying the token as configured.
func (h *Handlers) target(token string) string {
	u := *h.portal
	if h.cfg.TokenIn == "fragment" {
		u.Fragment = "token=" + token
		u.RawFragment = ""
		return u.String()
	}
	q := u.Query()
	q.Set("token", token)
	u.RawQuery = q.Encode()
	return u.String()
}

func (h *Handlers) jwks(c *fiber.Ctx) error {
	b, err := h.v.JWKS(c.UserContext())
	if err != nil {
		h.log.Error("jwks", slog.String("error", err.Error()))
		c.Set("Retry-After", "30")
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"error": "keys unavailable"})
	}
	// Portals may cache the key set briefly; a new key version shows up within 5 minutes.
	c.Set("Cache-Control", "public, max-age=300")
	c.Set("Access-Control-Allow-Origin", "*")
	c.Set(fiber.HeaderContentType, "application/jwk-set+json")
	return c.Send(b)
}
