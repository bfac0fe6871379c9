package treebank

// The substitutions of NLTK 3.8's NLTKWordTokenizer (nltk/tokenize/
// destructive.py), one function per regular expression, applied in NLTK's
// order by TokenizeSentence. Each is written out by hand because Go's RE2
// has no lookahead, lookbehind or backreferences; each keeps re.sub's
// semantics: matches are found left to right on the pass's input and do not
// overlap, a match's conditions look at the input (not at what earlier
// matches of the same pass wrote), and every pass runs in linear time.

import "bytes"

// rewriter builds the output of one pass. It copies its input lazily, only
// once a first match is found, so that a pass that changes nothing costs one
// scan and no copy.
type rewriter struct {
	src  []byte
	dst  []byte
	last int  // src[:last] is already in dst, or replaced
	hit  bool // some match was replaced
}

// replace starts replacing src[i:j]: it copies the input up to i; the
// caller then appends the replacement.
func (w *rewriter) replace(i, j int) {
	w.dst = append(w.dst, w.src[w.last:i]...)
	w.last = j
	w.hit = true
}

// pad replaces src[i:j] by " " + src[i:j] + " ", re.sub's r" \g<0> ".
func (w *rewriter) pad(i, j int) {
	w.replace(i, j)
	w.dst = append(w.dst, ' ')
	w.dst = append(w.dst, w.src[i:j]...)
	w.dst = append(w.dst, ' ')
}

// str appends s to the replacement.
func (w *rewriter) str(s string) { w.dst = append(w.dst, s...) }

// bytes appends b to the replacement.
func (w *rewriter) bytes(b []byte) { w.dst = append(w.dst, b...) }

// finish returns the pass's output and whether it differs from its input.
func (w *rewriter) finish() ([]byte, bool) {
	if !w.hit {
		return w.src, false
	}
	w.dst = append(w.dst, w.src[w.last:]...)
	return w.dst, true
}

// byteSet is a set of ASCII bytes.
type byteSet [256]bool

// newByteSet returns the set of the bytes of s.
func newByteSet(s string) *byteSet {
	var set byteSet
	for i := 0; i < len(s); i++ {
		set[s[i]] = true
	}
	return &set
}

// padEach pads every byte of set with a space on each side:
// re.sub(r"[set]", r" \g<0> ").
func padEach(w *rewriter, set *byteSet) {
	s := w.src
	for i := 0; i < len(s); i++ {
		if set[s[i]] {
			w.pad(i, i+1)
		}
	}
}

var (
	moneyAndSigns = newByteSet(";@#$%&")
	questionMarks = newByteSet("?!")
	asterisks     = newByteSet("*")
	brackets      = newByteSet("][(){}<>")
	openers       = newByteSet(" ([{<")
)

// Non-ASCII quotes, UTF-8 encoded; all are three bytes but « and ».
const (
	leftGuillemet  = "«" // U+00AB
	rightGuillemet = "»" // U+00BB
	leftDouble     = "“" // U+201C
	rightDouble    = "”" // U+201D
	leftSingle     = "‘" // U+2018
	rightSingle    = "’" // U+2019
	lowDouble      = "„" // U+201E
)

// hasAt reports whether s holds lit at byte offset i.
func hasAt(s []byte, i int, lit string) bool {
	return len(s)-i >= len(lit) && string(s[i:i+len(lit)]) == lit
}

// quoteRuneAt returns the width of the quote character at s[i] when it is
// one of quotes (each a multi-byte UTF-8 character), and 0 otherwise.
func quoteRuneAt(s []byte, i int, quotes ...string) int {
	if s[i] != 0xc2 && s[i] != 0xe2 {
		return 0
	}
	for _, q := range quotes {
		if hasAt(s, i, q) {
			return len(q)
		}
	}
	return 0
}

// padOpeningQuotes: ([«“‘„]|[`]+) -> " \1 ". A run of backticks is padded
// as a whole.
func padOpeningQuotes(w *rewriter) {
	s := w.src
	for i := 0; i < len(s); {
		if s[i] == '`' {
			j := i + 1
			for j < len(s) && s[j] == '`' {
				j++
			}
			w.pad(i, j)
			i = j
			continue
		}
		if n := quoteRuneAt(s, i, leftGuillemet, leftDouble, leftSingle, lowDouble); n > 0 {
			w.pad(i, i+n)
			i += n
			continue
		}
		i++
	}
}

// leadingDoubleQuote is
//
//	^" -> ``
func leadingDoubleQuote(w *rewriter) {
	if len(w.src) > 0 && w.src[0] == '"' {
		w.replace(0, 1)
		w.str("``")
	}
}

