package meteor

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/pytext"
)

// inRanges reports whether r is in one of the [first, last] ranges.
func inRanges(ranges [][2]rune, r rune) bool {
	lo, hi := 0, len(ranges)
	for lo < hi {
		mid := (lo + hi) / 2
		switch {
		case r < ranges[mid][0]:
			hi = mid
		case r > ranges[mid][1]:
			lo = mid + 1
		default:
			return true
		}
	}
	return false
}

// TestPythonLower compares pyLower with Python's str.lower on every code
// point Python's Unicode database assigns, alone and in the three contexts
// of the final-sigma rule. Go's tables may be of a newer Unicode version;
// code points Python does not know are skipped.
func TestPythonLower(t *testing.T) {
	pl := nltkReference(t).PythonLower
	if len(pl.Assigned) == 0 || len(pl.Changed) < 1000 {
		t.Fatal("testdata/nltk_meteor.json has no python_lower data")
	}
	changed := make(map[rune]string, len(pl.Changed))
	for _, e := range pl.Changed {
		changed[e.cp] = e.lower
	}
	bad := 0
	for _, rg := range pl.Assigned {
		for r := rg[0]; r <= rg[1]; r++ {
			want, ok := changed[r]
			if !ok {
				want = string(r)
			}
			if got := pytext.Lower(string(r)); got != want {
				t.Errorf("pytext.Lower(%U %q) = %q, Python %q", r, string(r), got, want)
				bad++
			}
			final := func(s string) bool { return strings.Contains(pytext.Lower(s), "ς") }
			if got, want := final(string(r)+"Σ"), inRanges(pl.FinalAfter, r); got != want {
				t.Errorf("%U then Σ: final sigma %v, Python %v", r, got, want)
				bad++
			}
			if got, want := final("A"+string(r)+"Σ"), inRanges(pl.FinalBetween, r); got != want {
				t.Errorf("A, %U, Σ: final sigma %v, Python %v", r, got, want)
				bad++
			}
			if got, want := final("AΣ"+string(r)), inRanges(pl.FinalBefore, r); got != want {
				t.Errorf("A, Σ, %U: final sigma %v, Python %v", r, got, want)
				bad++
			}
			if bad > 20 {
				t.Fatal("too many differences")
			}
		}
	}
}

func TestPyLowerStrings(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"already lower":  "already lower",
		"The CO2":        "the co2",
		"İstanbul":       "i̇stanbul",
		"ΟΔΟΣ":           "οδος",
		"ΣΑΣ Σ":          "σας σ",
		"ΑΣ'Β":           "ασ'β",
		"ΑΣ'":            "ας'",
		"Straße":         "straße",
		"\u212aing":      "king",
		"a\xffB":         "a\ufffdb",
		"MIXED ascii É!": "mixed ascii é!",
	} {
		if got := pytext.Lower(in); got != want {
			t.Errorf("pytext.Lower(%q) = %q, want %q", in, got, want)
		}
	}
	s := "lower-case ascii"
	if got := pytext.Lower(s); got != s || !utf8.ValidString(got) {
		t.Errorf("pyLower changed %q", s)
	}
}
