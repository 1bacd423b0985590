package config

import (
	"strconv"
	"strings"
	"time"
)

// key is one configuration entry: its variable name, default, and how to set and show it.
type key struct {
	name   string
	def    string
	secret bool
	set    func(c *Config, v string) string // returns "" or what is expected
	get    func(c *Config) string
}

var keys []key
var keyIndex = map[string]int{}

func add(k key) {
	keyIndex[k.name] = len(keys)
	keys = append(keys, k)
}

func str(name, def string, p func(*Config) *string, check func(string) string) key {
	return key{name: name, def: def,
		set: func(c *Config, v string) string {
			if check != nil {
				if w := check(v); w != "" {
					return w
				}
			}
			*p(c) = v
			return ""
		},
		get: func(c *Config) string { return *p(c) }}
}

func secretStr(name string, p func(*Config) *string) key {
	k := str(name, "", p, nil)
	k.secret = true
	return k
}

func dur(name, def string, p func(*Config) *time.Duration, allowZero bool) key {
	return key{name: name, def: def,
		set: func(c *Config, v string) string {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 || (d == 0 && !allowZero) {
				return "a positive duration such as 10m or 72h"
			}
			*p(c) = d
			return ""
		},
		get: func(c *Config) string { return p(c).String() }}
}

func integer(name, def string, p func(*Config) *int, min int) key {
	return key{name: name, def: def,
		set: func(c *Config, v string) string {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < min {
				return "an integer >= " + strconv.Itoa(min)
			}
			*p(c) = n
			return ""
		},
		get: func(c *Config) string { return strconv.Itoa(*p(c)) }}
}

func boolean(name, def string, p func(*Config) *bool) key {
	return key{name: name, def: def,
		set: func(c *Config, v string) string {
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return "true or false"
			}
			*p(c) = b
			return ""
		},
		get: func(c *Config) string { return strconv.FormatBool(*p(c)) }}
}

func oneOf(opts ...string) func(string) string {
	return func(v string) string {
		for _, o := range opts {
			if v == o {
				return ""
			}
		}
		return "one of " + strings.Join(opts, ", ")
	}
}

func mustURL(v string) string {
	if v == "" || validURL(v) {
		return ""
	}
	return "an http(s) URL with a host"
}

func mustAddr(v string) string {
	if validAddr(v) {
		return ""
	}
	return "host:port"
}

func mustDatabase(v string) string {
	if strings.HasPrefix(v, "sqlite:") && len(v) > len("sqlite:") {
		return ""
	}
	if strings.HasPrefix(v, "postgres://") || strings.HasPrefix(v, "postgresql://") {
		return ""
	}
	return "sqlite:PATH or a postgres:// DSN"
}

