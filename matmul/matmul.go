// Package matmul provides dense float32 matrix multiplication for the
// pure-Go sentence encoder.
//
// All matrices are row-major and contiguous; C is always overwritten (or,
// for Packed.MulAdd, added to) and must not overlap A or B. Slices may be
// longer than needed; too short ones or negative dimensions panic.
//
// # Design
//
// The products are a blocked GEMM around a register-tile micro-kernel:
//
//   - amd64 with AVX-512F: 12×32 tiles (24 ZMM accumulators), with 8- and
//     4-row variants for the last rows of A;
//   - amd64 with AVX2+FMA: 6×16 tiles (12 YMM accumulators), with 4- and
//     2-row variants;
//   - everywhere else, with the purego build tag, or on older amd64 CPUs:
//     a pure-Go 2×4 tile, k loop unrolled 4 ways.
//
// The kernels are Go assembly (kernel_amd64.s), picked at start-up with
// golang.org/x/sys/cpu. A is read in place. B is read as panels nr columns
// wide (nr = 32, 16 or 4), zero padded on the right: Mul packs B into
// that layout on each call, except for A with few rows (m <= 256 with
// AVX-512, m <= 96 with AVX2), where B is read in place and only its last
// partial panel is packed (unless n is a multiple of 1024); MulBT always packs, transposing Bᵀ 8×8 blocks
// at a time. k is cut into blocks of at most 256 (a 256×32 panel of B
// stays in L1) and rows into blocks of about 240 (a row block of A stays
// in L2). Partial tiles at the right and bottom edges go through a small
// scratch tile.
//
// Products of at least 8 MFLOP (2·m·n·k) are split across up to
// runtime.GOMAXPROCS(0) goroutines, with at least 4 MFLOP each: C is cut
// into about 4 tasks per goroutine, by blocks of rows and of column
// panels, never along k, and the goroutines take tasks from a shared
// counter until none is left. Scratch buffers come from sync.Pools.
//
// # Accuracy and determinism
//
// Every element of C is computed as a single multiply-add chain over k in
// increasing order, in float32 (with fused multiply-adds in the assembly
// kernels; whether the Go kernel's are fused depends on the compiler and
// target). The error against the exact product is thus bounded by about
// k·2⁻²⁴·Σ|A||B|, as for a naive loop. The chain does not depend on the
// number of goroutines, on the row and column blocking, on the tile
// variant or on whether B was packed, so for a given kernel Mul, MulBT
// (with the transposed B), Packed.Mul and NewPackedT products give
// bit-identical results whatever GOMAXPROCS is.
//
// # Packed weights
//
// NewPacked packs a constant right-hand matrix (the encoder's weights)
// once; Packed.Mul then skips all packing and reads B contiguously. On
// the development machine (AMD EPYC, Zen 5) this measured ~4% faster than
// Mul for 20×512·512×1536 with AVX-512, ~15% faster with AVX2, and ~15%
// with the Go kernel; for 1280-row products the difference is within
// noise with AVX-512.
package matmul

import "fmt"

// Mul sets c (m×n) to a (m×k) times b (k×n).
func Mul(c, a, b []float32, m, k, n int) {
	check(len(c), len(a), len(b), m, k, n, k*n)
	best.mul(c, a, b, m, k, n, threads(m, k, n))
}

// MulBT sets c (m×n) to a (m×k) times the transpose of b (n×k).
func MulBT(c, a, b []float32, m, k, n int) {
	check(len(c), len(a), len(b), m, k, n, n*k)
	best.mulBT(c, a, b, m, k, n, threads(m, k, n))
}

func check(lc, la, lb, m, k, n, nb int) {
	if m < 0 || k < 0 || n < 0 {
		panic(fmt.Sprintf("matmul: negative dimension m=%d k=%d n=%d", m, k, n))
	}
	if la < m*k || lb < nb || lc < m*n {
		panic(fmt.Sprintf("matmul: slices too short for m=%d k=%d n=%d: len(a)=%d len(b)=%d len(c)=%d",
			m, k, n, la, lb, lc))
	}
}

// Packed is a k×n right-hand matrix packed once into the micro-kernel's
// panel layout, for repeated products with different left-hand matrices
// (the encoder's weights). It is immutable and safe for concurrent use.
// Products with a Packed give exactly the same results as Mul.
type Packed struct {
	k, n int
	kern *kernel
	data []float32
}

