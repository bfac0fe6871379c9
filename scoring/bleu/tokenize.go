package bleu

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"
)

// mteval-v13a's language-independent substitutions, applied in this order
// with Python's str.replace semantics (non-overlapping, left to right), which
// strings.ReplaceAll shares. The order matters: "&amp;lt;" becomes "<"
// because "&lt;" is replaced after "&amp;", while "&amp;quot;" stays
// "&quot;" because "&quot;" is replaced before it.
var substitutions = [...][2]string{
	{"<skipped>", ""},
	{"-\n", ""},
	{"\n", " "},
	{"&quot;", `"`},
	{"&amp;", "&"},
	{"&lt;", "<"},
	{"&gt;", ">"},
}

// Tokenize13a splits s into tokens exactly as sacreBLEU 2.x's Tokenizer13a
// (the mteval-v13a tokenizer) followed by Python's str.split(), which is
// also what HF evaluate's own copy of that tokenizer returns.
//
// In order: "<skipped>" is removed, "-\n" is removed (a hyphenated line
// break), other "\n" become spaces, "&quot;", "&amp;", "&lt;" and "&gt;"
// are unescaped (once, in that order), and the text is padded with a space
// on each side. Then four rules insert spaces, each applied over the whole
// text like Python's re.sub before the next:
//
//  1. around every ASCII punctuation character except ' , - . (that is
//     !"#$%&()*+/:;<=>?@[\]^_`{|}~, and the space itself);
//  2. around a period or comma that follows a non-digit, consuming that
//     character with it;
//  3. before a period or comma, and between it and what follows, when a
//     non-digit follows, consuming that character with it;
//  4. after a digit that is followed by a hyphen, and after the hyphen.
//
// Rules 2 and 3 consume two characters per match, so in "a..b" the second
// period is not split by rule 2 but by rule 3. Non-ASCII punctuation (“ ” ’
// — – … °) is left attached to its word, and a hyphen is split only after a
// digit ("1990-2000" gives "1990" "-" "2000", "self-driving" stays whole).
// Finally the text is split on Python's whitespace: Go's unicode.IsSpace
// plus U+001C..U+001F. Tokens are never empty and never contain whitespace.
//
// The rules only look at ASCII characters, so they work on bytes; invalid
// UTF-8 passes through unchanged (Python strings cannot hold it).
func Tokenize13a(s string) []string {
	if strings.IndexByte(s, '<') >= 0 {
		s = strings.ReplaceAll(s, substitutions[0][0], substitutions[0][1])
	}
	if strings.IndexByte(s, '\n') >= 0 {
		s = strings.ReplaceAll(s, substitutions[1][0], substitutions[1][1])
		s = strings.ReplaceAll(s, substitutions[2][0], substitutions[2][1])
	}
	if strings.IndexByte(s, '&') >= 0 {
		for _, sub := range substitutions[3:] {
			s = strings.ReplaceAll(s, sub[0], sub[1])
		}
	}
	bufs := scratch.Get().(*[2][]byte)
	defer scratch.Put(bufs)
	a := splitPunctuation(bufs[0][:0], s)
	b := bufs[1][:0]
	if bytes.IndexByte(a, '.') >= 0 || bytes.IndexByte(a, ',') >= 0 {
		b = splitPeriodCommaAfterNonDigit(b, a)
		a = splitPeriodCommaBeforeNonDigit(a[:0], b)
	}
	if bytes.IndexByte(a, '-') >= 0 {
		b = splitHyphenAfterDigit(b[:0], a)
		a, b = b, a
	}
	tokens := splitPythonSpace(string(a))
	bufs[0], bufs[1] = a[:0], b[:0]
	return tokens
}

// scratch holds the two work buffers of Tokenize13a.
var scratch = sync.Pool{New: func() any { return new([2][]byte) }}

// SacreTokens returns the tokens sacreBLEU's BLEU counts for a segment:
// Tokenize13a after Python's rstrip(), which sacreBLEU's _preprocess_segment
// applies first (HF evaluate's copy of the tokenizer is called without it).
// That changes the tokens only when a trailing "-\n" would otherwise be
// removed: "5-\n" gives "5" "-" here but "5" from Tokenize13a.
func SacreTokens(s string) []string {
	return Tokenize13a(trimRightPythonSpace(s))
}

// sacreDiffers reports whether SacreTokens(s) may differ from
// Tokenize13a(s): only when s has trailing whitespace that starts with a
// newline, which HF's tokenizer can join with a "-" before it.
func sacreDiffers(s string) bool {
	t := trimRightPythonSpace(s)
	return len(t) < len(s) && s[len(t)] == '\n'
}

// isDigit is Python's [0-9]: ASCII digits only.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isPeriodComma is Python's [\.,].
func isPeriodComma(c byte) bool { return c == '.' || c == ',' }

