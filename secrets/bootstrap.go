package secrets

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/vault/api"

	vaultpolicy "github.com/ferryhealth/ferry/deploy/vault"
)

// Transit key names.
const (
	KeyLinks  = "ferry-links"  // ed25519: signs deep links (JWT EdDSA, kid = version)
	KeyAudit  = "ferry-audit"  // ed25519: signs audit checkpoints
	KeySender = "ferry-sender" // aes256-gcm96: encrypts platform sender ids
)

// Platforms are the platforms whose secrets live at <prefix>/platforms/<name>.
var Platforms = []string{"messenger", "instagram", "whatsapp", "x", "telegram", "twilio"}

// PlatformKeys lists the keys of each platform's secret.
var PlatformKeys = map[string][]string{
	"messenger": {"app_secret", "verify_token", "access_token"},
	"instagram": {"app_secret", "verify_token", "access_token"},
	"whatsapp":  {"app_secret", "verify_token", "access_token"},
	"x":         {"consumer_secret", "access_token"},
	"telegram":  {"bot_token", "secret_token"},
	"twilio":    {"account_sid", "auth_token"},
}

// TransitKeys maps each key Bootstrap creates to its type.
var TransitKeys = map[string]string{
	KeyLinks:  "ed25519",
	KeyAudit:  "ed25519",
	KeySender: "aes256-gcm96",
}

// BootstrapOptions configures Bootstrap. Zero values take the defaults.
type BootstrapOptions struct {
	KVMount      string // "secret"
	KVPrefix     string // "ferry"
	TransitMount string // "transit"
	PolicyName   string // "ferry"
	// Policy is the policy text; default deploy/vault/ferry.hcl, with its
	// mount paths rewritten when KVMount, KVPrefix or TransitMount differ.
	Policy string

	AppRoleMount    string        // "approle"
	AppRoleName     string        // "ferry"
	TokenTTL        time.Duration // role token_ttl, default 1h
	TokenMaxTTL     time.Duration // role token_max_ttl, default 24h
	SecretIDTTL     time.Duration // role secret_id_ttl, default 0 (no expiry)
	SecretIDUses    int           // role secret_id_num_uses, default 0 (unlimited)
	TokenBoundCIDRs []string      // role token_bound_cidrs, optional

	// Kubernetes enables Kubernetes auth and creates a role bound to the
	// service account.
	Kubernetes         bool
	KubernetesMount    string // "kubernetes"
	KubernetesRoleName string // "ferry"
	KubernetesHost     string // e.g. https://kubernetes.default.svc (required with Kubernetes)
	KubernetesCACert   string // PEM; optional when Vault runs in the cluster (it reads its own), required otherwise
	// KubernetesDisableLocalCAJwt stops Vault from using its own pod's CA
	// and service-account token (Vault outside the cluster).
	KubernetesDisableLocalCAJwt bool
	KubernetesReviewerJWT       string // optional token reviewer JWT
	KubernetesIssuer            string // optional
	KubernetesAudience          string // optional role audience
	KubernetesNamespace         string // "ferry"
	KubernetesServiceAcct       string // "ferry"

	// DevSecrets writes random development secrets for every platform and
	// the pseudonym key, only where no secret exists yet.
	DevSecrets bool
}

// BootstrapReport says what Bootstrap did. It holds no secret values.
type BootstrapReport struct {
	Actions    []string // one line per step, e.g. "created transit key ferry-links (ed25519)"
	Changed    bool     // whether anything was created or written
	RoleID     string   // the AppRole role id of the ferry role (not a secret by itself)
	PolicyName string
}

func (r *BootstrapReport) did(changed bool, format string, args ...any) {
	r.Actions = append(r.Actions, fmt.Sprintf(format, args...))
	if changed {
		r.Changed = true
	}
}

