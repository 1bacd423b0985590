package cli

import (
	"github.com/ferryhealth/ferry/gateway/config"
	"github.com/ferryhealth/ferry/gateway/service"
	"github.com/spf13/cobra"
)

// adminHooks mounts the auditor API and UI on the admin listener.
func adminHooks() []service.Hook { return nil }

func auditorCmd(load func() (*config.Config, error)) *cobra.Command {
	return &cobra.Command{Use: "auditor", Short: "Issue, list and revoke auditor tokens"}
}
