package stats

import "math"

// maxLog is the largest x with exp(x) finite in float64, as the Cephes
// library behind scipy.special.ndtr defines it (MAXLOG).
const maxLog = 7.09782712893383996843e2

// normalCDF is the standard normal CDF as scipy.special.ndtr (Cephes)
// computes it: 1/2 + erf(x/√2)/2 near 0 and erfc(|x|/√2)/2 in the tails.
// Like Cephes' erfc, the tail is 0 once (x/√2)² > maxLog (|x| > ~37.68),
// where the true value is subnormal.
func normalCDF(a float64) float64 {
	x := a * (1 / math.Sqrt2)
	z := math.Abs(x)
	if z < 1/math.Sqrt2 {
		return 0.5 + float64(0.5*math.Erf(x)) // no FMA: Cephes rounds the product
	}
	y := 0.0
	if z*z <= maxLog {
		y = 0.5 * math.Erfc(z)
	}
	if x > 0 {
		return 1 - y
	}
	return y
}
