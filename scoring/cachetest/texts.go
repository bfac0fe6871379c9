package cachetest

import (
	"strings"
	"testing"

	"github.com/cecbench/cecbench/scoring"
)

// awkwardTexts are texts a cache keyed by a hash, a database row or a file
// name could mangle: empty, non-ASCII, control characters, 10,000
// characters, and long texts that differ only at the end.
func awkwardTexts() []string {
	long := strings.Repeat("a sentence of some length. ", 371)[:10_000]
	return []string{
		"",
		" ",
		"日本語の文です。",
		"family 👩‍👩‍👧 and flags 🇫🇷",
		"e\u0301 versus \u00e9",
		"tab\there, newline\nthere, NUL\x00inside",
		`quotes "double" 'single' \backslash`,
		long,
		long[:9_999] + "b",
		strings.Repeat("ß", 10_000),
	}
}

func checkUnicodeLongAndEmptyTexts(t *testing.T, c scoring.EmbeddingCache) {
	texts := awkwardTexts()
	want := vecs("awkward", texts, 12)
	put(t, c, ns, texts, want)

	// Ask in reverse, next to texts that only resemble them.
	asked := make([]string, 0, 2*len(texts))
	wantAsked := make([][]float32, 0, 2*len(texts))
	for i := len(texts) - 1; i >= 0; i-- {
		asked = append(asked, texts[i], texts[i]+" ")
		wantAsked = append(wantAsked, want[i], nil)
	}
	wantAsked[len(wantAsked)-1] = want[1] // "" + " " is the stored " "
	expect(t, "Get of awkward texts", asked, get(t, c, ns, asked), wantAsked)
}
