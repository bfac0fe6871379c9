package stats

import (
	"math"
	"slices"
)

// exactMaxN is SciPy 1.10's limit for method='auto': the exact null
// distribution for n <= 50 differences (zeros included in n), the normal
// approximation above.
const exactMaxN = 50

// SciPy's names of the ways to compute the signed-rank p-value: methodAuto
// chooses one of the other two.
const (
	methodAuto   = "auto"
	methodExact  = "exact"
	methodApprox = "approx"
)

// wilcoxonResult is scipy.stats.wilcoxon(d) with its defaults. method is ""
// when every difference is zero (SciPy raises ValueError). The flags say
// which warnings apply.
type wilcoxonResult struct {
	statistic, p float64
	// z is the normalized statistic of the normal approximation (SciPy's
	// zstatistic); 0 with the exact method.
	z      float64
	method string
	// zeros: 'auto' chose exact but a difference is zero, so SciPy switched
	// to the normal approximation (and warned).
	zeros bool
	// small: the normal approximation with fewer than 10 non-zero
	// differences (SciPy warns).
	small bool
	// tiesExact: the exact no-ties distribution used although |d| has ties
	// (SciPy does not warn).
	tiesExact bool
}

// signedRank is scipy.stats.wilcoxon(x, y) for d = x - y with SciPy 1.10's
// defaults: zero_method='wilcox', correction=False, alternative='two-sided',
// method='auto'.
func signedRank(d []float64) wilcoxonResult {
	return signedRankMethod(d, methodAuto)
}

// signedRankMethod is scipy.stats.wilcoxon(x, y, method=method) with the
// other defaults, for method "auto", "exact" or "approx".
//
// 'auto' picks the exact distribution when len(d) <= 50 and the normal
// approximation otherwise; a zero difference switches exact to the
// approximation. Ties alone do not: the exact p-value is then taken at the
// positive rank sum rounded down, as SciPy does. The approximation drops
// zero differences, ranks the rest (ties get average ranks) and uses the
// tie-corrected variance n(n+1)(2n+1)/24 - Σ(t³-t)/48.
func signedRankMethod(d []float64, method string) wilcoxonResult {
	var res wilcoxonResult
	n := len(d)
	nonzero := make([]float64, 0, n)
	for _, v := range d {
		if v != 0 {
			nonzero = append(nonzero, v)
		}
	}
	res.method = method
	if method == methodAuto {
		res.method = methodApprox
		if n <= exactMaxN {
			res.method = methodExact
		}
	}
	if res.method == methodExact && len(nonzero) < n {
		res.method, res.zeros = methodApprox, true
	}
	if len(nonzero) == 0 {
		res.method = ""
		return res
	}
	count := len(nonzero)
	res.small = res.method == methodApprox && count < 10

	r := rankSums(nonzero)
	res.statistic = float64(min(r.plus2, r.minus2)) / 2
	if res.method == methodExact {
		res.tiesExact = r.tieSum != 0
		res.p = exactSignedRankP(count, r.plus2/2)
		return res
	}
	c := float64(count)
	mn := c * (c + 1) * 0.25
	se := c * (c + 1) * (2*c + 1)
	se -= 0.5 * float64(r.tieSum)
	se = math.Sqrt(se / 24)
	res.z = (res.statistic - mn) / se
	res.p = 2 * normalCDF(-math.Abs(res.z))
	return res
}

// signedRanks holds the rank sums of the positive and the negative
// differences, doubled so that average ranks of ties stay integers, and
// Σ t(t²-1) over the groups of t tied |differences|.
type signedRanks struct {
	plus2, minus2, tieSum int64
}

// rankSums ranks |d| of non-zero, finite differences as
// scipy.stats.rankdata (method='average') does and sums the ranks by sign.
// It sorts the magnitudes of the positive and the negative differences
// apart and merges them, so that each group of equal |d| is seen once.
func rankSums(d []float64) signedRanks {
	buf := make([]float64, len(d))
	nPos := 0
	for _, v := range d {
		if v > 0 {
			nPos++
		}
	}
	pos, neg := buf[:0:nPos], buf[nPos:nPos]
	for _, v := range d {
		if v > 0 {
			pos = append(pos, v)
		} else {
			neg = append(neg, -v)
		}
	}
	slices.Sort(pos)
	slices.Sort(neg)
	var r signedRanks
	for i, j := 0, 0; i < len(pos) || j < len(neg); {
		lo := int64(i + j) // ranks lo+1, lo+2, ... for this group
		var v float64
		switch {
		case j == len(neg):
			v = pos[i]
		case i == len(pos):
			v = neg[j]
		default:
			v = min(pos[i], neg[j])
		}
		i0, j0 := i, j
		for i < len(pos) && pos[i] == v {
			i++
		}
		for j < len(neg) && neg[j] == v {
			j++
		}
		np, nn := int64(i-i0), int64(j-j0)
		t := np + nn
		rank2 := 2*lo + t + 1 // twice the average of the ranks lo+1..lo+t
		r.plus2 += np * rank2
		r.minus2 += nn * rank2
		r.tieSum += t * (t*t - 1)
	}
	return r
}

// exactSignedRankP is SciPy's two-sided exact p-value for the positive rank
// sum rPlus of n differences: 1 at the centre of the distribution, otherwise
// twice the smaller of P(R <= rPlus) and P(R >= rPlus), clipped to [0, 1].
// The probabilities are counts / 2^n, which SciPy's float64 arithmetic also
// represents exactly (n <= 50), so the result equals SciPy's bit for bit.
func exactSignedRankP(n int, rPlus int64) float64 {
	counts := signedRankCounts(n)
	if rPlus == int64(len(counts)-1)/2 {
		return 1
	}
	var less, greater uint64
	for i, c := range counts {
		if int64(i) <= rPlus {
			less += c
		}
		if int64(i) >= rPlus {
			greater += c
		}
	}
	p := 2 * math.Ldexp(float64(min(less, greater)), -n)
	return min(p, 1)
}

// signedRankCounts returns, for r = 0..n(n+1)/2, the number of the 2^n sign
// assignments of the ranks 1..n whose positive ranks sum to r: the exact
// null distribution of the signed-rank statistic times 2^n. It adds the
// ranks one at a time: with rank k, a sum r arises from r without k or from
// r-k with it. n must be at most 63.
func signedRankCounts(n int) []uint64 {
	counts := make([]uint64, n*(n+1)/2+1)
	counts[0] = 1
	top := 0 // the largest sum reachable so far
	for k := 1; k <= n; k++ {
		top += k
		for r := top; r >= k; r-- {
			counts[r] += counts[r-k]
		}
	}
	return counts
}