func (o *BootstrapOptions) setDefaults() {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
		*s = strings.Trim(*s, "/")
	}
	def(&o.KVMount, "secret")
	def(&o.KVPrefix, "ferry")
	def(&o.TransitMount, "transit")
	def(&o.PolicyName, vaultpolicy.Name)
	def(&o.AppRoleMount, "approle")
	def(&o.AppRoleName, "ferry")
	def(&o.KubernetesMount, "kubernetes")
	def(&o.KubernetesRoleName, "ferry")
	def(&o.KubernetesNamespace, "ferry")
	def(&o.KubernetesServiceAcct, "ferry")
	if o.TokenTTL == 0 {
		o.TokenTTL = time.Hour
	}
	if o.TokenMaxTTL == 0 {
		o.TokenMaxTTL = 24 * time.Hour
	}
	if o.Policy == "" {
		o.Policy = PolicyFor(o.KVMount, o.KVPrefix, o.TransitMount)
	}
}

// PolicyFor returns deploy/vault/ferry.hcl with its mount paths set to the
// given KV mount, KV prefix and Transit mount.
func PolicyFor(kvMount, kvPrefix, transitMount string) string {
	p := vaultpolicy.HCL
	kvMount, kvPrefix, transitMount = strings.Trim(kvMount, "/"), strings.Trim(kvPrefix, "/"), strings.Trim(transitMount, "/")
	kv := kvMount + "/data/" + kvPrefix + "/"
	meta := kvMount + "/metadata/" + kvPrefix + "/"
	p = strings.ReplaceAll(p, `"secret/data/ferry/`, `"`+kv)
	p = strings.ReplaceAll(p, `"secret/metadata/ferry/`, `"`+meta)
	p = strings.ReplaceAll(p, `"transit/`, `"`+transitMount+"/")
	return p
}

