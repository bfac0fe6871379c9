package stats

import "math"

// studentCDF is the CDF of Student's t distribution with df degrees of
// freedom at t, as scipy.special.stdtr(df, t) gives it: for t < 0 it is
// I_x(df/2, 1/2) / 2 with x = df / (df + t²), the regularized incomplete
// beta function, and 1 minus that for t > 0. It is accurate to about 1e-13
// relative in both tails for any df >= 1 (see TestStudentCDFMatchesSciPy).
//
// Like SciPy (whose stdtr squares t first), it returns 0 or 1 when t² overflows
// (|t| > ~1.3e154) even where the true tail is a tiny positive number.
func studentCDF(df, t float64) float64 {
	switch {
	case math.IsNaN(t) || math.IsNaN(df) || df <= 0:
		return math.NaN()
	case t == 0:
		return 0.5
	}
	tt := t * t
	var tail float64 // P(T <= -|t|)
	if !math.IsInf(tt, 1) {
		s := df + tt
		x, y := df/s, tt/s
		// ln x from log1p keeps a*ln(x) accurate when a = df/2 is large.
		lnx, lny := -math.Log1p(tt/df), math.Log(y)
		tail = 0.5 * incBeta(df/2, 0.5, x, y, lnx, lny)
	}
	if t < 0 {
		return tail
	}
	return 1 - tail
}

// incBeta is the regularized incomplete beta function I_x(a, b) for a, b > 0
// and 0 <= x <= 1, given y = 1 - x and the logarithms of x and y computed
// accurately by the caller (so that neither 1 - x nor log(x) loses digits).
//
// It evaluates the continued fraction
//
//	I_x(a, b) = x^a y^b / (a B(a, b)) / (1 + d1/(1 + d2/(1 + ...)))
//	d(2m+1) = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1))
//	d(2m)   = m(b-m) x / ((a+2m-1)(a+2m))
//
// or, for the other tail, I_x(a, b) = 1 - I_y(b, a). See betaFraction for
// the choice between the two.
func incBeta(a, b, x, y, lnx, lny float64) float64 {
	switch {
	case x <= 0:
		return 0
	case y <= 0:
		return 1
	case swapTails(a, b, x, y):
		return 1 - incBeta(b, a, y, x, lny, lnx)
	}
	lnFront := a*lnx + b*lny - lnBeta(a, b) - math.Log(a)
	return math.Exp(lnFront) / betaFraction(a, b, x, y)
}

// swapTails says whether incBeta should compute I_x(a, b) as 1 - I_y(b, a).
// The fraction converges quickly for x < (a+1)/(a+b+2), but its first
// terms, 1 + d(2m+1), cancel near that point unless they are computed from y
// with b <= 1 (see betaFraction). So where exactly one of a, b is at most 1
// (the Student t case, b = 1/2 and large a), the side with that parameter
// as b is kept unless the other side's first term 1 + d1 is at least 1/2,
// i.e. well away from cancelling; this moves the switch from t² ≈ 3 to
// t² ≈ 1.5 for large df.
func swapTails(a, b, x, y float64) bool {
	switch {
	case b <= 1 && a > 1:
		return y < (b+1)/(2*(a+b))
	case a <= 1 && b > 1:
		return x > (a+1)/(2*(a+b))
	default:
		return x > (a+1)/(a+b+2)
	}
}

// betaFraction evaluates 1 + d1/(1 + d2/(1 + ...)) of incBeta through its
// even contraction
//
//	B0 + A1/(B1 + A2/(B2 + ...)),  B0 = 1 + d1,
//	A(k) = -d(2k-1) d(2k),  B(k) = 1 + d(2k) + d(2k+1),
//
// by the modified Lentz method. The part 1 + d(2k+1) is computed as
//
//	(a(2k+1-b) + k(3k+2-b) + (a+k)(a+b+k) y) / ((a+2k)(a+2k+1))
//
// when b <= 1: every term is then non-negative, so nothing cancels even when
// x is close to 1 and a is large, where 1 - (a+k)(a+b+k)x/(...) would lose
// up to log10(a) digits.
func betaFraction(a, b, x, y float64) float64 {
	const (
		tiny    = 1e-300
		eps     = 3e-16  // |delta-1| within one ulp: converged
		maxIter = 100000 // the number of terms grows like sqrt(max(a, b))
	)
	onePlusOdd := func(k float64) float64 { // 1 + d(2k+1)
		p := (a + 2*k) * (a + 2*k + 1)
		if b <= 1 {
			return (a*(2*k+1-b) + k*(3*k+2-b) + (a+k)*(a+b+k)*y) / p
		}
		return 1 - (a+k)*(a+b+k)*x/p
	}
	f := onePlusOdd(0)
	if math.Abs(f) < tiny {
		f = tiny
	}
	c, d := f, 0.0
	for k := 1.0; k < maxIter; k++ {
		odd := -(a + k - 1) * (a + b + k - 1) * x / ((a + 2*k - 2) * (a + 2*k - 1)) // d(2k-1)
		even := k * (b - k) * x / ((a + 2*k - 1) * (a + 2*k))                       // d(2k)
		num, den := -odd*even, even+onePlusOdd(k)
		d = den + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		d = 1 / d
		c = den + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		delta := c * d
		f *= delta
		if math.Abs(delta-1) < eps {
			break
		}
	}
	return f
}

// lnBeta is log B(a, b) for a, b > 0. When the larger argument q is 10 or
// more, log Γ(q) - log Γ(p+q) comes from Stirling's series as one
// difference, which keeps full relative accuracy for B(df/2, 1/2) at large df
// (the difference of two large math.Lgamma values would lose digits).
func lnBeta(a, b float64) float64 {
	p, q := min(a, b), max(a, b)
	if q < 10 {
		return lgamma(p) + lgamma(q) - lgamma(p+q)
	}
	// log Γ(q) - log Γ(q+p)
	//   = -p log q - (q+p-1/2) log1p(p/q) + p + δ(q) - δ(q+p),
	// from log Γ(z) = (z-1/2) log z - z + log(2π)/2 + δ(z).
	diff := -p*math.Log(q) - (q+p-0.5)*math.Log1p(p/q) + p + stirlingDelta(q) - stirlingDelta(q+p)
	return lgamma(p) + diff
}

// stirlingDelta is δ(z) = log Γ(z) - ((z-1/2) log z - z + log(2π)/2) for
// z >= 10, from the asymptotic series Σ B(2k) / (2k (2k-1) z^(2k-1)), k = 1..7
// (the first omitted term is below 1e-16 at z = 10).
func stirlingDelta(z float64) float64 {
	w := 1 / (z * z)
	s := 1.0 / 156
	s = 691.0/360360 - w*s
	s = 1.0/1188 - w*s
	s = 1.0/1680 - w*s
	s = 1.0/1260 - w*s
	s = 1.0/360 - w*s
	s = 1.0/12 - w*s
	return s / z
}

// lgamma is log |Γ(x)|.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}
