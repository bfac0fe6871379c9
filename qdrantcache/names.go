package qdrantcache

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/google/uuid"
)

// idSpace is the UUID namespace of this package's point ids. It must never
// change: every id already stored in Qdrant derives from it.
var idSpace = uuid.MustParse("548c9900-9897-42b9-8483-f95060634646")

// maxShort bounds the readable part of a collection name.
const maxShort = 48

// pointID is the id of text's point: a version-5 UUID of the SHA-256 of
// namespace, a NUL byte and text. The same sentence of the same embedder
// always lands on the same point, whichever process puts it.
func pointID(namespace, text string) uuid.UUID {
	h := sha256.New()
	h.Write([]byte(namespace))
	h.Write([]byte{0})
	h.Write([]byte(text))
	return uuid.NewSHA1(idSpace, h.Sum(nil))
}

// collectionName is prefix, a readable short form of namespace and the
// first 16 hex digits of its SHA-256: the short form lets a person tell
// the collections apart, the hash keeps namespaces that read alike apart.
func collectionName(prefix, namespace string) string {
	sum := sha256.Sum256([]byte(namespace))
	tag := hex.EncodeToString(sum[:])[:16]
	if short := shortForm(namespace); short != "" {
		return prefix + short + "_" + tag
	}
	return prefix + tag
}

// shortForm lowercases namespace, keeps letters, digits and '-', turns
// every other run into one '_', and cuts the result to maxShort bytes.
func shortForm(namespace string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(namespace) {
		if !isNameChar(r) || r == '_' {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('_')
		}
		gap = false
		b.WriteRune(r)
		if b.Len() >= maxShort {
			break
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// isNameChar reports whether r is kept as is in a collection name.
func isNameChar(r rune) bool {
	return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_'
}
