// Package rouge computes ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum exactly as
// Google's rouge-score 0.1.2 does with
// RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=...)
// .score(target=reference, prediction=prediction): its default tokenizer,
// NLTK's Porter stemmer (package porter) for tokens longer than three
// characters when stemming is on, clipped n-gram counts, the longest common
// subsequence for ROUGE-L and the summary-level union LCS for ROUGE-Lsum.
//
// rouge-score splits texts into ROUGE-Lsum sentences at newlines unless
// split_summaries=True, which uses nltk.sent_tokenize instead; Scorer offers
// both, and Compute uses newlines, rouge-score's default and what Hugging
// Face evaluate's "rouge" does.
package rouge

import (
	"strings"

	"github.com/cecbench/cecbench/scoring/punkt"
)

// Version names the implementation the scores reproduce.
const Version = "rouge-score-0.1.2"

// Score is one ROUGE score, as rouge-score's Score tuple.
type Score struct {
	// Precision is the overlap divided by the prediction's size.
	Precision float64 `json:"precision"`
	// Recall is the overlap divided by the reference's size.
	Recall float64 `json:"recall"`
	// F is 2PR/(P+R), or 0 when P+R is 0 (rouge-score's fmeasure).
	F float64 `json:"f"`
}

// Scores holds the four ROUGE variants of one pair.
type Scores struct {
	// Rouge1 counts overlapping unigrams.
	Rouge1 Score `json:"rouge1"`
	// Rouge2 counts overlapping bigrams.
	Rouge2 Score `json:"rouge2"`
	// RougeL is based on the longest common subsequence of the texts.
	RougeL Score `json:"rougeL"`
	// RougeLsum is the summary-level LCS over the texts' sentences.
	RougeLsum Score `json:"rougeLsum"`
}

// Scorer computes ROUGE scores like rouge-score's RougeScorer. The zero
// value is rouge-score's default: no stemming, ROUGE-Lsum sentences split at
// newlines. A Scorer is safe for concurrent use.
type Scorer struct {
	// UseStemmer stems tokens longer than three characters with NLTK's
	// Porter stemmer (use_stemmer=True).
	UseStemmer bool
	// SplitSummaries splits texts into ROUGE-Lsum sentences with Punkt
	// (nltk.sent_tokenize, split_summaries=True) instead of at newlines.
	SplitSummaries bool
}

// Compute returns the ROUGE scores of prediction against reference as
// rouge-score 0.1.2 computes them with use_stemmer set to useStemmer and
// its other defaults (ROUGE-Lsum sentences split at newlines).
func Compute(reference, prediction string, useStemmer bool) Scores {
	return Scorer{UseStemmer: useStemmer}.Score(reference, prediction)
}

// Signature is the signature of Compute's scores with the given stemming,
// e.g. "rouge|impl:rouge-score-0.1.2|tok:default|stem:none|lsum:newline".
func Signature(useStemmer bool) string {
	return Scorer{UseStemmer: useStemmer}.Signature()
}

// Signature names everything s's scores depend on, sacreBLEU-style:
// implementation, tokenizer, stemmer and ROUGE-Lsum sentence splitter.
func (s Scorer) Signature() string {
	stem := "none"
	if s.UseStemmer {
		stem = "porter-nltk3.8"
	}
	lsum := "newline"
	if s.SplitSummaries {
		lsum = "punkt-en@nltk3.8"
	}
	return "rouge|impl:" + Version + "|tok:default|stem:" + stem + "|lsum:" + lsum
}

// Score returns the ROUGE scores of prediction against reference
// (rouge-score's score(target=reference, prediction=prediction)).
func (s Scorer) Score(reference, prediction string) Scores {
	var v vocab
	refSents, ref := s.split(&v, reference)
	predSents, pred := s.split(&v, prediction)
	out := Scores{
		Rouge1: ngramScore(ref, pred, 1),
		Rouge2: ngramScore(ref, pred, 2),
		RougeL: lcsScore(ref, pred),
	}
	if !s.SplitSummaries && len(refSents) == 1 && len(predSents) == 1 {
		// One line each: the line's tokens are the text's, and the
		// summary-level LCS of one sentence each is ROUGE-L.
		out.RougeLsum = out.RougeL
	} else {
		out.RougeLsum = summaryLCSScore(refSents, predSents, v.size())
	}
	return out
}

// split tokenizes text twice as rouge-score does: as a whole, and as
// ROUGE-Lsum sentences (dropping empty ones). Sentences are the lines of
// text, or its Punkt sentences with SplitSummaries. Since a newline always
// separates tokens, the tokens of the whole text are then the lines' tokens
// one after the other, and the text is tokenized only once.
func (s Scorer) split(v *vocab, text string) (sents [][]int32, all []int32) {
	var toks []string
	if s.SplitSummaries {
		all = v.ids(tokenize(nil, text, s.UseStemmer))
		for _, sent := range punkt.English().Sentences(text) {
			if sent == "" {
				continue
			}
			toks = tokenize(toks[:0], sent, s.UseStemmer)
			sents = append(sents, v.ids(toks))
		}
		return sents, all
	}
	for line := range strings.SplitSeq(text, "\n") {
		if line == "" {
			continue
		}
		toks = tokenize(toks[:0], line, s.UseStemmer)
		ids := v.ids(toks)
		sents = append(sents, ids)
		all = append(all, ids...)
	}
	return sents, all
}

// newScore builds a Score from overlap counts with Python's float
// arithmetic: precision and recall are correctly rounded quotients, and
// F is evaluated as 2 * p * r / (p + r) from left to right.
func newScore(overlap, predCount, refCount int) Score {
	p := float64(overlap) / float64(predCount)
	r := float64(overlap) / float64(refCount)
	return Score{Precision: p, Recall: r, F: fmeasure(p, r)}
}

// fmeasure is rouge-score's scoring.fmeasure.
func fmeasure(p, r float64) float64 {
	if p+r > 0 {
		return 2 * p * r / (p + r)
	}
	return 0
}

// vocab maps tokens to small integers, so that sequences compare fast.
type vocab struct {
	index map[string]int32
}

// ids returns the ids of toks, adding new tokens.
func (v *vocab) ids(toks []string) []int32 {
	if v.index == nil {
		v.index = make(map[string]int32, 2*len(toks))
	}
	out := make([]int32, len(toks))
	for i, t := range toks {
		id, ok := v.index[t]
		if !ok {
			id = int32(len(v.index))
			v.index[t] = id
		}
		out[i] = id
	}
	return out
}

// size is the number of distinct tokens seen.
func (v *vocab) size() int { return len(v.index) }
