package bleu

import (
	"slices"
	"strings"
	"testing"
)

// tokenCase is a text and the tokens worked out by hand from the 13a rules
// (see Tokenize13a); TestTokenizerMatchesPythonRe checks many more against
// Python's re.
type tokenCase struct {
	name, text string
	want       []string
}

func checkTokens(tb testing.TB, tokenize func(string) []string, cases []tokenCase) {
	tb.Helper()
	for _, c := range cases {
		got := tokenize(c.text)
		if !slices.Equal(got, c.want) {
			tb.Errorf("%s: %q\n got %q\nwant %q", c.name, c.text, got, c.want)
		}
	}
}

func TestTokenize13aSubstitutions(t *testing.T) {
	checkTokens(t, Tokenize13a, []tokenCase{
		{"skipped tag removed", "a<skipped>b <skipped>", []string{"ab"}},
		{"hyphenated line break joined", "word-\nbreak", []string{"wordbreak"}},
		{"newline is a space", "a\nb", []string{"a", "b"}},
		{"skipped removed before -\\n", "a-<skipped>\nb", []string{"ab"}},
		// &quot; is unescaped, then rule 1 splits the quote
		{"quot", "&quot;hi&quot;", []string{`"`, "hi", `"`}},
		{"amp then lt", "&amp;lt;", []string{"<"}},
		{"amp after quot", "&amp;quot;", []string{"&", "quot", ";"}},
		{"lt gt", "&lt;b&gt;", []string{"<", "b", ">"}},
		{"unknown entity", "&nbsp;", []string{"&", "nbsp", ";"}},
		{"empty", "", []string{}},
		{"whitespace only", " \t\n\r\v\f", []string{}},
		{"only skipped", "<skipped>", []string{}},
	})
}

func TestTokenize13aPunctuation(t *testing.T) {
	checkTokens(t, Tokenize13a, []tokenCase{
		{"parens and slash", "a(b)/c", []string{"a", "(", "b", ")", "/", "c"}},
		{"brackets braces", "{x}[y]", []string{"{", "x", "}", "[", "y", "]"}},
		{"symbols", `!"#$%&*+:;<=>?@\^_` + "`|~", strings.Split(`! " # $ % & * + : ; < = > ? @ \ ^ _ `+"` | ~", " ")},
		{"apostrophe stays", "it's the dog's", []string{"it's", "the", "dog's"}},
		{"hyphen between letters stays", "self-driving", []string{"self-driving"}},
		{"percent and dollar", "$5 is 50%", []string{"$", "5", "is", "50", "%"}},
		{"non-ASCII punctuation attached", "“Hi” — yes… 1.5°C", []string{"“Hi”", "—", "yes…", "1.5°C"}},
		{"en dash between digits attached", "2081–2100", []string{"2081–2100"}},
	})
}

func TestTokenize13aPeriodComma(t *testing.T) {
	checkTokens(t, Tokenize13a, []tokenCase{
		// rule 2 after a letter, rule 3 before the padding space
		{"sentence end", "end.", []string{"end", "."}},
		{"decimal kept", "3.14 and 1,000", []string{"3.14", "and", "1,000"}},
		{"digit then period at end", "in 2021.", []string{"in", "2021", "."}},
		// rule 2 matches the padding space before the period
		{"leading decimal point split", ".5", []string{".", "5"}},
		{"letter dot digit", "a.9", []string{"a", ".", "9"}},
		{"digit dot letter", "9.a", []string{"9", ".", "a"}},
		{"version number kept", "9.9.9", []string{"9.9.9"}},
		{"abbreviation", "U.S.", []string{"U", ".", "S", "."}},
		{"ellipsis", "...", []string{".", ".", "."}},
		{"comma between words", "a,b", []string{"a", ",", "b"}},
		// rule 2 consumes "a." so the second period is left to rule 3,
		// which does not split it before a digit
		{"double period before digit", "a..5", []string{"a", ".", ".5"}},
		{"comma after digit before space", "1, 2", []string{"1", ",", "2"}},
	})
}

func TestTokenize13aHyphenAfterDigit(t *testing.T) {
	checkTokens(t, Tokenize13a, []tokenCase{
		{"year range", "1990-2000", []string{"1990", "-", "2000"}},
		{"digit then letter", "5-a", []string{"5", "-", "a"}},
		{"letter then digit stays", "a-5", []string{"a-5"}},
		{"negative number stays", "-5", []string{"-5"}},
		// the first match consumes "5-"; the second hyphen follows a hyphen
		{"double hyphen", "5--6", []string{"5", "-", "-6"}},
		{"trailing hyphen", "5-", []string{"5", "-"}},
	})
}

func TestTokenize13aPythonWhitespace(t *testing.T) {
	checkTokens(t, Tokenize13a, []tokenCase{
		{"information separators split (not in Go's unicode.IsSpace)", "a\x1cb\x1dc\x1ed\x1fe", []string{"a", "b", "c", "d", "e"}},
		{"no-break and thin spaces split", "1\u00a0000 K\u2009m\u202fx", []string{"1", "000", "K", "m", "x"}},
		{"line and paragraph separators", "a\u2028b\u2029c\u3000d\u0085e", []string{"a", "b", "c", "d", "e"}},
		{"zero-width space and BOM are not whitespace", "a\u200bb \ufeffc", []string{"a\u200bb", "\ufeffc"}},
		{"mongolian vowel separator is not whitespace", "a\u180eb", []string{"a\u180eb"}},
	})
}

func TestSacreTokensRstrip(t *testing.T) {
	cases := []tokenCase{
		// sacreBLEU strips "\n" first, so the hyphen survives
		{"trailing hyphen newline", "5-\n", []string{"5", "-"}},
		{"trailing hyphen newline spaces", "a-\n \n", []string{"a-"}},
		{"skipped then newline", "a-<skipped>\n", []string{"a-"}},
		{"inner hyphen newline still joined", "a-\nb\n", []string{"ab"}},
		{"no trailing whitespace", "a b", []string{"a", "b"}},
	}
	checkTokens(t, SacreTokens, cases)
	// HF evaluate's tokenizer is called without rstrip.
	checkTokens(t, Tokenize13a, []tokenCase{
		{"trailing hyphen newline", "5-\n", []string{"5"}},
		{"trailing hyphen newline spaces", "a-\n \n", []string{"a"}},
		{"skipped then newline", "a-<skipped>\n", []string{"a"}},
	})
	for _, c := range cases {
		differs := !slices.Equal(Tokenize13a(c.text), SacreTokens(c.text))
		if differs && !sacreDiffers(c.text) {
			t.Errorf("sacreDiffers(%q) = false, but the tokens differ", c.text)
		}
	}
}

// TestTokenize13aClimateFEVER checks invariants on real text: no empty token,
// no whitespace inside a token, rule-1 punctuation always alone.
func TestTokenize13aClimateFEVER(t *testing.T) {
	ref := loadNLTK(t)
	for _, c := range ref.Sentences {
		checkTokenInvariants(t, c.Reference, Tokenize13a(c.Reference))
	}
}

func checkTokenInvariants(tb testing.TB, text string, tokens []string) {
	tb.Helper()
	for _, tok := range tokens {
		if tok == "" {
			tb.Fatalf("%q: empty token in %q", text, tokens)
		}
		for i := 0; i < len(tok); i++ {
			if spaceAt(tok, i) > 0 {
				tb.Fatalf("%q: token %q holds whitespace", text, tok)
			}
			if isRule1Punct(tok[i]) && len(tok) != 1 {
				tb.Fatalf("%q: token %q holds rule-1 punctuation with other characters", text, tok)
			}
		}
	}
}
