package rouge

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// randomSeq returns up to maxLen ids from a small alphabet, so that
// repeats and ties are common.
func randomSeq(rng *rand.Rand, maxLen, alphabet int) []int32 {
	s := make([]int32, rng.IntN(maxLen+1))
	for i := range s {
		s[i] = int32(rng.IntN(alphabet))
	}
	return s
}

// isSubsequence reports whether sub occurs in s in order.
func isSubsequence(sub, s []int32) bool {
	j := 0
	for _, x := range s {
		if j < len(sub) && sub[j] == x {
			j++
		}
	}
	return j == len(sub)
}

// bruteLCS tries every subset of a, largest first.
func bruteLCS(tb testing.TB, a, b []int32) int {
	tb.Helper()
	best := 0
	for mask := 0; mask < 1<<len(a); mask++ {
		var sub []int32
		for i := range a {
			if mask&(1<<i) != 0 {
				sub = append(sub, a[i])
			}
		}
		if len(sub) > best && isSubsequence(sub, b) {
			best = len(sub)
		}
	}
	return best
}

// bruteOverlap pairs each n-gram of pred with an unused equal n-gram of
// ref, one by one.
func bruteOverlap(ref, pred []int32, n int) int {
	used := make([]bool, len(ref))
	overlap := 0
	for j := 0; j+n <= len(pred); j++ {
		for i := 0; i+n <= len(ref); i++ {
			if !used[i] && slices.Equal(ref[i:i+n], pred[j:j+n]) {
				used[i] = true
				overlap++
				break
			}
		}
	}
	return overlap
}

// TestLCSBruteForce checks the LCS length (both implementations) and that
// the LCS read out of the table is a common subsequence of that length.
func TestLCSBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var table []int32
	for k := 0; k < 3000; k++ {
		a, b := randomSeq(rng, 10, 4), randomSeq(rng, 10, 4)
		want := bruteLCS(t, a, b)
		if got := lcsLen(a, b); got != want {
			t.Fatalf("lcsLen(%v, %v) = %d, brute force %d", a, b, got, want)
		}
		table = lcsTable(table, a, b)
		if got := int(table[len(table)-1]); got != want {
			t.Fatalf("lcsTable(%v, %v) ends with %d, brute force %d", a, b, got, want)
		}
		in := make([]bool, len(a))
		markLCS(in, table, a, b)
		var sub []int32
		for i, ok := range in {
			if ok {
				sub = append(sub, a[i])
			}
		}
		if len(sub) != want || !isSubsequence(sub, b) {
			t.Fatalf("markLCS(%v, %v) picked %v, not a common subsequence of length %d", a, b, sub, want)
		}
	}
}

func TestNgramOverlapBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 0; k < 3000; k++ {
		a, b := randomSeq(rng, 12, 3), randomSeq(rng, 12, 3)
		for n := 1; n <= 2; n++ {
			want := bruteOverlap(a, b, n)
			if got := sortedOverlap(ngramKeys(a, n), ngramKeys(b, n)); got != want {
				t.Fatalf("overlap of %d-grams of %v and %v = %d, brute force %d", n, a, b, got, want)
			}
			// Count is symmetric.
			if got := sortedOverlap(ngramKeys(b, n), ngramKeys(a, n)); got != want {
				t.Fatalf("overlap of %d-grams of %v and %v = %d swapped, brute force %d", n, b, a, got, want)
			}
		}
	}
}

// TestSummaryLCSProperties checks the summary-level LCS on random
// sentence lists: one sentence each gives the plain LCS (which
// summaryLCSScore then takes as a shortcut), the hits never
// exceed either side's size, and the order of the prediction's sentences
// does not matter (the union over them is a set).
func TestSummaryLCSProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const vocabSize = 5
	for k := 0; k < 2000; k++ {
		a, b := randomSeq(rng, 10, vocabSize), randomSeq(rng, 10, vocabSize)
		if got, want := unionLCSHits([][]int32{a}, [][]int32{b}, vocabSize), lcsLen(a, b); got != want {
			t.Fatalf("one sentence each: %v and %v: %d union LCS hits, LCS length %d", a, b, got, want)
		}
		var refs, preds [][]int32
		for range 1 + rng.IntN(4) {
			refs = append(refs, randomSeq(rng, 6, vocabSize))
		}
		for range 1 + rng.IntN(4) {
			preds = append(preds, randomSeq(rng, 6, vocabSize))
		}
		s := summaryLCSScore(refs, preds, vocabSize)
		if s.Precision < 0 || s.Precision > 1 || s.Recall < 0 || s.Recall > 1 {
			t.Fatalf("%v vs %v: %+v out of range", refs, preds, s)
		}
		shuffled := slices.Clone(preds)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if again := summaryLCSScore(refs, shuffled, vocabSize); again != s {
			t.Fatalf("%v vs %v: %+v, reordered prediction %v: %+v", refs, preds, s, shuffled, again)
		}
	}
}
