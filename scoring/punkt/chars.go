package punkt

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Character classes as Python 3 defines them for str, which is what NLTK's
// regular expressions and str methods see. Go's unicode tables follow Unicode
// 15.0 (Python 3.12's version); Debian 12's Python 3.11 uses Unicode 14.0, so
// the two disagree only on characters that Unicode 15.0 added or re-classified.

// isSpace reports whether r is whitespace for Python's str.isspace, str.strip
// and re's \s: Unicode White_Space plus U+001C..U+001F (bidi class B or S).
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r') || (0x1c <= r && r <= 0x1f)
	}
	return unicode.IsSpace(r)
}

// isASCIISpace reports whether b is in Python's string.whitespace.
func isASCIISpace(b byte) bool {
	return b == ' ' || ('\t' <= b && b <= '\r')
}

// isUpper reports whether r is uppercase for Python's str.isupper: the
// Unicode Uppercase property (Lu plus Other_Uppercase).
func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return unicode.IsUpper(r) || unicode.Is(unicode.Other_Uppercase, r)
}

// isLower reports whether r is lowercase for Python's str.islower: the
// Unicode Lowercase property (Ll plus Other_Lowercase, e.g. ª and º).
func isLower(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.IsLower(r) || unicode.Is(unicode.Other_Lowercase, r)
}

// isDecimal reports whether r matches Python's re \d for str: a decimal
// digit (general category Nd).
func isDecimal(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.Is(unicode.Nd, r)
}

// isWordChar reports whether r matches Python's re \w for str: a letter or
// number (str.isalnum) or the underscore. Unlike some regex engines, Python
// does not count combining marks as word characters.
func isWordChar(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// pyLower returns s lower-cased like Python's str.lower, as far as it matters
// for looking words up in the English parameters (whose keys are all ASCII):
// per-rune simple lower-case mapping, except that U+0130 (İ) becomes "i̇"
// (two runes) as in Unicode's full mapping, so that it never matches an ASCII
// key. Python's final-sigma rule is not applied; it only changes non-ASCII
// output. Invalid UTF-8 bytes are kept as they are.
func pyLower(s string) string {
	i := 0
	for i < len(s) {
		b := s[i]
		if b >= utf8.RuneSelf || ('A' <= b && b <= 'Z') {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 1)
	sb.WriteString(s[:i])
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			sb.WriteByte(b)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			sb.WriteByte(b)
		case r == 'İ':
			sb.WriteString("i\u0307")
		default:
			sb.WriteRune(unicode.ToLower(r))
		}
		i += size
	}
	return sb.String()
}

// firstRune returns the first rune of s, or utf8.RuneError if s is empty.
func firstRune(s string) rune {
	if s != "" && s[0] < utf8.RuneSelf {
		return rune(s[0])
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// spaceAt reports whether s has a whitespace rune at byte offset i, and its
// width in bytes.
func spaceAt(s string, i int) (bool, int) {
	b := s[i]
	if b < utf8.RuneSelf {
		return isSpace(rune(b)), 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return isSpace(r), size
}

// rstripLen returns len(strings.TrimRight(s, Python whitespace)), like
// len(s.rstrip()).
func rstripLen(s string) int {
	i := len(s)
	for i > 0 {
		b := s[i-1]
		if b < utf8.RuneSelf {
			if !isSpace(rune(b)) {
				break
			}
			i--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isSpace(r) {
			break
		}
		i -= size
	}
	return i
}
