package treebank

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// reference is testdata/nltk_word_tokenize.json, written by
// scripts/reference/word_tokenize.py.
type reference struct {
	NLTKVersion    string      `json:"nltk_version"`
	PythonVersion  string      `json:"python_version"`
	UnicodeVersion string      `json:"unicode_version"`
	CharClasses    charClasses `json:"char_classes"`
	Results        []struct {
		ID     string   `json:"id"`
		Text   string   `json:"text"`
		Tokens []string `json:"tokens"`
		// LineTokens is word_tokenize(text, preserve_line=True) where it
		// differs from Tokens, unless LineTokensOmitted.
		LineTokens        []string `json:"line_tokens"`
		LineTokensOmitted bool     `json:"line_tokens_omitted"`
	} `json:"results"`
}

// charClasses holds Python's character classes as [first, last] code point
// ranges.
type charClasses struct {
	Word       [][2]rune         `json:"word"`
	Decimal    [][2]rune         `json:"decimal"`
	Space      [][2]rune         `json:"space"`
	SplitSpace [][2]rune         `json:"split_space"`
	Unassigned [][2]rune         `json:"unassigned"`
	IgnoreCase map[string][]rune `json:"ignorecase"`
}

var (
	refOnce sync.Once
	refData reference
	refErr  error
)

// loadReference reads testdata/nltk_word_tokenize.json once per test binary.
func loadReference(tb testing.TB) *reference {
	tb.Helper()
	refOnce.Do(func() {
		b, err := os.ReadFile(filepath.Join("testdata", "nltk_word_tokenize.json"))
		if err != nil {
			refErr = err
			return
		}
		refErr = json.Unmarshal(b, &refData)
	})
	if refErr != nil {
		tb.Fatalf("read NLTK reference (regenerate with scripts/reference/word_tokenize.py): %v", refErr)
	}
	return &refData
}

// TestMatchesNLTK checks WordTokenize against nltk.word_tokenize, and
// TokenizeSentence against NLTKWordTokenizer().tokenize on the whole text,
// for every text of testdata/nltk_word_tokenize.json. To regenerate it
// (Debian 12's python3-nltk), from the repository root:
//
//	/usr/bin/python3 scripts/reference/word_tokenize.py
func TestMatchesNLTK(t *testing.T) {
	ref := loadReference(t)
	if len(ref.Results) < 500 {
		t.Fatalf("only %d texts", len(ref.Results))
	}
	t.Logf("NLTK %s, Python %s (Unicode %s), %d texts", ref.NLTKVersion, ref.PythonVersion, ref.UnicodeVersion, len(ref.Results))
	bad, n := 0, 0
	for _, r := range ref.Results {
		n++
		lineWant := r.LineTokens
		if lineWant == nil {
			lineWant = r.Tokens
		}
		if len(r.Tokens) == 0 {
			r.Tokens = nil
		}
		if len(lineWant) == 0 {
			lineWant = nil
		}
		if got := WordTokenize(r.Text); !slices.Equal(got, r.Tokens) {
			bad++
			t.Errorf("%s: WordTokenize(%q)\n got %q\nwant %q", r.ID, r.Text, got, r.Tokens)
		}
		if r.LineTokensOmitted {
			continue
		}
		n++
		if got := TokenizeSentence(r.Text); !slices.Equal(got, lineWant) {
			bad++
			t.Errorf("%s: TokenizeSentence(%q)\n got %q\nwant %q", r.ID, r.Text, got, lineWant)
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d results differ from NLTK", bad, n)
	}
}

// TestReferenceCoversRules checks that the reference texts exercise every
// rule: each substitution changes at least one of them, and the hand-made
// groups are all there.
func TestReferenceCoversRules(t *testing.T) {
	ref := loadReference(t)
	var all []pass
	for _, p := range passes {
		all = append(all, p.run)
	}
	all = append(all, contractionPasses...)
	hits := make([]int, len(all))
	groups := map[string]bool{}
	for _, r := range ref.Results {
		if rest, ok := strings.CutPrefix(r.ID, "hard-"); ok {
			groups[rest[:strings.LastIndexByte(rest, '-')]] = true
		}
		cur := []byte(r.Text)
		for i, p := range all {
			w := rewriter{src: cur}
			p(&w)
			if next, changed := w.finish(); changed {
				hits[i]++
				cur = next
			}
		}
	}
	for i, n := range hits {
		if n < 3 {
			t.Errorf("pass %d changes only %d reference texts", i, n)
		}
	}
	for _, g := range []string{"double-quotes", "curly-quotes", "single-quotes", "contractions", "possessives",
		"ellipses", "dashes", "brackets", "numbers", "urls-emails", "abbreviations", "final-period",
		"colons-commas", "non-ascii", "whitespace"} {
		if !groups[g] {
			t.Errorf("no hand-made texts for %s", g)
		}
	}
	if len(ref.Results) < 500 {
		t.Errorf("only %d texts", len(ref.Results))
	}
}

// TestTokenizeSentenceKnown spells out a few of NLTK's documented results,
// so that a failure names the rule without reading the reference file.
func TestTokenizeSentenceKnown(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks.",
			[]string{"Good", "muffins", "cost", "$", "3.88", "in", "New", "York.", "Please", "buy", "me", "two", "of", "them.", "Thanks", "."}},
		{`They'll save and invest more.`, []string{"They", "'ll", "save", "and", "invest", "more", "."}},
		{`"I can't," he said.`, []string{"``", "I", "ca", "n't", ",", "''", "he", "said", "."}},
		{"Gimme 'tis, wanna go?", []string{"Gim", "me", "'t", "is", ",", "wan", "na", "go", "?"}},
		{"1,000 and 10:30, but a,b", []string{"1,000", "and", "10:30", ",", "but", "a", ",", "b"}},
		{"Wait... ok -- (fine)!", []string{"Wait", "...", "ok", "--", "(", "fine", ")", "!"}},
		{"", nil},
		{" \t\n", nil},
	} {
		if got := TokenizeSentence(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("TokenizeSentence(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestConcurrentUse tokenizes from several goroutines at once; run with
// -race to check that the package holds no shared mutable state.
func TestConcurrentUse(t *testing.T) {
	ref := loadReference(t)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(ref.Results); i += 4 {
				r := ref.Results[i]
				if got := WordTokenize(r.Text); len(got) != len(r.Tokens) {
					t.Errorf("%s: %d tokens, want %d", r.ID, len(got), len(r.Tokens))
					return
				}
			}
		}()
	}
	wg.Wait()
}
