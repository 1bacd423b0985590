package deploy

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/config"
)

// unitFile is a systemd unit: section -> key -> values in order (keys may repeat).
type unitFile map[string]map[string][]string

func parseUnit(src string) (unitFile, error) {
	u := unitFile{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(src))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			if u[section] == nil {
				u[section] = map[string][]string{}
			}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				return nil, fmt.Errorf("line %d: not key=value inside a section", n)
			}
			u[section][strings.TrimSpace(k)] = append(u[section][strings.TrimSpace(k)], strings.TrimSpace(v))
		}
	}
	return u, sc.Err()
}

func (u unitFile) last(section, key string) string {
	vs := u[section][key]
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

// checkUnit returns every broken invariant of deploy/systemd/ferry.service.
func checkUnit(u unitFile) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	s := "Service"
	if !strings.HasSuffix(strings.Fields(u.last(s, "ExecStart") + " x")[0], "/ferry") || !strings.HasSuffix(u.last(s, "ExecStart"), " serve") {
		bad("ExecStart %q, want .../ferry serve", u.last(s, "ExecStart"))
	}
	if !strings.Contains(u.last(s, "ExecReload"), "-HUP") {
		bad("ExecReload must send SIGHUP (Ferry re-reads Vault secrets on it)")
	}
	if u.last(s, "DynamicUser") != "yes" && (u.last(s, "User") == "" || u.last(s, "User") == "root" || u.last(s, "User") == "0") {
		bad("the service runs as root: set DynamicUser=yes or a non-root User=")
	}
	want := map[string]string{"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes",
		"ProtectHome": "yes", "CapabilityBoundingSet": "", "RestrictSUIDSGID": "yes"}
	for k, v := range want {
		if got, ok := u[s][k]; !ok || u.last(s, k) != v {
			bad("%s=%q (present %v), want %q", k, u.last(s, k), ok && len(got) > 0, v)
		}
	}
	env := map[string]string{}
	for _, e := range u[s]["Environment"] {
		k, v, _ := strings.Cut(e, "=")
		env[k] = v
	}
	known := map[string]bool{"TMPDIR": true}
	for _, k := range config.Keys() {
		known[k] = true
	}
	for k, v := range env {
		if !known[k] {
			bad("Environment=%s is not a Ferry configuration key", k)
		}
		if k == "VAULT_TOKEN" || secretValue(v) != "" {
			bad("Environment=%s holds a credential in the unit file", k)
		}
	}
	cred := ""
	for _, lc := range u[s]["LoadCredential"] {
		name, _, _ := strings.Cut(lc, ":")
		cred = name
	}
	if cred == "" || env["FERRY_VAULT_SECRET_ID_FILE"] != "%d/"+cred {
		bad("the AppRole secret id must come from LoadCredential= through FERRY_VAULT_SECRET_ID_FILE=%%d/<name>")
	}
	if u.last(s, "EnvironmentFile") == "" {
		bad("no EnvironmentFile= for the settings")
	}
	if d, err := time.ParseDuration(strings.TrimSuffix(u.last(s, "TimeoutStopSec"), "s") + "s"); err != nil || d < 25*time.Second {
		bad("TimeoutStopSec=%q: Ferry needs up to 20 s to drain", u.last(s, "TimeoutStopSec"))
	}
	if u.last(s, "StateDirectory") != "ferry" || u.last(s, "WorkingDirectory") != "/var/lib/ferry" {
		bad("StateDirectory=ferry and WorkingDirectory=/var/lib/ferry expected (the SQLite file lives there)")
	}
	return probs
}

// checkEnvExample checks deploy/systemd/ferry.env.example.
func checkEnvExample(src string) []string {
	var probs []string
	known := map[string]bool{}
	for _, k := range config.Keys() {
		known[k] = true
	}
	var env []string
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		switch {
		case !ok:
			probs = append(probs, fmt.Sprintf("line %d: not KEY=VALUE", i+1))
		case !known[k]:
			probs = append(probs, fmt.Sprintf("line %d: %s is not a Ferry configuration key", i+1, k))
		case k == "VAULT_TOKEN" || secretValue(v) != "":
			probs = append(probs, fmt.Sprintf("line %d: %s holds a credential", i+1, k))
		}
		env = append(env, line)
	}
	env = append(env, "FERRY_VAULT_SECRET_ID_FILE=/etc/ferry/vault-secret-id")
	if _, err := config.Load("", env); err != nil {
		probs = append(probs, "Ferry rejects the example: "+err.Error())
	}
	return probs
}

func TestSystemdUnit(t *testing.T) {
	b, err := os.ReadFile("systemd/ferry.service")
	if err != nil {
		t.Fatal(err)
	}
	u, err := parseUnit(string(b))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkUnit(u) {
		t.Error(p)
	}
	e, err := os.ReadFile("systemd/ferry.env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkEnvExample(string(e)) {
		t.Error(p)
	}

	// Negative cases: the checker must notice each of these.
	cases := map[string]struct{ old, new, want string }{
		"root":      {"DynamicUser=yes", "User=root", "runs as root"},
		"nnp":       {"NoNewPrivileges=yes", "NoNewPrivileges=no", "NoNewPrivileges"},
		"token":     {"Environment=TMPDIR=/tmp", "Environment=VAULT_TOKEN=hvs.CAESIJ3qS1l0ngEnoughT0kenValue", "credential"},
		"no reload": {"ExecReload=/bin/kill -HUP $MAINPID", "", "SIGHUP"},
		"writable":  {"ProtectSystem=strict", "ProtectSystem=full", "ProtectSystem"},
	}
	for name, c := range cases {
		if !strings.Contains(string(b), c.old) {
			t.Fatalf("%s: unit no longer contains %q", name, c.old)
		}
		u, err := parseUnit(strings.Replace(string(b), c.old, c.new, 1))
		if err != nil {
			t.Fatal(err)
		}
		if !anyContains(checkUnit(u), c.want) {
			t.Errorf("checker missed %s", name)
		}
	}
	if !anyContains(checkEnvExample("FERRY_PORT=8080\n"), "not a Ferry configuration key") {
		t.Error("env checker accepted an unknown key")
	}
	if !anyContains(checkEnvExample("FERRY_DATABASE=postgres://ferry:hunter2@db/ferry\n"), "credential") {
		t.Error("env checker accepted a DSN with a password")
	}
}

// TestSystemdAnalyzeVerify runs systemd-analyze verify on the unit when it is installed.
func TestSystemdAnalyzeVerify(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed")
	}
	b, err := os.ReadFile("systemd/ferry.service")
	if err != nil {
		t.Fatal(err)
	}
	// verify wants ExecStart to exist: point it at any executable.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	unit := filepath.Join(dir, "ferry.service")
	if err := os.WriteFile(unit, []byte(strings.ReplaceAll(string(b), "/usr/local/bin/ferry", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, sa, "verify", unit).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
