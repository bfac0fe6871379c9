package bleu

// MaxOrder is the largest n-gram order counted, the default of both
// reference implementations.
const MaxOrder = 4

// Stats are BLEU's sufficient statistics for one hypothesis and one
// reference, or summed over a corpus. Both reference implementations count
// the same things with one reference: tensorflow/nmt's matches_by_order and
// possible_matches_by_order, sacreBLEU's correct and total.
type Stats struct {
	// HypLen and RefLen are the token counts.
	HypLen, RefLen int
	// Matches[n-1] is the number of hypothesis n-grams found in the
	// reference, each n-gram clipped to its count there.
	Matches [MaxOrder]int
	// Totals[n-1] is the number of hypothesis n-grams, max(0, HypLen-n+1).
	Totals [MaxOrder]int
}

// Add returns the sum of s and o, as a corpus adds its sentences.
func (s Stats) Add(o Stats) Stats {
	s.HypLen += o.HypLen
	s.RefLen += o.RefLen
	for i := range s.Matches {
		s.Matches[i] += o.Matches[i]
		s.Totals[i] += o.Totals[i]
	}
	return s
}

// Count returns the statistics of hypothesis tokens hyp against reference
// tokens ref.
func Count(hyp, ref []string) Stats {
	s := Stats{HypLen: len(hyp), RefLen: len(ref)}
	for n := 1; n <= MaxOrder; n++ {
		s.Totals[n-1] = max(0, len(hyp)-n+1)
	}
	if len(hyp) == 0 || len(ref) == 0 {
		return s
	}
	c := counters.Get().(*counter)
	defer counters.Put(c)
	s.Matches = c.matches(hyp, ref)
	return s
}

// PairStats tokenizes a hypothesis and a reference with 13a and returns
// their statistics as HF evaluate counts them (hf) and as sacreBLEU counts
// them (sacre). The two can differ only when a text's trailing whitespace
// starts with a newline, which HF's tokenizer joins with a "-" before it
// (see SacreTokens); otherwise each text is tokenized once and sacre
// equals hf.
func PairStats(hypothesis, reference string) (hf, sacre Stats) {
	hyp, ref := Tokenize13a(hypothesis), Tokenize13a(reference)
	hf = Count(hyp, ref)
	hypDiffers, refDiffers := sacreDiffers(hypothesis), sacreDiffers(reference)
	if !hypDiffers && !refDiffers {
		return hf, hf
	}
	if hypDiffers {
		hyp = SacreTokens(hypothesis)
	}
	if refDiffers {
		ref = SacreTokens(reference)
	}
	return hf, Count(hyp, ref)
}
