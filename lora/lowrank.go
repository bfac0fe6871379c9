package lora

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Parameters of the randomized range finder (Halko, Martinsson & Tropp 2011,
// "Finding structure with randomness", algorithms 4.4 and 5.1).
const (
	// oversampling is p: the sketch has rank+p columns.
	oversampling = 10
	// powerIters is q: the number of subspace (power) iterations, each
	// re-orthonormalised, that sharpen a slowly decaying spectrum.
	powerIters = 2
)

// Factor returns A (rank×cols, row-major) and B (rows×rank, row-major) with
// B·A the best rank-r approximation of d (rows×cols, row-major float32) in
// the Frobenius norm, up to the randomized method's accuracy, and the
// relative error ||d − B·A||_F / ||d||_F (0 when d is 0) computed exactly
// from the returned float32 factors.
//
// Singular values are split as A = Vᵣᵀ (orthonormal rows) and B = Uᵣ·Σᵣ,
// where d ≈ Uᵣ·Σᵣ·Vᵣᵀ is the truncated SVD.
//
// A rank larger than min(rows, cols) is clamped to it, so len(a)/cols is the
// rank actually used. When min(rows, cols) <= rank+10 the SVD is computed
// exactly; otherwise by the randomized range finder with a Gaussian test
// matrix drawn from seed (oversampling 10, two power iterations with QR
// re-orthonormalisation), followed by the exact SVD of the small projected
// matrix. The result is a deterministic function of d and seed. Beyond d
// itself, memory stays O((rows+cols)·(rank+10)).
func Factor(d []float32, rows, cols, rank int, seed uint64) (a, b []float32, relErr float64, err error) {
	if err := checkShape(len(d), rows, cols, rank); err != nil {
		return nil, nil, 0, err
	}
	rank = min(rank, rows, cols)
	norm2, err := sumSquares(d)
	if err != nil {
		return nil, nil, 0, err
	}
	if norm2 == 0 {
		return make([]float32, rank*cols), make([]float32, rows*rank), 0, nil
	}

	var s svdFactors
	if min(rows, cols) <= rank+oversampling {
		s, err = exactSVD(d, rows, cols)
	} else {
		s, err = randomizedSVD(d, rows, cols, rank+oversampling, seed)
	}
	if err != nil {
		return nil, nil, 0, err
	}
	a, b = s.split(rank)
	res2 := residualSquares(d, rows, cols, a, b, rank)
	return a, b, math.Sqrt(res2 / norm2), nil
}

// checkShape validates Factor's arguments.
func checkShape(n, rows, cols, rank int) error {
	switch {
	case rows <= 0 || cols <= 0:
		return fmt.Errorf("lora: matrix shape %d×%d: both dimensions must be positive", rows, cols)
	case rows > math.MaxInt/cols || n != rows*cols:
		return fmt.Errorf("lora: matrix has %d elements, but its shape %d×%d needs %d", n, rows, cols, rows*cols)
	case rank <= 0:
		return fmt.Errorf("lora: rank %d: must be at least 1", rank)
	}
	return nil
}

// sumSquares returns ||d||_F², or an error naming the first element that is
// not finite (an SVD of such a matrix is meaningless).
func sumSquares(d []float32) (float64, error) {
	var s float64
	for i, v := range d {
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("lora: matrix element %d is %v: cannot factor a matrix with NaN or Inf", i, v)
		}
		s += f * f
	}
	return s, nil
}

// svdFactors is a (possibly truncated) SVD u·diag(sigma)·vᵀ with the
// singular values in decreasing order.
type svdFactors struct {
	u     *mat.Dense // rows×k, orthonormal columns
	sigma []float64  // k values, decreasing
	v     *mat.Dense // cols×k, orthonormal columns
}

// split returns A = Vᵣᵀ (rank×cols) and B = Uᵣ·Σᵣ (rows×rank), both
// row-major float32, from the leading rank singular triplets.
func (s svdFactors) split(rank int) (a, b []float32) {
	rows, _ := s.u.Dims()
	cols, _ := s.v.Dims()
	a = make([]float32, rank*cols)
	for j := range cols {
		for i := range rank {
			a[i*cols+j] = float32(s.v.At(j, i))
		}
	}
	b = make([]float32, rows*rank)
	for i := range rows {
		for j := range rank {
			b[i*rank+j] = float32(s.u.At(i, j) * s.sigma[j])
		}
	}
	return a, b
}

// exactSVD computes the thin SVD of d with gonum. It is used only when
// min(rows, cols) is small, so the float64 copy is O((rows+cols)·(rank+p)).
func exactSVD(d []float32, rows, cols int) (svdFactors, error) {
	m := mat.NewDense(rows, cols, nil)
	raw := m.RawMatrix()
	for i := range rows {
		for j := range cols {
			raw.Data[i*raw.Stride+j] = float64(d[i*cols+j])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(m, mat.SVDThin) {
		return svdFactors{}, errSVD
	}
	var s svdFactors
	s.u, s.v = new(mat.Dense), new(mat.Dense)
	svd.UTo(s.u)
	svd.VTo(s.v)
	s.sigma = svd.Values(nil)
	return s, nil
}

// errSVD reports that LAPACK's SVD iteration did not converge.
var errSVD = errors.New("lora: SVD did not converge")
