package lora

import "testing"

// BenchmarkFactorTinyLlamaFFN times one rank-16 factorization of a
// 2048×5632 matrix, the shape of TinyLlama's feed-forward weights.
func BenchmarkFactorTinyLlamaFFN(b *testing.B) {
	const rows, cols, rank = 2048, 5632, 16
	d := randomDense(rows, cols, 99)
	b.SetBytes(int64(4 * rows * cols))
	b.ResetTimer()
	for b.Loop() {
		if _, _, _, err := Factor(d, rows, cols, rank, 1); err != nil {
			b.Fatal(err)
		}
	}
}
