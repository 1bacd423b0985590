package secrets_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"log/slog"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"

	vaultpolicy "github.com/ferryhealth/ferry/deploy/vault"
	"github.com/ferryhealth/ferry/secrets"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

// syncBuffer collects log output.
type syncBuffer struct {
	mu  chan struct{}
	buf bytes.Buffer
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{mu: make(chan struct{}, 1)} }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu <- struct{}{}
	defer func() { <-b.mu }()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu <- struct{}{}
	defer func() { <-b.mu }()
	return b.buf.String()
}

func testLogger(t *testing.T) (*slog.Logger, *syncBuffer) {
	buf := newSyncBuffer()
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

func root(t *testing.T, s *devvault.Server) *api.Client {
	t.Helper()
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newClient(t *testing.T, cfg secrets.Config) (*secrets.Client, *syncBuffer) {
	t.Helper()
	log, buf := testLogger(t)
	c, err := secrets.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.Close)
	return c, buf
}

// eventually polls cond until it holds or a generous deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func statusOf(err error) int {
	var re *api.ResponseError
	if errors.As(err, &re) {
		return re.StatusCode
	}
	return 0
}

func TestKVReadCacheRefresh(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	rc := root(t, s)
	ctx := context.Background()
	c, logs := newClient(t, s.Config())

	got, err := c.KV(ctx, "platforms/messenger")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"app_secret", "verify_token", "access_token"} {
		if got[k] == "" {
			t.Errorf("messenger secret lacks %s", k)
		}
	}
	old := got["app_secret"]
	got["app_secret"] = "mutated by caller"
	if again, _ := c.KV(ctx, "platforms/messenger"); again["app_secret"] != old {
		t.Fatal("caller mutation leaked into the cache")
	}

	if _, err := rc.KVv2("secret").Patch(ctx, "ferry/platforms/messenger", map[string]any{"app_secret": "rotated-1"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.KV(ctx, "platforms/messenger"); v["app_secret"] != old {
		t.Fatalf("want the cached value before a refresh")
	}
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.KV(ctx, "platforms/messenger"); v["app_secret"] != "rotated-1" || v["verify_token"] == "" {
		t.Fatalf("after Refresh: app_secret not rotated or other keys lost")
	}
	if strings.Contains(logs.String(), "rotated-1") || strings.Contains(logs.String(), old) {
		t.Fatal("a secret value reached the log")
	}
	if c.Errors() != 0 {
		t.Fatalf("Errors() = %d, want 0", c.Errors())
	}
}

func TestKVRefreshSchedule(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	rc := root(t, s)
	ctx := context.Background()
	cfg := s.Config()
	cfg.RefreshEvery = 100 * time.Millisecond
	c, _ := newClient(t, cfg)
	if _, err := c.KV(ctx, "pseudonym"); err != nil {
		t.Fatal(err)
	}
	if _, err := rc.KVv2("secret").Put(ctx, "ferry/pseudonym", map[string]any{"key": "rotated-on-schedule"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "scheduled refresh picks up the rotated key", func() bool {
		v, err := c.KV(ctx, "pseudonym")
		return err == nil && v["key"] == "rotated-on-schedule"
	})
}

func TestKVServeStaleWhenVaultDown(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	ctx := context.Background()
	cfg := s.Config()
	cfg.MaxRetries = -1
	c, _ := newClient(t, cfg)

	want, err := c.KV(ctx, "platforms/telegram")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Health(ctx); err != nil {
		t.Fatalf("Health on a live server: %v", err)
	}
	pubs, err := c.PublicKeys(ctx, secrets.KeyLinks)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}

	err = c.Refresh(ctx)
	if err == nil {
		t.Fatal("Refresh with Vault down: want an error")
	}
	if !strings.Contains(err.Error(), "secret/ferry/platforms/telegram") {
		t.Errorf("error should name the path: %v", err)
	}
	for _, v := range want {
		if strings.Contains(err.Error(), v) {
			t.Fatal("error carries a secret value")
		}
	}
	got, err := c.KV(ctx, "platforms/telegram")
	if err != nil {
		t.Fatalf("KV with Vault down should serve the last good value: %v", err)
	}
	if got["bot_token"] != want["bot_token"] || got["secret_token"] != want["secret_token"] {
		t.Fatal("stale value differs")
	}
	// Key metadata was marked for re-reading by Refresh; with Vault down the
	// last good public keys still verify links, and new keys cannot appear.
	if got, err := c.PublicKeys(ctx, secrets.KeyLinks); err != nil || !got[1].Equal(pubs[1]) {
		t.Fatalf("PublicKeys with Vault down should serve the last good keys: %v", err)
	}
	if v, err := c.LatestVersion(ctx, secrets.KeyLinks); err != nil || v != 1 {
		t.Fatalf("LatestVersion with Vault down: %d, %v", v, err)
	}
	if _, err := c.PublicKeys(ctx, secrets.KeyAudit); err == nil {
		t.Fatal("PublicKeys of a never-read key with Vault down: want an error")
	}
	if _, _, err := c.Sign(ctx, secrets.KeyLinks, 1, []byte("m")); err == nil {
		t.Fatal("Sign with Vault down: want an error")
	}
	if _, err := c.KV(ctx, "platforms/twilio"); err == nil {
		t.Fatal("a never-read path with Vault down: want an error")
	} else if !strings.Contains(err.Error(), "platforms/twilio") {
		t.Errorf("error should name the path: %v", err)
	}
	if err := c.Health(ctx); err == nil {
		t.Fatal("Health on a stopped server: want an error")
	}
	if c.Errors() < 6 {
		t.Fatalf("Errors() = %d, want >= 6 (refresh, keys x2, sign, read, health)", c.Errors())
	}
}

func TestKVMissing(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	c, _ := newClient(t, s.Config())
	_, err := c.KV(context.Background(), "platforms/nosuch")
	if err == nil || !strings.Contains(err.Error(), "secret/ferry/platforms/nosuch") {
		t.Fatalf("want a not-found error naming the path, got %v", err)
	}
	if c.Errors() != 1 {
		t.Fatalf("Errors() = %d, want 1", c.Errors())
	}
}

func TestSignVerify(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	ctx := context.Background()
	c, _ := newClient(t, s.Config())
	msg := []byte("header.payload")
	for _, key := range []string{secrets.KeyLinks, secrets.KeyAudit} {
		sig, v, err := c.Sign(ctx, key, 0, msg)
		if err != nil {
			t.Fatal(err)
		}
		if v != 1 || len(sig) != ed25519.SignatureSize {
			t.Fatalf("%s: version %d, %d-byte signature", key, v, len(sig))
		}
		pubs, err := c.PublicKeys(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if len(pubs) != 1 || !ed25519.Verify(pubs[1], msg, sig) {
			t.Fatalf("%s: signature does not verify with the published key", key)
		}
		if ed25519.Verify(pubs[1], []byte("tampered"), sig) {
			t.Fatal("verifies a tampered message")
		}
		latest, err := c.LatestVersion(ctx, key)
		if err != nil || latest != 1 {
			t.Fatalf("LatestVersion = %d, %v", latest, err)
		}
	}
	if _, _, err := c.Sign(ctx, "nosuch-key", 0, msg); err == nil || !strings.Contains(err.Error(), "transit/sign/nosuch-key") {
		t.Fatalf("want an error naming the path, got %v", err)
	}
}

func TestKeyRotation(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	rc := root(t, s)
	ctx := context.Background()
	c, _ := newClient(t, s.Config())
	msg := []byte("old link")

	v1, err := c.LatestVersion(ctx, secrets.KeyLinks)
	if err != nil || v1 != 1 {
		t.Fatalf("LatestVersion = %d, %v", v1, err)
	}
	sig1, used, err := c.Sign(ctx, secrets.KeyLinks, v1, msg)
	if err != nil || used != 1 {
		t.Fatalf("Sign v1: %d, %v", used, err)
	}

	if _, err := rc.Logical().Write("transit/keys/ferry-links/rotate", nil); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.LatestVersion(ctx, secrets.KeyLinks); v != 1 {
		t.Fatalf("LatestVersion is cached: want 1 until a refresh, got %d", v)
	}
	// An unknown kid makes PublicKey look again (rate-limited, hence eventually).
	eventually(t, "PublicKey finds version 2 after the rotation", func() bool {
		p2, err := c.PublicKey(ctx, secrets.KeyLinks, 2)
		return err == nil && len(p2) == ed25519.PublicKeySize
	})
	if _, err := c.PublicKey(ctx, secrets.KeyLinks, 99); err == nil {
		t.Fatal("PublicKey(99): want an error")
	}
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	v2, err := c.LatestVersion(ctx, secrets.KeyLinks)
	if err != nil || v2 != 2 {
		t.Fatalf("after rotation LatestVersion = %d, %v; want 2", v2, err)
	}
	sig2, used, err := c.Sign(ctx, secrets.KeyLinks, v2, []byte("new link"))
	if err != nil || used != 2 {
		t.Fatalf("Sign v2: %d, %v", used, err)
	}
	pubs, err := c.PublicKeys(ctx, secrets.KeyLinks)
	if err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 2 {
		t.Fatalf("PublicKeys lists %d versions, want 2", len(pubs))
	}
	if !ed25519.Verify(pubs[1], msg, sig1) {
		t.Fatal("old signature no longer verifies")
	}
	if !ed25519.Verify(pubs[2], []byte("new link"), sig2) {
		t.Fatal("new signature does not verify")
	}
	if ed25519.Verify(pubs[2], msg, sig1) {
		t.Fatal("v1 signature verifies under v2 key")
	}
	if _, used, err := c.Sign(ctx, secrets.KeyLinks, 0, msg); err != nil || used != 2 {
		t.Fatalf("Sign latest: %d, %v", used, err)
	}

	// Retire version 1: it drops out of the public keys.
	if _, err := rc.Logical().Write("transit/keys/ferry-links/config", map[string]any{"min_decryption_version": 2}); err != nil {
		t.Fatal(err)
	}
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	pubs, err = c.PublicKeys(ctx, secrets.KeyLinks)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := pubs[1]; ok || len(pubs) != 1 {
		t.Fatalf("after min_decryption_version=2, PublicKeys = %v versions, want only 2", len(pubs))
	}
	if _, err := c.PublicKey(ctx, secrets.KeyLinks, 1); err == nil {
		t.Fatal("PublicKey(1) after retirement: want an error")
	}
}

func TestEncryptDecrypt(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	ctx := context.Background()
	c, _ := newClient(t, s.Config())
	pt := []byte("PSID-1234567890")
	ct, err := c.Encrypt(ctx, secrets.KeySender, pt)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ct, "vault:v1:") || strings.Contains(ct, string(pt)) {
		t.Fatalf("unexpected ciphertext form")
	}
	back, err := c.Decrypt(ctx, secrets.KeySender, ct)
	if err != nil || !bytes.Equal(back, pt) {
		t.Fatalf("round trip failed: %v", err)
	}
	empty, err := c.Encrypt(ctx, secrets.KeySender, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := c.Decrypt(ctx, secrets.KeySender, empty); err != nil || len(b) != 0 {
		t.Fatalf("empty round trip: %q, %v", b, err)
	}
	if _, err := c.Decrypt(ctx, secrets.KeySender, "vault:v1:AAAA"); err == nil {
		t.Fatal("Decrypt of garbage: want an error")
	}
}

func TestTokenRenewal(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	rc := root(t, s)
	ctx := context.Background()
	tok, err := rc.Auth().Token().Create(&api.TokenCreateRequest{
		Policies:        []string{vaultpolicy.Name},
		NoDefaultPolicy: true,
		TTL:             "3s",
		Renewable:       ptr(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.Config()
	cfg.Token = tok.Auth.ClientToken
	c, logs := newClient(t, cfg)

	// Three full TTLs later the token still works: it was renewed.
	time.Sleep(10 * time.Second)
	if err := c.Health(ctx); err != nil {
		t.Fatalf("token expired despite renewal: %v", err)
	}
	if _, err := c.KV(ctx, "platforms/x"); err != nil {
		t.Fatal(err)
	}
	look, err := rc.Auth().Token().Lookup(tok.Auth.ClientToken)
	if err != nil {
		t.Fatalf("root lookup of the renewed token: %v", err)
	}
	if ttl, _ := look.TokenTTL(); ttl <= 0 {
		t.Fatalf("token TTL %v", ttl)
	}
	if strings.Contains(logs.String(), tok.Auth.ClientToken) {
		t.Fatal("the token reached the log")
	}
}

func ptr[T any](v T) *T { return &v }

func TestAppRoleReLogin(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	rc := root(t, s)
	ctx := context.Background()
	// Short-lived tokens: renewal ends at the max TTL, then Ferry logs in again.
	if _, err := secrets.Bootstrap(ctx, rc, secrets.BootstrapOptions{TokenTTL: 2 * time.Second, TokenMaxTTL: 4 * time.Second}); err != nil {
		t.Fatal(err)
	}
	wrapped, err := secrets.NewAppRoleSecretID(ctx, rc, secrets.BootstrapOptions{}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "secret-id")
	if err := os.WriteFile(file, []byte(wrapped+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := secrets.Config{
		Addr: s.Addr, Auth: secrets.AuthAppRole,
		RoleID: s.Report.RoleID, SecretIDFile: file, SecretIDWrapped: true,
	}
	c, logs := newClient(t, cfg)
	first := c.API().Token()
	if c.Logins() != 1 {
		t.Fatalf("Logins = %d", c.Logins())
	}
	eventually(t, "a second login after the first token's max TTL", func() bool { return c.Logins() >= 2 })
	if c.API().Token() == first {
		t.Fatal("token did not change after re-login")
	}
	if err := c.Health(ctx); err != nil {
		t.Fatalf("after re-login: %v", err)
	}
	if _, _, err := c.Sign(ctx, secrets.KeyLinks, 0, []byte("x")); err != nil {
		t.Fatalf("after re-login: %v", err)
	}
	eventually(t, "the first token expires", func() bool {
		_, err := rc.Auth().Token().Lookup(first)
		return err != nil
	})
	if err := c.Health(ctx); err != nil {
		t.Fatalf("after the first token expired: %v", err)
	}
	for _, secret := range []string{first, c.API().Token(), wrapped} {
		if strings.Contains(logs.String(), secret) {
			t.Fatal("a token or secret id reached the log")
		}
	}
}

func TestAppRoleLoginErrors(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	ctx := context.Background()
	_, err := secrets.New(ctx, secrets.Config{Addr: s.Addr, Auth: secrets.AuthAppRole, RoleID: s.Report.RoleID, SecretID: "wrong-secret-id"}, nil)
	if err == nil || !strings.Contains(err.Error(), "auth/approle/login") || strings.Contains(err.Error(), "wrong-secret-id") {
		t.Fatalf("want a login error naming the path and not the secret id, got %v", err)
	}
	_, err = secrets.New(ctx, secrets.Config{Addr: s.Addr, Auth: "ldap"}, nil)
	if err == nil {
		t.Fatal("unknown auth method: want an error")
	}
	_, err = secrets.New(ctx, secrets.Config{Addr: s.Addr, Auth: secrets.AuthKubernetes, KubernetesJWTPath: filepath.Join(t.TempDir(), "none")}, nil)
	if err == nil || !strings.Contains(err.Error(), "service-account token") {
		t.Fatalf("kubernetes without a JWT file: %v", err)
	}
}

func TestBootstrapIdempotent(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t) // first bootstrap, with dev secrets
	rc := root(t, s)
	ctx := context.Background()
	kv := rc.KVv2("secret")

	before := map[string]map[string]any{}
	paths := []string{"pseudonym"}
	for _, p := range secrets.Platforms {
		paths = append(paths, "platforms/"+p)
	}
	for _, p := range paths {
		sec, err := kv.Get(ctx, "ferry/"+p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		before[p] = sec.Data
		for _, k := range secrets.PlatformKeys[strings.TrimPrefix(p, "platforms/")] {
			if sec.Data[k] == "" || sec.Data[k] == nil {
				t.Errorf("%s lacks %s", p, k)
			}
		}
	}
	if len(before["pseudonym"]["key"].(string)) != 44 {
		t.Errorf("pseudonym key is not 32 bytes in base64")
	}
	// An operator sets a real secret; bootstrap must never overwrite it.
	if _, err := kv.Put(ctx, "ferry/platforms/whatsapp", map[string]any{"app_secret": "real", "verify_token": "real", "access_token": "real"}); err != nil {
		t.Fatal(err)
	}
	before["platforms/whatsapp"] = map[string]any{"app_secret": "real", "verify_token": "real", "access_token": "real"}

	rep, err := secrets.Bootstrap(ctx, rc, secrets.BootstrapOptions{DevSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed {
		t.Fatalf("second bootstrap changed something:\n%s", strings.Join(rep.Actions, "\n"))
	}
	if rep.RoleID != s.Report.RoleID {
		t.Fatal("role id changed")
	}
	for _, p := range paths {
		sec, err := kv.Get(ctx, "ferry/"+p)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range before[p] {
			if sec.Data[k] != v {
				t.Fatalf("%s.%s changed", p, k)
			}
		}
	}
	for name, typ := range secrets.TransitKeys {
		k, err := rc.Logical().Read("transit/keys/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if k.Data["type"] != typ || k.Data["latest_version"].(interface{ String() string }).String() != "1" {
			t.Fatalf("transit key %s: type %v, version %v", name, k.Data["type"], k.Data["latest_version"])
		}
	}
	pol, err := rc.Sys().GetPolicy(vaultpolicy.Name)
	if err != nil || strings.TrimSpace(pol) != strings.TrimSpace(vaultpolicy.HCL) {
		t.Fatalf("policy in Vault differs from deploy/vault/ferry.hcl (%v)", err)
	}
}

func TestBootstrapKubernetes(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	rc := root(t, s)
	ctx := context.Background()
	// No cluster here: Vault outside a pod needs the cluster's CA given.
	opts := secrets.BootstrapOptions{Kubernetes: true, KubernetesHost: "https://kubernetes.default.svc:443",
		KubernetesCACert: selfSignedCA(t), KubernetesAudience: "vault"}
	if _, err := secrets.Bootstrap(ctx, rc, opts); err != nil {
		t.Fatal(err)
	}
	role, err := rc.Logical().Read("auth/kubernetes/role/ferry")
	if err != nil || role == nil {
		t.Fatalf("kubernetes role: %v", err)
	}
	str := func(v any) string {
		var out []string
		for _, x := range v.([]any) {
			out = append(out, x.(string))
		}
		return strings.Join(out, ",")
	}
	if str(role.Data["bound_service_account_names"]) != "ferry" ||
		str(role.Data["bound_service_account_namespaces"]) != "ferry" ||
		str(role.Data["token_policies"]) != "ferry" {
		t.Fatalf("kubernetes role not bound as expected: %v", role.Data)
	}
	if role.Data["audience"] != "vault" {
		t.Fatalf("audience %v", role.Data["audience"])
	}
	cfg, err := rc.Logical().Read("auth/kubernetes/config")
	if err != nil || cfg.Data["kubernetes_host"] != "https://kubernetes.default.svc:443" {
		t.Fatalf("kubernetes config: %v", err)
	}
	rep, err := secrets.Bootstrap(ctx, rc, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed {
		t.Fatalf("second bootstrap changed something:\n%s", strings.Join(rep.Actions, "\n"))
	}
	// Login reaches Vault's Kubernetes auth; with no cluster the JWT cannot
	// be reviewed, so it is refused, and the error names the path, not the JWT.
	jwtFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(jwtFile, []byte("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmZXJyeSJ9.c2ln\n"), 0o600)
	_, err = secrets.New(ctx, secrets.Config{Addr: s.Addr, Auth: secrets.AuthKubernetes, KubernetesJWTPath: jwtFile, MaxRetries: -1}, nil)
	if err == nil || !strings.Contains(err.Error(), "auth/kubernetes/login") || strings.Contains(err.Error(), "eyJzdWIiOiJmZXJyeSJ9") {
		t.Fatalf("kubernetes login without a cluster: %v", err)
	}
	if _, err := secrets.Bootstrap(ctx, rc, secrets.BootstrapOptions{Kubernetes: true}); err == nil {
		t.Fatal("Kubernetes without a host: want an error")
	}
}

func TestBootstrapRefusesWrongMounts(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	rc := root(t, s)
	ctx := context.Background()
	if err := rc.Sys().Mount("kv1", &api.MountInput{Type: "kv", Options: map[string]string{"version": "1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Bootstrap(ctx, rc, secrets.BootstrapOptions{KVMount: "kv1"}); err == nil || !strings.Contains(err.Error(), "version 1") {
		t.Fatalf("kv v1 mount: want a clear error, got %v", err)
	}
	if _, err := secrets.Bootstrap(ctx, rc, secrets.BootstrapOptions{TransitMount: "secret"}); err == nil {
		t.Fatal("transit on a kv mount: want an error")
	}
	// Custom mounts: the policy follows them.
	rep, err := secrets.Bootstrap(ctx, rc, secrets.BootstrapOptions{KVMount: "kv-ferry", KVPrefix: "prod/ferry", TransitMount: "transit-ferry", PolicyName: "ferry-prod", AppRoleName: "ferry-prod", DevSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	pol, _ := rc.Sys().GetPolicy("ferry-prod")
	if !strings.Contains(pol, `"kv-ferry/data/prod/ferry/*"`) || !strings.Contains(pol, `"transit-ferry/sign/ferry-links"`) || strings.Contains(pol, `"secret/`) {
		t.Fatalf("policy not rewritten for custom mounts:\n%s", pol)
	}
	sid, err := secrets.NewAppRoleSecretID(ctx, rc, secrets.BootstrapOptions{AppRoleName: "ferry-prod"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, secrets.Config{Addr: s.Addr, Auth: secrets.AuthAppRole, RoleID: rep.RoleID, SecretID: sid,
		KVMount: "kv-ferry", KVPrefix: "prod/ferry", TransitMount: "transit-ferry"})
	if v, err := c.KV(ctx, "platforms/twilio"); err != nil || !strings.HasPrefix(v["account_sid"], "AC") {
		t.Fatalf("KV on custom mount: %v", err)
	}
	if _, _, err := c.Sign(ctx, secrets.KeyLinks, 0, []byte("x")); err != nil {
		t.Fatal(err)
	}
}

// TestLeastPrivilege logs in with AppRole like production Ferry and checks
// that its token holds only the ferry policy: what Ferry needs works, the rest
// is denied.
func TestLeastPrivilege(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	rc := root(t, s)
	ctx := context.Background()
	if _, err := rc.KVv2("secret").Put(ctx, "other", map[string]any{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Logical().Write("transit/keys/other", map[string]any{"type": "ed25519"}); err != nil {
		t.Fatal(err)
	}
	sid, err := secrets.NewAppRoleSecretID(ctx, rc, secrets.BootstrapOptions{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, secrets.Config{Addr: s.Addr, Auth: secrets.AuthAppRole, RoleID: s.Report.RoleID, SecretID: sid})

	// Allowed: everything Ferry does.
	if v, err := c.KV(ctx, "platforms/messenger"); err != nil || v["app_secret"] == "" {
		t.Fatalf("read messenger secret: %v", err)
	}
	if _, err := c.KV(ctx, "pseudonym"); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{secrets.KeyLinks, secrets.KeyAudit} {
		sig, v, err := c.Sign(ctx, key, 0, []byte("m"))
		if err != nil {
			t.Fatalf("sign with %s: %v", key, err)
		}
		pubs, err := c.PublicKeys(ctx, key)
		if err != nil || !ed25519.Verify(pubs[v], []byte("m"), sig) {
			t.Fatalf("public keys of %s: %v", key, err)
		}
	}
	ct, err := c.Encrypt(ctx, secrets.KeySender, []byte("id"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Decrypt(ctx, secrets.KeySender, ct); err != nil {
		t.Fatal(err)
	}
	if dk, err := c.API().Logical().Write("transit/datakey/plaintext/ferry-sender", nil); err != nil || dk == nil || dk.Data["plaintext"] == nil {
		t.Fatalf("datakey for envelope encryption: %v", err)
	}
	if err := c.Health(ctx); err != nil {
		t.Fatal(err)
	}
	look, err := c.API().Auth().Token().LookupSelf()
	if err != nil {
		t.Fatal(err)
	}
	pols, _ := look.TokenPolicies()
	if !slices.Equal(pols, []string{"ferry"}) {
		t.Fatalf("token policies = %v, want only ferry", pols)
	}
	if list, err := c.API().Logical().List("secret/metadata/ferry/platforms"); err != nil || list == nil {
		t.Fatalf("list under the prefix: %v", err)
	}

	// Denied: everything else.
	tc := c.API()
	denied := []struct {
		name string
		do   func() error
	}{
		{"read secret/other", func() error { _, err := tc.KVv2("secret").Get(ctx, "other"); return err }},
		{"write secret/ferry/platforms/messenger", func() error {
			_, err := tc.KVv2("secret").Put(ctx, "ferry/platforms/messenger", map[string]any{"app_secret": "x"})
			return err
		}},
		{"write secret/ferry/new", func() error { _, err := tc.KVv2("secret").Put(ctx, "ferry/new", map[string]any{"a": "b"}); return err }},
		{"delete secret/ferry/pseudonym", func() error { return tc.KVv2("secret").Delete(ctx, "ferry/pseudonym") }},
		{"read secret metadata", func() error { _, err := tc.KVv2("secret").GetMetadata(ctx, "ferry/pseudonym"); return err }},
		{"rotate transit/keys/ferry-links", func() error { _, err := tc.Logical().Write("transit/keys/ferry-links/rotate", nil); return err }},
		{"configure ferry-links", func() error {
			_, err := tc.Logical().Write("transit/keys/ferry-links/config", map[string]any{"deletion_allowed": true})
			return err
		}},
		{"export ferry-links", func() error { _, err := tc.Logical().Read("transit/export/signing-key/ferry-links"); return err }},
		{"sign with another key", func() error { _, _, err := c.Sign(ctx, "other", 0, []byte("m")); return err }},
		{"encrypt with ferry-links", func() error { _, err := c.Encrypt(ctx, secrets.KeyLinks, []byte("m")); return err }},
		{"decrypt with another key path", func() error { _, err := c.Decrypt(ctx, "other", "vault:v1:AAAA"); return err }},
		{"datakey with ferry-links", func() error { _, err := tc.Logical().Write("transit/datakey/plaintext/ferry-links", nil); return err }},
		{"rewrap ferry-sender", func() error {
			_, err := tc.Logical().Write("transit/rewrap/ferry-sender", map[string]any{"ciphertext": ct})
			return err
		}},
		{"list sys/policies/acl", func() error { _, err := tc.Sys().ListPolicies(); return err }},
		{"read sys/policies/acl/ferry", func() error { _, err := tc.Logical().Read("sys/policies/acl/ferry"); return err }},
		{"write sys/policies/acl/ferry", func() error { return tc.Sys().PutPolicy("ferry", `path "*" { capabilities = ["sudo"] }`) }},
		{"read sys/mounts", func() error { _, err := tc.Sys().ListMounts(); return err }},
		{"create token", func() error { _, err := tc.Auth().Token().Create(&api.TokenCreateRequest{}); return err }},
		{"read approle role", func() error { _, err := tc.Logical().Read("auth/approle/role/ferry/role-id"); return err }},
		{"issue approle secret id", func() error { _, err := tc.Logical().Write("auth/approle/role/ferry/secret-id", nil); return err }},
	}
	for _, d := range denied {
		err := d.do()
		if err == nil {
			t.Errorf("%s: allowed, want permission denied", d.name)
			continue
		}
		if statusOf(err) != http.StatusForbidden {
			t.Errorf("%s: %v, want 403", d.name, err)
		}
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	s := devvault.StartT(t)
	ctx := context.Background()
	cfg := s.Config()
	cfg.MaxRetries = -1
	c, _ := newClient(t, cfg)
	if err := c.Health(ctx); err != nil {
		t.Fatalf("live: %v", err)
	}
	// A revoked token is unhealthy too.
	rc := root(t, s)
	tok, err := rc.Auth().Token().Create(&api.TokenCreateRequest{Policies: []string{"ferry"}, NoDefaultPolicy: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg2 := cfg
	cfg2.Token = tok.Auth.ClientToken
	c2, _ := newClient(t, cfg2)
	if err := rc.Auth().Token().RevokeTree(tok.Auth.ClientToken); err != nil {
		t.Fatal(err)
	}
	if err := c2.Health(ctx); err == nil {
		t.Fatal("revoked token: want unhealthy")
	}
	s.Stop()
	if err := c.Health(ctx); err == nil {
		t.Fatal("stopped server: want an error")
	}
	if c.Errors() == 0 {
		t.Fatal("errors not counted")
	}
}

func selfSignedCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "kubernetes-ca"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
