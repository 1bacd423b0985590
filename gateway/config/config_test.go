package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var base = []string{"FERRY_PORTAL_URL=https://portal.example.org/start", "VAULT_ADDR=http://127.0.0.1:8200", "VAULT_TOKEN=s.supersecret"}

func TestDefaults(t *testing.T) {
	c, err := Load("", base)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8080" || c.AdminListen != "127.0.0.1:8081" || c.Database != "sqlite:ferry.db" {
		t.Fatalf("listeners/database defaults: %+v", c)
	}
	if c.PublicURL != "http://127.0.0.1:8080" {
		t.Fatalf("public URL default %q", c.PublicURL)
	}
	if c.Cooldown != 10*time.Minute || c.LinkTTL != 72*time.Hour {
		t.Fatalf("cool-down %v ttl %v", c.Cooldown, c.LinkTTL)
	}
	if c.APIBase["messenger"] != "" {
		t.Fatalf("api base should default to the connector's real URL")
	}
}

func TestEnvironmentAndYAML(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ferry.yaml")
	os.WriteFile(file, []byte("listen: 0.0.0.0:9000\nFERRY_REPLY_COOLDOWN: 1m\nplatforms: [messenger, telegram]\nmessenger_api_base: http://graph.local/v21.0/\n"), 0o600)
	c, err := Load(file, append(base, "FERRY_LISTEN=127.0.0.1:9999", "FERRY_PUBLIC_URL=https://ferry.example.org/"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:9999" {
		t.Fatalf("environment must win over the file: %q", c.Listen)
	}
	if c.Cooldown != time.Minute || strings.Join(c.Platforms, ",") != "messenger,telegram" {
		t.Fatalf("file values not applied: %v %v", c.Cooldown, c.Platforms)
	}
	if c.APIBase["messenger"] != "http://graph.local/v21.0" || c.PublicURL != "https://ferry.example.org" {
		t.Fatalf("trailing slashes: %q %q", c.APIBase["messenger"], c.PublicURL)
	}
}

func TestProblemsNameTheKeyNotTheValue(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.yaml")
	os.WriteFile(file, []byte("listen_adress: x\n"), 0o600)
	tests := []struct {
		name string
		file string
		env  []string
		keys []string
	}{
		{"portal url missing", "", []string{"VAULT_ADDR=http://v:8200", "VAULT_TOKEN=t"}, []string{"FERRY_PORTAL_URL"}},
		{"vault missing", "", []string{"FERRY_PORTAL_URL=https://p/x"}, []string{"VAULT_ADDR", "VAULT_TOKEN"}},
		{"bad duration", "", append(base, "FERRY_REPLY_COOLDOWN=soon"), []string{"FERRY_REPLY_COOLDOWN"}},
		{"bad database", "", append(base, "FERRY_DATABASE=mysql://u:hunter2@db/x"), []string{"FERRY_DATABASE"}},
		{"bad listen", "", append(base, "FERRY_LISTEN=8080"), []string{"FERRY_LISTEN"}},
		{"same listeners", "", append(base, "FERRY_LISTEN=127.0.0.1:1", "FERRY_ADMIN_LISTEN=127.0.0.1:1"), []string{"FERRY_ADMIN_LISTEN"}},
		{"bad url", "", append(base, "FERRY_TELEGRAM_API_BASE=ftp://x"), []string{"FERRY_TELEGRAM_API_BASE"}},
		{"approle without role", "", append(base, "FERRY_VAULT_AUTH=approle"), []string{"FERRY_VAULT_ROLE_ID", "FERRY_VAULT_SECRET_ID_FILE"}},
		{"unknown file key", file, base, []string{"listen_adress"}},
		{"several at once", "", []string{"FERRY_LINK_TTL=-1h", "FERRY_WORKER_CONCURRENCY=0"}, []string{"FERRY_LINK_TTL", "FERRY_WORKER_CONCURRENCY", "FERRY_PORTAL_URL", "VAULT_ADDR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.file, tt.env)
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("want Problems, got %v", err)
			}
			got := map[string]bool{}
			for _, p := range probs {
				got[p.Key] = true
			}
			for _, k := range tt.keys {
				if !got[k] {
					t.Errorf("problem for %s missing in %v", k, err)
				}
			}
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "soon") {
				t.Errorf("error prints a value: %v", err)
			}
		})
	}
}

func TestRedactedHidesSecrets(t *testing.T) {
	c, err := Load("", append(base, "FERRY_DATABASE=postgres://ferry:hunter2@db:5432/ferry"))
	if err != nil {
		t.Fatal(err)
	}
	r := c.Redacted()
	if r["VAULT_TOKEN"] != "<redacted>" {
		t.Fatalf("token shown: %q", r["VAULT_TOKEN"])
	}
	if strings.Contains(r["FERRY_DATABASE"], "hunter2") {
		t.Fatalf("database password shown: %q", r["FERRY_DATABASE"])
	}
	for _, k := range Keys() {
		if _, ok := r[k]; !ok {
			t.Fatalf("key %s missing from Redacted", k)
		}
	}
}
