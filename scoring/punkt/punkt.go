// Package punkt splits text into sentences exactly as NLTK's
// nltk.sent_tokenize(text, "english") does: the Punkt algorithm of Kiss and
// Strunk (2006) as implemented by NLTK's PunktSentenceTokenizer
// (nltk/tokenize/punkt.py, NLTK 3.8), with NLTK's pre-trained English
// parameters.
//
// Metrics that NLTK tokenizes (METEOR through word_tokenize, which splits
// sentences first; ROUGE-Lsum) need these exact splits to reproduce the
// reference implementations' scores.
//
// The algorithm: candidate sentence ends are '.', '?' and '!' followed by
// other punctuation or by whitespace and a token. For each candidate, the
// word before it, the candidate and the following token are split into
// Punkt word tokens and annotated in two passes: first by token type
// (known abbreviations, ellipses, sentence-final punctuation), then by
// context (collocations, orthographic evidence of whether the next word
// starts a sentence, frequent sentence starters, initials and ordinals). A
// sentence ends after the candidate when that context holds a break.
// Finally closing quotes and brackets after a sentence end move back into
// the sentence they close.
//
// Whitespace is handled as NLTK does: a sentence starts at its first token,
// except that the first sentence keeps any leading whitespace of the text;
// the last sentence drops trailing whitespace; whitespace inside a sentence,
// newlines included, is kept. Empty or all-whitespace text has no sentences,
// and text without sentence-final punctuation is one sentence.
//
// Character classes (whitespace, upper and lower case, letters, digits)
// follow Python 3's Unicode definitions, as NLTK's regular expressions and
// str methods see them.
//
// # Attribution
//
// english_params.json holds NLTK's pre-trained English Punkt parameters
// (nltk_data tokenizers/punkt/english.pickle, dumped as JSON with NLTK 3.8).
// NLTK and nltk_data are licensed under the Apache License 2.0; see NOTICE.
package punkt

// Tokenizer splits text into sentences with one set of Punkt parameters. It
// is immutable and safe for concurrent use.
type Tokenizer struct {
	abbrevs      map[string]struct{}    // abbreviation types, without the final period
	collocations map[[2]string]struct{} // (type before period, next type) pairs
	sentStarters map[string]struct{}    // frequent sentence starters
	ortho        map[string]int         // type -> orthographic context flags
	// keys holds every string of the maps above (each collocation's
	// two types apart), each mapped to itself, so that a type equal to
	// one can be looked up from bytes and shared instead of allocated.
	keys map[string]string
}

// Sentences splits text into sentences like nltk.sent_tokenize (and
// PunktSentenceTokenizer.tokenize): each sentence is a substring of text, in
// order. It returns nil when text has no sentences (empty or whitespace).
func (t *Tokenizer) Sentences(text string) []string {
	spans := t.SentenceSpans(text)
	if len(spans) == 0 {
		return nil
	}
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s[0]:s[1]]
	}
	return out
}

// SentenceSpans returns the [start, end) byte offsets of the sentences of
// text, like PunktSentenceTokenizer.span_tokenize (which counts characters,
// not bytes). The spans are in order, do not overlap and are never empty.
func (t *Tokenizer) SentenceSpans(text string) [][2]int {
	spans := t.AppendSentenceSpans(nil, text)
	if len(spans) == 0 {
		return nil
	}
	return spans
}

// AppendSentenceSpans appends the spans of SentenceSpans(text) to dst and
// returns the extended slice, so that a caller can reuse its memory.
func (t *Tokenizer) AppendSentenceSpans(dst [][2]int, text string) [][2]int {
	n := len(dst)
	spans := t.slices(dst, text)
	return spans[:n+len(realign(text, spans[n:]))]
}
