// Package service assembles Ferry from its parts for `ferry serve`: Vault client, store,
// stripper, connectors, pipeline, worker, portal and the two listeners.
package service

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/config"
	"github.com/ferryhealth/ferry/gateway/envelope"
	"github.com/ferryhealth/ferry/gateway/metrics"
	"github.com/ferryhealth/ferry/gateway/pipeline"
	"github.com/ferryhealth/ferry/gateway/reply"
	"github.com/ferryhealth/ferry/gateway/server"
	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/ferryhealth/ferry/gateway/strip"
	"github.com/ferryhealth/ferry/gateway/worker"
	"github.com/ferryhealth/ferry/portal"
	"github.com/ferryhealth/ferry/secrets"
	"github.com/gofiber/fiber/v2"
)

// Service is a running Ferry.
type Service struct {
	Config   *config.Config
	Vault    *secrets.Client
	Store    *store.Store
	Pipeline *pipeline.Pipeline
	Worker   *worker.Worker
	Server   *server.Server
	Metrics  *metrics.Metrics
	log      *slog.Logger
	extra    []func(ctx context.Context)
}

// VaultConfig maps Ferry's configuration to the Vault client's.
func VaultConfig(c *config.Config) secrets.Config {
	v := c.Vault
	return secrets.Config{Addr: v.Addr, Token: v.Token, Auth: v.Auth, AppRoleMount: v.AppRoleMount, RoleID: v.RoleID,
		SecretIDFile: v.SecretIDFile, SecretIDWrapped: v.SecretIDWrapped, KubernetesMount: v.KubernetesMount,
		KubernetesRole: v.KubernetesRole, KubernetesJWTPath: v.KubernetesJWTPath, KVMount: v.KVMount,
		KVPrefix: v.KVPrefix, TransitMount: v.TransitMount, RefreshEvery: v.RefreshEvery}
}

// Build connects to Vault and the database and wires every part. Nothing listens yet.
func Build(ctx context.Context, cfg *config.Config, log *slog.Logger, hooks ...Hook) (*Service, error) {
	vc, err := secrets.New(ctx, VaultConfig(cfg), log)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	st, err := store.Open(ctx, cfg.Database, log)
	if err != nil {
		vc.Close()
		return nil, err
	}
	stripper, err := strip.New()
	if err != nil {
		return nil, fmt.Errorf("stripper: %w", err)
	}
	conns, err := Connectors(cfg)
	if err != nil {
		return nil, err
	}
	// Fail closed: every enabled platform must have its secret readable at start-up.
	for p := range conns {
		if _, err := vc.KV(ctx, "platforms/"+p); err != nil {
			return nil, fmt.Errorf("platform %s: its Vault secret %s/%s/platforms/%s cannot be read (%v); disable it with FERRY_PLATFORMS or write the secret",
				p, cfg.Vault.KVMount, cfg.Vault.KVPrefix, p, err)
		}
	}
	if _, err := vc.KV(ctx, "pseudonym"); err != nil {
		return nil, fmt.Errorf("pseudonym key %s/%s/pseudonym cannot be read: %w", cfg.Vault.KVMount, cfg.Vault.KVPrefix, err)
	}
	sealer := envelope.New(envelope.VaultTransit{API: vc.API(), Mount: cfg.Vault.TransitMount, Key: cfg.Vault.SenderKey}, 24*time.Hour)
	if _, err := sealer.Seal(ctx, []byte("start-up check")); err != nil {
		return nil, fmt.Errorf("transit key %s: %w", cfg.Vault.SenderKey, err)
	}
	m := metrics.New(func() float64 {
		qctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		n, _ := st.QueueDepth(qctx)
		return float64(n)
	}, func() float64 { return float64(vc.Errors()) })
	m.WatchStore(func() float64 { c, _ := st.GroupStats(); return float64(c) },
		func() float64 { _, w := st.GroupStats(); return float64(w) })

	pipe := pipeline.New(pipeline.Options{Connectors: conns, Secrets: vc, Stripper: stripper, Store: st, Sealer: sealer,
		Metrics: m, Log: log, Cooldown: cfg.Cooldown})
	issuer := portal.NewIssuer(vc, portal.IssuerConfig{Key: cfg.Vault.LinkKey, Issuer: cfg.PublicURL, Audience: cfg.LinkAud, TTL: cfg.LinkTTL})
	verifier := portal.NewVerifier(vc, portal.VerifierConfig{Key: cfg.Vault.LinkKey, Issuer: cfg.PublicURL, Audience: cfg.LinkAud})
	w, err := worker.New(worker.Config{Concurrency: cfg.Worker.Concurrency, Poll: cfg.Worker.Poll, MaxAttempts: cfg.Worker.MaxAttempts,
		BaseBackoff: cfg.Worker.BaseBackoff, MaxBackoff: cfg.Worker.MaxBackoff, Lease: cfg.Worker.Lease,
		RatePerSec: cfg.Worker.RatePerSec, PublicURL: cfg.PublicURL, LinkTTL: cfg.LinkTTL, Templates: ReplySettings(cfg)},
		worker.Deps{Store: st, Connectors: conns, Pipeline: pipe, Sealer: sealer, Issuer: issuer, Metrics: m, Log: log, VaultHealth: vc.Health,
			KeyVersion: func(ctx context.Context) (int, error) { return vc.LatestVersion(ctx, cfg.Vault.LinkKey) }})
	if err != nil {
		return nil, err
	}
	ph, err := portal.NewHandlers(verifier, countedLinks{LinkStore: st.Links(), m: m}, portal.HandlersConfig{PortalURL: cfg.PortalURL, TokenIn: cfg.PortalToken,
		Branding: Branding(cfg), DefaultLang: cfg.Branding.DefaultLang, PublicURL: cfg.PublicURL, Logger: log,
		RateLimit: portal.RateLimit{PerSecond: float64(cfg.LinkRateLimit) / 60, Burst: cfg.LinkRateLimit}})
	if err != nil {
		return nil, err
	}
	s := &Service{Config: cfg, Vault: vc, Store: st, Pipeline: pipe, Worker: w, Metrics: m, log: log}
	cp := &audit.Checkpointer{DB: st.DB(), Signer: vc, Key: cfg.Vault.AuditKey, Every: cfg.Audit.CheckpointEvery,
		Interval: cfg.Audit.CheckpointInterval, Log: log}
	s.Background(func(ctx context.Context) { cp.Run(ctx) })
	if cfg.Retention > 0 { // 0 keeps redacted text for ever
		pg := &audit.Purger{DB: st.DB(), Retention: cfg.Retention, Log: log}
		s.Background(func(ctx context.Context) { pg.Run(ctx) })
	}
	opts := server.Options{PublicURL: cfg.PublicURL, BodyLimit: cfg.BodyLimit, TrustProxy: cfg.TrustProxy, Pipeline: pipe,
		Metrics: m, Log: log, OnAck: w.Wake,
		Ready:       map[string]server.Checker{"database": st.Ping, "vault": vc.Health},
		MountPublic: []func(fiber.Router){func(r fiber.Router) { portal.Mount(r, ph) }},
	}
	for _, h := range hooks {
		h(s, &opts)
	}
	s.Server = server.New(opts)
	return s, nil
}

