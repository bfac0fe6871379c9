package stats

import "math"

// tResult is the paired t-test as scipy.stats.ttest_rel computes it. t is
// NaN when every difference is zero and ±Inf when the differences have zero
// variance and a non-zero mean; p follows SciPy (NaN, and 0 for ±Inf).
type tResult struct {
	t, p          float64
	precisionLoss bool
}

// pairedT is scipy.stats.ttest_rel(a, b) with alternative='two-sided' on the
// differences d = a - b: t = mean(d) / sqrt(var(d, ddof=1) / n), with df =
// n-1 and p = 2 * stdtr(df, -|t|). scratch must hold len(d) values.
func pairedT(d, scratch []float64) tResult {
	n := len(d)
	m, v, loss := scipyVar(d, scratch)
	denom := math.Sqrt(v / float64(n))
	t := m / denom
	return tResult{t: t, p: studentTwoSided(float64(n-1), t), precisionLoss: loss}
}

// studentTwoSided is SciPy's two-sided p-value stdtr(df, -|t|) * 2; NaN
// for a NaN t.
func studentTwoSided(df, t float64) float64 {
	if math.IsNaN(t) {
		return math.NaN()
	}
	return 2 * studentCDF(df, -math.Abs(t))
}
