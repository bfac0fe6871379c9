package leaderboard

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"time"
)

// apiKeyPrefix starts every team API key, so that a leaked key is easy to
// recognise (and to search for in code).
const apiKeyPrefix = "cbk_"

// newAPIKey returns a fresh key: 32 random bytes, hex.
func newAPIKey() string {
	var b [32]byte
	rand.Read(b[:])
	return apiKeyPrefix + hex.EncodeToString(b[:])
}

// hashKey is what is stored of a key: its sha256, hex. Keys are random and
// long, so a fast hash is enough: there is nothing to guess.
func hashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// SecretsEqual compares two secrets in time independent of where they
// differ (and of their lengths, by comparing their hashes).
func SecretsEqual(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// newID returns an id with the given prefix that sorts by creation time:
// the time in microseconds (hex, fixed width), then 6 random bytes.
func newID(prefix string, now time.Time) string {
	var b [6]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s_%013x%s", prefix, now.UnixMicro(), hex.EncodeToString(b[:]))
}
