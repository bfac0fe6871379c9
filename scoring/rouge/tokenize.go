package rouge

import (
	"strings"
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/porter"
)

// tokenize is rouge-score's default tokenizer (tokenize.tokenize with
// tokenizers.DefaultTokenizer): the text is lower-cased with Python's
// str.lower, every run of characters outside ASCII a-z0-9 becomes a
// separator, and with stemming every token longer than three characters is
// replaced by its NLTK Porter stem (PorterStemmer() in its default
// NLTK_EXTENSIONS mode). Tokens are appended to dst.
//
// Python's str.lower maps only two non-ASCII code points to something that
// contains ASCII a-z0-9: U+212A KELVIN SIGN becomes "k", and U+0130 (İ)
// becomes "i" followed by U+0307 COMBINING DOT ABOVE, which then ends the
// token. Every other non-ASCII code point (and every invalid UTF-8 byte) is
// a separator.
func tokenize(dst []string, text string, stem bool) []string {
	var sb strings.Builder
	start := -1 // start of the current token in text when it can be shared
	flush := func(end int) {
		var tok string
		switch {
		case sb.Len() > 0:
			tok = sb.String()
			sb.Reset()
		case start >= 0:
			tok = text[start:end]
		default:
			return
		}
		start = -1
		if stem && len(tok) > 3 {
			tok = porter.Stem(tok)
		}
		if validToken(tok) {
			dst = append(dst, tok)
		}
	}
	// toBuilder moves a shared token into the builder before a character
	// that differs from the text is added.
	toBuilder := func(i int) {
		if start >= 0 {
			sb.WriteString(text[start:i])
			start = -1
		}
	}
	for i := 0; i < len(text); {
		b := text[i]
		switch {
		case ('a' <= b && b <= 'z') || ('0' <= b && b <= '9'):
			if sb.Len() > 0 {
				sb.WriteByte(b)
			} else if start < 0 {
				start = i
			}
			i++
		case 'A' <= b && b <= 'Z':
			toBuilder(i)
			sb.WriteByte(b + 'a' - 'A')
			i++
		case b < utf8.RuneSelf:
			flush(i)
			i++
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			switch r {
			case '\u212a': // KELVIN SIGN lower-cases to "k"
				toBuilder(i)
				sb.WriteByte('k')
			case '\u0130': // İ lower-cases to "i" + U+0307, a separator
				toBuilder(i)
				sb.WriteByte('i')
				flush(i)
			default:
				flush(i)
			}
			i += size
		}
	}
	flush(len(text))
	return dst
}

// validToken is rouge-score's final filter, re.match(r"^[a-z0-9]+$"): it
// drops empty tokens (stems are always lower-case ASCII letters and digits
// when the token was).
func validToken(tok string) bool {
	if tok == "" {
		return false
	}
	for i := 0; i < len(tok); i++ {
		b := tok[i]
		if !(('a' <= b && b <= 'z') || ('0' <= b && b <= '9')) {
			return false
		}
	}
	return true
}

// Tokens returns the tokens rouge-score 0.1.2's default tokenizer makes of
// text, with or without Porter stemming; the n-gram and LCS scores are
// computed on them.
func Tokens(text string, useStemmer bool) []string {
	return tokenize(nil, text, useStemmer)
}
