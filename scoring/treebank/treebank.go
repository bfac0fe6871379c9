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
	"bytes"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/punkt"
)

// pass is one substitution of NLTKWordTokenizer: it reads w.src and writes
// its replacements through w.
type pass func(w *rewriter)

// passes are NLTKWordTokenizer.tokenize's substitutions up to its
// contractions (contractionPasses), in order, with convert_parentheses off
// (the default, and what word_tokenize uses). Each has the set of trigger
// classes (see classOf) of which the input must hold one for the pass to
// change anything; a pass whose triggers are all absent is skipped.
var passes = []struct {
	run  pass
	need classSet // 0: always run
	adds classSet // classes the pass may insert
}{
	// STARTING_QUOTES
	{padOpeningQuotes, cBacktick | cOpenQuote, 0},
	{leadingDoubleQuote, cDouble, cBacktick},
	{padDoubleBackticks, cBacktick, 0},
	{openingDoubleQuotes, cDouble | cApostrophe, cBacktick},
	{splitQuotedLetter, cApostrophe, 0},
	// PUNCTUATION
	{finalPeriodFirst, cPeriod, 0},
	{colonComma, cColonComma, 0},
	{finalColonComma, cColonComma, 0},
	{padEllipses, cEllipsis, 0},
	{padSigns, cSign, 0},
	{finalPeriodSecond, cPeriod, 0},
	{padQuestionMarks, cQuestion, 0},
	{apostropheSpace, cApostrophe, 0},
	{padAsterisks, cAsterisk, 0},
	// PARENS_BRACKETS, DOUBLE_DASHES, then " " + text + " "
	{padBrackets, cBracket, 0},
	{padDoubleDashes, cDash, 0},
	{addSpaces, 0, 0},
	// ENDING_QUOTES
	{padClosingQuotes, cCloseQuote, 0},
	{padTwoApostrophes, cApostrophe, 0},
	{closingDoubleQuotes, cDouble, cApostrophe},
	{clitics, cApostrophe, 0},
	{longClitics, cApostrophe, 0},
}

// classSet is a set of the byte classes of classOf.
type classSet uint16

// The byte classes that trigger passes. Every pass only inserts spaces and
// the classes listed as its adds, and removes only double quotes, so the
// classes present in a sentence before the passes, plus those added by the
// passes that ran, include every class present before any pass.
const (
	cBacktick   classSet = 1 << iota // `
	cOpenQuote                       // « “ ‘ „
	cCloseQuote                      // » ” ’
	cDouble                          // "
	cApostrophe                      // '
	cPeriod                          // .
	cColonComma                      // : ,
	cSign                            // ; @ # $ % &
	cQuestion                        // ? !
	cAsterisk                        // *
	cBracket                         // ][(){}<>
	cDash                            // -
	cEllipsis                        // .. (no pass makes one)
)

// classOf maps each byte to its trigger class, or 0. The first bytes of
// the non-ASCII quotes, 0xc2 and 0xe2, map to both quote classes; classesOf
// looks at the whole character.
var classOf = func() (t [256]classSet) {
	for _, c := range []struct {
		bytes string
		class classSet
	}{
		{"`", cBacktick}, {"\xc2\xe2", cOpenQuote | cCloseQuote}, {`"`, cDouble},
		{"'", cApostrophe}, {".", cPeriod}, {":,", cColonComma},
		{";@#$%&", cSign}, {"?!", cQuestion}, {"*", cAsterisk},
		{"][(){}<>", cBracket}, {"-", cDash},
	} {
		for i := 0; i < len(c.bytes); i++ {
			t[c.bytes[i]] = c.class
		}
	}
	return t
}()

