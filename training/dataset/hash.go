package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Canonical returns the canonical JSONL form of items: each Item encoded
// with encoding/json (fields in Item's declaration order, HTML characters
// escaped, empty Split and Explanation left out), in the given order, each
// followed by "\n". Two inputs that differ only in key order, white space or
// JSON escapes have the same canonical form. Split and Explanation are part
// of it, so assigning splits or adding explanations changes it.
func Canonical(items []Item) []byte {
	var out []byte
	for _, it := range items {
		// An Item holds only strings and slices of string structs, which
		// encoding/json always encodes without error.
		b, _ := json.Marshal(it)
		out = append(out, b...)
		out = append(out, '\n')
	}
	return out
}

// Hash returns the lowercase hex SHA-256 of Canonical(items): the content
// hash that identifies a dataset.
func Hash(items []Item) string {
	sum := sha256.Sum256(Canonical(items))
	return hex.EncodeToString(sum[:])
}
