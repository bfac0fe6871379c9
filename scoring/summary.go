package scoring

import (
	"math"
	"math/rand/v2"
	"sort"
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

// Summarize returns mean, SD and a 95% bootstrap CI of the mean of values,
// using BootstrapResamples resamples drawn with BootstrapSeed (PCG) and
// percentiles interpolated linearly (NumPy's default "linear" method).
func Summarize(values []float64) Summary {
	s := Summary{N: len(values), Resamples: BootstrapResamples, Seed: BootstrapSeed}
	if len(values) == 0 {
		return s
	}
	s.Mean = mean(values)
	if len(values) > 1 {
		var ss float64
		for _, v := range values {
			d := v - s.Mean
			ss += d * d
		}
		s.SD = math.Sqrt(ss / float64(len(values)-1))
	}
	rng := rand.New(rand.NewPCG(BootstrapSeed, BootstrapSeed))
	means := make([]float64, BootstrapResamples)
	n := len(values)
	for b := range means {
		var sum float64
		for range n {
			sum += values[rng.IntN(n)]
		}
		means[b] = sum / float64(n)
	}
	sort.Float64s(means)
	s.CI95 = [2]float64{percentile(means, 0.025), percentile(means, 0.975)}
	return s
}

func mean(v []float64) float64 {
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

// percentile interpolates linearly between the order statistics of sorted.
func percentile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	frac := pos - float64(lo)
	return sorted[lo] + frac*(sorted[hi]-sorted[lo])
}
