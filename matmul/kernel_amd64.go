//go:build amd64 && !purego

package matmul

//go:generate go run gen_asm.go

import "golang.org/x/sys/cpu"

// Assembly micro-kernels (kernel_amd64.s); kernRxC computes an R×C tile
// under the contract of kernel.fn, with acc as 0 or 1.

//go:noescape
func kern6x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, acc int)

//go:noescape
func kern4x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, acc int)

//go:noescape
func kern2x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, acc int)

//go:noescape
func kern12x32(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, acc int)

//go:noescape
func kern8x32(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, acc int)

//go:noescape
func kern4x32(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, acc int)

// transpose8 sets dst[p*ldd+r] = src[r*lds+p] for r < 8, p < n (n a
// multiple of 8). It needs AVX, which every assembly kernel implies.
//
//go:noescape
func transpose8(dst *float32, ldd int, src *float32, lds int, n int)

const haveTranspose8 = true

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// kernAVX2 uses 6×16 tiles (12 YMM accumulators), with 4- and 2-row
// variants for the last rows of A.
var kernAVX2 = &kernel{
	name: "avx2", mr: 6, nr: 16, rowStep: 2, kcMax: 256, mcMax: 240, directM: 96,
	fn: func(rows, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
		pa, pb, pc, ac := &a[0], &b[0], &c[0], b2i(acc)
		switch {
		case rows > 4:
			kern6x16(k, pa, lda, pb, ldb, pc, ldc, ac)
		case rows > 2:
			kern4x16(k, pa, lda, pb, ldb, pc, ldc, ac)
		default:
			kern2x16(k, pa, lda, pb, ldb, pc, ldc, ac)
		}
	},
}

// kernAVX512 uses 12×32 tiles (24 ZMM accumulators), with 8- and 4-row
// variants for the last rows of A.
var kernAVX512 = &kernel{
	name: "avx512", mr: 12, nr: 32, rowStep: 4, kcMax: 256, mcMax: 240, directM: 256,
	fn: func(rows, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
		pa, pb, pc, ac := &a[0], &b[0], &c[0], b2i(acc)
		switch {
		case rows > 8:
			kern12x32(k, pa, lda, pb, ldb, pc, ldc, ac)
		case rows > 4:
			kern8x32(k, pa, lda, pb, ldb, pc, ldc, ac)
		default:
			kern4x32(k, pa, lda, pb, ldb, pc, ldc, ac)
		}
	},
}

// availableKernels lists the kernels usable on this machine, best first.
func availableKernels() []*kernel {
	var ks []*kernel
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, kernAVX512)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, kernAVX2)
	}
	return append(ks, kernGo)
}
