package rouge

import "slices"

// ngramScore is rouge-score's _score_ngrams on the n-grams of ref and
// pred (n is 1 or 2): the overlap is the sum over the reference's distinct
// n-grams of the smaller of its two counts (a clipped Counter
// intersection), precision divides it by the prediction's n-gram count and
// recall by the reference's, each at least 1.
func ngramScore(ref, pred []int32, n int) Score {
	r := ngramKeys(ref, n)
	p := ngramKeys(pred, n)
	return newScore(sortedOverlap(r, p), max(len(p), 1), max(len(r), 1))
}

// ngramKeys returns the n-grams of ids (n is 1 or 2), each packed into a
// uint64, sorted.
func ngramKeys(ids []int32, n int) []uint64 {
	if len(ids) < n {
		return nil
	}
	keys := make([]uint64, 0, len(ids)-n+1)
	for i := 0; i+n <= len(ids); i++ {
		k := uint64(uint32(ids[i]))
		if n == 2 {
			k = k<<32 | uint64(uint32(ids[i+1]))
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sortedOverlap is the size of the multiset intersection of two sorted
// lists: for every value, the smaller of its two counts.
func sortedOverlap(a, b []uint64) int {
	overlap, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			overlap++
			i++
			j++
		}
	}
	return overlap
}
