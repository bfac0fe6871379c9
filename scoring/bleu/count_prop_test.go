package bleu

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// countPaths counts hyp against ref through both n-gram paths, directGrams
// and hashedGrams, whichever Count would take, so that each is checked on
// every input, not only on the sizes that select it.
func countPaths(hyp, ref []string) (direct, hashed Stats) {
	direct = Stats{HypLen: len(hyp), RefLen: len(ref)}
	for n := 1; n <= MaxOrder; n++ {
		direct.Totals[n-1] = max(0, len(hyp)-n+1)
	}
	hashed = direct
	if len(hyp) == 0 || len(ref) == 0 {
		return direct, hashed
	}
	c := counters.New().(*counter)
	defer c.empty()
	direct.Matches[0] = c.unigrams(hyp, ref)
	hashed.Matches[0] = direct.Matches[0]
	if len(hyp) < 2 || len(ref) < 2 {
		return direct, hashed
	}
	c.directGrams(&direct.Matches, c.nTokens)
	c.hashedGrams(&hashed.Matches, c.nTokens)
	return direct, hashed
}

// checkAllPaths checks Count and both n-gram paths against naiveCount.
func checkAllPaths(tb testing.TB, hyp, ref []string) {
	tb.Helper()
	checkCount(tb, hyp, ref)
	want := naiveCount(hyp, ref)
	direct, hashed := countPaths(hyp, ref)
	if direct != want {
		tb.Fatalf("directGrams(%q, %q)\n got %+v\nwant %+v", hyp, ref, direct, want)
	}
	if hashed != want {
		tb.Fatalf("hashedGrams(%q, %q)\n got %+v\nwant %+v", hyp, ref, hashed, want)
	}
}

// propertyTokens are tokens that differ only where tokenKey reads them
// least: in their middle, in their last byte, by a NUL byte, by length
// around the 4-, 8- and 16-byte blocks it reads, and beyond maxKeyLen.
var propertyTokens = []string{
	"", "\x00", "\x00\x00", "a\x00", "\x00a", "a", "b", "aa", "ab", "aab", "abb",
	"abc", "abcd", "abce", "abdd", "abcde", "abcdefg", "abcxefg", "abcdefgh",
	"abcdefgi", "abcdefgh\x00", "abcdefghi", "abcdxfghi", "abcdefghijklmnop",
	"abcdefghijkXmnop", "abcdefghijklmnopq", "abcdefghXjklmnopq", "abcdefghijklmnopqrstuvwxy",
	"abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqXstuvwxyz0123456789",
	"\x00\x00\x00\x00\x00\x00\x00\x00", "\x00\x00\x00\x00\x00\x00\x00\x00\x00",
}

// TestCountProperties compares Count and both n-gram paths with
// naiveCount on random pairs: small vocabularies with many repeats, the
// tricky tokens above, empty and one-token sides, and long texts that
// take hashedGrams.
func TestCountProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	seq := func(words []string, n int) []string {
		toks := make([]string, n)
		for i := range toks {
			toks[i] = words[r.IntN(len(words))]
		}
		return toks
	}
	for range 5000 {
		size := 1 + r.IntN(len(propertyTokens))
		if r.IntN(2) == 0 {
			size = 1 + r.IntN(4) // few words, many repeats
		}
		var words []string
		for _, i := range r.Perm(len(propertyTokens))[:size] {
			words = append(words, propertyTokens[i])
		}
		checkAllPaths(t, seq(words, r.IntN(30)), seq(words, r.IntN(30)))
	}
	for _, n := range []int{0, 1, 2} {
		for _, m := range []int{0, 1, 2, 5} {
			checkAllPaths(t, seq(propertyTokens[:3], n), seq(propertyTokens[:3], m))
			checkAllPaths(t, seq(propertyTokens[:3], m), seq(propertyTokens[:3], n))
		}
	}
	// Long texts with large vocabularies: Count takes hashedGrams.
	var many []string
	for i := range 600 {
		many = append(many, strings.Repeat("w", 1+i%20)+string(rune('A'+i/20)))
	}
	for range 20 {
		hyp, ref := seq(many, 500+r.IntN(1500)), seq(many, 500+r.IntN(1500))
		vocab := map[string]bool{}
		for _, tok := range ref {
			vocab[tok] = true
		}
		if directCells(len(ref), len(vocab)) <= maxCells {
			t.Fatalf("%d reference tokens fit the direct table", len(ref))
		}
		checkAllPaths(t, hyp, ref)
		// Shared runs, so that the long texts match at every order.
		checkAllPaths(t, append(hyp[:300:300], ref[100:400]...), ref)
	}
}

// FuzzCountMatchesMaps compares Count and both n-gram paths with
// naiveCount on any pair of token lists: hyp and ref split at sep, which
// keeps empty tokens, and tokens with any bytes (NUL included); an empty
// string is no tokens. A few distinct tokens in the seeds make the
// repeats that clipping is about.
func FuzzCountMatchesMaps(f *testing.F) {
	f.Add("a b a b a", "b a b a b a", byte(' '))
	f.Add("the cat the cat sat", "the cat sat on the cat", byte(' '))
	f.Add("a\x00b|a\x00b||a\x00b", "a\x00b||a\x00b|a\x00b", byte('|'))
	f.Add("x\x00y\x00x\x00x\x00y", "y\x00x\x00x\x00y", byte(0))
	f.Add("abcdefghijklmnopq abcdefghXjklmnopq abcdefghijklmnopq", "abcdefghijklmnopq abcdefghijklmnopq", byte(' '))
	f.Add("abcdefgh abcdefgi abcdefgh", "abcdefgi abcdefgh abcdefgi", byte(' '))
	f.Add("", "a", byte(' '))
	f.Add("a", "a", byte(' '))
	split := func(s string, sep byte) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, string(sep))
	}
	f.Fuzz(func(t *testing.T, hyp, ref string, sep byte) {
		checkAllPaths(t, split(hyp, sep), split(ref, sep))
	})
}