// classesOf returns the set of the classes of the bytes of s, and the mask
// of contractionPasses whose contraction s holds (see contractionsAt).
//
// Its main loop has no data-dependent branch but one that is rarely taken:
// it ORs in every byte's class and tests each pair of adjacent bytes
// against the first two bytes of the contractions. The rarer and costlier
// questions (which non-ASCII quote, whether ".." occurs) are answered
// afterwards, and only when the cheap classes say they can matter.
func classesOf(s []byte) (set classSet, contractions uint32) {
	if len(s) == 0 {
		return 0, 0
	}
	for i := 0; i < len(s)-1; i++ {
		b := s[i]
		set |= classOf[b]
		if ks := contractionsByFirst[b|0x20] & contractionsBySecond[s[i+1]] &^ contractions; ks != 0 {
			contractions |= contractionsAt(s, i, ks)
		}
	}
	set |= classOf[s[len(s)-1]]
	if set&(cOpenQuote|cCloseQuote) != 0 {
		set = set&^(cOpenQuote|cCloseQuote) | quoteClasses(s)
	}
	if set&cPeriod != 0 && bytes.Contains(s, ellipsis) {
		set |= cEllipsis
	}
	return set, contractions
}

// ellipsis is the two periods whose presence gives cEllipsis.
var ellipsis = []byte("..")

// quoteClasses returns cOpenQuote if s holds one of « “ ‘ „, and
// cCloseQuote if it holds one of » ” ’, looking only at the bytes 0xc2 and
// 0xe2 that start them.
func quoteClasses(s []byte) (set classSet) {
	for i, b := range s {
		if b != 0xc2 && b != 0xe2 {
			continue
		}
		if quoteRuneAt(s, i, leftGuillemet, leftDouble, leftSingle, lowDouble) > 0 {
			set |= cOpenQuote
		} else if quoteRuneAt(s, i, rightGuillemet, rightDouble, rightSingle) > 0 {
			set |= cCloseQuote
		}
	}
	return set
}

// WordTokenize splits text into words like nltk.word_tokenize(text) (with
// language "english" and preserve_line False): Punkt sentences, each
// tokenized by TokenizeSentence. It returns nil when text has no tokens.
// It is safe for concurrent use.
func WordTokenize(text string) []string {
	t := tokenizers.Get().(*tokenizer)
	defer t.release()
	t.addSentences(text)
	return t.tokens()
}

// AppendWordTokenize appends the tokens of WordTokenize(text) to dst and
// returns the extended slice, so that a caller can reuse its memory. It is
// safe for concurrent use.
func AppendWordTokenize(dst []string, text string) []string {
	t := tokenizers.Get().(*tokenizer)
	defer t.release()
	t.addSentences(text)
	return t.appendTokens(dst)
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
	cur, spare []byte   // the sentence so far; a buffer for the next pass
	all        []byte   // the tokenized sentences so far
	spans      [][2]int // WordTokenize's sentences
	bounds     []int    // start and end of each token in all
	w          rewriter
}

// run applies one pass to t.cur and reports whether it changed it.
func (t *tokenizer) run(p pass) bool {
	t.w = rewriter{src: t.cur, dst: t.spare[:0]}
	p(&t.w)
	next, changed := t.w.finish()
	if changed {
		t.cur, t.spare = next, t.cur
	}
	return changed
}

// addSentences adds each Punkt sentence of text.
func (t *tokenizer) addSentences(text string) {
	t.spans = punkt.English().AppendSentenceSpans(t.spans[:0], text)
	for _, sp := range t.spans {
		t.add(text[sp[0]:sp[1]])
	}
}

