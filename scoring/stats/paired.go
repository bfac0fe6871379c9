// Package stats computes the paired statistics the paper reports when it
// compares two metrics or two models on the same items: the paired t-test
// and the Wilcoxon signed-rank test exactly as SciPy 1.10 computes them
// (scipy.stats.ttest_rel and scipy.stats.wilcoxon with their defaults),
// Cohen's d for paired data (d_z) and with the pooled SD, and the means and
// SDs (n-1) of both samples, computed as numpy does.
//
// SciPy answers NaN, ±Inf or raises for some inputs (every difference zero,
// differences with zero variance, samples with zero SD). PairedTests never
// returns NaN or Inf: those results are nil pointers, shown as null in JSON,
// and a warning says why (see Paired).
package stats

import (
	"errors"
	"fmt"
	"math"
)

// ErrInvalid is wrapped by every error PairedTests returns: the input cannot
// be tested as given (different lengths, fewer than 2 values, a value that is
// not finite or is larger in magnitude than MaxAbsValue).
var ErrInvalid = errors.New("invalid input")

// MinN is the smallest number of pairs PairedTests accepts.
const MinN = 2

// MaxAbsValue is the largest magnitude PairedTests accepts for a value. It
// keeps every sum and square finite, so that the means and SDs are always
// numbers; scores are far smaller (0..1 or 0..100).
const MaxAbsValue = 1e100

// Warnings PairedTests can return. The ones marked SciPy are the warnings
// SciPy 1.10 emits for the same input; the others explain a null field or a
// caveat SciPy does not warn about.
const (
	// WarnPrecisionLoss is SciPy's RuntimeWarning from ttest_rel when the
	// differences are nearly identical: max|d - mean(d)| < 1e-14 |mean(d)|.
	WarnPrecisionLoss = "t-test: precision loss in the variance of the differences (catastrophic cancellation: the differences are nearly identical); t may be unreliable (SciPy warns the same)"
	// WarnTUndefined is given when every difference is zero: SciPy's t and p
	// are NaN (0/0), so t and p_t are null.
	WarnTUndefined = "t-test: every difference is zero, so t and p_t are undefined (SciPy gives NaN); they are null"
	// WarnTInfinite is given when the differences have zero variance but a
	// non-zero mean: SciPy's t is ±Inf and its p-value 0, so t is null and
	// p_t is 0.
	WarnTInfinite = "t-test: the differences have zero variance and a non-zero mean, so t is infinite (SciPy gives ±inf); t is null and p_t is 0"
	// WarnWilcoxonZeros is SciPy's warning when method 'auto' picks the
	// exact distribution (n <= 50) but a difference is zero: it switches to
	// the normal approximation.
	WarnWilcoxonZeros = "wilcoxon: exact p-value calculation does not work if there are zeros; switched to the normal approximation (SciPy warns the same)"
	// WarnWilcoxonSmallSample is SciPy's warning when the normal
	// approximation is used with fewer than 10 non-zero differences.
	WarnWilcoxonSmallSample = "wilcoxon: sample size too small for the normal approximation (fewer than 10 non-zero differences; SciPy warns the same)"
	// WarnWilcoxonAllZero is given when every difference is zero: SciPy
	// raises ValueError, so wilcoxon_w and p_wilcoxon are null.
	WarnWilcoxonAllZero = "wilcoxon: every difference is zero, so the signed-rank test is undefined (SciPy raises ValueError); wilcoxon_w and p_wilcoxon are null"
	// WarnWilcoxonTiesExact is given (SciPy 1.10 does not warn) when the
	// exact distribution is used although some |differences| are tied: like
	// SciPy, the p-value then comes from the no-ties distribution at the
	// positive rank sum rounded down, and is only approximate (it can even
	// change when a and b are swapped).
	WarnWilcoxonTiesExact = "wilcoxon: some |differences| are tied but SciPy 1.10 still uses the exact no-ties distribution for n <= 50; p_wilcoxon equals SciPy's but is approximate"
	// WarnDzUndefined is given when the SD of the differences is zero (every
	// difference equal): Cohen's d_z is ±Inf or NaN and cohens_dz is null.
	WarnDzUndefined = "cohens_dz: the SD of the differences is zero, so d_z is undefined; it is null"
	// WarnDPooledUndefined is given when both samples have zero SD (or SDs
	// so small that their squares underflow): cohens_d_pooled is null.
	WarnDPooledUndefined = "cohens_d_pooled: both samples have zero SD, so the pooled d is undefined; it is null"
)

