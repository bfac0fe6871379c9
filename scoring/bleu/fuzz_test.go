package bleu

import (
	"errors"
	"math"
	"slices"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are texts that exercise every tokenizer rule.
var fuzzSeeds = []string{
	"", " ", "a-\n", "5-\n \n", "a-<skipped>\n", "&amp;quot;x&quot;", "a..5", ".5",
	"1990-2000 5--6", "U.S. e.g. 1,000.5", "“Hi” — yes…", "a\x1cb\u00a0c\u2028",
	"the cat sat on the mat", "the the the the",
}

// FuzzTokenize13a checks that any valid UTF-8 text tokenizes without
// panicking into non-empty tokens without whitespace, with rule-1
// punctuation always alone, and that the fast path of PairStats (reusing
// the HF tokens for sacreBLEU unless sacreDiffers) is never wrong.
func FuzzTokenize13a(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // Python strings, and JSON-decoded Go strings, are valid
		}
		hf := Tokenize13a(s)
		checkTokenInvariants(t, s, hf)
		sacre := SacreTokens(s)
		checkTokenInvariants(t, s, sacre)
		if !sacreDiffers(s) && !slices.Equal(hf, sacre) {
			t.Fatalf("%q: sacreDiffers is false but the tokens differ: %q vs %q", s, hf, sacre)
		}
	})
}

// FuzzScores checks that any pair scores without panicking: HF in [0, 1]
// or ErrUndefined exactly when a side has no tokens, sacreBLEU in [0, 100],
// never NaN, Count agreeing with the textbook count, and PairStats agreeing
// with the one-implementation functions.
func FuzzScores(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+3)%len(fuzzSeeds)])
		f.Add(s, s)
	}
	const slack = 1e-12 // identical texts give 100.00000000000004 in sacreBLEU too
	f.Fuzz(func(t *testing.T, hyp, ref string) {
		if !utf8.ValidString(hyp) || !utf8.ValidString(ref) {
			return
		}
		r, err := HF(hyp, ref)
		empty := len(Tokenize13a(hyp)) == 0 || len(Tokenize13a(ref)) == 0
		switch {
		case err != nil && !errors.Is(err, ErrUndefined):
			t.Fatalf("HF(%q, %q): unexpected error %v", hyp, ref, err)
		case (err != nil) != empty:
			t.Fatalf("HF(%q, %q): error %v, but empty side = %v", hyp, ref, err, empty)
		case err == nil && !(r.Score >= 0 && r.Score <= 1+slack):
			t.Fatalf("HF(%q, %q) = %v, outside [0, 1]", hyp, ref, r.Score)
		}
		s := Sacre(hyp, ref)
		if !(s.Score >= 0 && s.Score <= 100*(1+slack)) || math.IsNaN(s.BP) {
			t.Fatalf("Sacre(%q, %q) = %+v, outside [0, 100]", hyp, ref, s)
		}
		checkCount(t, Tokenize13a(hyp), Tokenize13a(ref))
		hfStats, sacreStats := PairStats(hyp, ref)
		if got, _ := hfStats.HF(); got != r {
			t.Fatalf("PairStats HF %+v, HF %+v", got, r)
		}
		if got := sacreStats.Sacre(true); got != s {
			t.Fatalf("PairStats Sacre %+v, Sacre %+v", got, s)
		}
	})
}
