// Package cli is the `ferry` command line: serve, strip, audit, auditor, vault, config
// and dev commands. Each command only parses flags and calls the package that does the work.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/ferryhealth/ferry/gateway/config"
	"github.com/spf13/cobra"
)

// Execute runs the command line and returns the process exit code.
func Execute() int {
	root := &cobra.Command{
		Use:           "ferry",
		Short:         "Ferry: a secure patient-messaging redirect gateway",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	var cfgPath string
	root.PersistentFlags().StringVar(&cfgPath, "config", "", "YAML configuration file (keys as in the README; the environment wins)")
	load := func() (*config.Config, error) { return config.FromEnv(cfgPath) }
	root.AddCommand(serveCmd(load), stripCmd(), auditCmd(load), auditorCmd(load), vaultCmd(load), configCmd(&cfgPath), devCmd(load))
	if err := root.Execute(); err != nil {
		var code exitCode
		if asExit(err, &code) {
			return int(code)
		}
		fmt.Fprintln(os.Stderr, "ferry:", err)
		return 1
	}
	return 0
}

// exitCode lets a command fail with a specific code after printing its own report.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func asExit(err error, code *exitCode) bool {
	e, ok := err.(exitCode)
	if ok {
		*code = e
	}
	return ok
}

// newLogger returns the JSON logger every command uses (stderr).
func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// signalContext is cancelled on SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
