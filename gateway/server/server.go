// Package server runs Ferry's two listeners with fiber: the public one (webhooks, link
// pages, JWKS, health) and the admin one (auditor API and UI, metrics).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"time"

	"github.com/ferryhealth/ferry/gateway/metrics"
	"github.com/ferryhealth/ferry/gateway/pipeline"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Checker reports whether a dependency is reachable.
type Checker func(ctx context.Context) error

// Options wire the server.
type Options struct {
	PublicURL  string
	BodyLimit  int
	TrustProxy bool
	Pipeline   *pipeline.Pipeline
	Metrics    *metrics.Metrics
	Log        *slog.Logger
	// Ready lists named readiness checks (database, vault).
	Ready map[string]Checker
	// OnAck runs after a webhook was acknowledged (wakes the worker).
	OnAck func()
	// MountPublic and MountAdmin add routes owned by other packages (portal, admin UI).
	MountPublic []func(fiber.Router)
	MountAdmin  []func(*fiber.App)
}

// Server holds both fiber apps.
type Server struct {
	Public    *fiber.App
	Admin     *fiber.App
	pipe      *pipeline.Pipeline
	m         *metrics.Metrics
	log       *slog.Logger
	publicURL string
	ready     map[string]Checker
	onAck     func()
}

// New builds the apps and their routes.
func New(o Options) *Server {
	s := &Server{pipe: o.Pipeline, m: o.Metrics, log: o.Log.With("comp", "http"), publicURL: o.PublicURL,
		ready: o.Ready, onAck: o.OnAck}
	cfg := fiber.Config{
		DisableStartupMessage:   true,
		BodyLimit:               o.BodyLimit,
		ReadTimeout:             10 * time.Second,
		WriteTimeout:            10 * time.Second,
		IdleTimeout:             60 * time.Second,
		ReadBufferSize:          8192,
		EnableTrustedProxyCheck: false,
		ProxyHeader: func() string {
			if o.TrustProxy {
				return fiber.HeaderXForwardedFor
			}
			return ""
		}(),
		ErrorHandler: s.errorHandler,
	}
	s.Public = fiber.New(cfg)
	s.Public.Use(securityHeaders)
	s.Public.Get("/healthz", s.healthz)
	s.Public.Get("/readyz", s.readyz)
	s.Public.Get("/webhooks/:platform", s.platformKnown, s.handshake)
	s.Public.Post("/webhooks/:platform", s.platformKnown, s.receive)
	for _, mount := range o.MountPublic {
		mount(s.Public)
	}

	s.Admin = fiber.New(cfg)
	s.Admin.Get("/healthz", s.healthz)
	s.Admin.Get("/readyz", s.readyz)
	s.Admin.Get("/metrics", adaptor.HTTPHandler(promhttp.HandlerFor(o.Metrics.Registry, promhttp.HandlerOpts{})))
	for _, mount := range o.MountAdmin {
		mount(s.Admin)
	}
	return s
}

// securityHeaders sets the headers every public answer carries; the link pages add their
// own CSP and cache rules.
func securityHeaders(c *fiber.Ctx) error {
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("X-Frame-Options", "DENY")
	return c.Next()
}

func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	code := http.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code = fe.Code
	}
	msg := http.StatusText(code)
	if code == http.StatusRequestEntityTooLarge {
		msg = "request body too large"
	}
	if code >= 500 {
		s.log.Error("request failed", slog.String("path", c.Route().Path), slog.Int("status", code))
	}
	return c.Status(code).SendString(msg)
}

func (s *Server) healthz(c *fiber.Ctx) error { return c.SendString("ok") }

func (s *Server) readyz(c *fiber.Ctx) error {
	// Each dependency is checked at once with its own deadline, so a slow one (Vault
	// retrying during an outage) cannot make another look down.
	type result struct {
		name string
		err  error
	}
	results := make(chan result, len(s.ready))
	base := c.UserContext()
	for name, check := range s.ready {
		go func() {
			ctx, cancel := context.WithTimeout(base, 2*time.Second)
			defer cancel()
			results <- result{name, check(ctx)}
		}()
	}
	out := map[string]string{}
	ok := true
	for range s.ready {
		r := <-results
		if r.err != nil {
			out[r.name] = "unavailable"
			ok = false
		} else {
			out[r.name] = "ok"
		}
	}
	b, _ := json.Marshal(out)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	if !ok {
		return c.Status(http.StatusServiceUnavailable).Send(b)
	}
	return c.Send(b)
}

// Serve runs both listeners until ctx ends, then shuts them down gracefully (in-flight
// requests finish). Listeners are opened first so a port clash fails start-up at once.
func (s *Server) Serve(ctx context.Context, publicAddr, adminAddr string) error {
	pl, err := net.Listen("tcp", publicAddr)
	if err != nil {
		return err
	}
	al, err := net.Listen("tcp", adminAddr)
	if err != nil {
		pl.Close()
		return err
	}
	if addr := os.Getenv("FERRY_PPROF_LISTEN"); addr != "" {
		s.servePprof(ctx, addr)
	}
	errc := make(chan error, 2)
	go func() { errc <- s.Public.Listener(pl) }()
	go func() { errc <- s.Admin.Listener(al) }()
	s.log.Info("listening", slog.String("public", pl.Addr().String()), slog.String("admin", al.Addr().String()))
	select {
	case <-ctx.Done():
	case err := <-errc:
		if err != nil {
			return err
		}
	}
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e1 := s.Public.ShutdownWithContext(sctx)
	e2 := s.Admin.ShutdownWithContext(sctx)
	return errors.Join(e1, e2)
}

// servePprof serves net/http/pprof on addr, opt-in for profiling (`make bench` and the load
// script use it): FERRY_PPROF_LISTEN=127.0.0.1:6060. Only loopback addresses are accepted,
// since profiles show internals; it is not a configuration key and is off by default.
func (s *Server) servePprof(ctx context.Context, addr string) {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		s.log.Error("FERRY_PPROF_LISTEN must be a loopback host:port; pprof not started")
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("pprof listener", slog.String("error", err.Error()))
		}
	}()
	go func() { <-ctx.Done(); srv.Close() }()
	s.log.Warn("pprof listening (profiling only)", slog.String("addr", addr))
}
