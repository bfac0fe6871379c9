package uselite

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTokenizeQuirks pins behaviours of the reference tokenizer that look
// like bugs but must be kept (ids from the reference runtime).
func TestTokenizeQuirks(t *testing.T) {
	enc := testEncoder(t)
	tests := []struct {
		text string
		want []int
	}{
		{"", []int{}},        // no "▁" prefix, no tokens
		{" ", []int{30, 30}}, // "▁▁"
		{"a", []int{11}},     // "▁a"
		{"Hello world.", []int{341, 4125, 311, 6}},
		{"😀 emoji", []int{30, 0, 299, 451, 2501}}, // unknown symbol scores 0
		{"ﬁne １２３", []int{839, 575, 360}},         // NFKC first
		{"The quote”5", []int{34, 3525, 4464}},    // duplicate piece: last id wins
	}
	for _, tt := range tests {
		if got := enc.Tokenize(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Tokenize(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestTokenizeInvalidUTF8 checks that invalid bytes read as U+FFFD, one per
// byte, as when the text went through JSON decoding.
func TestTokenizeInvalidUTF8(t *testing.T) {
	enc := testEncoder(t)
	for _, tt := range []struct{ bad, good string }{
		{"a\xffb", "a\uFFFDb"},
		{"\xed\xa0\x80 x", "\uFFFD\uFFFD\uFFFD x"}, // an encoded surrogate
		{"caf\xc3", "caf\uFFFD"},
	} {
		if got, want := enc.Tokenize(tt.bad), enc.Tokenize(tt.good); !slices.Equal(got, want) {
			t.Errorf("Tokenize(%q) = %v, want %v (as %q)", tt.bad, got, want, tt.good)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	enc := testEncoder(f)
	for _, s := range loadGolden(f).Sentences {
		f.Add(s.Text)
	}
	for _, s := range []string{"", " ", "\xff", "\xed\xa0\x80", "a\u0301\u0301\u0301", strings.Repeat("\u0301", 40), "”5”5", ":30:00"} {
		f.Add(s)
	}
	vocab := len(enc.tok.backStep)
	f.Fuzz(func(t *testing.T, text string) {
		ids := enc.Tokenize(text)
		if text == "" && len(ids) != 0 {
			t.Fatalf("Tokenize(\"\") = %v", ids)
		}
		if text != "" && len(ids) == 0 {
			t.Fatalf("Tokenize(%q) gave no ids", text)
		}
		for i, id := range ids {
			// Reserved ids 1..5 are not in the trie; 0 is unknown.
			if id < 0 || id >= vocab || (id > 0 && id < reservedSymbols) {
				t.Fatalf("Tokenize(%q)[%d] = %d out of range", text, i, id)
			}
			if i > 0 && id == unknownID && ids[i-1] == unknownID {
				t.Fatalf("Tokenize(%q): unmerged unknowns at %d: %v", text, i, ids)
			}
		}
		if utf8.ValidString(text) {
			return
		}
		if got := enc.Tokenize(validUTF8(text)); !slices.Equal(got, ids) {
			t.Fatalf("Tokenize(%q) = %v but %v after U+FFFD replacement", text, ids, got)
		}
	})
}
