package secrets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/vault/api"
)

type kvEntry struct {
	data    map[string]string
	version int
	read    time.Time
}

// kvPath is the full KV v2 path (below the mount) of a path relative to the prefix.
func (c *Client) kvPath(path string) string {
	path = strings.Trim(path, "/")
	if c.cfg.KVPrefix == "" {
		return path
	}
	return c.cfg.KVPrefix + "/" + path
}

// KV returns the secret at path (relative to the KV prefix, e.g.
// "platforms/messenger" or "pseudonym"). Values are cached and re-read on the
// refresh schedule and by Refresh. When a re-read fails, the last good value
// keeps being served (and the error counted); KV errors only when it never
// had a value. The map returned is the caller's own copy.
func (c *Client) KV(ctx context.Context, path string) (map[string]string, error) {
	path = strings.Trim(path, "/")
	c.kvMu.RLock()
	e := c.kv[path]
	c.kvMu.RUnlock()
	if e != nil {
		return maps.Clone(e.data), nil
	}
	v, err, _ := c.kvGroup.Do(path, func() (any, error) {
		return c.readKV(ctx, path)
	})
	if err != nil {
		return nil, err
	}
	return maps.Clone(v.(*kvEntry).data), nil
}

// readKV reads one path from Vault and stores it in the cache. On an error
// the cache is left as it was.
func (c *Client) readKV(ctx context.Context, path string) (*kvEntry, error) {
	full := c.kvPath(path)
	s, err := c.api.KVv2(c.cfg.KVMount).Get(ctx, full)
	if err != nil {
		c.errs.Add(1)
		return nil, fmt.Errorf("secrets: read %s/%s: %w", c.cfg.KVMount, full, err)
	}
	e := &kvEntry{data: make(map[string]string, len(s.Data)), read: time.Now()}
	if s.VersionMetadata != nil {
		e.version = s.VersionMetadata.Version
	}
	for k, v := range s.Data {
		switch v := v.(type) {
		case string:
			e.data[k] = v
		case nil:
			e.data[k] = ""
		default:
			b, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("secrets: read %s/%s: key %s: unsupported value type", c.cfg.KVMount, full, k)
			}
			e.data[k] = string(b)
		}
	}
	c.kvMu.Lock()
	old := c.kv[path]
	c.kv[path] = e
	c.kvMu.Unlock()
	if old != nil && old.version != e.version {
		c.log.Info("vault secret changed", "path", c.cfg.KVMount+"/"+full, "version", e.version, "previous", old.version)
	}
	return e, nil
}

// Refresh re-reads every cached KV path now (Ferry calls it on SIGHUP) and
// marks cached Transit key metadata for re-reading on next use (kept as a
// fallback while Vault is unreachable). Paths that fail keep their last good
// value; the error returned names every failed path.
func (c *Client) Refresh(ctx context.Context) error {
	c.staleKeys()

	c.kvMu.RLock()
	paths := slices.Sorted(maps.Keys(c.kv))
	c.kvMu.RUnlock()
	var errs []error
	for _, p := range paths {
		if _, err := c.readKV(ctx, p); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// refreshLoop re-reads the cached KV paths every RefreshEvery.
func (c *Client) refreshLoop() {
	defer c.wg.Done()
	t := time.NewTicker(c.cfg.RefreshEvery)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(c.ctx, c.cfg.RefreshEvery)
			if err := c.Refresh(ctx); err != nil && c.ctx.Err() == nil {
				c.log.Warn("vault refresh failed; serving the last good secrets", "err", err)
			}
			cancel()
		}
	}
}

// isNotFound reports a missing secret.
func isNotFound(err error) bool {
	if errors.Is(err, api.ErrSecretNotFound) {
		return true
	}
	var re *api.ResponseError
	return errors.As(err, &re) && re.StatusCode == 404
}