// Paired holds the paired statistics of two samples a and b of the same
// items. SDs use n-1. A pointer field is nil (JSON null) where SciPy gives
// NaN or ±Inf or raises; Warnings then says why:
//
//   - T is nil when every difference is zero (SciPy: NaN; PT is nil too) and
//     when the differences have zero variance but a non-zero mean (SciPy:
//     ±Inf; PT is 0).
//   - PT is nil only when every difference is zero.
//   - WilcoxonW and PWilcoxon are nil only when every difference is zero
//     (SciPy raises ValueError); WilcoxonMethod is then "".
//   - CohensDz is nil when the SD of the differences is zero.
//   - CohensDPooled is nil when the pooled SD is zero (both SDs zero).
type Paired struct {
	// N is the number of pairs.
	N int `json:"n"`
	// MeanA is the mean of a (numpy.mean).
	MeanA float64 `json:"mean_a"`
	// SDA is the SD of a with n-1 (numpy.std(ddof=1)).
	SDA float64 `json:"sd_a"`
	// MeanB is the mean of b.
	MeanB float64 `json:"mean_b"`
	// SDB is the SD of b with n-1.
	SDB float64 `json:"sd_b"`
	// T is the paired t statistic of scipy.stats.ttest_rel(a, b): positive
	// when a is larger on average.
	T *float64 `json:"t"`
	// DF is the degrees of freedom of the t-test, N-1.
	DF int `json:"df"`
	// PT is the two-sided p-value of the paired t-test.
	PT *float64 `json:"p_t"`
	// WilcoxonW is the statistic of scipy.stats.wilcoxon(a, b): the smaller
	// of the rank sums of the positive and the negative differences (zero
	// differences dropped, ties given average ranks).
	WilcoxonW *float64 `json:"wilcoxon_w"`
	// PWilcoxon is the two-sided p-value of the signed-rank test.
	PWilcoxon *float64 `json:"p_wilcoxon"`
	// WilcoxonMethod says how PWilcoxon was computed, as SciPy 1.10's
	// method='auto' chooses: "exact" (n <= 50 and no zero difference) or
	// "approx" (normal approximation with the tie correction, no
	// continuity correction); "" when the test is undefined.
	WilcoxonMethod string `json:"wilcoxon_method"`
	// CohensDz is mean(d) / sd(d) for d = a - b.
	CohensDz *float64 `json:"cohens_dz"`
	// CohensDPooled is (MeanA - MeanB) / sqrt((SDA² + SDB²) / 2).
	CohensDPooled *float64 `json:"cohens_d_pooled"`
	// Warnings lists the Warn* messages that apply, in a fixed order; it is
	// empty, not nil, when none does.
	Warnings []string `json:"warnings"`
}

// PairedTests computes the paired statistics of a and b, the scores of the
// same items under two conditions (a[i] and b[i] belong to item i). It
// returns an error wrapping ErrInvalid when the lengths differ, there are
// fewer than MinN pairs, or a value is not finite or exceeds MaxAbsValue in
// magnitude.
func PairedTests(a, b []float64) (Paired, error) {
	if err := validate(a, b); err != nil {
		return Paired{}, err
	}
	n := len(a)
	p := Paired{N: n, DF: n - 1, Warnings: []string{}}

	scratch := make([]float64, n)
	p.MeanA, p.SDA = meanStd(a, scratch)
	p.MeanB, p.SDB = meanStd(b, scratch)

	d := make([]float64, n)
	for i := range a {
		d[i] = a[i] - b[i]
	}

	t := pairedT(d, scratch)
	if t.precisionLoss {
		p.Warnings = append(p.Warnings, WarnPrecisionLoss)
	}
	switch {
	case math.IsNaN(t.t):
		p.Warnings = append(p.Warnings, WarnTUndefined)
	case math.IsInf(t.t, 0):
		p.Warnings = append(p.Warnings, WarnTInfinite)
		p.PT = ptr(t.p)
	default:
		p.T, p.PT = ptr(t.t), ptr(t.p)
	}

	w := signedRank(d)
	if w.zeros {
		p.Warnings = append(p.Warnings, WarnWilcoxonZeros)
	}
	if w.small {
		p.Warnings = append(p.Warnings, WarnWilcoxonSmallSample)
	}
	if w.tiesExact {
		p.Warnings = append(p.Warnings, WarnWilcoxonTiesExact)
	}
	if w.method == "" {
		p.Warnings = append(p.Warnings, WarnWilcoxonAllZero)
	} else {
		p.WilcoxonW, p.PWilcoxon, p.WilcoxonMethod = ptr(w.statistic), ptr(w.p), w.method
	}

	meanD, sdD := meanStd(d, scratch)
	if dz := meanD / sdD; isFinite(dz) {
		p.CohensDz = ptr(dz)
	} else {
		p.Warnings = append(p.Warnings, WarnDzUndefined)
	}
	pooled := math.Sqrt((float64(p.SDA*p.SDA) + float64(p.SDB*p.SDB)) / 2) // no FMA, as numpy
	if dp := (p.MeanA - p.MeanB) / pooled; isFinite(dp) {
		p.CohensDPooled = ptr(dp)
	} else {
		p.Warnings = append(p.Warnings, WarnDPooledUndefined)
	}
	return p, nil
}

func validate(a, b []float64) error {
	if len(a) != len(b) {
		return fmt.Errorf("%w: a has %d values and b has %d; paired samples must have the same length", ErrInvalid, len(a), len(b))
	}
	if len(a) < MinN {
		return fmt.Errorf("%w: %d pairs given; paired tests need at least %d", ErrInvalid, len(a), MinN)
	}
	for _, s := range []struct {
		name string
		x    []float64
	}{{"a", a}, {"b", b}} {
		for i, v := range s.x {
			if !isFinite(v) {
				return fmt.Errorf("%w: %s[%d] is %v; values must be finite numbers", ErrInvalid, s.name, i, v)
			}
			if math.Abs(v) > MaxAbsValue {
				return fmt.Errorf("%w: %s[%d] is %v; values must lie within ±%g", ErrInvalid, s.name, i, v, MaxAbsValue)
			}
		}
	}
	return nil
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func ptr(x float64) *float64 { return &x }
