package instagram

import (
	"crypto/sha256"
	"encoding/hex"
)

// metaShortHash restates meta's synthetic-key digest (first 8 bytes of SHA-256, hex), so
// the expected ids in the tests are written independently of the production helper.
func metaShortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}
