// Package porter is the Porter stemmer exactly as NLTK 3.8 implements it
// (nltk.stem.porter.PorterStemmer), in its three modes. The default,
// NLTK_EXTENSIONS, is what NLTK's METEOR and rouge-score's stemming use; it
// differs from textbook Porter and from Porter2 (Snowball English) on words
// such as "dying", "skies", "news" and "generally".
//
// Like NLTK, the stemmer works on Unicode code points and lower-cases the
// word first with Python's str.lower semantics ("İ" becomes "i̇", a final
// "Σ" becomes "ς"). Invalid UTF-8 bytes, which a Python string cannot hold,
// are read as U+FFFD.
package porter

import (
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/pytext"
)

// Mode selects one of NLTK's three variants of the algorithm.
type Mode int

const (
	// NLTKExtensions is NLTK's default mode (PorterStemmer.NLTK_EXTENSIONS):
	// Martin Porter's extensions plus NLTK's own, with a pool of irregular
	// forms such as "dying" -> "die" and "skies" -> "sky".
	NLTKExtensions Mode = iota
	// MartinExtensions is PorterStemmer.MARTIN_EXTENSIONS: the algorithm as
	// in the implementations on Martin Porter's website.
	MartinExtensions
	// OriginalAlgorithm is PorterStemmer.ORIGINAL_ALGORITHM: the algorithm
	// as published in 1980.
	OriginalAlgorithm
)

// String returns the name NLTK gives the mode, e.g. "NLTK_EXTENSIONS".
func (m Mode) String() string {
	switch m {
	case NLTKExtensions:
		return "NLTK_EXTENSIONS"
	case MartinExtensions:
		return "MARTIN_EXTENSIONS"
	case OriginalAlgorithm:
		return "ORIGINAL_ALGORITHM"
	}
	return "Mode(invalid)"
}

// irregular is NLTK's pool of irregular forms (NLTK_EXTENSIONS only): a
// word found here, exactly as given (before lower-casing), stems to its
// value.
var irregular = map[string]string{
	"sky":      "sky",
	"skies":    "sky",
	"dying":    "die",
	"lying":    "lie",
	"tying":    "tie",
	"news":     "news",
	"innings":  "inning",
	"inning":   "inning",
	"outings":  "outing",
	"outing":   "outing",
	"cannings": "canning",
	"canning":  "canning",
	"howe":     "howe",
	"proceed":  "proceed",
	"exceed":   "exceed",
	"succeed":  "succeed",
}

// Stem returns the stem of word as NLTK's PorterStemmer().stem(word) does:
// NLTK_EXTENSIONS mode, lower-casing the word first (to_lowercase=True).
// It is safe for concurrent use.
func Stem(word string) string {
	return StemMode(word, NLTKExtensions)
}

// StemMode returns the stem of word as NLTK's PorterStemmer(mode).stem(word)
// does, lower-casing the word first (to_lowercase=True). An unknown mode is
// treated as NLTKExtensions. It is safe for concurrent use.
func StemMode(word string, m Mode) string {
	if m != MartinExtensions && m != OriginalAlgorithm {
		m = NLTKExtensions
	}
	lower := pytext.Lower(word)
	// NLTK looks the word up in the pool as given, not lower-cased: "Sky"
	// is stemmed by the rules ("ski") while "sky" stays "sky".
	if m == NLTKExtensions {
		if s, ok := irregular[word]; ok {
			return s
		}
	}
	// The length rule also counts the word as given (in code points).
	if m != OriginalAlgorithm && utf8.RuneCountInString(word) <= 2 {
		return lower
	}
	var buf [48]rune
	w := appendRunes(buf[:0], lower)
	st := stemmer{mode: m}
	w = st.step1a(w)
	w = st.step1b(w)
	w = st.step1c(w)
	w = st.step2(w)
	w = st.step3(w)
	w = st.step4(w)
	w = st.step5a(w)
	w = st.step5b(w)
	// Most stems are a prefix of the lower-cased word: share its bytes.
	if n, ok := asciiPrefixLen(w, lower); ok {
		return lower[:n]
	}
	return string(w)
}

// appendRunes appends the code points of s to dst; invalid UTF-8 bytes
// become U+FFFD.
func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// asciiPrefixLen reports whether w is all ASCII and a prefix of s, and if
// so its length in bytes.
func asciiPrefixLen(w []rune, s string) (int, bool) {
	if len(w) > len(s) {
		return 0, false
	}
	for i, r := range w {
		if r >= utf8.RuneSelf || byte(r) != s[i] {
			return 0, false
		}
	}
	return len(w), true
}
