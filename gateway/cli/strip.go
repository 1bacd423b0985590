package cli

import (
	"bufio"
	"os"
	"runtime"

	"github.com/ferryhealth/ferry/gateway/strip"
	"github.com/spf13/cobra"
)

func stripCmd() *cobra.Command {
	var workers int
	c := &cobra.Command{
		Use:   "strip",
		Short: `Strip clinical content and identifiers: JSON lines {"id","text"} on stdin, results on stdout`,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := strip.New()
			if err != nil {
				return err
			}
			out := bufio.NewWriterSize(os.Stdout, 1<<16)
			defer out.Flush()
			return strip.StreamJSONL(cmd.Context(), s, os.Stdin, out, workers)
		},
	}
	c.Flags().IntVar(&workers, "workers", runtime.NumCPU(), "parallel workers")
	return c
}
