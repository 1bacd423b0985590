// Package secrets is Ferry's Vault client: KV v2 secrets (cached and
// refreshed), Transit signing and encryption, and authentication (token,
// AppRole, Kubernetes) with token renewal and re-login.
//
// Errors name the Vault path, never a secret value; logs never carry tokens
// or secret values.
package secrets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/vault/api"
	"golang.org/x/sync/singleflight"
)

// Auth methods.
const (
	AuthToken      = "token"
	AuthAppRole    = "approle"
	AuthKubernetes = "kubernetes"
)

// DefaultKubernetesJWTPath is where Kubernetes mounts the service-account token.
const DefaultKubernetesJWTPath = "/var/run/secrets/kubernetes.io/serviceaccount/token"

// Config says where Vault is, how to log in and where Ferry's secrets live.
// Zero values take the defaults noted on each field.
type Config struct {
	Addr  string // default $VAULT_ADDR (TLS settings come from the usual VAULT_CACERT etc.)
	Token string // default $VAULT_TOKEN (Auth "token")

	Auth string // "token" (default), "approle", "kubernetes"

	AppRoleMount    string // default "approle"
	RoleID          string
	SecretID        string // the secret id itself, or
	SecretIDFile    string // a file holding it (re-read at every login)
	SecretIDWrapped bool   // the secret id given is a response-wrapping token

	KubernetesMount   string // default "kubernetes"
	KubernetesRole    string // default "ferry"
	KubernetesJWTPath string // default DefaultKubernetesJWTPath

	KVMount      string        // default "secret" (KV v2)
	KVPrefix     string        // default "ferry": KV("platforms/messenger") reads secret/ferry/platforms/messenger
	TransitMount string        // default "transit"
	RefreshEvery time.Duration // KV re-read schedule, default 5m

	// KeyCacheTTL is how long Transit key metadata (latest version, public
	// keys) is cached; default 30s. Refresh drops it at once.
	KeyCacheTTL time.Duration
	// Timeout bounds each HTTP request to Vault; default 10s.
	Timeout time.Duration
	// MaxRetries overrides vault/api's retry count for 5xx and connection
	// errors (default 2); negative means no retries.
	MaxRetries int
}

