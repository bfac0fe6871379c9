package stats

import (
	"math"
	"testing"
)

// TestStudentCDFMatchesSciPy compares studentCDF with scipy.special.stdtr on
// a grid of degrees of freedom (1 to 1e6) and t values (0 to 1e200, both
// signs), to relative 1e-12: far tails included, down to the smallest
// normal float64.
func TestStudentCDFMatchesSciPy(t *testing.T) {
	var ref struct {
		Rows []struct {
			DF float64 `json:"df"`
			T  float64 `json:"t"`
			P  sciNum  `json:"p"`
		} `json:"rows"`
	}
	readJSON(t, "scipy_stdtr.json", &ref)
	if len(ref.Rows) < 1000 {
		t.Fatalf("scipy_stdtr.json has %d rows", len(ref.Rows))
	}
	worst, worstAt := 0.0, [2]float64{}
	for _, r := range ref.Rows {
		got, want := studentCDF(r.DF, r.T), float64(r.P)
		rel := math.Abs(got-want) / math.Max(want, 1e-300)
		if rel > worst {
			worst, worstAt = rel, [2]float64{r.DF, r.T}
		}
		if rel > 1e-12 {
			t.Errorf("studentCDF(%v, %v) = %v, SciPy %v (relative %.2g)", r.DF, r.T, got, want, rel)
		}
	}
	t.Logf("largest relative difference from SciPy: %.2g (df, t = %v) over %d values", worst, worstAt, len(ref.Rows))
}

// TestStudentCDFClosedForms checks df = 1 (Cauchy) and df = 2, whose CDFs
// have closed forms, deep into the tails.
func TestStudentCDFClosedForms(t *testing.T) {
	for _, x := range []float64{-1e12, -1e6, -1234.5, -30, -2, -1, -0.3, -1e-9, 1e-9, 0.7, 5, 1e8} {
		cauchy := 0.5 + math.Atan(x)/math.Pi
		if x < -1 {
			cauchy = math.Atan(-1/x) / math.Pi // no cancellation in the tail
		}
		two := 0.5 + x/(2*math.Sqrt(2+x*x))
		if x < 0 {
			two = 1 / (math.Sqrt(2+x*x) * (math.Sqrt(2+x*x) - x)) // 1/2 - |x|/(2√(2+x²)) without cancellation
		}
		for _, c := range []struct {
			df, want float64
		}{{1, cauchy}, {2, two}} {
			if got := studentCDF(c.df, x); math.Abs(got-c.want) > 1e-13*c.want {
				t.Errorf("studentCDF(%v, %v) = %v, want %v", c.df, x, got, c.want)
			}
		}
	}
}

// TestStudentCDFSpecialValues checks the edges: t = 0, infinities, NaN and
// the overflow of t² that SciPy turns into 0 and 1.
func TestStudentCDFSpecialValues(t *testing.T) {
	for _, c := range []struct {
		df, t, want float64
	}{
		{5, 0, 0.5}, {5, math.Copysign(0, -1), 0.5},
		{5, math.Inf(-1), 0}, {5, math.Inf(1), 1},
		{1, -1e155, 0}, {1, 1e155, 1},
	} {
		if got := studentCDF(c.df, c.t); got != c.want {
			t.Errorf("studentCDF(%v, %v) = %v, want %v", c.df, c.t, got, c.want)
		}
	}
	if got := studentCDF(5, math.NaN()); !math.IsNaN(got) {
		t.Errorf("studentCDF(5, NaN) = %v, want NaN", got)
	}
}
