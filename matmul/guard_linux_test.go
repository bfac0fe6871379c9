//go:build linux

package matmul

import (
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"unsafe"
)

// guardedSlice returns a []float32 of length n whose last element is
// immediately followed by an inaccessible page, so that any read or write
// past the end faults. free releases it.
func guardedSlice(t *testing.T, n int) (s []float32, free func()) {
	t.Helper()
	page := syscall.Getpagesize()
	size := (n*4 + page - 1) / page * page
	mem, err := syscall.Mmap(-1, 0, size+page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	if err := syscall.Mprotect(mem[size:], syscall.PROT_NONE); err != nil {
		t.Skipf("mprotect: %v", err)
	}
	if n == 0 {
		return nil, func() { syscall.Munmap(mem) }
	}
	s = unsafe.Slice((*float32)(unsafe.Pointer(&mem[size-n*4])), n)
	return s, func() { syscall.Munmap(mem) }
}

// The kernels read A in place and B in place or packed; check that no
// entry point touches memory past the ends of A, B or C.
func TestNoOverread(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, kn := range kernels {
		shapes := [][3]int{{1, 1, 1}, {3, 5, 7}, {kn.mr + 1, 9, kn.nr + 3}, {kn.mr - 1, 300, 2*kn.nr - 1},
			{2*kn.mr + kn.rowStep, 17, 3 * kn.nr}, {50, 260, 70}, {5, 64, 5}, {130, 64, 130}}
		for _, s := range shapes {
			m, k, n := s[0], s[1], s[2]
			a, fa := guardedSlice(t, m*k)
			b, fb := guardedSlice(t, k*n)
			c, fc := guardedSlice(t, m*n)
			copy(a, randSlice(r, m*k))
			copy(b, randSlice(r, k*n))
			kn.mul(c, a, b, m, k, n, 2)
			want := slices.Clone(c)
			kn.mulBT(c, a, b, m, k, n, 2)
			p := newPacked(kn, b, k, n, false)
			kn.gemm(c, a, m, k, n, bSource{packed: p.data}, true, 2)
			src := bSource{direct: b}
			if w := n % kn.nr; w != 0 {
				src.packed = make([]float32, k*kn.nr)
				kn.packB(src.packed, b[n-w:], n, k, w, kn.kBlock(k), 0, 1)
			}
			kn.gemm(c, a, m, k, n, src, false, 2)
			if !slices.Equal(c, want) {
				t.Errorf("%s %v: results differ", kn.name, s)
			}
			fa()
			fb()
			fc()
		}
	}
}
