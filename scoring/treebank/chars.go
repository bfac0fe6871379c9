package treebank

import (
	"unicode"
	"unicode/utf8"
)

// Character classes as Python 3's re module defines them for str patterns,
// which is what NLTK's regular expressions see, for Debian 12's Python 3.11
// (Unicode 14.0). Go's unicode tables follow a later Unicode (15.0 in Go
// 1.26); the letters and digits added since are left out (unicode15Words),
// so the classes equal Python's on every code point (TestCharClasses checks
// them all). Bytes that are not valid UTF-8, which a Python str cannot hold,
// are classed like U+FFFD: neither word, digit nor space.

// unicode15Words are the code points that Go's unicode tables (Unicode
// 15.0) class as letters or numbers and that Unicode 14.0 had not assigned
// yet, in order. U+11F50..U+11F59 and U+1E4F0..U+1E4F9 among them are
// decimal digits (Kawi, Nag Mundari).
var unicode15Words = [...][2]rune{
	{0x1123F, 0x11240}, {0x11F02, 0x11F02}, {0x11F04, 0x11F10}, {0x11F12, 0x11F33},
	{0x11F50, 0x11F59}, {0x1342F, 0x1342F}, {0x13441, 0x13446}, {0x1B132, 0x1B132},
	{0x1B155, 0x1B155}, {0x1D2C0, 0x1D2D3}, {0x1DF25, 0x1DF2A}, {0x1E030, 0x1E06D},
	{0x1E4D0, 0x1E4EB}, {0x1E4F0, 0x1E4F9}, {0x2B739, 0x2B739}, {0x31350, 0x323AF},
}

// newerThanPython reports whether r is in unicode15Words.
func newerThanPython(r rune) bool {
	if r < unicode15Words[0][0] {
		return false
	}
	for _, rg := range unicode15Words {
		if r < rg[0] {
			return false
		}
		if r <= rg[1] {
			return true
		}
	}
	return false
}

// isSpace reports whether r matches Python's \s (and str.split's
// whitespace): Unicode White_Space plus U+001C..U+001F.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r') || (0x1c <= r && r <= 0x1f)
	}
	return unicode.IsSpace(r)
}

// asciiSpace is isSpace for ASCII characters.
var asciiSpace = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = isSpace(r)
	}
	return t
}()

// isDecimal reports whether r matches Python's \d: a decimal digit
// (general category Nd).
func isDecimal(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.Is(unicode.Nd, r) && !newerThanPython(r)
}

// isWord reports whether r matches Python's \w: a letter or number
// (str.isalnum) or the underscore. Combining marks are not word characters.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || r == '_'
	}
	return (unicode.IsLetter(r) || unicode.IsNumber(r)) && !newerThanPython(r)
}

// runeAt decodes the rune at byte offset i of s, which must be in range. An
// invalid byte decodes as utf8.RuneError with size 1.
func runeAt(s []byte, i int) (rune, int) {
	if b := s[i]; b < utf8.RuneSelf {
		return rune(b), 1
	}
	return utf8.DecodeRune(s[i:])
}

// runeBefore decodes the rune that ends at byte offset i of s; ok is false
// when i is 0.
func runeBefore(s []byte, i int) (r rune, size int, ok bool) {
	if i == 0 {
		return 0, 0, false
	}
	if b := s[i-1]; b < utf8.RuneSelf {
		return rune(b), 1, true
	}
	r, size = utf8.DecodeLastRune(s[:i])
	return r, size, true
}

// wordAt reports whether a word character (\w) starts at byte offset i;
// false at the end of s.
func wordAt(s []byte, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := runeAt(s, i)
	return isWord(r)
}

// wordBefore reports whether a word character ends at byte offset i; false
// at the start of s.
func wordBefore(s []byte, i int) bool {
	r, _, ok := runeBefore(s, i)
	return ok && isWord(r)
}

// Non-ASCII characters that Python's case-insensitive matching (re.I with a
// str pattern) equates with ASCII letters: U+0130 and U+0131 with i, U+017F
// with s. No other letter of NLTK's case-insensitive patterns has one.
const (
	capitalIWithDot = 'İ' // U+0130, lower-cases to i
	dotlessI        = 'ı' // U+0131, Python's i/ı equivalence
	longS           = 'ſ' // U+017F, Python's s/ſ equivalence
)

// foldAt reports whether the character at byte offset i of s matches the
// lower-case ASCII letter c under Python's re.IGNORECASE, and its width in
// bytes. For c other than a letter it compares bytes exactly.
func foldAt(s []byte, i int, c byte) (int, bool) {
	if i >= len(s) {
		return 0, false
	}
	b := s[i]
	if b < utf8.RuneSelf {
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		return 1, b == c
	}
	if c != 'i' && c != 's' {
		return 0, false
	}
	r, size := utf8.DecodeRune(s[i:])
	switch {
	case c == 'i' && (r == capitalIWithDot || r == dotlessI):
		return size, true
	case c == 's' && r == longS:
		return size, true
	}
	return 0, false
}

// foldPrefix reports whether lit (lower-case ASCII) matches s at byte offset
// i under Python's re.IGNORECASE, and the byte offset where the match ends.
func foldPrefix(s []byte, i int, lit string) (int, bool) {
	for k := 0; k < len(lit); k++ {
		n, ok := foldAt(s, i, lit[k])
		if !ok {
			return i, false
		}
		i += n
	}
	return i, true
}

// spaceAt reports whether s has a whitespace character at byte offset i,
// and its width in bytes; false at the end of s.
func spaceAt(s []byte, i int) (bool, int) {
	if i >= len(s) {
		return false, 0
	}
	r, size := runeAt(s, i)
	return isSpace(r), size
}
