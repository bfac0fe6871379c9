package punkt

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

type testText struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type nltkReference struct {
	NLTKVersion    string `json:"nltk_version"`
	PythonVersion  string `json:"python_version"`
	UnicodeVersion string `json:"unicode_version"`
	Results        []struct {
		ID        string   `json:"id"`
		Sentences []string `json:"sentences"`
		Spans     [][2]int `json:"spans"`
	} `json:"results"`
	CharClasses []struct {
		Char      string `json:"char"`
		Space     bool   `json:"space"`
		Upper     bool   `json:"upper"`
		Lower     bool   `json:"lower"`
		Decimal   bool   `json:"decimal"`
		Word      bool   `json:"word"`
		Lowercase string `json:"lowercase"`
	} `json:"char_classes"`
}

func readJSON(tb testing.TB, name string, v any) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
}

func loadTexts(tb testing.TB) []testText {
	tb.Helper()
	var texts []testText
	readJSON(tb, "texts.json", &texts)
	return texts
}

func loadReference(tb testing.TB) nltkReference {
	tb.Helper()
	var ref nltkReference
	readJSON(tb, "nltk_sentences.json", &ref)
	return ref
}

// TestMatchesNLTK checks that every text in testdata/texts.json splits into
// exactly the sentences and spans that NLTK's PunktSentenceTokenizer with the
// English parameters gives (testdata/nltk_sentences.json). To regenerate the
// texts and NLTK's answers (Debian 12's python3-nltk), from the repository
// root:
//
//	/usr/bin/python3 scripts/punkt/texts.py
//	/usr/bin/python3 scripts/punkt/reference.py
func TestMatchesNLTK(t *testing.T) {
	texts := loadTexts(t)
	ref := loadReference(t)
	if len(ref.Results) != len(texts) {
		t.Fatalf("%d texts but %d NLTK results; rerun scripts/punkt/reference.py", len(texts), len(ref.Results))
	}
	if len(texts) < 300 {
		t.Fatalf("only %d texts", len(texts))
	}
	t.Logf("NLTK %s, Python %s (Unicode %s)", ref.NLTKVersion, ref.PythonVersion, ref.UnicodeVersion)
	tz := English()
	bad := 0
	for i, tt := range texts {
		want := ref.Results[i]
		if want.ID != tt.ID {
			t.Fatalf("result %d is for %s, text is %s; rerun scripts/punkt/reference.py", i, want.ID, tt.ID)
		}
		gotSpans := tz.SentenceSpans(tt.Text)
		got := tz.Sentences(tt.Text)
		if len(want.Spans) == 0 {
			want.Spans = nil
		}
		if len(want.Sentences) == 0 {
			want.Sentences = nil
		}
		if !slices.Equal(got, want.Sentences) || !slices.Equal(gotSpans, want.Spans) {
			bad++
			t.Errorf("%s: text %q\n got sentences %q\nwant sentences %q\n got spans %v\nwant spans %v",
				tt.ID, tt.Text, got, want.Sentences, gotSpans, want.Spans)
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts differ from NLTK", bad, len(texts))
	}
}

// TestCharClassesMatchPython checks the Python character classes that the
// tokenizer relies on, for every character of the test texts and some chosen
// hard ones, against what Python reported (testdata/nltk_sentences.json).
func TestCharClassesMatchPython(t *testing.T) {
	ref := loadReference(t)
	if len(ref.CharClasses) < 100 {
		t.Fatalf("only %d characters", len(ref.CharClasses))
	}
	for _, c := range ref.CharClasses {
		r, size := utf8.DecodeRuneInString(c.Char)
		if size != len(c.Char) {
			t.Fatalf("%q is not one rune", c.Char)
		}
		got := [...]bool{isSpace(r), isUpper(r), isLower(r), isDecimal(r), isWordChar(r)}
		want := [...]bool{c.Space, c.Upper, c.Lower, c.Decimal, c.Word}
		if got != want {
			t.Errorf("%U %q: space, upper, lower, decimal, word = %v, Python says %v", r, c.Char, got, want)
		}
		if lower := pyLower(c.Char); lower != c.Lowercase && (isASCII(lower) || isASCII(c.Lowercase)) {
			t.Errorf("%U %q: lower = %q, Python says %q", r, c.Char, lower, c.Lowercase)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func TestEnglishLoadsOnce(t *testing.T) {
	a, b := English(), English()
	if a != b {
		t.Error("English returned two tokenizers")
	}
	if len(a.abbrevs) != 156 || len(a.collocations) != 37 || len(a.sentStarters) != 39 || len(a.ortho) != 20366 {
		t.Errorf("parameters: %d abbreviations, %d collocations, %d sentence starters, %d orthographic contexts; want 156, 37, 39, 20366",
			len(a.abbrevs), len(a.collocations), len(a.sentStarters), len(a.ortho))
	}
}

func TestParseParamsErrors(t *testing.T) {
	for _, in := range []string{
		`{`,
		`{}`,
		`{"abbrev_types": ["dr"], "ortho_context": {"a": 2}, "collocations": [["a"]]}`,
	} {
		if _, err := parseParams([]byte(in)); err == nil {
			t.Errorf("parseParams(%s) succeeded", in)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	texts := loadTexts(t)
	tz := English()
	want := make([][]string, len(texts))
	for i, tt := range texts {
		want[i] = tz.Sentences(tt.Text)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < len(texts); i += 2 {
				if got := tz.Sentences(texts[i].Text); !slices.Equal(got, want[i]) {
					t.Errorf("%s: concurrent result differs", texts[i].ID)
				}
			}
		})
	}
	wg.Wait()
}

// TestLargeInput splits 1 MB texts of several shapes, ordinary prose and
// inputs built to provoke backtracking or repeated rescans (runs of
// punctuation, of ". ", of closing brackets, a single huge token). They must
// all finish quickly; the work is linear in the input.
// BenchmarkSentences1MB measures the prose case.
func TestLargeInput(t *testing.T) {
	const n = 1 << 20
	shapes := map[string]string{
		"prose":           largeText(n),
		"exclamations":    strings.Repeat("!", n),
		"dot-space":       strings.Repeat(". ", n/2),
		"dots":            strings.Repeat(".", n),
		"dot-paren":       strings.Repeat(".)", n/2),
		"word-dot-paren":  strings.Repeat("ab.)", n/4),
		"dot-quote-space": strings.Repeat(".\" ", n/3),
		"one-token":       "a. " + strings.Repeat("x", n),
		"dot-then-parens": "a. " + strings.Repeat(".)", n/2),
		"commas":          strings.Repeat("a,", n/2) + ".",
		"hyphens":         strings.Repeat("-", n) + ". A",
		"initials":        strings.Repeat("J. ", n/3),
		"spaces":          "a." + strings.Repeat(" ", n) + "b",
		"closers":         "a. " + strings.Repeat(")", n) + " b. c",
		"newlines":        strings.Repeat("a.\n", n/3),
	}
	for name, text := range shapes {
		t.Run(name, func(t *testing.T) {
			spans := English().SentenceSpans(text)
			checkSpans(t, text, spans, English().Sentences(text))
			if name == "prose" && len(spans) < 1000 {
				t.Errorf("%d sentences in 1 MB of prose", len(spans))
			}
		})
	}
}

// largeText repeats Climate-FEVER-like prose, with abbreviations, numbers
// and quotes, up to n bytes.
func largeText(n int) string {
	const para = `Global warming is driving polar bears toward extinction. ` +
		`Dr. Smith of the U.S. agency said "the ice is melting." ` +
		`Temperatures rose 1.5°C since 1850, i.e. about 0.1 degrees per decade... ` +
		`(See J. R. R. Tolkien, p. 42.) Is it over? No! `
	var sb strings.Builder
	for sb.Len() < n {
		sb.WriteString(para)
	}
	return sb.String()[:n]
}

// checkSpans checks that spans are ordered, non-overlapping, non-empty,
// within text, that sentences are the text they cover, and that only
// whitespace lies outside them.
func checkSpans(tb testing.TB, text string, spans [][2]int, sentences []string) {
	tb.Helper()
	if len(spans) != len(sentences) {
		tb.Fatalf("%d spans but %d sentences", len(spans), len(sentences))
	}
	prev := 0
	for i, s := range spans {
		if s[0] < prev || s[0] >= s[1] || s[1] > len(text) {
			tb.Fatalf("span %d %v out of order or bounds (previous end %d, len %d) in %q", i, s, prev, len(text), text)
		}
		if sentences[i] != text[s[0]:s[1]] {
			tb.Fatalf("sentence %d %q is not text%v = %q", i, sentences[i], s, text[s[0]:s[1]])
		}
		if gap := text[prev:s[0]]; strings.TrimFunc(gap, isSpace) != "" {
			tb.Fatalf("text %q between sentences %d and %d is not whitespace", gap, i-1, i)
		}
		prev = s[1]
	}
	if rest := text[prev:]; strings.TrimFunc(rest, isSpace) != "" {
		tb.Fatalf("text %q after the last sentence is not whitespace", rest)
	}
}
