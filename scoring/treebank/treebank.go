// Package treebank splits text into words exactly as NLTK 3.8's
// nltk.word_tokenize(text) does: Punkt sentence splitting with NLTK's
// English parameters (package punkt), then NLTK's "improved Treebank" word
// tokenizer, NLTKWordTokenizer (nltk/tokenize/destructive.py), on each
// sentence. METEOR as NLTK computes it scores word_tokenize's tokens, so its
// reference values can only be reproduced with these exact tokens.
//
// NLTKWordTokenizer is a sequence of regular-expression substitutions that
// pad punctuation with spaces (and turn double quotes into “ and ”),
// followed by a split on whitespace:
//
//   - starting quotes: « “ ‘ „ and runs of backticks are split off; a
//     leading " becomes “, as does " or ” after a space or an opening
//     bracket; an apostrophe before a one-letter word that is not a clitic
//     ('a but not 's) is split from it;
//   - punctuation: a sentence-final period is split off, also before
//     closing quotes and brackets; colons and commas unless a digit follows
//     (1,000 and 10:30 stay whole); ellipses (two or more periods); ; @ # $
//     % & ? ! and *; an apostrophe before a space;
//   - brackets ()[]{}<> and double dashes --;
//   - ending quotes: » ” ’ split off, ” and " become ”, and clitics are
//     split from the word before them ('s 'm 'd 'll 're 've n't, in lower
//     or upper case, when a space follows);
//   - Robert MacIntyre's contractions: cannot, d'ye, gimme, gonna, gotta,
//     lemme, more'n, wanna, 'tis and 'twas are split in two.
//
// Periods inside a sentence stay attached to their word (U.S., e.g, 3.5),
// hyphens stay inside words, and URLs and e-mail addresses are split only
// at the characters above. Which periods end a sentence is Punkt's decision,
// which is why "i.e. sulfates" gives "i.e" and ".".
//
// Go's regexp package has no lookahead, lookbehind or backreferences, so
// each substitution is written out by hand with re.sub's semantics, and
// each runs in time linear in its input. Character classes (\w, \d, \s,
// case-insensitive letters) follow Python 3's Unicode definitions; see
// chars.go for the one known difference.
package treebank

import (
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/punkt"
)

// pass is one substitution of NLTKWordTokenizer: it reads w.src and writes
// its replacements through w.
type pass func(w *rewriter)

// passes are NLTKWordTokenizer.tokenize's substitutions, in order, with
// convert_parentheses off (the default, and what word_tokenize uses).
var passes = buildPasses()

func buildPasses() []pass {
	ps := []pass{
		// STARTING_QUOTES
		padOpeningQuotes,
		leadingDoubleQuote,
		padDoubleBackticks,
		openingDoubleQuotes,
		splitQuotedLetter,
		// PUNCTUATION
		finalPeriodFirst,
		colonComma,
		finalColonComma,
		padEllipses,
		padSigns,
		finalPeriodSecond,
		padQuestionMarks,
		apostropheSpace,
		padAsterisks,
		// PARENS_BRACKETS, DOUBLE_DASHES, then " " + text + " "
		padBrackets,
		padDoubleDashes,
		addSpaces,
		// ENDING_QUOTES
		padClosingQuotes,
		padTwoApostrophes,
		closingDoubleQuotes,
		clitics,
		longClitics,
	}
	for _, c := range contractions2 {
		ps = append(ps, c.pass())
	}
	for _, c := range contractions3 {
		ps = append(ps, c.pass())
	}
	return ps
}

// WordTokenize splits text into words like nltk.word_tokenize(text) (with
// language "english" and preserve_line False): Punkt sentences, each
// tokenized by TokenizeSentence. It returns nil when text has no tokens.
// It is safe for concurrent use.
func WordTokenize(text string) []string {
	var t tokenizer
	var out []string
	for _, s := range punkt.English().Sentences(text) {
		out = t.tokenize(out, s)
	}
	return out
}

// TokenizeSentence splits one sentence into words like NLTK's
// NLTKWordTokenizer().tokenize(sentence) (what word_tokenize applies to each
// sentence, and word_tokenize(sentence, preserve_line=True)). Given several
// sentences it splits off only the last one's final period. It returns nil
// when sentence has no tokens.
func TokenizeSentence(sentence string) []string {
	var t tokenizer
	return t.tokenize(nil, sentence)
}

// tokenizer holds the two buffers that the passes alternate between, so
// that tokenizing the sentences of one text allocates them once.
type tokenizer struct {
	a, b []byte
}

// tokenize appends the tokens of sentence to out.
func (t *tokenizer) tokenize(out []string, sentence string) []string {
	cur := append(t.a[:0], sentence...)
	spare := t.b[:0]
	for _, p := range passes {
		w := rewriter{src: cur, dst: spare[:0]}
		p(&w)
		if next, changed := w.finish(); changed {
			cur, spare = next, cur
		}
	}
	t.a, t.b = cur, spare
	return appendFields(out, string(cur))
}

// appendFields appends the whitespace-separated fields of s to out, like
// Python's str.split() with no arguments.
func appendFields(out []string, s string) []string {
	start := -1
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= 0x80 {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if isSpace(r) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += n
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
