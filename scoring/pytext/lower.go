// Package pytext reproduces the Python 3 string operations the NLTK ports
// need, where Go's standard library differs.
package pytext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lower returns s lower-cased exactly as Python 3's str.lower, METEOR's
// default preprocess, does, as far as Go's Unicode tables agree with
// Python's (Unicode 15.0 against Debian 12's Python 3.11 with 14.0):
//
//   - full lower-case mapping: U+0130 (İ) becomes "i̇" (i and U+0307), the
//     one unconditional multi-rune lower-case mapping; every other rune
//     takes its simple mapping (unicode.ToLower);
//   - the final-sigma rule: Σ becomes ς when a cased letter precedes it
//     (skipping case-ignorable runes) and none follows it (same skipping),
//     and σ otherwise.
//
// Invalid UTF-8 bytes, which a Python string cannot hold, become U+FFFD. A
// string that is already lower-case ASCII is returned
// as it is, without allocating.
func Lower(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	for j := i; j < len(s); j++ {
		if s[j] >= utf8.RuneSelf {
			return lowerUnicode(s)
		}
	}
	return strings.ToLower(s) // ASCII: one allocation
}

// lowerUnicode is pyLower for a string with non-ASCII bytes.
func lowerUnicode(s string) string {
	rs := []rune(s) // invalid bytes become U+FFFD
	var b strings.Builder
	b.Grow(len(s) + 2)
	for i, r := range rs {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		case r == 'İ':
			b.WriteString("i\u0307")
		case r == 'Σ':
			if finalSigma(rs, i) {
				b.WriteRune('ς')
			} else {
				b.WriteRune('σ')
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma reports whether the Σ at rs[i] is in Unicode's Final_Sigma
// context, as CPython's handle_capital_sigma decides it: after skipping
// case-ignorable runes, a cased rune comes before it and no cased rune comes
// after it.
func finalSigma(rs []rune, i int) bool {
	j := i - 1
	for j >= 0 && caseIgnorable(rs[j]) {
		j--
	}
	if j < 0 || !cased(rs[j]) {
		return false
	}
	k := i + 1
	for k < len(rs) && caseIgnorable(rs[k]) {
		k++
	}
	return k == len(rs) || !cased(rs[k])
}

// cased reports whether r has Unicode's Cased property: Lowercase,
// Uppercase or titlecase letter.
func cased(r rune) bool {
	return unicode.IsLower(r) || unicode.IsUpper(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

// caseIgnorable reports whether r has Unicode's Case_Ignorable property:
// general category Mn, Me, Cf, Lm or Sk, or Word_Break MidLetter,
// MidNumLet or Single_Quote.
func caseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '\u00b7', '\u0387', '\u055f', '\u05f4', '\u2018', '\u2019',
		'\u2024', '\u2027', '\ufe13', '\ufe52', '\ufe55', '\uff07', '\uff0e', '\uff1a':
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
