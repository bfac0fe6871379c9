package lora

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// randomizedSVD returns the leading k singular triplets of d (rows×cols,
// row-major float32, k <= min(rows, cols)) by the randomized range finder
// with powerIters power iterations (Halko, Martinsson & Tropp 2011, alg. 4.4
// and 5.1):
//
//	Q = orth(d·Ω), Ω a cols×k Gaussian matrix
//	repeat q times: Q = orth(d·orth(dᵀ·Q))
//	Qᵀd = Ũ·Σ·Vᵀ (exact SVD of the small matrix), U = Q·Ũ
//
// Qᵀd is k×cols; the code factors its transpose dᵀ·Q (cols×k), which has
// the same singular values with the roles of the singular vectors swapped.
func randomizedSVD(d []float32, rows, cols, k int, seed uint64) (svdFactors, error) {
	q := mulD(d, rows, cols, gaussian(cols, k, seed))
	orthonormalize(q)
	for range powerIters {
		z := mulDT(d, rows, cols, q)
		orthonormalize(z)
		q = mulD(d, rows, cols, z)
		orthonormalize(q)
	}
	z := mulDT(d, rows, cols, q) // (Qᵀd)ᵀ, cols×k

	// z = Uz·Σ·Vzᵀ, so Qᵀd = Vz·Σ·Uzᵀ and d ≈ (Q·Vz)·Σ·Uzᵀ.
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(cols, k, z.Data), mat.SVDThin) {
		return svdFactors{}, errSVD
	}
	var uz, vz mat.Dense
	svd.UTo(&uz)
	svd.VTo(&vz)
	u := newGeneral(rows, k)
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, q, vz.RawMatrix(), 0, u)
	return svdFactors{
		u:     mat.NewDense(rows, k, u.Data),
		sigma: svd.Values(nil),
		v:     &uz,
	}, nil
}

// gaussian returns a rows×cols matrix of independent standard normal
// samples, a deterministic function of seed.
func gaussian(rows, cols int, seed uint64) blas64.General {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := newGeneral(rows, cols)
	for i := range g.Data {
		g.Data[i] = rng.NormFloat64()
	}
	return g
}

// orthonormalize replaces the columns of g (rows >= cols) by an orthonormal
// basis of their span, computed by Householder QR (thin Q). Householder
// keeps Q orthonormal to working precision even when g is rank-deficient,
// as it is when d has lower rank than the sketch.
func orthonormalize(g blas64.General) {
	tau := make([]float64, g.Cols)
	work := []float64{0}
	lapack64.Geqrf(g, tau, work, -1)
	lwork := int(work[0])
	lapack64.Orgqr(g, tau, work, -1)
	lwork = max(lwork, int(work[0]), 1)
	work = make([]float64, lwork)
	lapack64.Geqrf(g, tau, work, lwork)
	lapack64.Orgqr(g, tau, work, lwork)
}
