package matmul

// kernGo is the portable micro-kernel: a 2×4 tile of scalar accumulators
// (all that fits the 15 usable float registers of amd64 without spilling),
// with the k loop unrolled 4 ways. It is used on non-amd64 targets, with
// the purego build tag, and on amd64 CPUs without AVX2+FMA.
var kernGo = &kernel{
	name: "go", mr: 2, nr: 4, rowStep: 2, kcMax: 256, mcMax: 128, directM: 0,
	fn: func(rows, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
		goKernel2x4(k, a, lda, b, ldb, c, ldc, acc)
	},
}

// goKernel2x4 follows the kernel.fn contract for a 2×4 tile.
func goKernel2x4(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	a0 := a[:k:k]
	a1 := a[lda : lda+k : lda+k]
	c0 := c[0:4:4]
	c1 := c[ldc : ldc+4 : ldc+4]
	var s00, s01, s02, s03, s10, s11, s12, s13 float32
	if acc {
		s00, s01, s02, s03 = c0[0], c0[1], c0[2], c0[3]
		s10, s11, s12, s13 = c1[0], c1[1], c1[2], c1[3]
	}
	var x, y, bj float32
	if ldb == 4 {
		// Packed panel: four k steps per iteration, one bounds check each
		// for A and B.
		b = b[:4*k]
		for len(b) >= 16 && len(a0) >= 4 && len(a1) >= 4 {
			bb := b[:16:16]
			x4 := a0[:4:4]
			y4 := a1[:4:4]
			x, y = x4[0], y4[0]
			bj = bb[0]
			s00 += x * bj
			s10 += y * bj
			bj = bb[1]
			s01 += x * bj
			s11 += y * bj
			bj = bb[2]
			s02 += x * bj
			s12 += y * bj
			bj = bb[3]
			s03 += x * bj
			s13 += y * bj
			x, y = x4[1], y4[1]
			bj = bb[4]
			s00 += x * bj
			s10 += y * bj
			bj = bb[5]
			s01 += x * bj
			s11 += y * bj
			bj = bb[6]
			s02 += x * bj
			s12 += y * bj
			bj = bb[7]
			s03 += x * bj
			s13 += y * bj
			x, y = x4[2], y4[2]
			bj = bb[8]
			s00 += x * bj
			s10 += y * bj
			bj = bb[9]
			s01 += x * bj
			s11 += y * bj
			bj = bb[10]
			s02 += x * bj
			s12 += y * bj
			bj = bb[11]
			s03 += x * bj
			s13 += y * bj
			x, y = x4[3], y4[3]
			bj = bb[12]
			s00 += x * bj
			s10 += y * bj
			bj = bb[13]
			s01 += x * bj
			s11 += y * bj
			bj = bb[14]
			s02 += x * bj
			s12 += y * bj
			bj = bb[15]
			s03 += x * bj
			s13 += y * bj
			b = b[16:]
			a0 = a0[4:]
			a1 = a1[4:]
		}
	}
	// Remaining steps (or B read in place with row stride ldb).
	for p := range a0 {
		x, y = a0[p], a1[p]
		bp := b[p*ldb : p*ldb+4 : p*ldb+4]
		bj = bp[0]
		s00 += x * bj
		s10 += y * bj
		bj = bp[1]
		s01 += x * bj
		s11 += y * bj
		bj = bp[2]
		s02 += x * bj
		s12 += y * bj
		bj = bp[3]
		s03 += x * bj
		s13 += y * bj
	}
	c0[0], c0[1], c0[2], c0[3] = s00, s01, s02, s03
	c1[0], c1[1], c1[2], c1[3] = s10, s11, s12, s13
}