func (c *Config) setDefaults() {
	if c.Auth == "" {
		c.Auth = AuthToken
	}
	if c.AppRoleMount == "" {
		c.AppRoleMount = "approle"
	}
	if c.KubernetesMount == "" {
		c.KubernetesMount = "kubernetes"
	}
	if c.KubernetesRole == "" {
		c.KubernetesRole = "ferry"
	}
	if c.KubernetesJWTPath == "" {
		c.KubernetesJWTPath = DefaultKubernetesJWTPath
	}
	if c.KVMount == "" {
		c.KVMount = "secret"
	}
	if c.KVPrefix == "" {
		c.KVPrefix = "ferry"
	}
	if c.TransitMount == "" {
		c.TransitMount = "transit"
	}
	if c.RefreshEvery <= 0 {
		c.RefreshEvery = 5 * time.Minute
	}
	if c.KeyCacheTTL == 0 {
		c.KeyCacheTTL = 30 * time.Second
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	c.KVMount = strings.Trim(c.KVMount, "/")
	c.KVPrefix = strings.Trim(c.KVPrefix, "/")
	c.TransitMount = strings.Trim(c.TransitMount, "/")
	c.AppRoleMount = strings.Trim(c.AppRoleMount, "/")
	c.KubernetesMount = strings.Trim(c.KubernetesMount, "/")
}

// Client is Ferry's Vault client. It is safe for concurrent use.
type Client struct {
	cfg Config
	api *api.Client
	log *slog.Logger

	errs   atomic.Uint64
	logins atomic.Uint64

	ctx    context.Context // background work; cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once

	// AppRole: the unwrapped secret id from a wrapping token, kept so that a
	// re-login works after the single-use wrapping token is spent.
	secretIDMu       sync.Mutex
	unwrappedSecret  string
	unwrappedFromTok string

	kvMu    sync.RWMutex
	kv      map[string]*kvEntry
	kvGroup singleflight.Group

	keyMu    sync.Mutex
	keys     map[string]*keyInfo
	keyGroup singleflight.Group
}

// New connects to Vault, logs in with the configured method, and starts
// token renewal (re-login when renewal ends, for AppRole and Kubernetes) and
// the KV refresh schedule. log may be nil.
func New(ctx context.Context, cfg Config, log *slog.Logger) (*Client, error) {
	cfg.setDefaults()
	if log == nil {
		log = slog.Default()
	}
	log = log.With("comp", "secrets")

	vc := api.DefaultConfig()
	if vc.Error != nil {
		return nil, fmt.Errorf("secrets: vault config: %w", vc.Error)
	}
	if cfg.Addr != "" {
		vc.Address = cfg.Addr
	}
	vc.Timeout = cfg.Timeout
	if cfg.MaxRetries < 0 {
		vc.MaxRetries = 0
	} else if cfg.MaxRetries > 0 {
		vc.MaxRetries = cfg.MaxRetries
	}
	ac, err := api.NewClient(vc)
	if err != nil {
		return nil, fmt.Errorf("secrets: vault client: %w", err)
	}

	c := &Client{
		cfg:  cfg,
		api:  ac,
		log:  log,
		kv:   map[string]*kvEntry{},
		keys: map[string]*keyInfo{},
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())

	var auth *api.Secret
	switch cfg.Auth {
	case AuthToken:
		if cfg.Token != "" {
			ac.SetToken(cfg.Token)
		}
		if ac.Token() == "" {
			c.cancel()
			return nil, errors.New("secrets: auth token: no token (set VAULT_TOKEN)")
		}
		auth, err = c.lookupToken(ctx)
	case AuthAppRole, AuthKubernetes:
		ac.ClearToken()
		auth, err = c.login(ctx)
	default:
		c.cancel()
		return nil, fmt.Errorf("secrets: unknown auth method %q (want token, approle or kubernetes)", cfg.Auth)
	}
	if err != nil {
		c.cancel()
		c.errs.Add(1)
		return nil, err
	}
	log.Info("vault login", "addr", ac.Address(), "auth", cfg.Auth,
		"ttl", time.Duration(auth.Auth.LeaseDuration)*time.Second, "renewable", auth.Auth.Renewable)

	c.wg.Add(2)
	go c.renewLoop(auth)
	go c.refreshLoop()
	return c, nil
}

// API returns the underlying vault/api client (its token is kept current).
func (c *Client) API() *api.Client { return c.api }

// Errors is the number of Vault errors seen so far (for metrics).
func (c *Client) Errors() uint64 { return c.errs.Load() }

// Close stops renewal and refresh. It does not revoke the token.
func (c *Client) Close() {
	c.once.Do(func() {
		c.cancel()
		c.wg.Wait()
	})
}

// Health reports whether Vault is reachable and the token is valid.
func (c *Client) Health(ctx context.Context) error {
	if _, err := c.api.Auth().Token().LookupSelfWithContext(ctx); err != nil {
		c.errs.Add(1)
		return fmt.Errorf("secrets: read auth/token/lookup-self: %w", err)
	}
	return nil
}

// lookupToken turns the configured token into an auth secret for the
// lifetime watcher.
func (c *Client) lookupToken(ctx context.Context) (*api.Secret, error) {
	s, err := c.api.Auth().Token().LookupSelfWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("secrets: read auth/token/lookup-self: %w", err)
	}
	ttl, err := s.TokenTTL()
	if err != nil {
		return nil, fmt.Errorf("secrets: read auth/token/lookup-self: ttl: %w", err)
	}
	renewable, _ := s.TokenIsRenewable()
	return &api.Secret{Auth: &api.SecretAuth{
		ClientToken:   c.api.Token(),
		Renewable:     renewable,
		LeaseDuration: int(ttl / time.Second),
	}}, nil
}

// login authenticates with AppRole or Kubernetes and installs the new token.
func (c *Client) login(ctx context.Context) (*api.Secret, error) {
	var mount string
	var body map[string]any
	switch c.cfg.Auth {
	case AuthAppRole:
		mount = c.cfg.AppRoleMount
		if c.cfg.RoleID == "" {
			return nil, errors.New("secrets: approle login: no role id")
		}
		sid, err := c.secretID(ctx)
		if err != nil {
			return nil, err
		}
		body = map[string]any{"role_id": c.cfg.RoleID, "secret_id": sid}
	case AuthKubernetes:
		mount = c.cfg.KubernetesMount
		jwt, err := os.ReadFile(c.cfg.KubernetesJWTPath)
		if err != nil {
			return nil, fmt.Errorf("secrets: kubernetes login: read service-account token %s: %w", c.cfg.KubernetesJWTPath, err)
		}
		body = map[string]any{"role": c.cfg.KubernetesRole, "jwt": strings.TrimSpace(string(jwt))}
	default:
		return nil, fmt.Errorf("secrets: auth %q has no login", c.cfg.Auth)
	}
	path := "auth/" + mount + "/login"
	lc, err := c.api.Clone()
	if err != nil {
		return nil, fmt.Errorf("secrets: write %s: %w", path, err)
	}
	lc.ClearToken()
	s, err := lc.Logical().WriteWithContext(ctx, path, body)
	if err != nil {
		return nil, fmt.Errorf("secrets: write %s: %w", path, err)
	}
	if s == nil || s.Auth == nil || s.Auth.ClientToken == "" {
		return nil, fmt.Errorf("secrets: write %s: no token in the answer", path)
	}
	c.api.SetToken(s.Auth.ClientToken)
	c.logins.Add(1)
	return s, nil
}

