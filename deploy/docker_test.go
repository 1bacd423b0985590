package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// dockerAvailable reports whether a Docker daemon answers.
func dockerAvailable(t *testing.T) bool {
	t.Helper()
	if _, err := exec.LookPath("docker"); err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, "docker", "info").Run() == nil
}

func docker(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "docker", args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		return out.String() + errb.String(), err
	}
	return out.String(), nil
}

// TestDockerImage builds deploy/Dockerfile and runs the image read-only, as non-root. It
// needs a Docker daemon (with BuildKit and access to the base images) and skips without one.
func TestDockerImage(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	if !dockerAvailable(t) {
		t.Skip("no Docker daemon (docker info fails): the image cannot be built here")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tag := "ferry-deploy-test:" + time.Now().UTC().Format("20060102150405")
	if out, err := docker(t, "", "build", "-f", filepath.Join(root, "deploy", "Dockerfile"), "-t", tag, root); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	t.Cleanup(func() { docker(t, "", "image", "rm", "-f", tag) })

	// The image runs as the numeric non-root user and stays small.
	out, err := docker(t, "", "image", "inspect", tag)
	if err != nil {
		t.Fatalf("docker image inspect: %v\n%s", err, out)
	}
	var info []struct {
		Size   int64
		Config struct {
			User         string
			Entrypoint   []string
			Cmd          []string
			ExposedPorts map[string]struct{}
		}
	}
	if err := json.Unmarshal([]byte(out), &info); err != nil || len(info) != 1 {
		t.Fatalf("docker image inspect output: %v", err)
	}
	c := info[0].Config
	if c.User != "65532:65532" {
		t.Errorf("image user %q, want 65532:65532", c.User)
	}
	if strings.Join(c.Entrypoint, " ") != "/ferry" || strings.Join(c.Cmd, " ") != "serve" {
		t.Errorf("entrypoint %q cmd %q", c.Entrypoint, c.Cmd)
	}
	for _, p := range []string{"8080/tcp", "8081/tcp"} {
		if _, ok := c.ExposedPorts[p]; !ok {
			t.Errorf("port %s not exposed", p)
		}
	}
	if info[0].Size > 100<<20 {
		t.Errorf("image is %d MiB; a static binary on distroless should be far smaller", info[0].Size>>20)
	}

	run := []string{"run", "--rm", "-i", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
		"--security-opt", "no-new-privileges", "--network", "none"}

	// The stripper runs in the read-only container without Vault or a database.
	out, err = docker(t, `{"id":"1","text":"I take lisinopril 20mg, call me on 704-555-0182"}`+"\n", append(run, tag, "strip")...)
	if err != nil {
		t.Fatalf("ferry strip in the container: %v\n%s", err, out)
	}
	var res struct {
		ID       string `json:"id"`
		Clinical bool   `json:"clinical"`
		Redacted string `json:"redacted"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &res); err != nil {
		t.Fatalf("ferry strip output %q: %v", out, err)
	}
	if res.ID != "1" || !res.Clinical || strings.Contains(res.Redacted, "lisinopril") || strings.Contains(res.Redacted, "0182") {
		t.Errorf("ferry strip in the container: %+v", res)
	}

	// Configuration problems are reported, every one at once, and the exit code is 2.
	out, err = docker(t, "", append(run, tag, "config", "check")...)
	var ee *exec.ExitError
	if err == nil || !asExitError(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("ferry config check without configuration: err %v, want exit 2\n%s", err, out)
	}
	for _, key := range []string{"FERRY_PORTAL_URL", "VAULT_ADDR"} {
		if !strings.Contains(out, key) {
			t.Errorf("config check output does not name %s:\n%s", key, out)
		}
	}
}

func asExitError(err error, target **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	if ok {
		*target = e
	}
	return ok
}
