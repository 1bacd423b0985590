package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/config"
	"github.com/ferryhealth/ferry/gateway/service"
	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/ferryhealth/ferry/secrets"
	"github.com/spf13/cobra"
)

// connect opens the store and the Vault client for the offline commands.
func connect(ctx context.Context, load func() (*config.Config, error)) (*store.Store, *secrets.Client, error) {
	cfg, err := load()
	if err != nil && !onlyServeKeys(err) {
		return nil, nil, err
	}
	log := newLogger(io.Discard, "error")
	st, err := store.Open(ctx, cfg.Database, log)
	if err != nil {
		return nil, nil, err
	}
	vc, err := secrets.New(ctx, service.VaultConfig(cfg), log)
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("vault: %w", err)
	}
	return st, vc, nil
}

// onlyServeKeys reports whether every problem concerns a key only `serve` needs (the
// portal URL), so offline commands such as `audit verify` can run without it.
func onlyServeKeys(err error) bool {
	var probs config.Problems
	if !errors.As(err, &probs) {
		return false
	}
	for _, p := range probs {
		if p.Key != "FERRY_PORTAL_URL" {
			return false
		}
	}
	return true
}

func auditCmd(load func() (*config.Config, error)) *cobra.Command {
	c := &cobra.Command{Use: "audit", Short: "Verify and export the audit log"}
	c.AddCommand(&cobra.Command{
		Use:   "verify",
		Short: "Walk the hash chain and the signed checkpoints; exit non-zero on any break",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, vc, err := connect(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer st.Close()
			defer vc.Close()
			ok, err := audit.RunVerify(cmd.Context(), st.DB(), vc, cmd.OutOrStdout())
			if err != nil {
				return err
			}
			if !ok {
				return exitCode(1)
			}
			return nil
		},
	})
	var format, since, until, out string
	export := &cobra.Command{
		Use:   "export",
		Short: "Stream the audit log as csv, ndjson or a FHIR R4 Bundle of AuditEvent",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			from, err := parseTime("since", since)
			if err != nil {
				return err
			}
			to, err := parseTime("until", until)
			if err != nil {
				return err
			}
			st, vc, err := connect(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer st.Close()
			defer vc.Close()
			w := cmd.OutOrStdout()
			if out != "" && out != "-" {
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			bw := bufio.NewWriterSize(w, 1<<16)
			if err := audit.Export(cmd.Context(), st.DB(), bw, format, from, to); err != nil {
				return err
			}
			return bw.Flush()
		},
	}
	export.Flags().StringVar(&format, "format", "ndjson", "csv, ndjson or fhir")
	export.Flags().StringVar(&since, "since", "", "only events at or after this time (RFC 3339 or YYYY-MM-DD)")
	export.Flags().StringVar(&until, "until", "", "only events before this time (RFC 3339 or YYYY-MM-DD)")
	export.Flags().StringVarP(&out, "output", "o", "-", "file to write (default stdout)")
	c.AddCommand(export)
	return c
}

func parseTime(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("--%s: want RFC 3339 (2026-11-27T08:00:00Z) or a date (2026-11-27)", flag)
}
