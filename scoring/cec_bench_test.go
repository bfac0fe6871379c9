package scoring

import (
	"math/rand/v2"
	"testing"
)

func randomVectors(n, dim int, seed uint64) [][]float32 {
	rng := rand.New(rand.NewPCG(seed, seed))
	out := make([][]float32, n)
	for i := range out {
		out[i] = make([]float32, dim)
		for j := range out[i] {
			out[i][j] = float32(rng.NormFloat64())
		}
	}
	return out
}

// BenchmarkCEC5x5 is the CEC of a 5-sentence pair of 512-d encoder vectors.
func BenchmarkCEC5x5(b *testing.B) {
	gen, ref := randomVectors(5, 512, 1), randomVectors(5, 512, 2)
	b.ReportAllocs()
	for b.Loop() {
		CEC(gen, ref, 0.5)
	}
}