// padDoubleBackticks is
//
//	(``) -> " \1 "
func padDoubleBackticks(w *rewriter) {
	s := w.src
	for i := 0; i+1 < len(s); {
		if s[i] == '`' && s[i+1] == '`' {
			w.pad(i, i+2)
			i += 2
			continue
		}
		i++
	}
}

// openingDoubleQuotes is
//
//	([ \(\[{<])(\"|\'{2}) -> "\1 `` "
func openingDoubleQuotes(w *rewriter) {
	s := w.src
	for i := 0; i+1 < len(s); i++ {
		if !openers[s[i]] {
			continue
		}
		j := 0
		switch {
		case s[i+1] == '"':
			j = i + 2
		case hasAt(s, i+1, "''"):
			j = i + 3
		default:
			continue
		}
		w.replace(i+1, j)
		w.str(" `` ")
		i = j - 1
	}
}

// splitQuotedLetter: (?i)(\')(?!re|ve|ll|m|t|s|d|n)(\w)\b -> "\1 \2": an
// apostrophe before a one-letter word other than a clitic (m, t, s, d, n).
// The two-letter clitics cannot match a one-letter word followed by \b.
func splitQuotedLetter(w *rewriter) {
	s := w.src
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '\'' {
			continue
		}
		r, n := runeAt(s, i+1)
		if !isWord(r) || wordAt(s, i+1+n) {
			continue
		}
		switch r {
		case 'm', 'M', 't', 'T', 's', 'S', longS, 'd', 'D', 'n', 'N':
			continue
		}
		w.replace(i+1, i+1)
		w.str(" ")
		i += n
	}
}

// finalPeriod handles NLTK's two final-period rules,
//
//	([^\.])(\.)([closers]*)\s*$ -> "\1 \2" + sep + "\3 "
//
// Only one match is possible: the period must be the character right before
// the run of closers that ends where the trailing whitespace starts, because
// a period is not a closer. The greedy group 3 is the longest run of closers
// after the period, which may reach into the trailing whitespace when a
// space is a closer; \s*$ then takes the rest.
func finalPeriod(w *rewriter, closer func(r rune) bool, sep string) {
	s := w.src
	end := len(s)
	for end > 0 {
		r, n, _ := runeBefore(s, end)
		if !isSpace(r) {
			break
		}
		end -= n
	}
	k := end
	for k > 0 {
		r, n, _ := runeBefore(s, k)
		if !closer(r) {
			break
		}
		k -= n
	}
	if k < 2 || s[k-1] != '.' || s[k-2] == '.' {
		return
	}
	e := k
	for e < len(s) {
		r, n := runeAt(s, e)
		if !closer(r) {
			break
		}
		e += n
	}
	w.replace(k-1, len(s))
	w.str(" .")
	w.str(sep)
	w.bytes(s[k:e])
	w.str(" ")
}

// isCloserOrSpace is the class of the first final-period rule,
// [\]\)}>"\'»”’ ].
func isCloserOrSpace(r rune) bool {
	switch r {
	case ']', ')', '}', '>', '"', '\'', ' ', '»', '”', '’':
		return true
	}
	return false
}

// isCloser is the class of the second final-period rule, [\]\)}>"\'].
func isCloser(r rune) bool {
	switch r {
	case ']', ')', '}', '>', '"', '\'':
		return true
	}
	return false
}

// finalPeriodFirst: ([^\.])(\.)([\]\)}>"\'»”’ ]*)\s*$ -> "\1 \2 \3 ".
func finalPeriodFirst(w *rewriter) { finalPeriod(w, isCloserOrSpace, " ") }

// finalPeriodSecond: ([^\.])(\.)([\]\)}>"\']*)\s*$ -> "\1 \2\3 ".
func finalPeriodSecond(w *rewriter) { finalPeriod(w, isCloser, "") }

// colonComma: ([:,])([^\d]) -> " \1 \2": a colon or comma not followed by
// a digit (so 1,000 and 10:30 stay whole). The following character is
// consumed, so in ",," only the first comma is split off here.
func colonComma(w *rewriter) {
	s := w.src
	for i := 0; i+1 < len(s); i++ {
		if s[i] != ':' && s[i] != ',' {
			continue
		}
		r, n := runeAt(s, i+1)
		if isDecimal(r) {
			continue
		}
		w.replace(i, i+1+n)
		w.str(" ")
		w.dst = append(w.dst, s[i])
		w.str(" ")
		w.bytes(s[i+1 : i+1+n])
		i += n
	}
}

// finalColonComma: ([:,])$ -> " \1 ". Python's $ also matches before a
// final newline.
func finalColonComma(w *rewriter) {
	s := w.src
	i := len(s) - 1
	if i >= 0 && s[i] == '\n' {
		i--
	}
	if i >= 0 && (s[i] == ':' || s[i] == ',') {
		w.pad(i, i+1)
	}
}

