package punkt

import (
	"iter"
	"strings"
	"unicode/utf8"
)

// This file ports PunktLanguageVars.word_tokenize (the regular expression
// _word_tokenize_fmt) and PunktBaseClass._tokenize_words. NLTK's expression
// relies on lazy quantifiers and lookahead, which Go's regexp lacks, so the
// matching is written out by hand; the comments give the Python pattern each
// piece reproduces.

// isNonWord reports whether b is in _re_non_word_chars, the characters that
// cannot appear within a word: [)";}\]*:@'({[!?].
func isNonWord(b byte) bool {
	switch b {
	case ')', '"', ';', '}', ']', '*', ':', '@', '\'', '(', '{', '[', '!', '?':
		return true
	}
	return false
}

// isWordStartExcluded reports whether b is one of the characters that
// _re_word_start, [^\(\"\`{\[:;&\#\*@\)}\]\-,], keeps from starting a word.
func isWordStartExcluded(b byte) bool {
	switch b {
	case '(', '"', '`', '{', '[', ':', ';', '&', '#', '*', '@', ')', '}', ']', '-', ',':
		return true
	}
	return false
}

// multiChar returns the length of the match of _re_multi_char_punct,
// (?:\-{2,}|\.{2,}|(?:\.\s){2,}\.), at byte offset i of line, or 0 if it
// does not match there.
func multiChar(line string, i int) int {
	if i+1 >= len(line) {
		return 0
	}
	switch {
	case line[i] == '-' && line[i+1] == '-':
		return runOf(line, i, '-')
	case line[i] == '.' && line[i+1] == '.':
		return runOf(line, i, '.')
	case line[i] != '.':
		return 0
	}
	// (?:\.\s){2,}\. is greedy: take as many ". " pairs as possible, then
	// need a period; failing that, give one pair back, whose period then ends
	// the match, as long as two pairs remain.
	reps, prev, j := 0, i, i
	for j+1 < len(line) && line[j] == '.' {
		sp, w := spaceAt(line, j+1)
		if !sp {
			break
		}
		reps++
		prev, j = j, j+1+w
	}
	switch {
	case reps >= 2 && j < len(line) && line[j] == '.':
		return j + 1 - i
	case reps >= 3:
		return prev + 1 - i
	}
	return 0
}

// runOf returns the number of consecutive bytes b in s from offset i.
func runOf(s string, i int, b byte) int {
	j := i
	for j < len(s) && s[j] == b {
		j++
	}
	return j - i
}

// wordEnds reports whether a word being scanned on line ends before byte
// offset q, the lookahead of _word_tokenize_fmt:
// (?=\s|$|NonWord|MultiChar|,(?=$|\s|NonWord|MultiChar)).
func wordEnds(line string, q int) bool {
	if q >= len(line) {
		return true
	}
	b := line[q]
	if sp, _ := spaceAt(line, q); sp {
		return true
	}
	if isNonWord(b) || multiChar(line, q) > 0 {
		return true
	}
	if b != ',' {
		return false
	}
	q++
	if q >= len(line) {
		return true
	}
	if sp, _ := spaceAt(line, q); sp {
		return true
	}
	return isNonWord(line[q]) || multiChar(line, q) > 0
}

// lineWords yields the tokens of one line (text without "\n") like
// re.findall with _word_tokenize_fmt: at each non-space position it takes
// multi-character punctuation, else a word (when the character may start
// one) up to the first position where wordEnds holds, else a single
// character. It reports whether the caller wants more tokens.
func lineWords(line string, yield func(string) bool) bool {
	p := 0
	for p < len(line) {
		sp, w := spaceAt(line, p)
		if sp {
			p += w
			continue
		}
		q := p + w
		if n := multiChar(line, p); n > 0 {
			q = p + n
		} else if !isWordStartExcluded(line[p]) {
			for !wordEnds(line, q) {
				if line[q] < utf8.RuneSelf {
					q++
				} else {
					_, size := utf8.DecodeRuneInString(line[q:])
					q += size
				}
			}
		}
		if !yield(line[p:q]) {
			return false
		}
		p = q
	}
	return true
}

// words yields Punkt's word tokens of text, which it splits into lines at
// "\n" first (PunktBaseClass._tokenize_words). The paragraph- and line-start
// marks NLTK adds are left out: only training uses them.
func words(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for {
			i := strings.IndexByte(text, '\n')
			if i < 0 {
				lineWords(text, yield)
				return
			}
			if !lineWords(text[:i], yield) {
				return
			}
			text = text[i+1:]
		}
	}
}
