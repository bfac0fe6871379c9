// Package matmul provides dense float32 matrix multiplication for the
// pure-Go sentence encoder.
//
// All matrices are row-major and contiguous.
package matmul

// Mul sets c (m×n) to a (m×k) times b (k×n).
func Mul(c, a, b []float32, m, k, n int) {
	for i := 0; i < m; i++ {
		ci := c[i*n : (i+1)*n]
		for j := range ci {
			ci[j] = 0
		}
		for p := 0; p < k; p++ {
			av := a[i*k+p]
			bp := b[p*n : (p+1)*n]
			for j, bv := range bp {
				ci[j] += av * bv
			}
		}
	}
}

// MulBT sets c (m×n) to a (m×k) times the transpose of b (n×k).
func MulBT(c, a, b []float32, m, k, n int) {
	for i := 0; i < m; i++ {
		ai := a[i*k : (i+1)*k]
		for j := 0; j < n; j++ {
			bj := b[j*k : (j+1)*k]
			var s float32
			for p, av := range ai {
				s += av * bj[p]
			}
			c[i*n+j] = s
		}
	}
}
