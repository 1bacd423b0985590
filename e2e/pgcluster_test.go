package e2e

// A private PostgreSQL cluster for tests that stop and start the server. The shared server
// at 127.0.0.1:5432 is used by other tests at the same time and is never restarted; this
// cluster lives in its own temp dir, on its own port, with its unix socket in that dir.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

type pgCluster struct {
	t       *testing.T
	bin     string // directory holding initdb and pg_ctl
	base    string // temp dir, owned by the cluster's OS user
	data    string
	port    int
	runAs   string // OS user running the server when we are root, else ""
	runuser string
	running bool
}

// pgMissing skips the test with reason, or fails it under CI=true.
func pgMissing(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("a private PostgreSQL cluster is required under CI=true: %s", msg)
	}
	t.Skipf("no private PostgreSQL cluster: %s", msg)
}

// pgBinDir finds the newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl,
// else the directory of pg_ctl on PATH.
func pgBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	ver := func(d string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(d)), 64)
		return v
	}
	sort.Slice(dirs, func(i, j int) bool { return ver(dirs[i]) > ver(dirs[j]) })
	for _, d := range dirs {
		if isFile(filepath.Join(d, "initdb")) && isFile(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		d := filepath.Dir(p)
		if isFile(filepath.Join(d, "initdb")) {
			return d, nil
		}
	}
	return "", fmt.Errorf("initdb and pg_ctl not found in /usr/lib/postgresql/*/bin or on PATH")
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// newPGCluster runs initdb (trust auth) in a fresh temp dir and starts the server on a
// free port with fsync on. The cluster is stopped and removed when t ends.
func newPGCluster(t *testing.T) *pgCluster {
	t.Helper()
	bin, err := pgBinDir()
	if err != nil {
		pgMissing(t, "%v", err)
	}
	c := &pgCluster{t: t, bin: bin}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		u, err := user.Lookup("postgres")
		if err != nil {
			pgMissing(t, "running as root and there is no postgres OS user to run the server as")
		}
		if c.runuser, err = exec.LookPath("runuser"); err != nil {
			pgMissing(t, "running as root and runuser (util-linux) is not on PATH")
		}
		c.runAs = "postgres"
		c.base, err = os.MkdirTemp("", "ferry-pg-")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(c.base, uid, gid); err != nil {
			t.Fatal(err)
		}
	} else {
		c.base, err = os.MkdirTemp("", "ferry-pg-")
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		if c.running {
			c.pgctl("stop", "-m", "immediate")
		}
		os.RemoveAll(c.base)
	})
	c.data = filepath.Join(c.base, "data")
	if out, err := c.command("initdb", "-D", c.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	// A free port can be taken between the probe and the server's bind: retry.
	for attempt := 0; ; attempt++ {
		c.port = freePort(t)
		err := c.start()
		if err == nil {
			break
		}
		if attempt == 2 {
			t.Fatalf("starting the private PostgreSQL cluster: %v", err)
		}
	}
	// The cluster must really make commits durable: an acknowledged webhook lost at an
	// immediate stop would otherwise go unnoticed.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.DSN())
	if err != nil {
		t.Fatalf("connecting to the private cluster: %v", err)
	}
	defer conn.Close(ctx)
	for _, setting := range []string{"fsync", "synchronous_commit"} {
		var v string
		if err := conn.QueryRow(ctx, "SHOW "+setting).Scan(&v); err != nil || v != "on" {
			t.Fatalf("private cluster: %s = %q (%v), want on", setting, v, err)
		}
	}
	return c
}

func freePort(t *testing.T) int {
	_, p, _ := strings.Cut(freeAddr(t), ":")
	n, _ := strconv.Atoi(p)
	return n
}

// DSN is the cluster's postgres database over TCP.
func (c *pgCluster) DSN() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

func (c *pgCluster) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, name)
	if c.runAs != "" {
		args = append([]string{"-u", c.runAs, "--", path}, args...)
		path = c.runuser
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = c.base
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C", "LANG=C"}
	cmd.WaitDelay = 5 * time.Second // the server must not hold our pipes open
	return cmd
}

func (c *pgCluster) pgctl(args ...string) error {
	args = append([]string{"-D", c.data, "-w", "-t", "60"}, args...)
	out, err := c.command("pg_ctl", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl %s: %v\n%s", strings.Join(args[5:], " "), err, out)
	}
	return nil
}

// start starts the server and waits until it accepts connections (after crash recovery,
// when the last stop was immediate).
func (c *pgCluster) start() error {
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=100 -c shared_buffers=32MB",
		c.port, c.base)
	if err := c.pgctl("-l", filepath.Join(c.base, "server.log"), "-o", opts, "start"); err != nil {
		return err
	}
	c.running = true
	return nil
}

// stop stops the server with pg_ctl's mode: "fast" (roll back, disconnect, checkpoint) or
// "immediate" (abort at once; the next start recovers from the WAL, as after a crash).
func (c *pgCluster) stop(mode string) {
	c.t.Helper()
	if err := c.pgctl("stop", "-m", mode); err != nil {
		c.t.Fatal(err)
	}
	c.running = false
}

// restart starts the server again on the same port.
func (c *pgCluster) restart() {
	c.t.Helper()
	if err := c.start(); err != nil {
		c.t.Fatal(err)
	}
}
