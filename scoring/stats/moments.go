package stats

import "math"

// The sums below reproduce numpy 1.24's float64 reductions operation by
// operation (np.add.reduce uses pairwise summation for contiguous arrays), so
// that means, SDs and t statistics equal numpy's and SciPy's bit for bit.
// That matters where the result is sensitive to rounding: differences that
// are equal up to rounding give a t statistic of order 1e16 whose value
// depends on every rounding of the variance.
//
// Explicit float64 conversions around products keep the compiler from
// fusing a multiply and an add into one FMA, which numpy does not do.

// pairwiseBlock is numpy's PW_BLOCKSIZE: below it, sums use eight
// interleaved accumulators; above it, the array is split in two.
const pairwiseBlock = 128

// pairwiseSum is numpy's pairwise_sum for float64.
func pairwiseSum(x []float64) float64 {
	n := len(x)
	switch {
	case n < 8:
		res := 0.0
		for _, v := range x {
			res += v
		}
		return res
	case n <= pairwiseBlock:
		var r [8]float64
		copy(r[:], x[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			r[0] += x[i]
			r[1] += x[i+1]
			r[2] += x[i+2]
			r[3] += x[i+3]
			r[4] += x[i+4]
			r[5] += x[i+5]
			r[6] += x[i+6]
			r[7] += x[i+7]
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += x[i]
		}
		return res
	default:
		n2 := n / 2
		n2 -= n2 % 8
		return pairwiseSum(x[:n2]) + pairwiseSum(x[n2:])
	}
}

// mean is numpy.mean of a float64 array.
func mean(x []float64) float64 {
	return pairwiseSum(x) / float64(len(x))
}

// squaredDeviations writes (x[i] - m)² into out and returns it.
func squaredDeviations(x []float64, m float64, out []float64) []float64 {
	out = out[:len(x)]
	for i, v := range x {
		dev := v - m
		out[i] = float64(dev * dev)
	}
	return out
}

// meanStd is numpy.mean(x) and numpy.std(x, ddof=1): the sum of squared
// deviations from the mean divided by n-1. scratch must hold len(x) values.
func meanStd(x, scratch []float64) (m, sd float64) {
	m = mean(x)
	ss := pairwiseSum(squaredDeviations(x, m, scratch))
	return m, math.Sqrt(ss / float64(len(x)-1))
}

// scipyVar is SciPy 1.10's _var(x, ddof=1) as ttest_rel uses it: the mean
// of the squared deviations (the second central moment) multiplied by
// n/(n-1), which rounds differently from dividing the sum by n-1. It also
// reports SciPy's precision-loss test: max|x - mean| < 1e-14 |mean|.
func scipyVar(x, scratch []float64) (m, v float64, precisionLoss bool) {
	n := len(x)
	m = mean(x)
	maxDev := 0.0
	for _, xv := range x {
		if dev := math.Abs(xv - m); dev > maxDev {
			maxDev = dev
		}
	}
	// numpy.finfo(float64).resolution * 10, evaluated in float64 as SciPy
	// does (1e-15 * 10 rounds up to this value; the constant 1e-14 does not).
	const eps = 1.0000000000000002e-14
	precisionLoss = maxDev/math.Abs(m) < eps // NaN (0/0) compares false, as in numpy
	v = mean(squaredDeviations(x, m, scratch))
	v *= float64(n) / float64(n-1)
	return m, v, precisionLoss
}
