package cli

import (
	"errors"
	"fmt"
	"sort"

	"github.com/ferryhealth/ferry/gateway/config"
	"github.com/spf13/cobra"
)

func configCmd(path *string) *cobra.Command {
	c := &cobra.Command{Use: "config", Short: "Inspect the configuration"}
	c.AddCommand(&cobra.Command{
		Use:   "check",
		Short: "Validate the config file and environment; report every problem at once",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.FromEnv(*path)
			var probs config.Problems
			if errors.As(err, &probs) {
				for _, p := range probs {
					fmt.Fprintf(cmd.OutOrStdout(), "problem: %s: %s\n", p.Key, p.Want)
				}
				return exitCode(2)
			}
			if err != nil {
				return err
			}
			vals := cfg.Redacted()
			keys := make([]string, 0, len(vals))
			for k := range vals {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if vals[k] != "" {
					fmt.Fprintf(cmd.OutOrStdout(), "%s=%s\n", k, vals[k])
				}
			}
			fmt.Fprintln(cmd.OutOrStdout(), "configuration ok")
			return nil
		},
	})
	return c
}
