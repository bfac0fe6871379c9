package stats

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkPairedTests times PairedTests on 1,535 pairs (the size of
// Climate-FEVER, so one comparison of two models over the whole data set:
// normal approximation) and on 50 pairs (the largest exact Wilcoxon case).
func BenchmarkPairedTests(b *testing.B) {
	for _, n := range []int{1535, 50} {
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = 0.5 + 0.4*rng.Float64()
			y[i] = x[i] + 0.1*rng.NormFloat64() - 0.01
		}
		b.Run(map[int]string{1535: "n=1535", 50: "n=50"}[n], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := PairedTests(x, y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
