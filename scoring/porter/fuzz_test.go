package porter

import (
	"testing"
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/pytext"
)

// FuzzStem checks that stemming never panics, is deterministic, returns
// valid UTF-8 and never makes an ASCII word longer than its lower-cased
// form plus one letter (step 1b may add an "e"). Porter is not idempotent,
// so Stem(Stem(w)) is not compared with Stem(w).
func FuzzStem(f *testing.F) {
	for _, w := range []string{"", "a", "dying", "Skies", "generalizations", "fo*ded", "yyyy",
		"İstanbul", "ΟΔΥΣΣΕΥΣ", "\xff\xfe", "hopping", "conflated", "controll"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, word string) {
		for _, m := range modeColumns {
			got := StemMode(word, m)
			if again := StemMode(word, m); again != got {
				t.Fatalf("StemMode(%q, %v) = %q, then %q", word, m, got, again)
			}
			if !utf8.ValidString(got) {
				t.Fatalf("StemMode(%q, %v) = %q: invalid UTF-8", word, m, got)
			}
			if lower := pytext.Lower(word); utf8.RuneCountInString(got) > utf8.RuneCountInString(lower)+1 {
				t.Fatalf("StemMode(%q, %v) = %q: longer than %q plus one", word, m, got, lower)
			}
		}
	})
}
