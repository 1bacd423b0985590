package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ferryhealth/ferry/secrets"
	"github.com/ferryhealth/ferry/secrets/devvault"
	"github.com/jackc/pgx/v5"
)

// env is what every target shares: the dev Vault, the sink and the portal stand-in.
type env struct {
	keep      bool // keep the temp dir (logs)
	vault     *devvault.Server
	appSecret string
	sink      *sink
	portal    *http.Server
	portalURL string
	tmp       string
}

func startEnv(ctx context.Context) (*env, error) {
	e := &env{}
	tmp, err := os.MkdirTemp("", "ferry-load")
	if err != nil {
		return nil, err
	}
	e.tmp = tmp
	vctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	vf, err := os.Create(filepath.Join(tmp, "vault.log"))
	if err != nil {
		return nil, err
	}
	vs, err := devvault.Start(vctx, devvault.Options{Log: vf})
	if err != nil {
		return nil, fmt.Errorf("dev vault: %w", err)
	}
	e.vault = vs
	c, err := vs.Client()
	if err != nil {
		e.close()
		return nil, err
	}
	if _, err := secrets.Bootstrap(vctx, c, secrets.BootstrapOptions{DevSecrets: true}); err != nil {
		e.close()
		return nil, fmt.Errorf("vault bootstrap: %w", err)
	}
	s, err := c.KVv2("secret").Get(vctx, "ferry/platforms/messenger")
	if err != nil {
		e.close()
		return nil, err
	}
	e.appSecret, _ = s.Data["app_secret"].(string)
	if e.sink, err = startSink(); err != nil {
		e.close()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.close()
		return nil, err
	}
	e.portal = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "portal") })}
	go e.portal.Serve(ln)
	e.portalURL = "http://" + ln.Addr().String() + "/start"
	return e, nil
}

func (e *env) close() {
	if e.sink != nil {
		e.sink.srv.Close()
	}
	if e.portal != nil {
		e.portal.Close()
	}
	if e.vault != nil {
		e.vault.Stop()
	}
	if !e.keep {
		os.RemoveAll(e.tmp)
	}
}

// sink answers the Graph send API like Messenger does and keeps the links of the replies.
type sink struct {
	url    string
	srv    *http.Server
	count  atomic.Int64
	mu     sync.Mutex
	tokens []string
	first  time.Time
	last   time.Time
}

var tokenRE = regexp.MustCompile(`/l/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)`)

func startSink() (*sink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &sink{url: "http://" + ln.Addr().String()}
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		n := s.count.Add(1)
		now := time.Now()
		m := tokenRE.FindSubmatch(b)
		s.mu.Lock()
		if s.first.IsZero() {
			s.first = now
		}
		s.last = now
		if m != nil && len(s.tokens) < 1_000_000 {
			s.tokens = append(s.tokens, string(m[1]))
		}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"recipient_id":"psid","message_id":"m_load_%d"}`, n)
	})}
	go s.srv.Serve(ln)
	return s, nil
}

// snapshot returns the count and the time of the last reply.
func (s *sink) snapshot() (int64, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count.Load(), s.last
}

// takeTokens returns and forgets the links gathered so far.
func (s *sink) takeTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tokens
	s.tokens = nil
	return t
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// proc is a child process (ferry or the baseline).
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
	log  *os.File
}

func startProc(ctx context.Context, name string, args, envv []string, logPath, healthURL string) (*proc, error) {
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(name, args...)
	cmd.Env = envv
	cmd.Dir = filepath.Dir(logPath)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		lf.Close()
		return nil, err
	}
	p := &proc{cmd: cmd, done: make(chan struct{}), log: lf}
	go func() { cmd.Wait(); close(p.done) }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		resp, err := http.Get(healthURL)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p, nil
			}
		}
		select {
		case <-p.done:
			b, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("%s exited at start-up:\n%s", filepath.Base(name), tail(b, 3000))
		case <-time.After(100 * time.Millisecond):
		}
	}
	p.stop()
	b, _ := os.ReadFile(logPath)
	return nil, fmt.Errorf("%s did not become healthy:\n%s", filepath.Base(name), tail(b, 3000))
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// stop sends SIGTERM and waits (then SIGKILL).
func (p *proc) stop() {
	if p == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(25 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
	p.log.Close()
}

// peakRSS reads VmHWM (kB) of the process, in MB.
func (p *proc) peakRSS() float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

// freshPostgres creates a database on the server named by admin and returns its DSN and
// a function that drops it.
func freshPostgres(ctx context.Context, admin string) (string, func(), error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, admin)
	if err != nil {
		return "", nil, err
	}
	defer conn.Close(cctx)
	var b [6]byte
	rand.Read(b[:])
	name := "ferry_load_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(cctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		dctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		c, err := pgx.Connect(dctx, admin)
		if err != nil {
			return
		}
		defer c.Close(dctx)
		c.Exec(dctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	return u.String(), drop, nil
}
