package treebank

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/punkt"
)

// slowTokenize is WordTokenize (sentences false: TokenizeSentence) without
// its shortcuts: every pass runs on every sentence, and the tokens come
// from a plain split. It is the fuzz test's oracle for the shortcuts.
func slowTokenize(text string, sentences bool) []string {
	parts := []string{text}
	if sentences {
		parts = punkt.English().Sentences(text)
	}
	var all []byte
	for _, s := range parts {
		t := new(tokenizer)
		t.cur = append(t.cur, s...)
		for _, p := range passes {
			t.run(p.run)
		}
		for _, p := range contractionPasses {
			t.run(p)
		}
		all = append(all, t.cur...)
		all = append(all, ' ')
	}
	var out []string
	start := -1
	s := string(all)
	for i := 0; i < len(s); {
		space, n := spaceAtBytes(all, i)
		switch {
		case space && start >= 0:
			out = append(out, s[start:i])
			start = -1
		case !space && start < 0:
			start = i
		}
		i += n
	}
	return out
}

// checkSlow fails unless WordTokenize and TokenizeSentence agree with
// slowTokenize on text.
func checkSlow(tb testing.TB, text string) {
	tb.Helper()
	if got, want := WordTokenize(text), slowTokenize(text, true); !slices.Equal(got, want) {
		tb.Fatalf("WordTokenize(%q) = %q, all passes give %q", text, got, want)
	}
	if got, want := TokenizeSentence(text), slowTokenize(text, false); !slices.Equal(got, want) {
		tb.Fatalf("TokenizeSentence(%q) = %q, all passes give %q", text, got, want)
	}
}

// TestShortcuts checks the shortcuts against slowTokenize on every
// reference text and the adversarial unit.
func TestShortcuts(t *testing.T) {
	for _, r := range loadReference(t).Results {
		checkSlow(t, r.Text)
	}
	checkSlow(t, adversarialUnit)
}

// TestAppendWordTokenize checks that AppendWordTokenize appends
// WordTokenize's tokens.
func TestAppendWordTokenize(t *testing.T) {
	for _, r := range loadReference(t).Results {
		want := append([]string{"x"}, WordTokenize(r.Text)...)
		if got := AppendWordTokenize([]string{"x"}, r.Text); !slices.Equal(got, want) {
			t.Fatalf("AppendWordTokenize(%q) = %q, want %q", r.Text, got, want)
		}
	}
}

// TestFieldClass checks fieldClass against isSpace on every code point.
func TestFieldClass(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		want := uint8(0)
		switch {
		case r < utf8.RuneSelf && isSpace(r):
			want = 1
		case isSpace(r):
			want = maybeSpace
		}
		if got := fieldClass[buf[0]]; got != want && (want != 0 || n == 1) {
			t.Fatalf("fieldClass[%#x] = %d, want %d for %U", buf[0], got, want, r)
		}
	}
}
