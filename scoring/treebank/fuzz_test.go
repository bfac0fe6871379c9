package treebank

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// normalize removes whitespace from s and spells every backtick as an
// apostrophe and every double quote as two apostrophes, which makes a text
// and the concatenation of its tokens equal: NLTK's tokenizer only inserts
// whitespace and rewrites a double quote as two backticks or two
// apostrophes.
func normalize(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			sb.WriteByte(s[i])
		case isSpace(r):
		case r == '`':
			sb.WriteByte('\'')
		case r == '"':
			sb.WriteString("''")
		default:
			sb.WriteString(s[i : i+n])
		}
		i += n
	}
	return sb.String()
}

// checkTokens fails unless every token is non-empty and free of whitespace
// (what Python's str.split guarantees) and the tokens hold the text's
// characters in order, quotes aside.
func checkTokens(tb testing.TB, text string, tokens []string) {
	tb.Helper()
	for i, tok := range tokens {
		if tok == "" {
			tb.Fatalf("%q: token %d is empty in %q", text, i, tokens)
		}
		for _, r := range tok {
			if isSpace(r) {
				tb.Fatalf("%q: token %d %q holds whitespace", text, i, tok)
			}
		}
	}
	var joined strings.Builder
	for _, tok := range tokens {
		// One at a time: invalid bytes at the ends of two tokens may
		// join into a valid character.
		joined.WriteString(normalize(tok))
	}
	if got, want := joined.String(), normalize(text); got != want {
		tb.Fatalf("%q: tokens %q lose or add characters:\n got %q\nwant %q", text, tokens, got, want)
	}
}

// TestTokensKeepText checks the invariants of checkTokens on every reference
// text, for both functions, so that the fuzz test's oracle is known to hold.
func TestTokensKeepText(t *testing.T) {
	for _, r := range loadReference(t).Results {
		checkTokens(t, r.Text, WordTokenize(r.Text))
		checkTokens(t, r.Text, TokenizeSentence(r.Text))
		checkTokens(t, r.Text, r.Tokens)
	}
}

// FuzzWordTokenize checks that any input, valid UTF-8 or not, tokenizes
// without panicking into non-empty tokens without whitespace that keep the
// text's characters, with WordTokenize and TokenizeSentence, as without
// their shortcuts (checkSlow). The seeds are
// the hand-made reference texts.
func FuzzWordTokenize(f *testing.F) {
	for _, r := range loadReference(f).Results {
		if strings.HasPrefix(r.ID, "hard-") {
			f.Add(r.Text)
		}
	}
	for _, s := range []string{"\xff'\xfe", "'\xc3", "can\xe2\x80not", "x.\xe2\x80\x9d", "\"\xff\"", "wanna\xc2\xa0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkTokens(t, text, WordTokenize(text))
		checkTokens(t, text, TokenizeSentence(text))
		checkSlow(t, text)
	})
}
