package punkt

import "iter"

// endCandidate is a match of NLTK's period_context_re,
// [.?!](?=(?P<after_tok>NonWord|\s+(?P<next_tok>\S+))): a character that
// may end a sentence, followed by punctuation or by whitespace and a token.
type endCandidate struct {
	pos      int // byte offset of the '.', '?' or '!'
	afterEnd int // end of after_tok
	nextTok  int // start of next_tok, or -1 when after_tok is punctuation
}

// end is match.end(): the offset just after the sentence-end character.
func (m endCandidate) end() int { return m.pos + 1 }

// endCandidates yields the matches of period_context_re in text, like
// re.finditer. Each match is one character wide (the rest is lookahead), so
// matches are simply tried at every sentence-end character.
func endCandidates(text string) iter.Seq[endCandidate] {
	return func(yield func(endCandidate) bool) {
		ends := newEndScanner(text)
		for i := ends.from(0); i < len(text); i = ends.from(i + 1) {
			j := i + 1
			if j >= len(text) {
				return
			}
			if isNonWord(text[j]) {
				if !yield(endCandidate{pos: i, afterEnd: j + 1, nextTok: -1}) {
					return
				}
				continue
			}
			k := j
			for k < len(text) {
				sp, w := spaceAt(text, k)
				if !sp {
					break
				}
				k += w
			}
			if k == j || k == len(text) {
				continue
			}
			e := k
			for e < len(text) {
				sp, w := spaceAt(text, e)
				if sp {
					break
				}
				e += w
			}
			if !yield(endCandidate{pos: i, afterEnd: e, nextTok: k}) {
				return
			}
		}
	}
}

// endContext is a candidate together with the text NLTK classifies for it:
// the word before the candidate, the candidate and its after_tok. In NLTK
// these pieces are concatenated; they are always adjacent in the text.
type endContext struct {
	endCandidate
	start int // start of the context; it ends at afterEnd
}

// endContexts is PunktSentenceTokenizer._match_potential_end_contexts. The
// word before each candidate starts after the last ASCII whitespace
// (string.whitespace) since the previous candidate; when there is none it
// extends back to the previous candidate's word, and that previous candidate
// is then dropped unless its word was empty. As in NLTK, whitespace at
// offset 0 of the searched span counts as none.
func endContexts(text string) iter.Seq[endContext] {
	return func(yield func(endContext) bool) {
		var prev endContext
		havePrev := false
		prevStart, prevStop := 0, 0
		for m := range endCandidates(text) {
			idx := lastASCIISpace(text[prevStop:m.pos])
			wordStart := prevStart
			if idx > 0 {
				wordStart = prevStop + idx + 1
			}
			if havePrev && prevStop <= wordStart {
				if !yield(prev) {
					return
				}
			}
			prev = endContext{endCandidate: m, start: wordStart}
			havePrev = true
			prevStart, prevStop = wordStart, m.pos
		}
		if havePrev {
			yield(prev)
		}
	}
}

// lastASCIISpace is _get_last_whitespace_index: the offset of the last
// string.whitespace character in s, or 0 if there is none.
func lastASCIISpace(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if isASCIISpace(s[i]) {
			return i
		}
	}
	return 0
}

// slices is PunktSentenceTokenizer._slices_from_text: the sentences before
// realignment, as [start, end) byte offsets. A sentence ends after each
// candidate whose context contains a sentence break; the next starts at the
// token after the whitespace, or right after the candidate when punctuation
// follows it. The last one ends where trailing whitespace starts. It
// appends them to out.
func (tz *Tokenizer) slices(out [][2]int, text string) [][2]int {
	last := 0
	for c := range endContexts(text) {
		if !tz.containsSentBreak(text[c.start:c.afterEnd]) {
			continue
		}
		out = append(out, [2]int{last, c.end()})
		if c.nextTok >= 0 {
			last = c.nextTok
		} else {
			last = c.end()
		}
	}
	return append(out, [2]int{last, rstripLen(text)})
}

// realign is PunktSentenceTokenizer._realign_boundaries: closing quotes and
// brackets at the start of a sentence move to the end of the sentence
// before it, and empty sentences are dropped. It rewrites slices in place.
func realign(text string, slices [][2]int) [][2]int {
	out := slices[:0]
	shift := 0
	for i := range slices {
		s1 := slices[i]
		s1[0] = min(s1[0]+shift, s1[1])
		if i+1 == len(slices) {
			if s1[0] < s1[1] {
				out = append(out, s1)
			}
			break
		}
		s2 := slices[i+1]
		closers, matchEnd, ok := matchClosers(text[s2[0]:max(s2[0], s2[1])])
		if ok {
			out = append(out, [2]int{s1[0], s2[0] + closers})
			shift = matchEnd
			continue
		}
		shift = 0
		if s1[0] < s1[1] {
			out = append(out, s1)
		}
	}
	return out
}

// matchClosers matches re_boundary_realignment,
// ["\')\]}]+?(?:\s+|(?=--)|$) in MULTILINE mode, at the start of s: the
// fewest closing quotes and brackets that are followed by whitespace, "--",
// a newline or the end of s. It returns the number of closing characters
// (len(match.rstrip())) and the end of the match (closers plus whitespace).
func matchClosers(s string) (closers, end int, ok bool) {
	for n := 0; n < len(s); n++ {
		switch s[n] {
		case '"', '\'', ')', ']', '}':
		default:
			return 0, 0, false
		}
		k := n + 1
		if k == len(s) {
			return k, k, true
		}
		e := k
		for e < len(s) {
			sp, w := spaceAt(s, e)
			if !sp {
				break
			}
			e += w
		}
		if e > k {
			return k, e, true
		}
		if s[k] == '-' && k+1 < len(s) && s[k+1] == '-' {
			return k, k, true
		}
	}
	return 0, 0, false
}