// add tokenizes sentence and appends the result to t.all.
func (t *tokenizer) add(sentence string) {
	t.cur = append(t.cur[:0], sentence...)
	present, contractions := classesOf(t.cur)
	for _, p := range passes {
		if p.need == 0 || present&p.need != 0 {
			if t.run(p.run) {
				present |= p.adds
			}
		}
	}
	if contractions != 0 {
		for k, p := range contractionPasses {
			if contractions&(1<<k) != 0 {
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
	t.bounds = appendFieldBounds(t.bounds[:0], t.all)
	if len(t.bounds) == 0 {
		return nil
	}
	return t.boundedTokens(make([]string, 0, len(t.bounds)/2))
}

// appendTokens appends the whitespace-separated fields of the sentences
// added to dst.
func (t *tokenizer) appendTokens(dst []string) []string {
	t.bounds = appendFieldBounds(t.bounds[:0], t.all)
	return t.boundedTokens(dst)
}

// boundedTokens appends the fields of t.all whose bounds are in t.bounds to
// dst.
func (t *tokenizer) boundedTokens(dst []string) []string {
	if len(t.bounds) == 0 {
		return dst
	}
	s := string(t.all)
	for k := 0; k < len(t.bounds); k += 2 {
		dst = append(dst, s[t.bounds[k]:t.bounds[k+1]])
	}
	return dst
}

// release empties t and puts it back into the pool.
func (t *tokenizer) release() {
	if cap(t.cur) > maxKeptBuffer || cap(t.spare) > maxKeptBuffer || cap(t.all) > maxKeptBuffer || cap(t.spans) > maxKeptBuffer/16 || cap(t.bounds) > maxKeptBuffer/4 {
		*t = tokenizer{}
	}
	t.cur, t.spare, t.all, t.spans, t.bounds = t.cur[:0], t.spare[:0], t.all[:0], t.spans[:0], t.bounds[:0]
	tokenizers.Put(t)
}

// spaceAtBytes reports whether s has a whitespace character (Python's
// str.split) at byte offset i, and its width in bytes.
func spaceAtBytes(s []byte, i int) (bool, int) {
	if b := s[i]; b < utf8.RuneSelf {
		return asciiSpace[b], 1
	}
	r, n := utf8.DecodeRune(s[i:])
	return isSpace(r), n
}

// appendFieldBounds appends the start and end offsets of each
// whitespace-separated field of s to out, like Python's str.split() with no
// arguments. The loop has no branch on ASCII bytes: it writes the offset of
// every byte and keeps it only where a field starts or ends.
func appendFieldBounds(out []int, s []byte) []int {
	n0 := len(out)
	out = slices.Grow(out, len(s)+2)
	b := out[n0 : n0+len(s)+2]
	n := 0
	prev := 1 // whether the byte before was whitespace
	for i := 0; i < len(s); i++ {
		sp := int(fieldClass[s[i]])
		if sp == maybeSpace {
			r, w := utf8.DecodeRune(s[i:])
			sp = 0
			if isSpace(r) {
				b[n] = i
				n += prev ^ 1
				prev = 1
				i += w - 1
				continue
			}
		}
		b[n] = i
		n += prev ^ sp
		prev = sp
	}
	if prev == 0 {
		b[n] = len(s)
		n++
	}
	return out[:n0+n]
}

// maybeSpace marks in fieldClass the first bytes of the non-ASCII
// whitespace characters (U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000).
const maybeSpace = 2

// fieldClass is 1 for an ASCII whitespace byte, maybeSpace for a byte that
// may start a non-ASCII one, and 0 for any other byte: those of other
// characters, continuation bytes and invalid bytes.
var fieldClass = func() (t [256]uint8) {
	for b := range utf8.RuneSelf {
		if asciiSpace[b] {
			t[b] = 1
		}
	}
	// isSpace is unicode.IsSpace beyond ASCII: the White_Space property.
	mark := func(lo, hi, stride rune) {
		for r := max(lo, utf8.RuneSelf); r <= hi; r += stride {
			if isSpace(r) {
				var buf [utf8.UTFMax]byte
				utf8.EncodeRune(buf[:], r)
				t[buf[0]] = maybeSpace
			}
		}
	}
	for _, rg := range unicode.White_Space.R16 {
		mark(rune(rg.Lo), rune(rg.Hi), rune(rg.Stride))
	}
	for _, rg := range unicode.White_Space.R32 {
		mark(rune(rg.Lo), rune(rg.Hi), rune(rg.Stride))
	}
	return t
}()
