package cli

import (
	"fmt"
	"strings"

	"github.com/ferryhealth/ferry/gateway/config"
	"github.com/ferryhealth/ferry/secrets"
	"github.com/hashicorp/vault/api"
	"github.com/spf13/cobra"
)

func vaultCmd(load func() (*config.Config, error)) *cobra.Command {
	c := &cobra.Command{Use: "vault", Short: "Prepare Vault for Ferry"}
	var opts secrets.BootstrapOptions
	b := &cobra.Command{
		Use:   "bootstrap",
		Short: "Idempotently enable KV v2 and Transit, create keys, write the ferry policy and AppRole/Kubernetes roles",
		Long: "Runs with an administrator's VAULT_ADDR and VAULT_TOKEN (not Ferry's own token). " +
			"Safe to run again: nothing that exists is overwritten.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ac, err := api.NewClient(api.DefaultConfig())
			if err != nil {
				return fmt.Errorf("vault client: %w", err)
			}
			rep, err := secrets.Bootstrap(cmd.Context(), ac, opts)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), strings.Join(rep.Actions, "\n"))
			if rep.RoleID != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "approle role_id: %s (issue a secret id with: vault write -wrap-ttl=5m -f auth/%s/role/%s/secret-id)\n",
					rep.RoleID, orDefault(opts.AppRoleMount, "approle"), orDefault(opts.AppRoleName, "ferry"))
			}
			return nil
		},
	}
	f := b.Flags()
	f.StringVar(&opts.KVMount, "kv-mount", "secret", "KV v2 mount")
	f.StringVar(&opts.KVPrefix, "kv-prefix", "ferry", "path prefix of Ferry's secrets")
	f.StringVar(&opts.TransitMount, "transit-mount", "transit", "Transit mount")
	f.BoolVar(&opts.DevSecrets, "dev-secrets", false, "also write random development platform secrets where none exist")
	f.BoolVar(&opts.Kubernetes, "kubernetes", false, "enable Kubernetes auth and create role ferry")
	f.StringVar(&opts.KubernetesHost, "kubernetes-host", "", "Kubernetes API URL, e.g. https://kubernetes.default.svc")
	f.StringVar(&opts.KubernetesNamespace, "kubernetes-namespace", "ferry", "namespace of Ferry's service account")
	f.StringVar(&opts.KubernetesServiceAcct, "kubernetes-service-account", "ferry", "Ferry's service account")
	c.AddCommand(b)
	return c
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