// padEllipses: \.{2,} -> " \g<0> ".
func padEllipses(w *rewriter) {
	s := w.src
	for i := 0; i < len(s); i++ {
		if s[i] != '.' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] == '.' {
			j++
		}
		if j-i >= 2 {
			w.pad(i, j)
		}
		i = j - 1
	}
}

// padSigns: [;@#$%&] -> " \g<0> ".
func padSigns(w *rewriter) { padEach(w, moneyAndSigns) }

// padQuestionMarks: [?!] -> " \g<0> ".
func padQuestionMarks(w *rewriter) { padEach(w, questionMarks) }

// padAsterisks: [*] -> " \g<0> ".
func padAsterisks(w *rewriter) { padEach(w, asterisks) }

// padBrackets: [\]\[\(\)\{\}\<\>] -> " \g<0> ".
func padBrackets(w *rewriter) { padEach(w, brackets) }

// apostropheSpace: ([^'])' -> "\1 ' ".
func apostropheSpace(w *rewriter) {
	s := w.src
	for i := 0; i+2 < len(s); i++ {
		if s[i] != '\'' && s[i+1] == '\'' && s[i+2] == ' ' {
			w.replace(i+1, i+3)
			w.str(" ' ")
			i += 2
		}
	}
}

// padDoubleDashes: -- -> " -- ".
func padDoubleDashes(w *rewriter) {
	s := w.src
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '-' && s[i+1] == '-' {
			w.pad(i, i+2)
			i++
		}
	}
}

// addSpaces: text = " " + text + " ".
func addSpaces(w *rewriter) {
	w.replace(0, 0)
	w.str(" ")
	w.bytes(w.src)
	w.str(" ")
	w.last = len(w.src)
}

// padClosingQuotes: ([»”’]) -> " \1 ".
func padClosingQuotes(w *rewriter) {
	s := w.src
	for i := 0; i < len(s); i++ {
		if n := quoteRuneAt(s, i, rightGuillemet, rightDouble, rightSingle); n > 0 {
			w.pad(i, i+n)
			i += n - 1
		}
	}
}

// padTwoApostrophes is
//
//	'' -> " '' "
func padTwoApostrophes(w *rewriter) {
	s := w.src
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '\'' && s[i+1] == '\'' {
			w.pad(i, i+2)
			i++
		}
	}
}

// closingDoubleQuotes is
//
//	" -> " '' "
func closingDoubleQuotes(w *rewriter) {
	s := w.src
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			w.replace(i, i+1)
			w.str(" '' ")
		}
	}
}

// clitics: ([^' ])('[sS]|'[mM]|'[dD]|') -> "\1 \2 ".
func clitics(w *rewriter) {
	s := w.src
	next := 0 // the first i not inside a replaced match
	for a := range apostrophes(s) {
		i := a - 1 // s[i+1] is the apostrophe
		if i < next || s[i] == '\'' || s[i] == ' ' || i+2 >= len(s) {
			continue
		}
		j := 0
		switch {
		case i+3 < len(s) && s[i+3] == ' ' && isSMD(s[i+2]):
			j = i + 3
		case s[i+2] == ' ':
			j = i + 2
		default:
			continue
		}
		w.replace(i+1, j+1)
		w.str(" ")
		w.bytes(s[i+1 : j])
		w.str(" ")
		next = j + 1
	}
}

// apostrophes yields the position of every apostrophe of s after the first
// byte, in increasing order: the clitic rules need one byte before it.
func apostrophes(s []byte) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for p := 1; p < len(s); p++ {
			k := bytes.IndexByte(s[p:], '\'')
			if k < 0 {
				return
			}
			p += k
			if !yield(p) {
				return
			}
		}
	}
}

// isSMD reports whether b is one of sSmMdD.
func isSMD(b byte) bool {
	switch b {
	case 's', 'S', 'm', 'M', 'd', 'D':
		return true
	}
	return false
}

// longClitics: ([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) -> "\1 \2 ".
func longClitics(w *rewriter) {
	s := w.src
	next := 0 // the first i not inside a replaced match
	for a := range apostrophes(s) {
		// The apostrophe is s[i+1] of 'll, 're, 've or s[i+2] of n't.
		for _, i := range [2]int{a - 2, a - 1} {
			if i < next || i+4 >= len(s) || s[i] == '\'' || s[i] == ' ' || s[i+4] != ' ' {
				continue
			}
			switch string(s[i+1 : i+4]) {
			case "'ll", "'LL", "'re", "'RE", "'ve", "'VE", "n't", "N'T":
			default:
				continue
			}
			w.replace(i+1, i+5)
			w.str(" ")
			w.bytes(s[i+1 : i+4])
			w.str(" ")
			next = i + 5
		}
	}
}
