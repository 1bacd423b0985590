package portal

import (
	"crypto/sha256"
	"sync"
	"time"
)

// verifiedCache remembers tokens that passed the full check, so the POST that follows a
// landing page (and a patient reloading it) does not verify the same Ed25519 signature
// again: verification was about a fifth of a redemption's CPU.
//
// It is keyed by the SHA-256 of the exact token text. An Ed25519 signature check is a
// pure function of the token and the public key, so a byte-identical token verifies the
// same way again as long as its key version is still served; Verifier.Verify therefore
// checks on every hit that the key version is still known (a version trimmed from Transit
// refuses cached tokens too, once the key set is refreshed) and re-checks the time claims
// (a cached token past its expiry is verified again and answered as expired). Only tokens
// that passed are stored, so a forged token never hits. Entries live at most
// verifiedTTL and the cache holds at most verifiedMax of them (oldest dropped first).
type verifiedCache struct {
	mu    sync.Mutex
	m     map[[sha256.Size]byte]verifiedEntry
	order [][sha256.Size]byte // insertion order, a ring of len verifiedMax
	next  int
}

type verifiedEntry struct {
	claims Claims
	at     time.Time
}

const (
	verifiedMax = 4096
	verifiedTTL = 2 * time.Minute
)

func newVerifiedCache() *verifiedCache {
	return &verifiedCache{m: make(map[[sha256.Size]byte]verifiedEntry, verifiedMax), order: make([][sha256.Size]byte, 0, verifiedMax)}
}

// get returns a copy of the claims of a token verified less than verifiedTTL before now.
func (c *verifiedCache) get(token string, now time.Time) (Claims, bool) {
	k := sha256.Sum256([]byte(token))
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if !ok || now.Sub(e.at) >= verifiedTTL || now.Before(e.at) {
		return Claims{}, false
	}
	return e.claims, true
}

// put records a token that passed the full check.
func (c *verifiedCache) put(token string, cl Claims, now time.Time) {
	k := sha256.Sum256([]byte(token))
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.order) < verifiedMax {
		c.order = append(c.order, k)
	} else {
		delete(c.m, c.order[c.next])
		c.order[c.next] = k
		c.next = (c.next + 1) % verifiedMax
	}
	c.m[k] = verifiedEntry{claims: cl, at: now}
}
