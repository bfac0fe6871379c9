package bleu

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// naiveCount is the textbook count, as tensorflow/nmt writes it: Counters
// of n-grams intersected with min. Count must agree with it. An n-gram's
// key is its tokens each prefixed with its length, which tells all n-grams
// apart; joining with a separator would not, as a 13a token may contain any
// character but whitespace ("0\x000" for one).
func naiveCount(hyp, ref []string) Stats {
	s := Stats{HypLen: len(hyp), RefLen: len(ref)}
	ngrams := func(toks []string, n int) map[string]int {
		m := map[string]int{}
		for i := 0; i+n <= len(toks); i++ {
			var key strings.Builder
			for _, tok := range toks[i : i+n] {
				key.WriteString(strconv.Itoa(len(tok)))
				key.WriteByte(':')
				key.WriteString(tok)
			}
			m[key.String()]++
		}
		return m
	}
	for n := 1; n <= MaxOrder; n++ {
		h, r := ngrams(hyp, n), ngrams(ref, n)
		for g, c := range h {
			s.Totals[n-1] += c
			s.Matches[n-1] += min(c, r[g])
		}
	}
	return s
}

func checkCount(tb testing.TB, hyp, ref []string) {
	tb.Helper()
	if got, want := Count(hyp, ref), naiveCount(hyp, ref); got != want {
		tb.Fatalf("Count(%q, %q)\n got %+v\nwant %+v", hyp, ref, got, want)
	}
}

// TestCountMatchesNaive covers repeated n-grams, tokens only one side has,
// lengths around MaxOrder, and the Climate-FEVER pairs in both directions.
func TestCountMatchesNaive(t *testing.T) {
	f := strings.Fields
	for _, c := range [][2]string{
		{"a a a a a a", "a a a"},
		{"a a a", "a a a a a a"},
		{"a b a b a b a", "b a b a"},
		{"x a b c d y a b c d", "a b c d z a b c d a b c"},
		{"a b x c d", "a b c d"},
		{"a", "a"}, {"a b", "a"}, {"a", "a b"}, {"a b c", "a b c"}, {"a b c d", "a b c d"},
		{"a b c d e", "e d c b a"},
		{"", "a"}, {"a", ""},
	} {
		checkCount(t, f(c[0]), f(c[1]))
	}
	for _, c := range loadNLTK(t).Sentences {
		checkCount(t, c.HypTokens, c.RefTokens)
		checkCount(t, c.RefTokens, c.HypTokens)
	}
}

// TestCountLongText goes past the table's first sizes, with few and with
// many distinct tokens, and reuses the scratch space after larger calls.
func TestCountLongText(t *testing.T) {
	var hyp, ref, manyHyp, manyRef []string
	for i := range 5000 {
		hyp = append(hyp, string(rune('a'+i%7)), string(rune('a'+i%11)))
		ref = append(ref, string(rune('a'+i%5)), string(rune('a'+i%13)))
		manyHyp = append(manyHyp, strconv.Itoa(i%3001), strconv.Itoa(i%7))
		manyRef = append(manyRef, strconv.Itoa(i%4999), strconv.Itoa(i%5))
	}
	checkCount(t, hyp, ref)
	checkCount(t, hyp[:9], ref[:30])
	checkCount(t, manyHyp, manyRef)
	checkCount(t, manyHyp[:40], manyRef[:25])
}

// TestCountRandom compares random pairs over small vocabularies, where
// n-grams repeat and partly overlap on either side, and the tokens share
// prefixes and lengths around the hash's 4- and 8-byte blocks.
func TestCountRandom(t *testing.T) {
	words := []string{"a", "b", "ab", "ba", "abcd", "abce", "bacd", "abcdefgh", "abcdefgi", "abcdefghi", "bbcdefghi"}
	r := rand.New(rand.NewPCG(1, 2))
	seq := func(vocab, n int) []string {
		toks := make([]string, n)
		for i := range toks {
			toks[i] = words[r.IntN(vocab)]
		}
		return toks
	}
	for range 20000 {
		vocab := 1 + r.IntN(len(words))
		checkCount(t, seq(vocab, r.IntN(25)), seq(vocab, r.IntN(25)))
	}
}

// TestConcurrentUse scores from several goroutines at once: the scratch
// buffers of Tokenize13a and Count are pooled and must never be shared.
func TestConcurrentUse(t *testing.T) {
	vectors := loadVectors(t)
	want := make([]Stats, len(vectors))
	for i, v := range vectors {
		want[i], _ = PairStats(v.Hypothesis, v.Reference)
	}
	errs := make(chan string, 8)
	for g := range 8 {
		go func() {
			for k := range 50 {
				i := (g + k) % len(vectors)
				if got, _ := PairStats(vectors[i].Hypothesis, vectors[i].Reference); got != want[i] {
					errs <- vectors[i].ID
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if id := <-errs; id != "" {
			t.Errorf("%s: concurrent PairStats differs", id)
		}
	}
}
