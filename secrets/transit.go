package secrets

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// keyInfo is cached Transit key metadata.
type keyInfo struct {
	latest  int
	minDec  int
	pubs    map[int]ed25519.PublicKey
	fetched time.Time
}

// Sign signs data with the Transit key (ed25519) at the given version; 0
// means the latest. It returns the raw signature and the version used.
func (c *Client) Sign(ctx context.Context, key string, version int, data []byte) ([]byte, int, error) {
	path := c.cfg.TransitMount + "/sign/" + key
	body := map[string]any{"input": base64.StdEncoding.EncodeToString(data)}
	if version > 0 {
		body["key_version"] = version
	}
	s, err := c.api.Logical().WriteWithContext(ctx, path, body)
	if err != nil {
		c.errs.Add(1)
		return nil, 0, fmt.Errorf("secrets: write %s: %w", path, err)
	}
	sigStr, _ := dataString(s, "signature")
	sig, v, err := parseVaultValue(sigStr)
	if err != nil {
		return nil, 0, fmt.Errorf("secrets: write %s: signature: %w", path, err)
	}
	c.keyMu.Lock()
	if ki := c.keys[key]; ki != nil && v > ki.latest {
		cp := *ki // rotated since we looked: re-read on next use
		cp.fetched = time.Time{}
		c.keys[key] = &cp
	}
	c.keyMu.Unlock()
	return sig, v, nil
}

// parseVaultValue decodes "vault:vN:base64".
func parseVaultValue(s string) ([]byte, int, error) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 || parts[0] != "vault" || !strings.HasPrefix(parts[1], "v") {
		return nil, 0, fmt.Errorf("unexpected format")
	}
	v, err := strconv.Atoi(parts[1][1:])
	if err != nil || v < 1 {
		return nil, 0, fmt.Errorf("bad key version")
	}
	b, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, 0, fmt.Errorf("bad base64")
	}
	return b, v, nil
}

// LatestVersion returns the latest version of a Transit key (cached for
// KeyCacheTTL; Refresh forgets it).
func (c *Client) LatestVersion(ctx context.Context, key string) (int, error) {
	ki, err := c.keyInfo(ctx, key, false)
	if err != nil {
		return 0, err
	}
	return ki.latest, nil
}

// PublicKeys returns the public key of every still-valid version of an
// ed25519 Transit key (versions >= min_decryption_version), by version.
// Cached like LatestVersion. The map is the caller's own.
func (c *Client) PublicKeys(ctx context.Context, key string) (map[int]ed25519.PublicKey, error) {
	ki, err := c.keyInfo(ctx, key, false)
	if err != nil {
		return nil, err
	}
	out := make(map[int]ed25519.PublicKey, len(ki.pubs))
	for v, p := range ki.pubs {
		out[v] = p
	}
	return out, nil
}

// PublicKey returns the public key of one version. A version newer than the
// cached latest makes it re-read the key from Vault (a rotation elsewhere),
// at most once a second per key, before failing.
func (c *Client) PublicKey(ctx context.Context, key string, version int) (ed25519.PublicKey, error) {
	ki, err := c.keyInfo(ctx, key, false)
	if err != nil {
		return nil, err
	}
	if p, ok := ki.pubs[version]; ok {
		return p, nil
	}
	if version <= ki.latest {
		// Known to Vault but retired (below min_decryption_version) or trimmed.
		return nil, fmt.Errorf("secrets: %s/keys/%s: no valid version %d", c.cfg.TransitMount, key, version)
	}
	if ki, err = c.keyInfo(ctx, key, true); err != nil {
		return nil, err
	}
	if p, ok := ki.pubs[version]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("secrets: %s/keys/%s: no valid version %d", c.cfg.TransitMount, key, version)
}

// keyInfo returns the key's metadata, from the cache while it is fresh.
// When Vault cannot be read, the last good metadata is served (the error is
// counted), so links keep verifying through a Vault outage.
func (c *Client) keyInfo(ctx context.Context, key string, force bool) (*keyInfo, error) {
	c.keyMu.Lock()
	ki := c.keys[key]
	c.keyMu.Unlock()
	if ki != nil && !ki.fetched.IsZero() {
		age := time.Since(ki.fetched)
		if !force && (c.cfg.KeyCacheTTL < 0 || age < c.cfg.KeyCacheTTL) {
			return ki, nil
		}
		// Unknown versions (forged kids too) re-read at most once a second.
		if force && age < forceReadMin {
			return ki, nil
		}
	}
	v, err, _ := c.keyGroup.Do(key, func() (any, error) { return c.readKey(ctx, key) })
	if err != nil {
		if ki != nil && !isNotFound(err) {
			c.log.Warn("vault key read failed; serving the last good key metadata", "key", key, "err", err)
			// Retry after retryKeyRead rather than on every call.
			cp := *ki
			cp.fetched = time.Now().Add(retryKeyRead - c.cfg.KeyCacheTTL)
			if c.cfg.KeyCacheTTL < 0 || cp.fetched.After(time.Now()) {
				cp.fetched = time.Now()
			}
			c.keyMu.Lock()
			if c.keys[key] == ki {
				c.keys[key] = &cp
			}
			c.keyMu.Unlock()
			return ki, nil
		}
		return nil, err
	}
	return v.(*keyInfo), nil
}