// Hook adjusts the service before the server is built (admin UI, dev tools).
type Hook func(s *Service, o *server.Options)

// Background adds a loop that runs for the life of the service.
func (s *Service) Background(f func(ctx context.Context)) { s.extra = append(s.extra, f) }

// Run serves until ctx ends, then drains: listeners stop accepting, in-flight requests
// and reply sends finish, then the process may exit.
func (s *Service) Run(ctx context.Context) error {
	wctx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.Worker.Run(wctx) }()
	for _, f := range s.extra {
		wg.Add(1)
		go func() { defer wg.Done(); f(wctx) }()
	}
	err := s.Server.Serve(ctx, s.Config.Listen, s.Config.AdminListen)
	stopWorker()
	wg.Wait()
	s.Store.Close()
	s.Vault.Close()
	s.log.Info("stopped")
	return err
}

// Connectors builds the enabled platforms' connectors.
func Connectors(cfg *config.Config) (map[string]connectors.Connector, error) {
	enabled := cfg.Platforms
	if len(enabled) == 0 {
		enabled = connectors.Platforms()
	}
	out := map[string]connectors.Connector{}
	hc := &http.Client{Timeout: 15 * time.Second}
	for _, p := range enabled {
		f, ok := connectors.Lookup(p)
		if !ok {
			return nil, fmt.Errorf("config: FERRY_PLATFORMS: unknown platform %q (known: %v)", p, connectors.Platforms())
		}
		out[p] = f(connectors.Options{APIBase: cfg.APIBase[p], HTTPClient: hc, PublicURL: cfg.PublicURL, Settings: cfg.PlatformSettings[p]})
	}
	return out, nil
}

// Branding maps configuration to the landing pages' branding.
func Branding(cfg *config.Config) portal.Branding {
	b := cfg.Branding
	return portal.Branding{Name: b.Name, LogoURL: b.LogoURL, PrimaryColor: b.PrimaryColor, AccentColor: b.AccentColor,
		PortalName: b.PortalName, Phone: b.Phone, Hours: b.Hours}
}

// ReplySettings maps configuration to the reply composer's settings.
func ReplySettings(cfg *config.Config) reply.Settings {
	b := cfg.Branding
	t := map[string]reply.Templates{}
	for key, text := range cfg.Reply.Templates {
		lang, kind, _ := strings.Cut(key, ".")
		tl := t[lang]
		switch kind {
		case "clinical":
			tl.Clinical = text
		case "default":
			tl.General = text
		}
		t[lang] = tl
	}
	return reply.Settings{HospitalName: b.Name, PortalName: b.PortalName, UrgentPhone: b.Phone, OfficeHours: b.Hours,
		EmergencyNumber: b.EmergencyNumber, DefaultLang: b.DefaultLang, Templates: t}
}
