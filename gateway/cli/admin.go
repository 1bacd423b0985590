package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/ferryhealth/ferry/gateway/admin"
	"github.com/ferryhealth/ferry/gateway/config"
	"github.com/ferryhealth/ferry/gateway/server"
	"github.com/ferryhealth/ferry/gateway/service"
	"github.com/gofiber/fiber/v2"
	"github.com/spf13/cobra"
)

// adminHooks mounts the auditor API and UI on the admin listener.
func adminHooks() []service.Hook {
	return []service.Hook{func(s *service.Service, o *server.Options) {
		o.MountAdmin = append(o.MountAdmin, func(app *fiber.App) {
			admin.Mount(app, admin.Deps{DB: s.Store.DB(), Signer: s.Vault, Log: o.Log, Key: s.Config.Vault.AuditKey})
		})
	}}
}

func auditorCmd(load func() (*config.Config, error)) *cobra.Command {
	c := &cobra.Command{Use: "auditor", Short: "Issue, list and revoke auditor tokens"}
	var opts admin.TokenOptions
	token := &cobra.Command{
		Use:   "token",
		Short: "Issue an auditor token (printed once; it is not stored)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, vc, err := connect(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer st.Close()
			defer vc.Close()
			cfg, _ := load()
			opts.Key = cfg.Vault.AuditKey
			opts.IssuedBy = "cli"
			tok, rec, err := admin.IssueToken(cmd.Context(), st.DB(), vc, opts)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), tok)
			fmt.Fprintf(cmd.ErrOrStderr(), "token %s for %s (%s), expires %s\n", rec.ID, rec.Name, rec.Role, rec.ExpiresAt.Format(time.RFC3339))
			return nil
		},
	}
	token.Flags().StringVar(&opts.Name, "name", "", "who the token is for (required)")
	token.Flags().DurationVar(&opts.TTL, "ttl", 8*time.Hour, "lifetime")
	token.Flags().StringVar(&opts.Role, "role", "auditor", "auditor or admin")
	token.MarkFlagRequired("name")
	list := &cobra.Command{
		Use:   "list",
		Short: "List issued auditor tokens",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, vc, err := connect(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer st.Close()
			defer vc.Close()
			toks, err := admin.ListTokens(cmd.Context(), st.DB())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tROLE\tISSUED\tEXPIRES\tREVOKED")
			for _, t := range toks {
				rev := ""
				if t.RevokedAt != nil {
					rev = t.RevokedAt.Format(time.RFC3339)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.IssuedAt.Format(time.RFC3339), t.ExpiresAt.Format(time.RFC3339), rev)
			}
			return tw.Flush()
		},
	}
	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an auditor token by id",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, vc, err := connect(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer st.Close()
			defer vc.Close()
			if err := admin.RevokeToken(cmd.Context(), st.DB(), args[0], "cli"); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "revoked", args[0])
			return nil
		},
	}
	c.AddCommand(token, list, revoke)
	return c
}