const (
	forceReadMin = time.Second     // least time between re-reads for unknown versions
	retryKeyRead = 5 * time.Second // retry interval while Vault is unreachable
)

// staleKeys marks all cached key metadata for re-reading on next use.
func (c *Client) staleKeys() {
	c.keyMu.Lock()
	defer c.keyMu.Unlock()
	for k, ki := range c.keys {
		cp := *ki
		cp.fetched = time.Time{}
		c.keys[k] = &cp
	}
}

func (c *Client) readKey(ctx context.Context, key string) (*keyInfo, error) {
	path := c.cfg.TransitMount + "/keys/" + key
	s, err := c.api.Logical().ReadWithContext(ctx, path)
	if err != nil {
		c.errs.Add(1)
		return nil, fmt.Errorf("secrets: read %s: %w", path, err)
	}
	if s == nil || s.Data == nil {
		c.errs.Add(1)
		return nil, fmt.Errorf("secrets: read %s: no such key", path)
	}
	ki := &keyInfo{pubs: map[int]ed25519.PublicKey{}, fetched: time.Now()}
	if ki.latest, err = intField(s.Data["latest_version"]); err != nil {
		return nil, fmt.Errorf("secrets: read %s: latest_version: %w", path, err)
	}
	if ki.minDec, err = intField(s.Data["min_decryption_version"]); err != nil {
		return nil, fmt.Errorf("secrets: read %s: min_decryption_version: %w", path, err)
	}
	if typ, _ := s.Data["type"].(string); typ == "ed25519" {
		versions, _ := s.Data["keys"].(map[string]any)
		for vs, raw := range versions {
			v, err := strconv.Atoi(vs)
			if err != nil || v < ki.minDec {
				continue
			}
			m, _ := raw.(map[string]any)
			pk, _ := m["public_key"].(string)
			b, err := base64.StdEncoding.DecodeString(pk)
			if err != nil || len(b) != ed25519.PublicKeySize {
				return nil, fmt.Errorf("secrets: read %s: version %d: bad public key", path, v)
			}
			ki.pubs[v] = ed25519.PublicKey(b)
		}
	}
	c.keyMu.Lock()
	c.keys[key] = ki
	c.keyMu.Unlock()
	return ki, nil
}

func intField(v any) (int, error) {
	switch v := v.(type) {
	case json.Number:
		n, err := v.Int64()
		return int(n), err
	case float64:
		return int(v), nil
	case int:
		return v, nil
	case string:
		return strconv.Atoi(v)
	}
	return 0, fmt.Errorf("not a number")
}

// Encrypt encrypts plaintext with a Transit key; the answer is Vault's
// "vault:vN:..." ciphertext.
func (c *Client) Encrypt(ctx context.Context, key string, plaintext []byte) (string, error) {
	path := c.cfg.TransitMount + "/encrypt/" + key
	s, err := c.api.Logical().WriteWithContext(ctx, path, map[string]any{
		"plaintext": base64.StdEncoding.EncodeToString(plaintext),
	})
	if err != nil {
		c.errs.Add(1)
		return "", fmt.Errorf("secrets: write %s: %w", path, err)
	}
	ct, _ := dataString(s, "ciphertext")
	if ct == "" {
		return "", fmt.Errorf("secrets: write %s: no ciphertext in the answer", path)
	}
	return ct, nil
}

// Decrypt decrypts a Transit ciphertext.
func (c *Client) Decrypt(ctx context.Context, key string, ciphertext string) ([]byte, error) {
	path := c.cfg.TransitMount + "/decrypt/" + key
	s, err := c.api.Logical().WriteWithContext(ctx, path, map[string]any{"ciphertext": ciphertext})
	if err != nil {
		c.errs.Add(1)
		return nil, fmt.Errorf("secrets: write %s: %w", path, err)
	}
	pt, ok := dataString(s, "plaintext")
	if !ok {
		return nil, fmt.Errorf("secrets: write %s: no plaintext in the answer", path)
	}
	b, err := base64.StdEncoding.DecodeString(pt)
	if err != nil {
		return nil, fmt.Errorf("secrets: write %s: plaintext is not base64", path)
	}
	return b, nil
}
