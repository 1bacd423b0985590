// Package config loads Ferry's configuration from defaults, an optional YAML file and
// FERRY_* environment variables (in that order of precedence, the environment last), and
// validates it. Errors name the key, never the value.
package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is everything Ferry reads at start-up. Credentials are not here: they live in
// Vault and are read through the secrets package.
type Config struct {
	Listen      string
	AdminListen string
	Database    string
	PublicURL   string
	PortalURL   string
	PortalToken string // "query" or "fragment": how the redirect carries the token
	LinkTTL     time.Duration
	LinkAud     string
	Cooldown    time.Duration
	LogLevel    string

	Vault Vault

	// APIBase holds each platform's send-API base URL override (empty = the real one).
	APIBase map[string]string
	// Platforms lists the enabled platforms (empty = every registered one).
	Platforms []string
	// PlatformSettings holds non-secret per-platform settings, e.g. whatsapp template.
	PlatformSettings map[string]map[string]string

	Worker    Worker
	Branding  Branding
	Reply     Reply
	Retention time.Duration
	Audit     Audit
	// BodyLimit caps a webhook body in bytes.
	BodyLimit int
	// LinkRateLimit is the per-source request budget per minute on link pages.
	LinkRateLimit int
	// TrustProxy makes Ferry read the client address from X-Forwarded-For.
	TrustProxy bool
}

// Vault is how Ferry reaches Vault.
type Vault struct {
	Addr, Token          string
	Auth                 string // token | approle | kubernetes
	AppRoleMount, RoleID string
	SecretIDFile         string
	SecretIDWrapped      bool
	KubernetesMount      string
	KubernetesRole       string
	KubernetesJWTPath    string
	KVMount, KVPrefix    string
	TransitMount         string
	LinkKey, AuditKey    string
	SenderKey            string
	RefreshEvery         time.Duration
}

// Worker tunes the delivery worker.
type Worker struct {
	Concurrency int
	Poll        time.Duration
	MaxAttempts int
	BaseBackoff time.Duration
	MaxBackoff  time.Duration
	Lease       time.Duration
	RatePerSec  float64 // per platform send budget
}

// Branding is shown on the landing pages.
type Branding struct {
	Name, LogoURL, PrimaryColor, AccentColor, PortalName, Phone, Hours, EmergencyNumber string
	DefaultLang                                                                         string
}

// Reply holds optional template overrides (text/template strings) keyed by name, e.g.
// "en.clinical", "es.default".
type Reply struct {
	Templates map[string]string
}

// Audit tunes checkpoints.
type Audit struct {
	CheckpointEvery    int
	CheckpointInterval time.Duration
}

// Problem is one configuration error.
type Problem struct {
	Key  string
	Want string
}

func (p Problem) Error() string { return "config: " + p.Key + ": " + p.Want }

// Problems is every configuration error found at once.
type Problems []Problem

func (ps Problems) Error() string {
	if len(ps) == 0 {
		return "config: ok"
	}
	if len(ps) == 1 {
		return ps[0].Error()
	}
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Key + ": " + p.Want
	}
	return "config: " + strings.Join(s, "; ")
}

// platformsWithBase lists the send-API base variables, as DESIGN.md names them.
var platformsWithBase = map[string]string{
	"messenger": "MESSENGER", "instagram": "INSTAGRAM", "whatsapp": "WHATSAPP",
	"x": "X", "telegram": "TELEGRAM", "twilio": "TWILIO",
}

// Load reads the YAML file (if path is non-empty) and the environment.
func Load(path string, environ []string) (*Config, error) {
	vals := map[string]string{}
	var probs Problems
	if path != "" {
		fileVals, err := readYAML(path)
		if err != nil {
			return nil, err
		}
		for k, v := range fileVals {
			if _, ok := keyIndex[k]; !ok {
				probs = append(probs, Problem{Key: k, Want: "unknown key in " + path})
				continue
			}
			vals[k] = v
		}
	}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if _, known := keyIndex[k]; known {
			vals[k] = v
		}
	}
	c, more := build(vals)
	probs = append(probs, more...)
	if len(probs) > 0 {
		return c, probs
	}
	return c, nil
}

// FromEnv loads with the process environment.
func FromEnv(path string) (*Config, error) { return Load(path, os.Environ()) }

func readYAML(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("config: %s is not valid YAML: %w", path, err)
	}
	out := map[string]string{}
	for k, v := range raw {
		key := normaliseKey(k)
		switch t := v.(type) {
		case nil:
			out[key] = ""
		case []any:
			parts := make([]string, len(t))
			for i, p := range t {
				parts[i] = fmt.Sprint(p)
			}
			out[key] = strings.Join(parts, ",")
		case map[string]any:
			return nil, Problems{{Key: k, Want: "a scalar or a list (nested maps are not keys; use e.g. whatsapp_template)"}}
		default:
			out[key] = fmt.Sprint(t)
		}
	}
	return out, nil
}

// normaliseKey maps "listen" and "FERRY_LISTEN" and "vault_addr" to the variable name.
func normaliseKey(k string) string {
	u := strings.ToUpper(strings.ReplaceAll(k, "-", "_"))
	if _, ok := keyIndex[u]; ok {
		return u
	}
	if _, ok := keyIndex["FERRY_"+u]; ok {
		return "FERRY_" + u
	}
	return k
}

// Keys lists every configuration key (variable names), for documentation and checks.
func Keys() []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, k.name)
	}
	sort.Strings(out)
	return out
}

// Redacted renders the configuration for display: secrets print as <redacted>.
func (c *Config) Redacted() map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		v := k.get(c)
		if k.secret && v != "" {
			v = "<redacted>"
		}
		out[k.name] = v
	}
	return out
}

// ListenURL is the http URL of an address.
func ListenURL(addr string) string { return "http://" + addr }

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func validAddr(s string) bool {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n < 65536
}

var (
	urlParse        = url.Parse
	urlUserPassword = url.UserPassword
)
