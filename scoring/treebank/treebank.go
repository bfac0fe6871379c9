// Package treebank splits text into words exactly as NLTK 3.8's
// nltk.word_tokenize(text) does: Punkt sentence splitting with NLTK's
// English parameters (package punkt), then NLTK's "improved Treebank" word
// tokenizer, NLTKWordTokenizer (nltk/tokenize/destructive.py), on each
// sentence. METEOR as NLTK computes it scores word_tokenize's tokens, so its
// reference values can only be reproduced with these exact tokens.
//
// NLTKWordTokenizer is a sequence of regular-expression substitutions that
// pad punctuation with spaces, followed by a split on whitespace. Double
// quotes become Penn Treebank quotes: two backticks where a quotation opens
// (at the start, or after a space or an opening bracket) and two
// apostrophes elsewhere:
//
//	He said, "I can't." ->  He said , `` I ca n't . ''
//
// The rules, in order:
//
//   - starting quotes: « “ ‘ „ and runs of backticks are split off; an
//     apostrophe before a one-letter word that is not a clitic ('a but not
//     's) is split from it;
//   - punctuation: a sentence-final period is split off, also before
//     closing quotes and brackets; colons and commas unless a digit follows
//     (1,000 and 10:30 stay whole); ellipses (two or more periods); ; @ # $
//     % & ? ! and *; an apostrophe before a space;
//   - brackets ()[]{}<> and double dashes --;
//   - ending quotes: » ” ’ are split off, and clitics are split from the
//     word before them ('s 'm 'd 'll 're 've n't, in lower or upper case,
//     when a space follows);
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
// case-insensitive letters) are those of Python 3.11 (Unicode 14.0), the
// Python of the reference values; see chars.go.
package treebank

import (
	"sync"
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/punkt"
)

// pass is one substitution of NLTKWordTokenizer: it reads w.src and writes
// its replacements through w.
type pass func(w *rewriter)

// passes are NLTKWordTokenizer.tokenize's substitutions up to its
// contractions (contractionPasses), in order, with convert_parentheses off
// (the default, and what word_tokenize uses).
var passes = []pass{
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

// WordTokenize splits text into words like nltk.word_tokenize(text) (with
// language "english" and preserve_line False): Punkt sentences, each
// tokenized by TokenizeSentence. It returns nil when text has no tokens.
// It is safe for concurrent use.
func WordTokenize(text string) []string {
	t := tokenizers.Get().(*tokenizer)
	defer t.release()
	for _, s := range punkt.English().Sentences(text) {
		t.add(s)
	}
	return t.tokens()
}

// TokenizeSentence splits one sentence into words like NLTK's
// NLTKWordTokenizer().tokenize(sentence) (what word_tokenize applies to each
// sentence, and word_tokenize(sentence, preserve_line=True)). Given several
// sentences it splits off only the last one's final period. It returns nil
// when sentence has no tokens. It is safe for concurrent use.
func TokenizeSentence(sentence string) []string {
	t := tokenizers.Get().(*tokenizer)
	defer t.release()
	t.add(sentence)
	return t.tokens()
}

// maxKeptBuffer is the largest buffer a pooled tokenizer keeps, so that one
// huge text does not pin its memory.
const maxKeptBuffer = 64 << 10

// tokenizers holds idle tokenizers and their buffers.
var tokenizers = sync.Pool{New: func() any { return new(tokenizer) }}

// tokenizer runs the passes on one sentence after another, alternating
// between two buffers, and collects the results, separated by spaces, for
// one split at the end.
type tokenizer struct {
	cur, spare []byte // the sentence so far; a buffer for the next pass
	all        []byte // the tokenized sentences so far
	w          rewriter
}

// run applies one pass to t.cur.
func (t *tokenizer) run(p pass) {
	t.w = rewriter{src: t.cur, dst: t.spare[:0]}
	p(&t.w)
	if next, changed := t.w.finish(); changed {
		t.cur, t.spare = next, t.cur
	}
}

// add tokenizes sentence and appends the result to t.all.
func (t *tokenizer) add(sentence string) {
	t.cur = append(t.cur[:0], sentence...)
	for _, p := range passes {
		t.run(p)
	}
	if mask := contractionCandidates(t.cur); mask != 0 {
		for k, p := range contractionPasses {
			if mask&(1<<k) != 0 {
				t.run(p)
			}
		}
	}
	t.w = rewriter{}
	t.all = append(t.all, t.cur...)
	t.all = append(t.all, ' ')
}

// tokens returns the whitespace-separated fields of the sentences added.
func (t *tokenizer) tokens() []string {
	s := string(t.all)
	n := countFields(s)
	if n == 0 {
		return nil
	}
	return appendFields(make([]string, 0, n), s)
}

// release empties t and puts it back into the pool.
func (t *tokenizer) release() {
	if cap(t.cur) > maxKeptBuffer || cap(t.spare) > maxKeptBuffer || cap(t.all) > maxKeptBuffer {
		*t = tokenizer{}
	}
	t.cur, t.spare, t.all = t.cur[:0], t.spare[:0], t.all[:0]
	tokenizers.Put(t)
}

// spaceAtString reports whether s has a whitespace character (Python's
// str.split) at byte offset i, and its width in bytes.
func spaceAtString(s string, i int) (bool, int) {
	if b := s[i]; b < utf8.RuneSelf {
		return asciiSpace[b], 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return isSpace(r), n
}

// countFields returns len(s.split()) for Python.
func countFields(s string) int {
	n := 0
	inField := false
	for i := 0; i < len(s); {
		space, w := spaceAtString(s, i)
		if !space && !inField {
			n++
		}
		inField = !space
		i += w
	}
	return n
}

// appendFields appends the whitespace-separated fields of s to out, like
// Python's str.split() with no arguments.
func appendFields(out []string, s string) []string {
	start := -1
	for i := 0; i < len(s); {
		space, n := spaceAtString(s, i)
		if space {
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