// Bootstrap prepares a Vault for Ferry. It is idempotent: it enables (or
// checks) KV v2 and Transit, creates the Transit keys, writes the policy,
// enables AppRole with role "ferry", optionally Kubernetes auth with role
// "ferry", and with DevSecrets writes development secrets where none exist.
// It never overwrites an existing secret or key. c needs a token that may
// do all that (e.g. root, or an admin policy).
func Bootstrap(ctx context.Context, c *api.Client, opts BootstrapOptions) (*BootstrapReport, error) {
	opts.setDefaults()
	rep := &BootstrapReport{PolicyName: opts.PolicyName}

	// Secrets engines.
	mounts, err := c.Sys().ListMountsWithContext(ctx)
	if err != nil {
		return rep, fmt.Errorf("secrets: read sys/mounts: %w", err)
	}
	if err := ensureKV2(ctx, c, mounts, opts.KVMount, rep); err != nil {
		return rep, err
	}
	if err := ensureMount(ctx, c, mounts, opts.TransitMount, "transit", rep); err != nil {
		return rep, err
	}

	// Transit keys.
	for _, name := range []string{KeyLinks, KeyAudit, KeySender} {
		if err := ensureTransitKey(ctx, c, opts.TransitMount, name, TransitKeys[name], rep); err != nil {
			return rep, err
		}
	}

	// Policy.
	cur, err := c.Sys().GetPolicyWithContext(ctx, opts.PolicyName)
	if err != nil {
		return rep, fmt.Errorf("secrets: read sys/policies/acl/%s: %w", opts.PolicyName, err)
	}
	if strings.TrimSpace(cur) == strings.TrimSpace(opts.Policy) {
		rep.did(false, "policy %s is up to date", opts.PolicyName)
	} else {
		if err := c.Sys().PutPolicyWithContext(ctx, opts.PolicyName, opts.Policy); err != nil {
			return rep, fmt.Errorf("secrets: write sys/policies/acl/%s: %w", opts.PolicyName, err)
		}
		rep.did(true, "wrote policy %s", opts.PolicyName)
	}

	// Auth methods.
	auths, err := c.Sys().ListAuthWithContext(ctx)
	if err != nil {
		return rep, fmt.Errorf("secrets: read sys/auth: %w", err)
	}
	if err := ensureAuth(ctx, c, auths, opts.AppRoleMount, "approle", rep); err != nil {
		return rep, err
	}
	rolePath := "auth/" + opts.AppRoleMount + "/role/" + opts.AppRoleName
	role := map[string]any{
		"token_policies":          []string{opts.PolicyName},
		"token_no_default_policy": true,
		"token_type":              "service",
		"token_ttl":               durSeconds(opts.TokenTTL),
		"token_max_ttl":           durSeconds(opts.TokenMaxTTL),
		"secret_id_ttl":           durSeconds(opts.SecretIDTTL),
		"secret_id_num_uses":      opts.SecretIDUses,
		"bind_secret_id":          true,
	}
	if len(opts.TokenBoundCIDRs) > 0 {
		role["token_bound_cidrs"] = opts.TokenBoundCIDRs
	}
	if err := writeIfChanged(ctx, c, rolePath, role, rep); err != nil {
		return rep, err
	}
	rid, err := c.Logical().ReadWithContext(ctx, rolePath+"/role-id")
	if err != nil {
		return rep, fmt.Errorf("secrets: read %s/role-id: %w", rolePath, err)
	}
	rep.RoleID, _ = dataString(rid, "role_id")

	if opts.Kubernetes {
		if opts.KubernetesHost == "" {
			return rep, errors.New("secrets: bootstrap: Kubernetes auth needs the Kubernetes API host")
		}
		if err := ensureAuth(ctx, c, auths, opts.KubernetesMount, "kubernetes", rep); err != nil {
			return rep, err
		}
		cfgPath := "auth/" + opts.KubernetesMount + "/config"
		kc := map[string]any{"kubernetes_host": opts.KubernetesHost}
		if opts.KubernetesCACert != "" {
			kc["kubernetes_ca_cert"] = opts.KubernetesCACert
		}
		if opts.KubernetesDisableLocalCAJwt {
			kc["disable_local_ca_jwt"] = true
		}
		if opts.KubernetesIssuer != "" {
			kc["issuer"] = opts.KubernetesIssuer
		}
		if opts.KubernetesReviewerJWT != "" {
			kc["token_reviewer_jwt"] = opts.KubernetesReviewerJWT
		}
		// The reviewer JWT is write-only in Vault, so it cannot be compared:
		// write the config when anything readable differs or a JWT is given.
		if err := writeIfChangedForce(ctx, c, cfgPath, kc, opts.KubernetesReviewerJWT != "", rep); err != nil {
			return rep, err
		}
		kr := map[string]any{
			"bound_service_account_names":      []string{opts.KubernetesServiceAcct},
			"bound_service_account_namespaces": []string{opts.KubernetesNamespace},
			"token_policies":                   []string{opts.PolicyName},
			"token_no_default_policy":          true,
			"token_type":                       "service",
			"token_ttl":                        durSeconds(opts.TokenTTL),
			"token_max_ttl":                    durSeconds(opts.TokenMaxTTL),
		}
		if opts.KubernetesAudience != "" {
			kr["audience"] = opts.KubernetesAudience
		}
		if err := writeIfChanged(ctx, c, "auth/"+opts.KubernetesMount+"/role/"+opts.KubernetesRoleName, kr, rep); err != nil {
			return rep, err
		}
	}

	if opts.DevSecrets {
		if err := writeDevSecrets(ctx, c, opts, rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func durSeconds(d time.Duration) int { return int(d / time.Second) }

func ensureKV2(ctx context.Context, c *api.Client, mounts map[string]*api.MountOutput, path string, rep *BootstrapReport) error {
	m, ok := mounts[path+"/"]
	if !ok {
		err := c.Sys().MountWithContext(ctx, path, &api.MountInput{
			Type:        "kv",
			Description: "Ferry secrets (KV v2)",
			Options:     map[string]string{"version": "2"},
		})
		if err != nil {
			return fmt.Errorf("secrets: write sys/mounts/%s: %w", path, err)
		}
		rep.did(true, "enabled kv v2 at %s/", path)
		return nil
	}
	if m.Type != "kv" && m.Type != "generic" {
		return fmt.Errorf("secrets: bootstrap: %s/ is a %s engine, want kv v2", path, m.Type)
	}
	if m.Options["version"] != "2" {
		return fmt.Errorf("secrets: bootstrap: %s/ is kv version 1; upgrade it (vault kv enable-versioning %s/) or choose another mount", path, path)
	}
	rep.did(false, "kv v2 at %s/ is enabled", path)
	return nil
}

func ensureMount(ctx context.Context, c *api.Client, mounts map[string]*api.MountOutput, path, typ string, rep *BootstrapReport) error {
	m, ok := mounts[path+"/"]
	if !ok {
		if err := c.Sys().MountWithContext(ctx, path, &api.MountInput{Type: typ, Description: "Ferry " + typ}); err != nil {
			return fmt.Errorf("secrets: write sys/mounts/%s: %w", path, err)
		}
		rep.did(true, "enabled %s at %s/", typ, path)
		return nil
	}
	if m.Type != typ {
		return fmt.Errorf("secrets: bootstrap: %s/ is a %s engine, want %s", path, m.Type, typ)
	}
	rep.did(false, "%s at %s/ is enabled", typ, path)
	return nil
}

func ensureAuth(ctx context.Context, c *api.Client, auths map[string]*api.AuthMount, path, typ string, rep *BootstrapReport) error {
	m, ok := auths[path+"/"]
	if !ok {
		if err := c.Sys().EnableAuthWithOptionsWithContext(ctx, path, &api.EnableAuthOptions{Type: typ, Description: "Ferry " + typ + " login"}); err != nil {
			return fmt.Errorf("secrets: write sys/auth/%s: %w", path, err)
		}
		auths[path+"/"] = &api.AuthMount{Type: typ}
		rep.did(true, "enabled %s auth at auth/%s/", typ, path)
		return nil
	}
	if m.Type != typ {
		return fmt.Errorf("secrets: bootstrap: auth/%s/ is a %s auth method, want %s", path, m.Type, typ)
	}
	rep.did(false, "%s auth at auth/%s/ is enabled", typ, path)
	return nil
}

func ensureTransitKey(ctx context.Context, c *api.Client, mount, name, typ string, rep *BootstrapReport) error {
	path := mount + "/keys/" + name
	s, err := c.Logical().ReadWithContext(ctx, path)
	if err != nil && !isNotFound(err) {
		return fmt.Errorf("secrets: read %s: %w", path, err)
	}
	if s != nil && s.Data != nil {
		if got, _ := s.Data["type"].(string); got != typ {
			return fmt.Errorf("secrets: bootstrap: transit key %s is %s, want %s", name, got, typ)
		}
		rep.did(false, "transit key %s (%s) exists", name, typ)
		return nil
	}
	if _, err := c.Logical().WriteWithContext(ctx, path, map[string]any{"type": typ}); err != nil {
		return fmt.Errorf("secrets: write %s: %w", path, err)
	}
	rep.did(true, "created transit key %s (%s)", name, typ)
	return nil
}

func writeIfChanged(ctx context.Context, c *api.Client, path string, want map[string]any, rep *BootstrapReport) error {
	return writeIfChangedForce(ctx, c, path, want, false, rep)
}

// writeIfChangedForce writes want to path unless every field already reads
// back the same (so a second bootstrap changes nothing).
func writeIfChangedForce(ctx context.Context, c *api.Client, path string, want map[string]any, force bool, rep *BootstrapReport) error {
	if !force {
		cur, err := c.Logical().ReadWithContext(ctx, path)
		if err != nil && !isNotFound(err) {
			return fmt.Errorf("secrets: read %s: %w", path, err)
		}
		if cur != nil && cur.Data != nil && sameFields(cur.Data, want) {
			rep.did(false, "%s is up to date", path)
			return nil
		}
	}
	if _, err := c.Logical().WriteWithContext(ctx, path, want); err != nil {
		return fmt.Errorf("secrets: write %s: %w", path, err)
	}
	rep.did(true, "wrote %s", path)
	return nil
}

func sameFields(have map[string]any, want map[string]any) bool {
	for k, w := range want {
		if normalize(have[k]) != normalize(w) {
			return false
		}
	}
	return true
}

// normalize renders a value from Vault's JSON or from our request the same way.
func normalize(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case []string:
		return strings.Join(v, ",")
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = fmt.Sprint(x)
		}
		return strings.Join(parts, ",")
	default:
		return fmt.Sprint(v)
	}
}

// writeDevSecrets writes random development secrets where none exist. The
// write uses check-and-set 0, so even a concurrent writer is never overwritten.
func writeDevSecrets(ctx context.Context, c *api.Client, opts BootstrapOptions, rep *BootstrapReport) error {
	kv := c.KVv2(opts.KVMount)
	put := func(rel string, gen func() map[string]any) error {
		full := opts.KVPrefix + "/" + rel
		display := opts.KVMount + "/" + full
		_, err := kv.GetMetadata(ctx, full)
		if err == nil {
			rep.did(false, "secret %s exists; left as is", display)
			return nil
		}
		if !isNotFound(err) {
			return fmt.Errorf("secrets: read %s/metadata/%s: %w", opts.KVMount, full, err)
		}
		if _, err := kv.Put(ctx, full, gen(), api.WithCheckAndSet(0)); err != nil {
			if strings.Contains(err.Error(), "check-and-set") {
				rep.did(false, "secret %s appeared meanwhile; left as is", display)
				return nil
			}
			return fmt.Errorf("secrets: write %s: %w", display, err)
		}
		rep.did(true, "wrote development secret %s", display)
		return nil
	}
	for _, p := range Platforms {
		if err := put("platforms/"+p, func() map[string]any { return devPlatformSecret(p) }); err != nil {
			return err
		}
	}
	return put("pseudonym", func() map[string]any {
		return map[string]any{"key": base64.StdEncoding.EncodeToString(randBytes(32))}
	})
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return b
}

func randHex(n int) string { return hex.EncodeToString(randBytes(n)) }

// devPlatformSecret makes values shaped like the platform's real ones.
func devPlatformSecret(platform string) map[string]any {
	m := map[string]any{}
	for _, k := range PlatformKeys[platform] {
		m[k] = "dev-" + randHex(16)
	}
	switch platform {
	case "telegram":
		m["bot_token"] = "1000000000:" + base64.RawURLEncoding.EncodeToString(randBytes(26))
		m["secret_token"] = randHex(24)
	case "twilio":
		m["account_sid"] = "AC" + randHex(16)
		m["auth_token"] = randHex(16)
	}
	return m
}

// NewAppRoleSecretID issues a secret id for Ferry's AppRole role. With
// wrapTTL > 0 the answer is a single-use response-wrapping token (for
// Config.SecretIDWrapped) instead of the secret id itself.
func NewAppRoleSecretID(ctx context.Context, c *api.Client, opts BootstrapOptions, wrapTTL time.Duration) (string, error) {
	opts.setDefaults()
	path := "auth/" + opts.AppRoleMount + "/role/" + opts.AppRoleName + "/secret-id"
	wc := c
	if wrapTTL > 0 {
		var err error
		if wc, err = c.Clone(); err != nil {
			return "", fmt.Errorf("secrets: write %s: %w", path, err)
		}
		wc.SetToken(c.Token())
		wc.SetWrappingLookupFunc(func(string, string) string { return wrapTTL.String() })
	}
	s, err := wc.Logical().WriteWithContext(ctx, path, nil)
	if err != nil {
		return "", fmt.Errorf("secrets: write %s: %w", path, err)
	}
	if wrapTTL > 0 {
		if s == nil || s.WrapInfo == nil || s.WrapInfo.Token == "" {
			return "", fmt.Errorf("secrets: write %s: no wrapping token in the answer", path)
		}
		return s.WrapInfo.Token, nil
	}
	v, _ := dataString(s, "secret_id")
	if v == "" {
		return "", fmt.Errorf("secrets: write %s: no secret_id in the answer", path)
	}
	return v, nil
}
