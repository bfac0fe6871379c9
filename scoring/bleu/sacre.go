package bleu

import "math"

// SacreVersion is the sacreBLEU release whose behaviour Sacre and
// SacreCorpus reproduce (the reference values were computed with it).
const SacreVersion = "2.6.0"

// SacreSignature is sacreBLEU's own signature of sentence_bleu(hyp, [ref])
// with defaults, which Sacre computes.
const SacreSignature = "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:" + SacreVersion

// SacreCorpusSignature is sacreBLEU's own signature of corpus_bleu(hyps,
// [refs]) with defaults, which SacreCorpus computes: no effective order.
const SacreCorpusSignature = "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" + SacreVersion

// sacreLogFloor is sacreBLEU's my_log(0.0): the log of a zero precision.
const sacreLogFloor = -9999999999

// SacreResult is sacreBLEU's BLEUScore.
type SacreResult struct {
	// Score is the BLEU score on 0..100.
	Score float64
	// Counts and Totals are the clipped n-gram matches and the hypothesis
	// n-grams per order ("counts", "totals").
	Counts, Totals [MaxOrder]int
	// Precisions are the (smoothed) precisions on 0..100; all 0 when no
	// n-gram matches, and 0 from the first order with no hypothesis n-gram.
	Precisions [MaxOrder]float64
	// BP is the brevity penalty, exp(1 - RefLen/SysLen) when the hypothesis
	// is shorter, 0 when it is empty, else 1.
	BP float64
	// SysLen and RefLen are the hypothesis and reference token counts.
	SysLen, RefLen int
}

// Sacre returns sacreBLEU's sentence_bleu(hypothesis, [reference]) with
// defaults (signature SacreSignature). It is defined for every input: an
// empty side gives 0 (sacreBLEU 2.6.0 accepts empty references).
func Sacre(hypothesis, reference string) SacreResult {
	return Count(SacreTokens(hypothesis), SacreTokens(reference)).Sacre(true)
}

// SacreCorpus returns sacreBLEU's corpus_bleu(hypotheses, [references]) with
// defaults (signature SacreCorpusSignature): the statistics of all pairs are
// summed, then scored without effective order. The error wraps ErrUndefined
// when there are no pairs (sacreBLEU raises on empty lists) and reports
// slices of different lengths.
func SacreCorpus(hypotheses, references []string) (SacreResult, error) {
	total, err := corpusStats(hypotheses, references, SacreTokens)
	if err != nil {
		return SacreResult{}, err
	}
	return total.Sacre(false), nil
}

// Sacre computes sacreBLEU's score from the statistics as
// BLEU.compute_bleu does with smooth_method "exp": effectiveOrder is true for
// sentence_bleu and false for corpus_bleu.
//
// With "exp" smoothing the k-th order with no match (k = 1, 2, ...) gets the
// precision 100 / (2^k * total). With effective order the mean runs over the
// orders up to the last one with a hypothesis n-gram; without it a missing
// order counts as log 0, floored at -9999999999, which makes the score 0.
func (s Stats) Sacre(effectiveOrder bool) SacreResult {
	r := SacreResult{Counts: s.Matches, Totals: s.Totals, SysLen: s.HypLen, RefLen: s.RefLen}
	switch {
	case s.HypLen >= s.RefLen:
		r.BP = 1
	case s.HypLen > 0:
		r.BP = math.Exp(1 - float64(s.RefLen)/float64(s.HypLen))
	}
	if s.Matches == [MaxOrder]int{} {
		return r // "Early stop if there are no matches": score 0, precisions 0
	}
	smooth := 1.0
	order := MaxOrder
	for n := 1; n <= MaxOrder; n++ {
		total := s.Totals[n-1]
		if total == 0 {
			break
		}
		if effectiveOrder {
			order = n
		}
		if s.Matches[n-1] == 0 {
			smooth *= 2
			r.Precisions[n-1] = 100 / (smooth * float64(total))
		} else {
			r.Precisions[n-1] = 100 * float64(s.Matches[n-1]) / float64(total)
		}
	}
	logSum := 0.0
	for _, p := range r.Precisions[:order] {
		if p == 0 {
			logSum += sacreLogFloor
		} else {
			logSum += math.Log(p)
		}
	}
	r.Score = r.BP * math.Exp(logSum/float64(order))
	return r
}