// rule1Punct is the class [\{-\~\[-\` -\&\(-\+\:-\@\/] of rule 1:
// { | } ~, [ \ ] ^ _ `, space ! " # $ % &, ( ) * +, : ; < = > ? @, and /.
var rule1Punct = func() (class [256]bool) {
	for c := range 256 {
		b := byte(c)
		class[c] = '{' <= b && b <= '~' || '[' <= b && b <= '`' || ' ' <= b && b <= '&' ||
			'(' <= b && b <= '+' || ':' <= b && b <= '@' || b == '/'
	}
	return class
}()

// isRule1Punct reports whether c is in rule 1's class.
func isRule1Punct(c byte) bool { return rule1Punct[c] }

// splitPunctuation pads s with a space on each side and applies rule 1:
// every rule-1 character c becomes " c ", except the space, which stays one
// space. Python turns each space into three, but the number of spaces in a
// run never changes a later match: spaces only ever take part as the
// non-digit before a period or comma (rule 2) or after one (rule 3), and
// then only the one next to it counts.
func splitPunctuation(dst []byte, s string) []byte {
	dst = append(dst, ' ')
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && rule1Punct[c] {
			dst = append(dst, s[start:i]...)
			dst = append(dst, ' ', c, ' ')
			start = i + 1
		}
	}
	dst = append(dst, s[start:]...)
	return append(dst, ' ')
}

// splitPeriodCommaAfterNonDigit applies rule 2, ([^0-9])([\.,]) -> "\1 \2 ".
// A match consumes both characters. On bytes this equals Python's scan over
// code points: only the last byte of a character can precede an ASCII
// period or comma, and every byte of a multi-byte character is a non-digit.
func splitPeriodCommaAfterNonDigit(dst, src []byte) []byte {
	start := 0
	for i := 0; i+1 < len(src); i++ {
		if isPeriodComma(src[i+1]) && !isDigit(src[i]) {
			dst = append(dst, src[start:i+1]...)
			dst = append(dst, ' ', src[i+1], ' ')
			i++
			start = i + 1
		}
	}
	return append(dst, src[start:]...)
}

// splitPeriodCommaBeforeNonDigit applies rule 3, ([\.,])([^0-9]) -> " \1 \2".
// Python consumes the whole following character; here only its first byte
// is consumed, and its remaining bytes (continuation bytes) cannot start a
// match, so the output is the same.
func splitPeriodCommaBeforeNonDigit(dst, src []byte) []byte {
	start := 0
	for i := 0; i+1 < len(src); i++ {
		if isPeriodComma(src[i]) && !isDigit(src[i+1]) {
			dst = append(dst, src[start:i]...)
			dst = append(dst, ' ', src[i], ' ', src[i+1])
			i++
			start = i + 1
		}
	}
	return append(dst, src[start:]...)
}

// splitHyphenAfterDigit applies rule 4, ([0-9])(-) -> "\1 \2 ".
func splitHyphenAfterDigit(dst, src []byte) []byte {
	start := 0
	for i := 0; i+1 < len(src); i++ {
		if src[i+1] == '-' && isDigit(src[i]) {
			dst = append(dst, src[start:i+1]...)
			dst = append(dst, ' ', '-', ' ')
			i++
			start = i + 1
		}
	}
	return append(dst, src[start:]...)
}

// isPythonSpace is Python 3's str.isspace for one character: Go's
// unicode.IsSpace plus the information separators U+001C..U+001F.
func isPythonSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x1c, 0x1d, 0x1e, 0x1f,
		0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return 0x2000 <= r && r <= 0x200a
}

// asciiSpace marks the ASCII bytes that are Python whitespace.
var asciiSpace = func() (class [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		class[c] = isPythonSpace(rune(c))
	}
	return class
}()

// spaceAt returns the byte width of the Python whitespace character at s[i],
// or 0 when s[i] does not start one.
func spaceAt(s string, i int) int {
	c := s[i]
	if c < utf8.RuneSelf {
		if asciiSpace[c] {
			return 1
		}
		return 0
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if r != utf8.RuneError && isPythonSpace(r) {
		return w
	}
	return 0
}

// splitPythonSpace is Python's s.split(): the maximal runs of
// non-whitespace, as substrings of s.
func splitPythonSpace(s string) []string {
	tokens := make([]string, 0, len(s)/5+1)
	start := -1
	for i := 0; i < len(s); {
		w := 0
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				w = 1
			}
		} else {
			w = spaceAt(s, i)
		}
		if w > 0 {
			if start >= 0 {
				tokens = append(tokens, s[start:i])
				start = -1
			}
			i += w
			continue
		}
		if start < 0 {
			start = i
		}
		i++
	}
	if start >= 0 {
		tokens = append(tokens, s[start:])
	}
	return tokens
}

// trimRightPythonSpace is Python's s.rstrip().
func trimRightPythonSpace(s string) string {
	for len(s) > 0 {
		r, w := utf8.DecodeLastRuneInString(s)
		if r == utf8.RuneError || !isPythonSpace(r) {
			break
		}
		s = s[:len(s)-w]
	}
	return s
}
