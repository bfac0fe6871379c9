package scoring

import (
	"math"

	"github.com/cecbench/cecbench/scoring/stats"
)

// BootstrapSeed is the fixed seed of every bootstrap, so a summary is
// reproducible.
const BootstrapSeed = 20250525

// BootstrapResamples is how many resamples a confidence interval uses.
const BootstrapResamples = 2000

// Summary describes a sample of scores.
type Summary struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	// SD is the sample standard deviation (n-1 in the denominator); 0 for n < 2.
	SD float64 `json:"sd"`
	// CI95 is the 95% percentile bootstrap confidence interval of the mean.
	CI95 [2]float64 `json:"ci95"`
	// Resamples and Seed say how CI95 was computed.
	Resamples int    `json:"resamples"`
	Seed      uint64 `json:"seed"`
}

// Summarize returns mean, SD and a 95% bootstrap CI of the mean of values:
// stats.BootstrapMean with BootstrapResamples resamples drawn with
// BootstrapSeed, percentiles interpolated as NumPy's default "linear"
// method does.
func Summarize(values []float64) Summary {
	s := Summary{N: len(values), Resamples: BootstrapResamples, Seed: BootstrapSeed}
	if len(values) == 0 {
		return s
	}
	mean, lo, hi, err := stats.BootstrapMean(values, BootstrapResamples, 0.95, BootstrapSeed)
	if err != nil {
		// Unreachable for scores, which are finite and at most 1 in
		// magnitude; NaN would not encode as JSON, so the interval
		// collapses to the plain mean.
		mean = plainMean(values)
		lo, hi = mean, mean
	}
	s.Mean, s.CI95 = mean, [2]float64{lo, hi}
	if len(values) > 1 {
		var ss float64
		for _, v := range values {
			d := v - s.Mean
			ss += d * d
		}
		s.SD = math.Sqrt(ss / float64(len(values)-1))
	}
	return s
}

// plainMean is the mean of v.
func plainMean(v []float64) float64 {
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}