// secretID returns the AppRole secret id: from the config or the file,
// unwrapping it when it is a response-wrapping token.
func (c *Client) secretID(ctx context.Context) (string, error) {
	sid := c.cfg.SecretID
	if c.cfg.SecretIDFile != "" {
		b, err := os.ReadFile(c.cfg.SecretIDFile)
		if err != nil {
			return "", fmt.Errorf("secrets: approle login: read secret id file %s: %w", c.cfg.SecretIDFile, err)
		}
		sid = string(b)
	}
	sid = strings.TrimSpace(sid)
	if sid == "" {
		return "", errors.New("secrets: approle login: no secret id")
	}
	if !c.cfg.SecretIDWrapped {
		return sid, nil
	}
	c.secretIDMu.Lock()
	defer c.secretIDMu.Unlock()
	if sid == c.unwrappedFromTok && c.unwrappedSecret != "" {
		return c.unwrappedSecret, nil // the wrapping token is single-use
	}
	uc, err := c.api.Clone()
	if err != nil {
		return "", fmt.Errorf("secrets: write sys/wrapping/unwrap: %w", err)
	}
	uc.ClearToken()
	s, err := uc.Logical().UnwrapWithContext(ctx, sid)
	if err != nil {
		return "", fmt.Errorf("secrets: write sys/wrapping/unwrap: %w", err)
	}
	v, _ := dataString(s, "secret_id")
	if v == "" {
		return "", errors.New("secrets: write sys/wrapping/unwrap: the wrapped answer holds no secret_id")
	}
	c.unwrappedSecret, c.unwrappedFromTok = v, sid
	return v, nil
}

func dataString(s *api.Secret, key string) (string, bool) {
	if s == nil || s.Data == nil {
		return "", false
	}
	v, ok := s.Data[key].(string)
	return v, ok
}

// renewLoop keeps the token alive with a lifetime watcher and logs in again
// when renewal ends (max TTL reached, token revoked, Vault gone too long).
func (c *Client) renewLoop(auth *api.Secret) {
	defer c.wg.Done()
	for {
		err := c.watch(auth)
		if c.ctx.Err() != nil {
			return
		}
		if c.cfg.Auth == AuthToken {
			// A static token cannot be replaced from here.
			if err != nil {
				c.log.Error("vault token renewal stopped; the token will expire", "err", err)
			} else if auth.Auth.LeaseDuration > 0 {
				c.log.Warn("vault token reached its maximum lifetime; it will expire")
			}
			return
		}
		if err != nil {
			c.log.Warn("vault token renewal stopped; logging in again", "err", err)
		} else {
			c.log.Info("vault token near the end of its lifetime; logging in again")
		}
		auth = c.reLogin()
		if auth == nil {
			return
		}
	}
}

// watch runs one lifetime watcher until it ends. A token without a TTL (a
// root or periodic-less static token) needs no watching: wait for Close.
func (c *Client) watch(auth *api.Secret) error {
	if auth.Auth.LeaseDuration <= 0 {
		<-c.ctx.Done()
		return nil
	}
	w, err := c.api.NewLifetimeWatcher(&api.LifetimeWatcherInput{
		Secret:        auth,
		RenewBehavior: api.RenewBehaviorIgnoreErrors,
	})
	if err != nil {
		return err
	}
	go w.Start()
	defer w.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return nil
		case err := <-w.DoneCh():
			if err != nil {
				c.errs.Add(1)
			}
			return err
		case r := <-w.RenewCh():
			if r != nil && r.Secret != nil && r.Secret.Auth != nil {
				c.log.Debug("vault token renewed", "ttl", time.Duration(r.Secret.Auth.LeaseDuration)*time.Second)
			}
		}
	}
}

// reLogin logs in until it succeeds or the client is closed.
func (c *Client) reLogin() *api.Secret {
	wait := 500 * time.Millisecond
	for {
		ctx, cancel := context.WithTimeout(c.ctx, c.cfg.Timeout)
		s, err := c.login(ctx)
		cancel()
		if err == nil {
			c.log.Info("vault login", "auth", c.cfg.Auth,
				"ttl", time.Duration(s.Auth.LeaseDuration)*time.Second, "renewable", s.Auth.Renewable)
			return s
		}
		if c.ctx.Err() != nil {
			return nil
		}
		c.errs.Add(1)
		c.log.Error("vault login failed; retrying", "err", err, "in", wait)
		select {
		case <-c.ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(wait*2, 30*time.Second)
	}
}
