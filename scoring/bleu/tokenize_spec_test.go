package bleu

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// spec13a is a direct transcription of sacreBLEU's Tokenizer13a, one step
// per Python statement and one re.sub per rule, character by character,
// with rule 1 padding every space as Python does. Tokenize13a takes
// shortcuts (skipped passes, one space for rule 1's spaces, bulk copies);
// FuzzTokenize13aSpec checks they change nothing.
func spec13a(line string) []string {
	for _, sub := range substitutions {
		line = strings.ReplaceAll(line, sub[0], sub[1])
	}
	runes := []rune(" " + line + " ")
	sub := func(in []rune, match func(a, b rune) bool, repl func(a, b rune) []rune) []rune {
		var out []rune
		for i := 0; i < len(in); i++ {
			if i+1 < len(in) && match(in[i], in[i+1]) {
				out = append(out, repl(in[i], in[i+1])...)
				i++
				continue
			}
			out = append(out, in[i])
		}
		return out
	}
	digit := func(r rune) bool { return '0' <= r && r <= '9' }
	pc := func(r rune) bool { return r == '.' || r == ',' }
	var out []rune
	for _, r := range runes { // rule 1
		if r < utf8.RuneSelf && isRule1Punct(byte(r)) {
			out = append(out, ' ', r, ' ')
		} else {
			out = append(out, r)
		}
	}
	out = sub(out, func(a, b rune) bool { return !digit(a) && pc(b) }, func(a, b rune) []rune { return []rune{a, ' ', b, ' '} })
	out = sub(out, func(a, b rune) bool { return pc(a) && !digit(b) }, func(a, b rune) []rune { return []rune{' ', a, ' ', b} })
	out = sub(out, func(a, b rune) bool { return digit(a) && b == '-' }, func(a, b rune) []rune { return []rune{a, ' ', b, ' '} })
	tokens := []string{}
	var cur []rune
	for _, r := range out {
		if isPythonSpace(r) {
			if len(cur) > 0 {
				tokens = append(tokens, string(cur))
				cur = cur[:0]
			}
			continue
		}
		cur = append(cur, r)
	}
	if len(cur) > 0 {
		tokens = append(tokens, string(cur))
	}
	return tokens
}

// TestSpec13aMatchesPythonRe keeps the oracle honest.
func TestSpec13aMatchesPythonRe(t *testing.T) {
	for _, c := range loadNLTK(t).Tokenizer {
		if got := spec13a(c.Text); !slices.Equal(got, c.TokensHF) {
			t.Errorf("spec13a(%q)\n got %q\nwant %q", c.Text, got, c.TokensHF)
		}
	}
}

// FuzzTokenize13aSpec compares Tokenize13a with the transcription.
func FuzzTokenize13aSpec(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add(" .., ,. 9.,9 a., -5-- 5.-")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := Tokenize13a(s), spec13a(s); !slices.Equal(got, want) {
			t.Fatalf("Tokenize13a(%q)\n got %q\nwant %q", s, got, want)
		}
	})
}
