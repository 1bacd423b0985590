// Package devvault starts a real Vault server in dev mode (`vault server
// -dev`) for tests and `ferry dev`: in memory, on a free loopback port, with
// a random root token. Nothing here fakes Vault; it runs the binary that
// `make vault` puts at bin/vault (or $FERRY_VAULT_BIN, or vault on PATH).
//
// In a test:
//
//	s := devvault.StartT(t) // skips without a binary (fails under CI=true)
//	c, err := secrets.New(ctx, s.Config(), nil) // root token; or log in with AppRole:
//	sid, _ := secrets.NewAppRoleSecretID(ctx, root, secrets.BootstrapOptions{}, 0)
//	c, err = secrets.New(ctx, secrets.Config{Addr: s.Addr, Auth: "approle",
//		RoleID: s.Report.RoleID, SecretID: sid}, nil) // token holds only the ferry policy
//
// StartT has already run secrets.Bootstrap with DevSecrets: KV v2 at secret/
// with secret/ferry/platforms/<platform> for all six platforms and
// secret/ferry/pseudonym, Transit keys ferry-links, ferry-audit (ed25519) and
// ferry-sender (aes256-gcm96), the ferry policy and AppRole role ferry.
// s.Client() is a root vault/api client for setting up test data. Each
// server has its own port and token, so parallel tests are safe; the server
// is stopped by t.Cleanup, and its output is logged only if the test fails.
package devvault

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"

	"github.com/ferryhealth/ferry/secrets"
)

// EnvBinary names the Vault binary explicitly.
const EnvBinary = "FERRY_VAULT_BIN"

// ErrNoBinary is returned (wrapped) by Binary when no vault binary is found.
var ErrNoBinary = errors.New("no vault binary: run `make vault` (it builds bin/vault) or set " + EnvBinary)

// Binary finds the vault binary: $FERRY_VAULT_BIN, else bin/vault in the
// nearest enclosing directory with a go.mod that has one (walking up from
// the working directory), else `vault` on PATH.
func Binary() (string, error) {
	if p := os.Getenv(EnvBinary); p != "" {
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return "", fmt.Errorf("devvault: %s=%s: not a file: %w", EnvBinary, p, ErrNoBinary)
		}
		return p, nil
	}
	if dir, err := os.Getwd(); err == nil {
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				p := filepath.Join(dir, "bin", "vault")
				if st, err := os.Stat(p); err == nil && !st.IsDir() {
					return p, nil
				}
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	if p, err := exec.LookPath("vault"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("devvault: %w", ErrNoBinary)
}

// Options configures Start.
type Options struct {
	Binary string    // default Binary()
	Token  string    // root token; default random
	Log    io.Writer // server output; default a temporary file (Server.LogPath)
	// ReadyTimeout bounds the wait for the server to answer; default 30s.
	ReadyTimeout time.Duration
}

// Server is a running dev Vault.
type Server struct {
	Addr    string // http://127.0.0.1:PORT
	Token   string // root token
	LogPath string // the server's output, when Options.Log was nil
	// Report is what secrets.Bootstrap did, for servers from StartT
	// (Report.RoleID is the AppRole role id of role "ferry").
	Report *secrets.BootstrapReport

	cmd     *exec.Cmd
	exited  chan struct{}
	waitErr error
	logFile *os.File
	stop    sync.Once
	stopErr error
}

// Start runs `vault server -dev` on a free loopback port and waits until it
// is ready (unsealed and active). ctx bounds the start only; the server runs
// until Stop.
func Start(ctx context.Context, opts Options) (*Server, error) {
	bin := opts.Binary
	if bin == "" {
		var err error
		if bin, err = Binary(); err != nil {
			return nil, err
		}
	}
	if opts.Token == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		opts.Token = "dev-" + hex.EncodeToString(b)
	}
	if opts.ReadyTimeout <= 0 {
		opts.ReadyTimeout = 30 * time.Second
	}
	var lastErr error
	// A free port can be taken between our probe and Vault's bind: retry.
	for attempt := 0; attempt < 5; attempt++ {
		s, err := start(ctx, bin, opts)
		if err == nil {
			return s, nil
		}
		lastErr = err
		if ctx.Err() != nil || !errors.Is(err, errAddrInUse) {
			break
		}
	}
	return nil, lastErr
}

var errAddrInUse = errors.New("address in use")

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tailWriter keeps the last bytes written, to explain a failed start.
type tailWriter struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 8192 {
		t.buf = t.buf[len(t.buf)-8192:]
	}
	return len(p), nil
}

func (t *tailWriter) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

