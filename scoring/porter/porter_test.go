package porter

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/pytext"
)

// modeColumns are the modes in the column order of the test data.
var modeColumns = [...]Mode{NLTKExtensions, MartinExtensions, OriginalAlgorithm}

// nltkStems is testdata/nltk_stems.json, written by
// scripts/reference/porter.py with Debian's python3-nltk.
type nltkStems struct {
	NLTKVersion       string      `json:"nltk_version"`
	Columns           []string    `json:"columns"`
	HardWords         [][4]string `json:"hard_words"`
	ClimateFeverWords [][4]string `json:"climate_fever_words"`
	PythonLower       [][2]any    `json:"python_lower"`
	Cased             [][2]rune   `json:"cased"`
	CaseIgnorable     [][2]rune   `json:"case_ignorable"`
	Unassigned        [][2]rune   `json:"unassigned"`
}

func loadNLTKStems(tb testing.TB) nltkStems {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "nltk_stems.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var ref nltkStems
	if err := json.Unmarshal(data, &ref); err != nil {
		tb.Fatal(err)
	}
	want := []string{"word", "nltk_extensions", "martin_extensions", "original_algorithm"}
	if len(ref.Columns) != len(want) {
		tb.Fatalf("columns %v, want %v", ref.Columns, want)
	}
	for i := range want {
		if ref.Columns[i] != want[i] {
			tb.Fatalf("columns %v, want %v", ref.Columns, want)
		}
	}
	return ref
}

// checkRows compares every row (word and its stem in each mode) with
// StemMode and reports at most a few differences per mode.
func checkRows(tb testing.TB, name string, rows [][4]string) {
	tb.Helper()
	for col, m := range modeColumns {
		bad := 0
		for _, row := range rows {
			if got, want := StemMode(row[0], m), row[col+1]; got != want {
				bad++
				if bad <= 10 {
					tb.Errorf("%s %v: StemMode(%q) = %q, NLTK says %q", name, m, row[0], got, want)
				}
			}
		}
		if bad > 0 {
			tb.Errorf("%s %v: %d of %d words differ from NLTK", name, m, bad, len(rows))
		}
	}
}

func TestDevStems(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "porter_stems_dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][4]string
	differ := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec struct {
			Word        string `json:"word"`
			NLTK        string `json:"nltk_extensions"`
			Martin      string `json:"martin_extensions"`
			Original    string `json:"original_algorithm"`
			ModesDiffer bool   `json:"modes_differ"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.ModesDiffer {
			differ++
		}
		rows = append(rows, [4]string{rec.Word, rec.NLTK, rec.Martin, rec.Original})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 200 || differ == 0 {
		t.Fatalf("%d words, %d where the modes differ: test data incomplete", len(rows), differ)
	}
	checkRows(t, "dev", rows)
}

func TestHardWords(t *testing.T) {
	ref := loadNLTKStems(t)
	if len(ref.HardWords) < 100 {
		t.Fatalf("only %d hard words", len(ref.HardWords))
	}
	checkRows(t, "hard", ref.HardWords)
}

func TestClimateFeverWords(t *testing.T) {
	ref := loadNLTKStems(t)
	if len(ref.ClimateFeverWords) < 10000 {
		t.Fatalf("only %d Climate-FEVER words", len(ref.ClimateFeverWords))
	}
	checkRows(t, "climate-fever", ref.ClimateFeverWords)
}

// TestNLTKDeviations pins the behaviours that tell NLTK's default mode from
// textbook Porter; the expected stems are those in the NLTK source and its
// docstrings, and the NLTK-generated data above checks them again.
func TestNLTKDeviations(t *testing.T) {
	cases := []struct{ word, nltk, original string }{
		{"dying", "die", "dy"},      // irregular pool
		{"skies", "sky", "ski"},     // irregular pool
		{"Sky", "ski", "sky"},       // the pool is looked up before lower-casing
		{"news", "news", "new"},     // irregular pool
		{"dies", "die", "di"},       // step 1a: four-letter -ies
		{"spied", "spi", "spi"},     // step 1b: -ied
		{"enjoy", "enjoy", "enjoi"}, // step 1c: y after a vowel stays
		{"generally", "gener", "gener"},
		{"is", "is", "i"}, // words of at most two code points are not stemmed
	}
	for _, c := range cases {
		if got := Stem(c.word); got != c.nltk {
			t.Errorf("Stem(%q) = %q, want %q", c.word, got, c.nltk)
		}
		if got := StemMode(c.word, OriginalAlgorithm); got != c.original {
			t.Errorf("StemMode(%q, OriginalAlgorithm) = %q, want %q", c.word, got, c.original)
		}
	}
}

// TestPythonLower checks pyLower against Python's str.lower for every code
// point Python changes, and that it changes no other code point, except
// code points that Python's older Unicode database leaves unassigned.
func TestPythonLower(t *testing.T) {
	ref := loadNLTKStems(t)
	if len(ref.PythonLower) < 1000 {
		t.Fatalf("only %d lower-case mappings", len(ref.PythonLower))
	}
	unassigned := func(r rune) bool { return inRanges(ref.Unassigned, r) }
	changed := make(map[rune]bool)
	for _, m := range ref.PythonLower {
		cp, want := rune(m[0].(float64)), m[1].(string)
		changed[cp] = true
		// Σ alone: not final (no cased letter before it).
		if got := pytext.Lower(string(cp)); got != want {
			t.Errorf("%U: pyLower = %q, Python says %q", cp, got, want)
		}
	}
	bad := 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) || changed[r] || unassigned(r) {
			continue
		}
		if got := pytext.Lower(string(r)); got != string(r) {
			bad++
			if bad <= 10 {
				t.Errorf("%U: pyLower = %q, Python leaves it", r, got)
			}
		}
	}
	if got := pytext.Lower("ÀB\xffc"); got != "àb\ufffdc" {
		t.Errorf("pyLower with an invalid byte = %q", got)
	}
}

func TestFinalSigma(t *testing.T) {
	cases := map[string]string{
		"Σ":        "σ",
		"ΑΣ":       "ας",
		"ΣΑΣ":      "σας",
		"ΑΣΑ":      "ασα",
		"ΑΣ.":      "ας.",
		"Α.Σ":      "α.ς",
		"ΑΣ'Α":     "ασ'α", // the apostrophe is skipped: a cased letter follows
		"ΑΣ\u0301": "ας\u0301",
		"1Σ":       "1σ",
	}
	for in, want := range cases {
		if got := pytext.Lower(in); got != want {
			t.Errorf("pytext.Lower(%q) = %q, want %q", in, got, want)
		}
	}
}

func inRanges(rs [][2]rune, r rune) bool {
	lo, hi := 0, len(rs)
	for lo < hi {
		mid := (lo + hi) / 2
		switch {
		case r < rs[mid][0]:
			hi = mid
		case r > rs[mid][1]:
			lo = mid + 1
		default:
			return true
		}
	}
	return false
}

func BenchmarkStem(b *testing.B) {
	words := []string{"generalizations", "temperatures", "dying", "warming", "co2", "the", "atmospheric", "naïvely"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Stem(words[i%len(words)])
	}
}