func init() {
	add(str("FERRY_LISTEN", "127.0.0.1:8080", func(c *Config) *string { return &c.Listen }, mustAddr))
	add(str("FERRY_ADMIN_LISTEN", "127.0.0.1:8081", func(c *Config) *string { return &c.AdminListen }, mustAddr))
	add(key{name: "FERRY_DATABASE", def: "sqlite:ferry.db", secret: false,
		set: func(c *Config, v string) string {
			if w := mustDatabase(v); w != "" {
				return w
			}
			c.Database = v
			return ""
		},
		get: func(c *Config) string { return redactDSN(c.Database) }})
	add(str("FERRY_PUBLIC_URL", "", func(c *Config) *string { return &c.PublicURL }, mustURL))
	add(str("FERRY_PORTAL_URL", "", func(c *Config) *string { return &c.PortalURL }, mustURL))
	add(str("FERRY_PORTAL_TOKEN_IN", "query", func(c *Config) *string { return &c.PortalToken }, oneOf("query", "fragment")))
	add(dur("FERRY_LINK_TTL", "72h", func(c *Config) *time.Duration { return &c.LinkTTL }, false))
	add(str("FERRY_LINK_AUDIENCE", "ferry-portal", func(c *Config) *string { return &c.LinkAud }, nil))
	add(dur("FERRY_REPLY_COOLDOWN", "10m", func(c *Config) *time.Duration { return &c.Cooldown }, true))
	add(str("FERRY_LOG_LEVEL", "info", func(c *Config) *string { return &c.LogLevel }, oneOf("debug", "info", "warn", "error")))
	add(key{name: "FERRY_PLATFORMS",
		set: func(c *Config, v string) string {
			c.Platforms = nil
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(strings.ToLower(p)); p != "" {
					c.Platforms = append(c.Platforms, p)
				}
			}
			return ""
		},
		get: func(c *Config) string { return strings.Join(c.Platforms, ",") }})

	add(str("VAULT_ADDR", "", func(c *Config) *string { return &c.Vault.Addr }, mustURL))
	add(secretStr("VAULT_TOKEN", func(c *Config) *string { return &c.Vault.Token }))
	add(str("FERRY_VAULT_AUTH", "token", func(c *Config) *string { return &c.Vault.Auth }, oneOf("token", "approle", "kubernetes")))
	add(str("FERRY_VAULT_APPROLE_MOUNT", "approle", func(c *Config) *string { return &c.Vault.AppRoleMount }, nil))
	add(str("FERRY_VAULT_ROLE_ID", "", func(c *Config) *string { return &c.Vault.RoleID }, nil))
	add(str("FERRY_VAULT_SECRET_ID_FILE", "", func(c *Config) *string { return &c.Vault.SecretIDFile }, nil))
	add(boolean("FERRY_VAULT_SECRET_ID_WRAPPED", "false", func(c *Config) *bool { return &c.Vault.SecretIDWrapped }))
	add(str("FERRY_VAULT_KUBERNETES_MOUNT", "kubernetes", func(c *Config) *string { return &c.Vault.KubernetesMount }, nil))
	add(str("FERRY_VAULT_KUBERNETES_ROLE", "ferry", func(c *Config) *string { return &c.Vault.KubernetesRole }, nil))
	add(str("FERRY_VAULT_KUBERNETES_JWT", "/var/run/secrets/kubernetes.io/serviceaccount/token", func(c *Config) *string { return &c.Vault.KubernetesJWTPath }, nil))
	add(str("FERRY_VAULT_KV_MOUNT", "secret", func(c *Config) *string { return &c.Vault.KVMount }, nil))
	add(str("FERRY_VAULT_KV_PREFIX", "ferry", func(c *Config) *string { return &c.Vault.KVPrefix }, nil))
	add(str("FERRY_VAULT_TRANSIT_MOUNT", "transit", func(c *Config) *string { return &c.Vault.TransitMount }, nil))
	add(str("FERRY_VAULT_LINK_KEY", "ferry-links", func(c *Config) *string { return &c.Vault.LinkKey }, nil))
	add(str("FERRY_VAULT_AUDIT_KEY", "ferry-audit", func(c *Config) *string { return &c.Vault.AuditKey }, nil))
	add(str("FERRY_VAULT_SENDER_KEY", "ferry-sender", func(c *Config) *string { return &c.Vault.SenderKey }, nil))
	add(dur("FERRY_VAULT_REFRESH", "5m", func(c *Config) *time.Duration { return &c.Vault.RefreshEvery }, false))

	for _, p := range []string{"messenger", "instagram", "whatsapp", "x", "telegram", "twilio"} {
		p := p
		add(key{name: "FERRY_" + platformsWithBase[p] + "_API_BASE",
			set: func(c *Config, v string) string {
				if w := mustURL(v); w != "" {
					return w
				}
				c.APIBase[p] = strings.TrimRight(v, "/")
				return ""
			},
			get: func(c *Config) string { return c.APIBase[p] }})
	}
	setting := func(name, platform, field string) {
		add(key{name: name,
			set: func(c *Config, v string) string {
				if c.PlatformSettings[platform] == nil {
					c.PlatformSettings[platform] = map[string]string{}
				}
				c.PlatformSettings[platform][field] = v
				return ""
			},
			get: func(c *Config) string { return c.PlatformSettings[platform][field] }})
	}
	setting("FERRY_WHATSAPP_TEMPLATE", "whatsapp", "template")
	setting("FERRY_WHATSAPP_TEMPLATE_LANG", "whatsapp", "template_lang")
	setting("FERRY_TWILIO_MESSAGING_SERVICE_SID", "twilio", "messaging_service_sid")
	setting("FERRY_TWILIO_OWN_NUMBERS", "twilio", "own_numbers")

	add(integer("FERRY_WORKER_CONCURRENCY", "4", func(c *Config) *int { return &c.Worker.Concurrency }, 1))
	add(dur("FERRY_WORKER_POLL", "250ms", func(c *Config) *time.Duration { return &c.Worker.Poll }, false))
	add(integer("FERRY_WORKER_MAX_ATTEMPTS", "8", func(c *Config) *int { return &c.Worker.MaxAttempts }, 1))
	add(dur("FERRY_WORKER_BACKOFF", "2s", func(c *Config) *time.Duration { return &c.Worker.BaseBackoff }, false))
	add(dur("FERRY_WORKER_MAX_BACKOFF", "10m", func(c *Config) *time.Duration { return &c.Worker.MaxBackoff }, false))
	add(dur("FERRY_WORKER_LEASE", "60s", func(c *Config) *time.Duration { return &c.Worker.Lease }, false))
	add(key{name: "FERRY_WORKER_RATE", def: "20",
		set: func(c *Config, v string) string {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f <= 0 {
				return "a positive number of sends per second per platform"
			}
			c.Worker.RatePerSec = f
			return ""
		},
		get: func(c *Config) string { return strconv.FormatFloat(c.Worker.RatePerSec, 'f', -1, 64) }})

	add(str("FERRY_BRAND_NAME", "", func(c *Config) *string { return &c.Branding.Name }, nil))
	add(str("FERRY_BRAND_LOGO", "", func(c *Config) *string { return &c.Branding.LogoURL }, nil))
	add(str("FERRY_BRAND_COLOR", "#0b5cab", func(c *Config) *string { return &c.Branding.PrimaryColor }, nil))
	add(str("FERRY_BRAND_ACCENT", "#083f75", func(c *Config) *string { return &c.Branding.AccentColor }, nil))
	add(str("FERRY_PORTAL_NAME", "", func(c *Config) *string { return &c.Branding.PortalName }, nil))
	add(str("FERRY_CONTACT_PHONE", "", func(c *Config) *string { return &c.Branding.Phone }, nil))
	add(str("FERRY_OFFICE_HOURS", "", func(c *Config) *string { return &c.Branding.Hours }, nil))
	add(str("FERRY_EMERGENCY_NUMBER", "911", func(c *Config) *string { return &c.Branding.EmergencyNumber }, nil))
	add(str("FERRY_DEFAULT_LANG", "en", func(c *Config) *string { return &c.Branding.DefaultLang }, oneOf("en", "es")))
	for _, t := range []string{"EN_DEFAULT", "EN_CLINICAL", "ES_DEFAULT", "ES_CLINICAL"} {
		name := strings.ToLower(strings.Replace(t, "_", ".", 1))
		add(key{name: "FERRY_REPLY_" + t,
			set: func(c *Config, v string) string {
				if v != "" {
					c.Reply.Templates[name] = v
				}
				return ""
			},
			get: func(c *Config) string { return c.Reply.Templates[name] }})
	}

	add(dur("FERRY_RETENTION", "720h", func(c *Config) *time.Duration { return &c.Retention }, true))
	add(integer("FERRY_AUDIT_CHECKPOINT_EVERY", "1000", func(c *Config) *int { return &c.Audit.CheckpointEvery }, 1))
	add(dur("FERRY_AUDIT_CHECKPOINT_INTERVAL", "1m", func(c *Config) *time.Duration { return &c.Audit.CheckpointInterval }, false))
	add(integer("FERRY_BODY_LIMIT", "3145728", func(c *Config) *int { return &c.BodyLimit }, 1024))
	add(integer("FERRY_LINK_RATE_LIMIT", "60", func(c *Config) *int { return &c.LinkRateLimit }, 1))
	add(boolean("FERRY_TRUST_PROXY", "false", func(c *Config) *bool { return &c.TrustProxy }))
}

