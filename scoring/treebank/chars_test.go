package treebank

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// inRanges reports whether r is in one of the sorted [first, last] ranges.
func inRanges(ranges [][2]rune, r rune) bool {
	_, found := slices.BinarySearchFunc(ranges, r, func(rg [2]rune, r rune) int {
		switch {
		case rg[1] < r:
			return -1
		case rg[0] > r:
			return 1
		}
		return 0
	})
	return found
}

// TestCharClasses checks isWord, isDecimal and isSpace against Python's \w,
// \d, \s and str.split for every code point
// (testdata/nltk_word_tokenize.json), and foldAt against re.I for every
// code point. A Go release with a newer Unicode makes it fail: the letters
// it adds must then join unicode15Words.
func TestCharClasses(t *testing.T) {
	cc := loadReference(t).CharClasses
	if len(cc.Word) < 100 || len(cc.Space) < 5 || len(cc.Decimal) < 50 {
		t.Fatalf("character class tables look truncated: %d %d %d ranges", len(cc.Word), len(cc.Space), len(cc.Decimal))
	}
	bad := 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		got := [...]bool{isWord(r), isDecimal(r), isSpace(r), isSpace(r)}
		want := [...]bool{inRanges(cc.Word, r), inRanges(cc.Decimal, r), inRanges(cc.Space, r), inRanges(cc.SplitSpace, r)}
		if got == want {
			continue
		}
		if bad++; bad <= 20 {
			t.Errorf("%U: word, decimal, space, split = %v, Python says %v (assigned in Python: %v)",
				r, got, want, !inRanges(cc.Unassigned, r))
		}
	}
	if bad > 0 {
		t.Errorf("%d code points differ from Python's Unicode %s", bad, loadReference(t).UnicodeVersion)
	}

	if len(cc.IgnoreCase) != 15 {
		t.Fatalf("ignorecase has %d letters, want 15", len(cc.IgnoreCase))
	}
	buf := make([]byte, 0, utf8.UTFMax)
	for letter, want := range cc.IgnoreCase {
		c := letter[0]
		var got []rune
		for r := rune(0); r <= utf8.MaxRune; r++ {
			if r >= 0xd800 && r <= 0xdfff {
				continue
			}
			buf = utf8.AppendRune(buf[:0], r)
			if n, ok := foldAt(buf, 0, c); ok {
				if n != len(buf) {
					t.Errorf("foldAt(%U, %q) width %d, want %d", r, c, n, len(buf))
				}
				got = append(got, r)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("letter %q: foldAt matches %U, Python's re.I %U", c, got, want)
		}
	}
}

// TestInvalidUTF8 checks that bytes that are not UTF-8 are kept, each as a
// character of its own that is neither a word character nor a space.
func TestInvalidUTF8(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"a\xffb.", []string{"a\xffb", "."}},
		{"'\xff x", []string{"'\xff", "x"}},
		{"can\xffnot", []string{"can\xffnot"}},
		{"\xffcannot\xfe", []string{"\xff", "can", "not", "\xfe"}},
		{"x,\xff", []string{"x", ",", "\xff"}},
		{"\xe2\x80", []string{"\xe2\x80"}},
		{"end.\xc2", []string{"end.\xc2"}},
	} {
		if got := TokenizeSentence(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("TokenizeSentence(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
