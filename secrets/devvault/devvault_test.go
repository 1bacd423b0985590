package devvault_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ferryhealth/ferry/secrets/devvault"
)

func TestBinaryFromEnv(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "vault")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(devvault.EnvBinary, fake)
	if got, err := devvault.Binary(); err != nil || got != fake {
		t.Fatalf("Binary() = %q, %v", got, err)
	}
	t.Setenv(devvault.EnvBinary, filepath.Join(dir, "missing"))
	if _, err := devvault.Binary(); !errors.Is(err, devvault.ErrNoBinary) || !strings.Contains(err.Error(), "make vault") {
		t.Fatalf("missing binary: %v", err)
	}
}

func TestBinaryFromModuleRoot(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644)
	bin := filepath.Join(root, "bin", "vault")
	os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755)
	t.Setenv(devvault.EnvBinary, "")
	t.Chdir(sub)
	if got, err := devvault.Binary(); err != nil || got != bin {
		t.Fatalf("Binary() = %q, %v; want %q", got, err, bin)
	}
}

// TestParallelServers starts several servers at once: each gets its own
// port and token, and stopping one leaves the others running.
func TestParallelServers(t *testing.T) {
	bin, err := devvault.Binary()
	if err != nil {
		devvault.StartT(t) // skips, or fails under CI=true
	}
	const n = 3
	servers := make([]*devvault.Server, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			servers[i], errs[i] = devvault.Start(context.Background(), devvault.Options{Binary: bin})
		}()
	}
	wg.Wait()
	for i, s := range servers {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		t.Cleanup(func() { s.Stop(); os.Remove(s.LogPath) })
	}
	seen := map[string]bool{}
	for _, s := range servers {
		if seen[s.Addr] || seen[s.Token] {
			t.Fatal("servers share an address or token")
		}
		seen[s.Addr], seen[s.Token] = true, true
	}
	if err := servers[0].Stop(); err != nil {
		t.Fatal(err)
	}
	if !servers[0].Stopped() {
		t.Fatal("Stop returned but the process runs")
	}
	if err := servers[0].Stop(); err != nil {
		t.Fatal("second Stop:", err)
	}
	for _, s := range servers[1:] {
		c, err := s.Client()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Auth().Token().LookupSelf(); err != nil {
			t.Fatalf("server %s: %v", s.Addr, err)
		}
	}
}

func TestStartWithLogFile(t *testing.T) {
	bin, err := devvault.Binary()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no vault binary under CI=true: %v", err)
		}
		t.Skip("no vault binary; run `make vault`")
	}
	s, err := devvault.Start(context.Background(), devvault.Options{Binary: bin})
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(s.LogPath)
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Auth().Token().LookupSelf(); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.LogPath); err != nil {
		t.Fatalf("log file: %v", err)
	}
}

func TestStartT(t *testing.T) {
	s := devvault.StartT(t)
	if s.Report == nil || s.Report.RoleID == "" {
		t.Fatal("StartT did not bootstrap")
	}
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.KVv2("secret").Get(context.Background(), "ferry/platforms/messenger"); err != nil {
		t.Fatal(err)
	}
}
