// Package bleu computes BLEU exactly as two reference implementations do:
//
//   - Hugging Face evaluate's "bleu" with its defaults (HF, HFCorpus): the
//     13a tokenizer, then tensorflow/nmt's compute_bleu with max_order 4 and
//     no smoothing, on a 0..1 scale;
//   - sacreBLEU 2.x's sentence_bleu and corpus_bleu with their defaults
//     (Sacre, SacreCorpus): 13a, case-sensitive, "exp" smoothing, effective
//     order for sentences only, on a 0..100 scale.
//
// Both count the same n-gram statistics (Stats) from the same tokenizer
// (Tokenize13a) and differ in how they turn them into a score: HF gives 0 as
// soon as one order has no match and raises ZeroDivisionError when either
// side has no tokens; sacreBLEU smooths zero matches, stops at the orders a
// short hypothesis has, and is always defined. The float operations follow
// the Python source in the same order, so results agree to a few ulps.
//
// HF evaluate's tokenizer_13a.py is a copy of sacreBLEU 2.x's Tokenizer13a
// and TokenizerRegexp: the same substitutions in the same order, the same
// four regexes, the same "&" test before unescaping and the same lru_cache.
// It differs only in returning line.split() where sacreBLEU returns
// " ".join(line.split()), which sacreBLEU splits again: the same tokens. The
// one difference in tokens comes from sacreBLEU's BLEU, not its tokenizer:
// it calls rstrip() on each segment first (see SacreTokens).
package bleu

import (
	"errors"
	"fmt"
	"math"
)

// HFSignature identifies what HF and HFCorpus compute, sacreBLEU-style:
// Hugging Face evaluate's "bleu" (main at a7dd338, whose compute_bleu is
// tensorflow/nmt's) with the 13a tokenizer, max_order 4, smooth False.
const HFSignature = "bleu|impl:hf-evaluate@a7dd338|nrefs:1|tok:13a|max_order:4|smooth:no"

// ErrUndefined is wrapped by the error of HF and HFCorpus where Hugging Face
// evaluate raises instead of returning a score, so that a caller can answer
// null with a warning. The message says why.
var ErrUndefined = errors.New("bleu undefined")

// Result is Hugging Face evaluate's "bleu" output.
type Result struct {
	// Score is "bleu", on 0..1.
	Score float64
	// Precisions are the n-gram precisions, matches/totals, 0 where an order
	// has no hypothesis n-gram.
	Precisions [MaxOrder]float64
	// BrevityPenalty is "brevity_penalty": 1 when the hypothesis is longer
	// than the reference, else exp(1 - 1/LengthRatio).
	BrevityPenalty float64
	// LengthRatio is "length_ratio", HypLen/RefLen.
	LengthRatio float64
	// HypLen and RefLen are "translation_length" and "reference_length".
	HypLen, RefLen int
}

// HF returns Hugging Face evaluate's BLEU of one prediction against one
// reference: bleu.compute(predictions=[prediction], references=[[reference]]).
// The error wraps ErrUndefined where evaluate raises ZeroDivisionError: when
// the prediction or the reference has no 13a tokens (empty, whitespace-only
// or only "<skipped>").
func HF(prediction, reference string) (Result, error) {
	return Count(Tokenize13a(prediction), Tokenize13a(reference)).HF()
}

// HFCorpus returns Hugging Face evaluate's corpus BLEU of predictions against
// references (one reference each): the statistics of all pairs are summed
// before the score is computed, so it is not the mean of the pairs' scores.
// The error wraps ErrUndefined when there are no pairs or when all
// predictions or all references together have no tokens, and reports
// slices of different lengths.
func HFCorpus(predictions, references []string) (Result, error) {
	total, err := corpusStats(predictions, references, Tokenize13a)
	if err != nil {
		return Result{}, err
	}
	return total.HF()
}

// HF computes Hugging Face evaluate's score from the statistics, as
// tensorflow/nmt's compute_bleu does with smooth=False. On error the Result
// holds the lengths and precisions but no score.
func (s Stats) HF() (Result, error) {
	r := Result{HypLen: s.HypLen, RefLen: s.RefLen}
	positive := true
	for i := range r.Precisions {
		if s.Totals[i] > 0 {
			r.Precisions[i] = float64(s.Matches[i]) / float64(s.Totals[i])
		}
		positive = positive && r.Precisions[i] > 0
	}
	// ratio = float(translation_length) / reference_length raises first,
	// then 1. / ratio when the translation is empty.
	if s.RefLen == 0 {
		return r, fmt.Errorf("%w: the reference has no 13a tokens (empty or whitespace-only), "+
			"so evaluate's BLEU divides by a zero reference length (ZeroDivisionError)", ErrUndefined)
	}
	if s.HypLen == 0 {
		return r, fmt.Errorf("%w: the prediction has no 13a tokens (empty or whitespace-only), "+
			"so evaluate's BLEU divides by a zero length ratio (ZeroDivisionError)", ErrUndefined)
	}
	geoMean := 0.0
	if positive {
		// p_log_sum = sum((1. / max_order) * math.log(p) for p in precisions)
		logSum := 0.0
		for _, p := range r.Precisions {
			logSum += (1.0 / MaxOrder) * math.Log(p)
		}
		geoMean = math.Exp(logSum)
	}
	r.LengthRatio = float64(s.HypLen) / float64(s.RefLen)
	if r.LengthRatio > 1 {
		r.BrevityPenalty = 1
	} else {
		r.BrevityPenalty = math.Exp(1 - 1/r.LengthRatio)
	}
	r.Score = geoMean * r.BrevityPenalty
	return r, nil
}

// corpusStats sums the statistics of paired texts tokenized with tokenize.
func corpusStats(hyps, refs []string, tokenize func(string) []string) (Stats, error) {
	if len(hyps) != len(refs) {
		return Stats{}, fmt.Errorf("bleu: %d hypotheses but %d references", len(hyps), len(refs))
	}
	if len(hyps) == 0 {
		return Stats{}, fmt.Errorf("%w: no pairs to score (the reference implementations raise on empty lists)", ErrUndefined)
	}
	var total Stats
	for i := range hyps {
		total = total.Add(Count(tokenize(hyps[i]), tokenize(refs[i])))
	}
	return total, nil
}
