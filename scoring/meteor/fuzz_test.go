package meteor

import (
	"math"
	"strings"
	"testing"
)

// FuzzScoreTokens scores arbitrary token lists (the texts split at spaces):
// no panic, a score in [0, 1] that is never NaN, and a text against itself
// aligns every token in one chunk.
func FuzzScoreTokens(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""},
		{"the cat sat", "a cat sits"},
		{"Geese ran quickly .", "A goose runs fast ."},
		{"ΣΑΣ İs \xff", "σας i̇s"},
		{"a a a b", "b a a a"},
		{"car automobile auto", "auto car"},
	} {
		f.Add(s[0], s[1])
	}
	m := New(openWordNet(f))
	m.maxWords = 1 << 12
	f.Fuzz(func(t *testing.T, ref, hyp string) {
		rt, ht := strings.Split(ref, " "), strings.Split(hyp, " ")
		for _, pair := range [][2][]string{{rt, ht}, {ht, rt}, {rt, nil}} {
			s := m.ScoreTokens(pair[0], pair[1])
			if math.IsNaN(s) || s < 0 || s > 1 {
				t.Fatalf("ScoreTokens(%q, %q) = %v", pair[0], pair[1], s)
			}
		}
		a := new(aligner)
		if matches, chunks := a.align(m, rt, rt); matches != len(rt) || chunks != 1 {
			t.Fatalf("%q against itself: %d matches in %d chunks", rt, matches, chunks)
		}
		if s := m.Score(ref, hyp); math.IsNaN(s) || s < 0 || s > 1 {
			t.Fatalf("Score(%q, %q) = %v", ref, hyp, s)
		}
	})
}
