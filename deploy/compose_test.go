package deploy

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ferryhealth/ferry/gateway/config"
	"gopkg.in/yaml.v3"
)

// composeFile is the part of the Compose specification deploy/compose.yaml uses. It is
// decoded with KnownFields, so a misspelt or unexpected field fails the test.
type composeFile struct {
	Name     string                    `yaml:"name"`
	XFerry   map[string]string         `yaml:"x-ferry-image"`
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image       string            `yaml:"image"`
	Build       *composeBuild     `yaml:"build"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	DependsOn   map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
	Ports       []string `yaml:"ports"`
	Volumes     []string `yaml:"volumes"`
	Healthcheck *struct {
		Test     []string `yaml:"test"`
		Interval string   `yaml:"interval"`
		Timeout  string   `yaml:"timeout"`
		Retries  int      `yaml:"retries"`
	} `yaml:"healthcheck"`
	ReadOnly        bool     `yaml:"read_only"`
	Tmpfs           []string `yaml:"tmpfs"`
	User            string   `yaml:"user"`
	CapDrop         []string `yaml:"cap_drop"`
	CapAdd          []string `yaml:"cap_add"`
	SecurityOpt     []string `yaml:"security_opt"`
	Restart         string   `yaml:"restart"`
	StopGracePeriod string   `yaml:"stop_grace_period"`
}

type composeBuild struct {
	Context    string `yaml:"context"`
	Dockerfile string `yaml:"dockerfile"`
}

func loadCompose(t *testing.T, src []byte) (*composeFile, error) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var c composeFile
	if err := dec.Decode(&c); err != nil {
		return nil, err
	}
	return &c, nil
}

// devInterpolation matches a value taken from the environment with a development default,
// e.g. ${FERRY_DEV_VAULT_TOKEN:-ferry-dev-root}.
var devInterpolation = regexp.MustCompile(`^\$\{FERRY_DEV_[A-Z_]+:-ferry-dev[a-z-]*\}$`)

// checkCompose returns every broken invariant of deploy/compose.yaml. dir is the folder
// of the compose file (build contexts are relative to it).
func checkCompose(c *composeFile, dir string) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	for _, name := range []string{"ferry", "postgres", "vault", "vault-bootstrap"} {
		if _, ok := c.Services[name]; !ok {
			bad("service %s missing", name)
		}
	}
	if len(probs) > 0 {
		return probs
	}
	known := map[string]bool{}
	for _, k := range config.Keys() {
		known[k] = true
	}
	names := make([]string, 0, len(c.Services))
	for n := range c.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		s := c.Services[name]
		if s.Build != nil {
			df := filepath.Join(dir, s.Build.Context, s.Build.Dockerfile)
			if _, err := os.Stat(df); err != nil {
				bad("%s: build refers to %s, which does not exist", name, df)
			}
			if !strings.HasSuffix(s.Image, ":dev") && imagePinned(s.Image) != "" {
				bad("%s: built image %q needs an explicit tag", name, s.Image)
			}
		} else if why := imagePinned(s.Image); why != "" {
			bad("%s: image %s is not pinned: %s", name, s.Image, why)
		}
		for dep := range s.DependsOn {
			if _, ok := c.Services[dep]; !ok {
				bad("%s: depends on unknown service %s", name, dep)
			}
			if s.DependsOn[dep].Condition == "" {
				bad("%s: depends_on %s without a condition", name, dep)
			}
		}
		for k, v := range s.Environment {
			// Credentials only by interpolation with an obvious development default.
			if secretName.MatchString(k) && k != "SKIP_SETCAP" && !devInterpolation.MatchString(v) {
				bad("%s: %s is a literal credential; use ${FERRY_DEV_...:-ferry-dev...}", name, k)
			}
			if why := secretValue(stripInterpolations(v)); why != "" {
				bad("%s: %s looks like %s", name, k, why)
			}
			if (strings.HasPrefix(k, "FERRY_") || strings.HasPrefix(k, "VAULT_")) && !known[k] &&
				(name == "ferry" || name == "vault-bootstrap") {
				bad("%s: %s is not a Ferry configuration key", name, k)
			}
		}
		for _, p := range s.Ports {
			if !strings.HasPrefix(p, "127.0.0.1:") {
				bad("%s: port %s is published on every interface; bind it to 127.0.0.1", name, p)
			}
		}
	}

	pg := c.Services["postgres"]
	if repo, tag, _ := imageTag(pg.Image); repo != "postgres" || !strings.HasPrefix(tag, "16") {
		bad("postgres: image %s, want postgres:16.x", pg.Image)
	}
	if pg.Healthcheck == nil || !strings.Contains(strings.Join(pg.Healthcheck.Test, " "), "pg_isready") {
		bad("postgres: no pg_isready healthcheck")
	}

	v := c.Services["vault"]
	if repo, _, _ := imageTag(v.Image); repo != "hashicorp/vault" {
		bad("vault: image %s, want hashicorp/vault", v.Image)
	}
	if !contains(v.Command, "-dev") {
		bad("vault: not in dev mode (command %q)", v.Command)
	}
	if v.Healthcheck == nil {
		bad("vault: no healthcheck")
	}
	root := v.Environment["VAULT_DEV_ROOT_TOKEN_ID"]

	b := c.Services["vault-bootstrap"]
	if strings.Join(b.Command, " ") != "vault bootstrap --dev-secrets" {
		bad("vault-bootstrap: command %q, want vault bootstrap --dev-secrets", b.Command)
	}
	if b.Environment["VAULT_ADDR"] != "http://vault:8200" || b.Environment["VAULT_TOKEN"] != root || root == "" {
		bad("vault-bootstrap: must use VAULT_ADDR=http://vault:8200 and the dev root token")
	}
	if b.DependsOn["vault"].Condition != "service_healthy" {
		bad("vault-bootstrap: must wait for vault to be healthy")
	}
	if b.Restart != "no" {
		bad("vault-bootstrap: a one-shot job must not restart (restart: \"no\")")
	}

	f := c.Services["ferry"]
	want := map[string]string{"postgres": "service_healthy", "vault": "service_healthy",
		"vault-bootstrap": "service_completed_successfully"}
	for dep, cond := range want {
		if f.DependsOn[dep].Condition != cond {
			bad("ferry: depends_on %s condition %q, want %s", dep, f.DependsOn[dep].Condition, cond)
		}
	}
	env := f.Environment
	if !strings.HasPrefix(env["FERRY_DATABASE"], "postgres://") || !strings.Contains(env["FERRY_DATABASE"], "@postgres:5432/") {
		bad("ferry: FERRY_DATABASE %q, want postgres://...@postgres:5432/...", env["FERRY_DATABASE"])
	}
	if env["VAULT_ADDR"] != "http://vault:8200" {
		bad("ferry: VAULT_ADDR %q", env["VAULT_ADDR"])
	}
	if env["VAULT_TOKEN"] != root {
		bad("ferry: VAULT_TOKEN must be the dev root token (dev only)")
	}
	for _, k := range []string{"FERRY_PORTAL_URL", "FERRY_PUBLIC_URL"} {
		if env[k] == "" {
			bad("ferry: %s not set", k)
		}
	}
	for _, k := range []string{"FERRY_LISTEN", "FERRY_ADMIN_LISTEN"} {
		if !strings.HasPrefix(env[k], "0.0.0.0:") {
			bad("ferry: %s=%q, want 0.0.0.0:PORT inside the container", k, env[k])
		}
	}
	for _, name := range []string{"ferry", "vault-bootstrap"} {
		s := c.Services[name]
		if !s.ReadOnly {
			bad("%s: root file system is not read-only", name)
		}
		if m := numericUser.FindStringSubmatch(s.User); m == nil || m[1] == "0" {
			bad("%s: user %q, want a numeric non-root uid:gid", name, s.User)
		}
		if !contains(s.CapDrop, "ALL") {
			bad("%s: capabilities not dropped", name)
		}
		if !contains(s.SecurityOpt, "no-new-privileges:true") {
			bad("%s: no-new-privileges not set", name)
		}
	}
	if !contains(f.Tmpfs, "/tmp") {
		bad("ferry: no tmpfs on /tmp (the root file system is read-only)")
	}
	return probs
}

// stripInterpolations removes ${FERRY_DEV_...:-ferry-dev...} so that a development default
// is not read as a committed secret.
func stripInterpolations(s string) string {
	return regexp.MustCompile(`\$\{FERRY_DEV_[A-Z_]+:-ferry-dev[a-z-]*\}`).ReplaceAllString(s, "")
}

func TestComposeInvariants(t *testing.T) {
	src, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := loadCompose(t, src)
	if err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	for _, p := range checkCompose(c, ".") {
		t.Error(p)
	}
}

func TestComposeCheckerCatches(t *testing.T) {
	src, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		edit func(*composeFile)
		want string
	}{
		{"writable root", func(c *composeFile) { s := c.Services["ferry"]; s.ReadOnly = false; c.Services["ferry"] = s }, "read-only"},
		{"root user", func(c *composeFile) { s := c.Services["ferry"]; s.User = "0:0"; c.Services["ferry"] = s }, "non-root"},
		{"latest", func(c *composeFile) {
			s := c.Services["postgres"]
			s.Image = "postgres:latest"
			c.Services["postgres"] = s
		}, "not pinned"},
		{"no condition", func(c *composeFile) {
			s := c.Services["ferry"]
			d := s.DependsOn["vault-bootstrap"]
			d.Condition = "service_started"
			s.DependsOn["vault-bootstrap"] = d
		}, "service_completed_successfully"},
		{"literal token", func(c *composeFile) { c.Services["ferry"].Environment["VAULT_TOKEN"] = "hvs.CAESIJ3qS1l0ngEnoughT0ken" }, "literal credential"},
		{"unknown key", func(c *composeFile) { c.Services["ferry"].Environment["FERRY_PORT"] = "8080" }, "not a Ferry configuration key"},
		{"public admin", func(c *composeFile) {
			s := c.Services["ferry"]
			s.Ports = append(s.Ports, "8081:8081")
			c.Services["ferry"] = s
		}, "every interface"},
		{"sqlite", func(c *composeFile) { c.Services["ferry"].Environment["FERRY_DATABASE"] = "sqlite:/data/ferry.db" }, "FERRY_DATABASE"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := loadCompose(t, src)
			if err != nil {
				t.Fatal(err)
			}
			tc.edit(c)
			if probs := checkCompose(c, "."); !anyContains(probs, tc.want) {
				t.Errorf("checker missed %s: want %q in %q", tc.name, tc.want, probs)
			}
		})
	}
	if _, err := loadCompose(t, append(append([]byte{}, src...), []byte("\nnetwork_mode: host\n")...)); err == nil {
		t.Error("an unknown top-level field decoded without error")
	}
}