func start(ctx context.Context, bin string, opts Options) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, fmt.Errorf("devvault: free port: %w", err)
	}
	listen := "127.0.0.1:" + strconv.Itoa(port)
	s := &Server{Addr: "http://" + listen, Token: opts.Token, exited: make(chan struct{})}

	out := opts.Log
	if out == nil {
		f, err := os.CreateTemp("", "devvault-*.log")
		if err != nil {
			return nil, fmt.Errorf("devvault: log file: %w", err)
		}
		s.logFile, s.LogPath, out = f, f.Name(), f
	}
	tail := &tailWriter{}
	w := io.MultiWriter(out, tail)

	cmd := exec.Command(bin, "server", "-dev",
		"-dev-root-token-id="+opts.Token,
		"-dev-listen-address="+listen,
		"-dev-no-store-token",
		"-log-level=warn",
	)
	cmd.Stdout, cmd.Stderr = w, w
	cmd.Env = cleanEnv()
	setProcAttrs(cmd)
	if err := cmd.Start(); err != nil {
		s.closeLog()
		return nil, fmt.Errorf("devvault: start %s: %w", bin, err)
	}
	s.cmd = cmd
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()

	if err := s.waitReady(ctx, opts.ReadyTimeout); err != nil {
		_ = s.Stop()
		out := tail.String()
		if strings.Contains(out, "address already in use") {
			return nil, fmt.Errorf("devvault: %s: %w", listen, errAddrInUse)
		}
		return nil, fmt.Errorf("devvault: vault server did not become ready: %w\n%s", err, out)
	}
	return s, nil
}

// cleanEnv drops VAULT_* variables so the caller's Vault settings cannot
// leak into the dev server.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "VAULT_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func (s *Server) waitReady(ctx context.Context, timeout time.Duration) error {
	c, err := s.Client()
	if err != nil {
		return err
	}
	c.SetMaxRetries(0)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	wait := 10 * time.Millisecond
	for {
		h, err := c.Sys().HealthWithContext(ctx)
		if err == nil && h.Initialized && !h.Sealed && !h.Standby {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("vault exited: %v", s.waitErr)
		case <-ctx.Done():
			if err == nil {
				err = ctx.Err()
			}
			return err
		case <-time.After(wait):
		}
		wait = min(wait*2, 200*time.Millisecond)
	}
}

// Client returns a new vault/api client for the server, with the root token.
// It ignores VAULT_* environment variables.
func (s *Server) Client() (*api.Client, error) {
	cfg := api.DefaultConfig()
	cfg.Address = s.Addr
	cfg.Timeout = 30 * time.Second
	c, err := api.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("devvault: client: %w", err)
	}
	c.SetToken(s.Token)
	return c, nil
}

// Config returns a secrets.Config for the server with the root token.
func (s *Server) Config() secrets.Config {
	return secrets.Config{Addr: s.Addr, Token: s.Token, Auth: secrets.AuthToken}
}

// Stop stops the server (interrupt, then kill after 5 s). The in-memory
// data is gone afterwards. Safe to call more than once.
func (s *Server) Stop() error {
	s.stop.Do(func() {
		if s.cmd == nil || s.cmd.Process == nil {
			s.closeLog()
			return
		}
		select {
		case <-s.exited:
		default:
			_ = s.cmd.Process.Signal(os.Interrupt)
			select {
			case <-s.exited:
			case <-time.After(5 * time.Second):
				_ = s.cmd.Process.Kill()
				<-s.exited
			}
		}
		s.closeLog()
	})
	return s.stopErr
}

func (s *Server) closeLog() {
	if s.logFile != nil {
		s.stopErr = s.logFile.Close()
		s.logFile = nil
	}
}

// Stopped reports whether the server process has exited.
func (s *Server) Stopped() bool {
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// StartT starts a dev Vault for a test, runs secrets.Bootstrap with
// DevSecrets (KV v2 at secret/, Transit keys, the ferry policy, AppRole role
// ferry, development secrets for every platform and the pseudonym key), and
// stops it when the test ends. Without a vault binary the test is skipped,
// or fails under CI=true. The server's output is attached to the test log
// when the test fails.
func StartT(t testing.TB) *Server {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		msg := "devvault: " + err.Error() + " (run `make vault` to build bin/vault)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	var buf bytes.Buffer
	lw := &lockedWriter{w: &buf}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Start(ctx, Options{Binary: bin, Log: lw})
	if err != nil {
		t.Fatalf("devvault: %v", err)
	}
	t.Cleanup(func() {
		_ = s.Stop()
		if t.Failed() {
			t.Logf("devvault: vault server output:\n%s", lw.String())
		}
	})
	c, err := s.Client()
	if err != nil {
		t.Fatalf("devvault: %v", err)
	}
	rep, err := secrets.Bootstrap(ctx, c, secrets.BootstrapOptions{DevSecrets: true})
	if err != nil {
		t.Fatalf("devvault: bootstrap: %v", err)
	}
	s.Report = rep
	return s
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}