// NewPacked packs b (k×n, row-major).
func NewPacked(b []float32, k, n int) *Packed {
	check(0, 0, len(b), 0, k, n, k*n)
	return newPacked(best, b, k, n, false)
}

// NewPackedT packs the transpose of bt (n×k, row-major), so that
// p.Mul(c, a, m) computes what MulBT(c, a, bt, m, k, n) does.
func NewPackedT(bt []float32, n, k int) *Packed {
	check(0, 0, len(bt), 0, k, n, n*k)
	return newPacked(best, bt, k, n, true)
}

func newPacked(kn *kernel, b []float32, k, n int, trans bool) *Packed {
	p := &Packed{k: k, n: n, kern: kn, data: make([]float32, kn.packedLen(k, n))}
	if k > 0 && n > 0 {
		if trans {
			kn.packBT(p.data, b, k, n, kn.kBlock(k), 0, kn.panels(n))
		} else {
			kn.packB(p.data, b, n, k, n, kn.kBlock(k), 0, kn.panels(n))
		}
	}
	return p
}

// K returns the number of rows of the packed matrix (the inner dimension).
func (p *Packed) K() int { return p.k }

// N returns the number of columns of the packed matrix.
func (p *Packed) N() int { return p.n }

// Mul sets c (m×N) to a (m×K) times p.
func (p *Packed) Mul(c, a []float32, m int) {
	check(len(c), len(a), 0, m, p.k, p.n, 0)
	p.kern.gemm(c, a, m, p.k, p.n, bSource{packed: p.data}, false, threads(m, p.k, p.n))
}

// MulAdd adds a (m×K) times p to c (m×N).
func (p *Packed) MulAdd(c, a []float32, m int) {
	check(len(c), len(a), 0, m, p.k, p.n, 0)
	p.kern.gemm(c, a, m, p.k, p.n, bSource{packed: p.data}, true, threads(m, p.k, p.n))
}

// mul is Mul with a given kernel and number of goroutines.
func (kn *kernel) mul(c, a, b []float32, m, k, n, nt int) {
	if m == 0 || n == 0 || k == 0 {
		kn.gemm(c, a, m, k, n, bSource{}, false, nt)
		return
	}
	kc := kn.kBlock(k)
	np := kn.panels(n)
	if m <= kn.directM && n%1024 != 0 {
		// Few rows: B is read about once, so read it in place and pack
		// only a partial last panel. (Rows of B 4 KiB apart alias in the
		// caches and make this 20-40% slower, hence n%1024 != 0.)
		var bufp *[]float32
		src := bSource{direct: b}
		if w := n % kn.nr; w != 0 {
			bufp = getBuf(k * kn.nr)
			src.packed = *bufp
			kn.packB(src.packed, b[n-w:], n, k, w, kc, 0, 1)
		}
		kn.gemm(c, a, m, k, n, src, false, nt)
		if bufp != nil {
			putBuf(bufp)
		}
		return
	}
	bufp := getBuf(kn.packedLen(k, n))
	packed := *bufp
	if nt <= 1 {
		kn.packB(packed, b, n, k, n, kc, 0, np)
	} else {
		chunks := min(np, 4*nt)
		parallel(chunks, nt, func(t int) {
			kn.packB(packed, b, n, k, n, kc, t*np/chunks, (t+1)*np/chunks)
		})
	}
	kn.gemm(c, a, m, k, n, bSource{packed: packed}, false, nt)
	putBuf(bufp)
}

// mulBT is MulBT with a given kernel and number of goroutines.
func (kn *kernel) mulBT(c, a, b []float32, m, k, n, nt int) {
	if m == 0 || n == 0 || k == 0 {
		kn.gemm(c, a, m, k, n, bSource{}, false, nt)
		return
	}
	kc := kn.kBlock(k)
	np := kn.panels(n)
	bufp := getBuf(kn.packedLen(k, n))
	packed := *bufp
	if nt <= 1 {
		kn.packBT(packed, b, k, n, kc, 0, np)
	} else {
		chunks := min(np, 4*nt)
		parallel(chunks, nt, func(t int) {
			kn.packBT(packed, b, k, n, kc, t*np/chunks, (t+1)*np/chunks)
		})
	}
	kn.gemm(c, a, m, k, n, bSource{packed: packed}, false, nt)
	putBuf(bufp)
}
