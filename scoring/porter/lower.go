package porter

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// pyLower returns s lower-cased as Python 3's str.lower does: every code
// point gets its full lower-case mapping, which is the simple mapping except
// for U+0130 (İ), which becomes "i̇" (two code points), and U+03A3 (Σ),
// which becomes final sigma "ς" at the end of a word (Unicode's
// Final_Sigma context, as CPython tests it) and "σ" elsewhere. Invalid
// UTF-8 bytes become U+FFFD.
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
	ascii := true
	for j := i; j < len(s); j++ {
		if s[j] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	var sb strings.Builder
	sb.Grow(len(s) + 2)
	if ascii {
		sb.WriteString(s[:i])
		for ; i < len(s); i++ {
			b := s[i]
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			sb.WriteByte(b)
		}
		return sb.String()
	}
	rs := []rune(s)
	for k, r := range rs {
		switch r {
		case 'İ':
			sb.WriteString("i\u0307")
		case 'Σ':
			if finalSigma(rs, k) {
				sb.WriteRune('ς')
			} else {
				sb.WriteRune('σ')
			}
		default:
			sb.WriteRune(unicode.ToLower(r))
		}
	}
	return sb.String()
}

// finalSigma reports whether the Σ at rs[k] is in Unicode's Final_Sigma
// context: a cased letter before it and none after it, skipping
// case-ignorable code points both ways (CPython's handle_capital_sigma).
func finalSigma(rs []rune, k int) bool {
	j := k - 1
	for j >= 0 && isCaseIgnorable(rs[j]) {
		j--
	}
	if j < 0 || !isCased(rs[j]) {
		return false
	}
	j = k + 1
	for j < len(rs) && isCaseIgnorable(rs[j]) {
		j++
	}
	return j == len(rs) || !isCased(rs[j])
}

// isCased is Unicode's Cased property: Lowercase, Uppercase or Lt.
func isCased(r rune) bool {
	return unicode.IsLower(r) || unicode.IsUpper(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

// isCaseIgnorable is Unicode's Case_Ignorable property: categories Mn, Me,
// Cf, Lm and Sk, and the Word_Break classes MidLetter, MidNumLet and
// Single_Quote.
func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0x00B7, 0x0387, 0x055F, 0x05F4, 0x2018, 0x2019,
		0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
