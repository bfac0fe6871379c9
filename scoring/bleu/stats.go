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

// ngram is an n-gram of token ids; ids start at 1 and unused trailing slots
// are 0, so the order is implicit.
type ngram [MaxOrder]uint32

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

	// Intern the reference's tokens; a hypothesis token the reference lacks
	// gets id 0, and no n-gram holding it can match.
	ids := make(map[string]uint32, len(ref))
	refIDs := make([]uint32, len(ref))
	for i, tok := range ref {
		id, ok := ids[tok]
		if !ok {
			id = uint32(len(ids) + 1)
			ids[tok] = id
		}
		refIDs[i] = id
	}
	hypIDs := make([]uint32, len(hyp))
	for i, tok := range hyp {
		hypIDs[i] = ids[tok]
	}

	// Unigrams by id; longer n-grams in a map. Each hypothesis n-gram takes
	// one of the reference's remaining occurrences, which totals
	// min(hypothesis count, reference count) per distinct n-gram.
	unigrams := make([]int32, len(ids)+1)
	for _, id := range refIDs {
		unigrams[id]++
	}
	for _, id := range hypIDs {
		if id != 0 && unigrams[id] > 0 {
			unigrams[id]--
			s.Matches[0]++
		}
	}
	if len(ref) < 2 || len(hyp) < 2 {
		return s
	}
	remaining := make(map[ngram]int32, 3*len(ref))
	for n := 2; n <= MaxOrder; n++ {
		for i := 0; i+n <= len(refIDs); i++ {
			var g ngram
			copy(g[:], refIDs[i:i+n])
			remaining[g]++
		}
	}
	for n := 2; n <= MaxOrder; n++ {
	next:
		for i := 0; i+n <= len(hypIDs); i++ {
			var g ngram
			for j, id := range hypIDs[i : i+n] {
				if id == 0 {
					continue next
				}
				g[j] = id
			}
			if remaining[g] > 0 {
				remaining[g]--
				s.Matches[n-1]++
			}
		}
	}
	return s
}

// PairStats tokenizes a hypothesis and a reference with 13a and returns
// their statistics as HF evaluate counts them (hf) and as sacreBLEU counts
// them (sacre). The two differ only when a text ends in "-\n" followed by
// whitespace (see Tokenize13a and SacreTokens); otherwise each text is
// tokenized once and sacre equals hf.
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
