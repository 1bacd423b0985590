package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/ferryhealth/ferry/gateway/config"
	"github.com/ferryhealth/ferry/gateway/devkit"
	"github.com/ferryhealth/ferry/gateway/server"
	"github.com/ferryhealth/ferry/gateway/service"
	"github.com/ferryhealth/ferry/secrets"
	"github.com/ferryhealth/ferry/secrets/devvault"
	"github.com/gofiber/fiber/v2"
	"github.com/hashicorp/vault/api"
	"github.com/spf13/cobra"
)

// devState is what `ferry dev` leaves for `ferry dev send` in the working directory.
type devState struct {
	VaultAddr  string `json:"vault_addr"`
	VaultToken string `json:"vault_token"`
	PublicURL  string `json:"public_url"`
	SinkURL    string `json:"sink_url"`
}

const devStateFile = ".ferry-dev.json"

func devCmd(load func() (*config.Config, error)) *cobra.Command {
	c := &cobra.Command{
		Use:   "dev",
		Short: "Run Ferry on a laptop: a dev Vault, SQLite, a local platform sink and a demo portal (make run)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDev(cmd, load)
		},
	}
	var platform, sender string
	send := &cobra.Command{
		Use:   "send TEXT",
		Short: "Send a signed Messenger webhook with TEXT to the running `ferry dev` and print the reply",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return devSend(cmd, args[0], sender)
		},
	}
	send.Flags().StringVar(&platform, "platform", "messenger", "platform (messenger only for now)")
	send.Flags().StringVar(&sender, "sender", "dev-patient-1", "the patient's platform id (synthetic)")
	c.AddCommand(send)
	return c
}

func runDev(cmd *cobra.Command, load func() (*config.Config, error)) error {
	ctx, stop := signalContext()
	defer stop()
	logDir := ".ferry-dev"
	if err := os.MkdirAll(logDir, 0o700); err != nil {
		return err
	}
	vlog, err := os.Create(filepath.Join(logDir, "vault.log"))
	if err != nil {
		return err
	}
	defer vlog.Close()
	vs, err := devvault.Start(ctx, devvault.Options{Log: vlog})
	if err != nil {
		if errors.Is(err, devvault.ErrNoBinary) {
			return fmt.Errorf("no Vault binary: run `make vault` first (it builds bin/vault)")
		}
		return err
	}
	defer vs.Stop()
	ac, err := vs.Client()
	if err != nil {
		return err
	}
	if _, err := secrets.Bootstrap(ctx, ac, secrets.BootstrapOptions{DevSecrets: true}); err != nil {
		return fmt.Errorf("bootstrap dev vault: %w", err)
	}
	sink, err := devkit.StartSink("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer sink.Close()

	os.Setenv("VAULT_ADDR", vs.Addr)
	os.Setenv("VAULT_TOKEN", vs.Token)
	for _, p := range []string{"MESSENGER", "INSTAGRAM", "WHATSAPP", "X", "TELEGRAM", "TWILIO"} {
		if os.Getenv("FERRY_"+p+"_API_BASE") == "" {
			os.Setenv("FERRY_"+p+"_API_BASE", sink.Base(map[string]string{"MESSENGER": "messenger", "INSTAGRAM": "instagram",
				"WHATSAPP": "whatsapp", "X": "x", "TELEGRAM": "telegram", "TWILIO": "twilio"}[p]))
		}
	}
	if os.Getenv("FERRY_PORTAL_URL") == "" {
		listen := os.Getenv("FERRY_LISTEN")
		if listen == "" {
			listen = "127.0.0.1:8080"
		}
		os.Setenv("FERRY_PORTAL_URL", "http://"+listen+"/dev/portal")
	}
	cfg, err := load()
	if err != nil {
		return err
	}
	st := devState{VaultAddr: vs.Addr, VaultToken: vs.Token, PublicURL: cfg.PublicURL, SinkURL: sink.URL}
	b, _ := json.MarshalIndent(st, "", "  ")
	if err := os.WriteFile(devStateFile, b, 0o600); err != nil {
		return err
	}
	defer os.Remove(devStateFile)
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "\nFerry dev is starting.\n  webhooks:   %s/webhooks/{platform}\n  admin:      http://%s\n  dev Vault:  %s (token in %s)\n  sink:       %s/outbox (replies the platforms would have received)\n\n",
		cfg.PublicURL, cfg.AdminListen, vs.Addr, devStateFile, sink.URL)
	fmt.Fprintf(out, "Try it from another terminal:\n  ./ferry dev send \"I have chest pain since Tuesday, call me on 704-555-0182\"\n\n")
	return serve(cfg, func(s *service.Service, o *server.Options) {
		o.MountPublic = append(o.MountPublic, func(r fiber.Router) { devkit.MountPortal(r) })
	})
}

func devSend(cmd *cobra.Command, text, sender string) error {
	b, err := os.ReadFile(devStateFile)
	if err != nil {
		return fmt.Errorf("is `make run` (ferry dev) running in this directory? %w", err)
	}
	var st devState
	if err := json.Unmarshal(b, &st); err != nil {
		return err
	}
	ac, err := api.NewClient(&api.Config{Address: st.VaultAddr})
	if err != nil {
		return err
	}
	ac.SetToken(st.VaultToken)
	sec, err := ac.KVv2("secret").Get(cmd.Context(), "ferry/platforms/messenger")
	if err != nil {
		return fmt.Errorf("read the dev messenger secret: %w", err)
	}
	appSecret, _ := sec.Data["app_secret"].(string)
	before := outboxLen(cmd.Context(), st.SinkURL)
	body, sig := devkit.MessengerWebhook(appSecret, "dev-page", sender, devkit.NewMID(), text, time.Now())
	req, _ := http.NewRequestWithContext(cmd.Context(), http.MethodPost, st.PublicURL+"/webhooks/messenger", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hub-Signature-256", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	ack, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Fprintf(cmd.OutOrStdout(), "webhook answered %d %s\n", resp.StatusCode, bytes.TrimSpace(ack))
	if resp.StatusCode != http.StatusOK {
		return exitCode(1)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if replies := outbox(cmd.Context(), st.SinkURL); len(replies) > before {
			r := replies[len(replies)-1]
			fmt.Fprintf(cmd.OutOrStdout(), "reply sent to %s:\n\n%s\n", r.Platform, r.Text)
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Fprintln(cmd.OutOrStdout(), "no reply within 10 s (a reply within the cool-down is suppressed; see the admin log)")
	return nil
}

func outbox(ctx context.Context, sink string) []devkit.Reply {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, sink+"/outbox", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var out []devkit.Reply
	json.NewDecoder(resp.Body).Decode(&out)
	return out
}

func outboxLen(ctx context.Context, sink string) int { return len(outbox(ctx, sink)) }