// build applies defaults then vals, and validates the whole.
func build(vals map[string]string) (*Config, Problems) {
	c := &Config{APIBase: map[string]string{}, PlatformSettings: map[string]map[string]string{},
		Reply: Reply{Templates: map[string]string{}}}
	var probs Problems
	for _, k := range keys {
		v, ok := vals[k.name]
		if !ok {
			v = k.def
			if v == "" {
				continue
			}
		}
		if w := k.set(c, v); w != "" {
			probs = append(probs, Problem{Key: k.name, Want: w})
		}
	}
	if c.PortalURL == "" {
		probs = append(probs, Problem{Key: "FERRY_PORTAL_URL", Want: "required: the portal URL a redeemed link sends the patient to"})
	}
	if c.PublicURL == "" && validAddr(c.Listen) {
		c.PublicURL = ListenURL(c.Listen)
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if c.Vault.Addr == "" {
		probs = append(probs, Problem{Key: "VAULT_ADDR", Want: "required: the Vault address, e.g. http://127.0.0.1:8200"})
	}
	switch c.Vault.Auth {
	case "token":
		if c.Vault.Token == "" {
			probs = append(probs, Problem{Key: "VAULT_TOKEN", Want: "required when FERRY_VAULT_AUTH=token"})
		}
	case "approle":
		if c.Vault.RoleID == "" {
			probs = append(probs, Problem{Key: "FERRY_VAULT_ROLE_ID", Want: "required when FERRY_VAULT_AUTH=approle"})
		}
		if c.Vault.SecretIDFile == "" {
			probs = append(probs, Problem{Key: "FERRY_VAULT_SECRET_ID_FILE", Want: "required when FERRY_VAULT_AUTH=approle"})
		}
	}
	if c.Worker.MaxBackoff < c.Worker.BaseBackoff {
		probs = append(probs, Problem{Key: "FERRY_WORKER_MAX_BACKOFF", Want: "at least FERRY_WORKER_BACKOFF"})
	}
	if c.Listen == c.AdminListen && c.Listen != "" {
		probs = append(probs, Problem{Key: "FERRY_ADMIN_LISTEN", Want: "a different address from FERRY_LISTEN"})
	}
	return c, probs
}

// redactDSN hides a password in a postgres DSN.
func redactDSN(dsn string) string {
	u, err := urlParse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = urlUserPassword(u.User.Username(), "redacted")
	}
	return u.String()
}
