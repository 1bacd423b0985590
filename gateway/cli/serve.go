package cli

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/ferryhealth/ferry/gateway/config"
	"github.com/ferryhealth/ferry/gateway/service"
	"github.com/spf13/cobra"
)

// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is not set.
const defaultMemoryLimit = 96 << 20

func serveCmd(load func() (*config.Config, error)) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the gateway (webhooks, link pages, worker, admin listener)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := load()
			if err != nil {
				return err
			}
			return serve(cfg)
		},
	}
}

// serve builds and runs the service until SIGINT/SIGTERM; SIGHUP re-reads Vault secrets.
func serve(cfg *config.Config, hooks ...service.Hook) error {
	log := newLogger(os.Stderr, cfg.LogLevel)
	slog.SetDefault(log)
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit for the Go heap, so a burst does not leave the process at twice its
		// working set (the default GC target); set GOMEMLIMIT to choose another.
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	ctx, stop := signalContext()
	defer stop()
	svc, err := service.Build(ctx, cfg, log, append(adminHooks(), hooks...)...)
	if err != nil {
		return err
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			if err := svc.Vault.Refresh(context.Background()); err != nil {
				log.Warn("secret refresh failed", slog.Any("error", err))
			} else {
				log.Info("secrets refreshed")
			}
		}
	}()
	log.Info("ferry starting", slog.String("public", cfg.Listen), slog.String("admin", cfg.AdminListen),
		slog.String("public_url", cfg.PublicURL), slog.String("database", svc.Store.Dialect()))
	return svc.Run(ctx)
}
