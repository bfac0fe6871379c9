package matmul

import (
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
)

// kernel describes a register-tile micro-kernel and the blocking used
// around it.
type kernel struct {
	name   string
	mr, nr int // register tile: mr rows of A/C × nr columns of B/C
	// rowStep: fn also handles tiles of rows = rowStep, 2·rowStep, ... < mr
	// rows (for the last rows of A), with the same per-element operations.
	rowStep int
	kcMax   int // largest k block (a kc×nr panel of B should stay in L1)
	mcMax   int // largest row block per task (mc×kc of A should stay in L2)
	// directM: Mul reads B in place, without packing, when m <= directM.
	directM int

	// fn computes one rows×nr tile of C (rows a multiple of rowStep, <= mr):
	//
	//	C[i][j] = (acc ? C[i][j] : 0) + Σ_{p<k} A[i][p]·B[p][j]
	//
	// as one multiply-add chain per element in increasing p, for k >= 1.
	// Row i of A starts at a[i*lda], row p of B at b[p*ldb], row i of C
	// at c[i*ldc]; all of the rows×k of A, k×nr of B and rows×nr of C
	// must be in bounds.
	fn func(rows, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool)
}

var kernels = availableKernels()

// best is the kernel used by the public API (fixed at init).
var best = kernels[0]

// parallelFlops is the work (2·m·n·k) from which a product is split
// across goroutines.
const parallelFlops = 8 << 20

// kBlock returns the k-block size for an inner dimension k: k is cut
// into ceil(k/kcMax) nearly equal blocks, all kc long but the last.
// The blocking is a function of k and the kernel only, so the order of
// floating-point operations never depends on threading.
func (kn *kernel) kBlock(k int) int {
	if k <= kn.kcMax {
		return k
	}
	nb := (k + kn.kcMax - 1) / kn.kcMax
	kc := (k + nb - 1) / nb
	return (kc + 3) &^ 3
}

// panels returns the number of nr-wide column panels covering n.
func (kn *kernel) panels(n int) int { return (n + kn.nr - 1) / kn.nr }

// packedLen is the length of B (k×n) in panel layout.
func (kn *kernel) packedLen(k, n int) int { return k * kn.panels(n) * kn.nr }

// Panel layout of a k×n matrix B for a kernel with tile width nr and
// k-block kc: for each k block [k0, k0+kcb), the panels follow each other;
// panel jp (columns jp*nr ... jp*nr+nr-1, zero padded past n) stores its
// kcb rows of nr floats contiguously. The block starts at k0·np·nr and the
// panel at k0·np·nr + jp·kcb·nr, where np = ceil(n/nr).

// packB packs panels [jp0, jp1) of B (k×n, row stride ldb) into dst.
func (kn *kernel) packB(dst, b []float32, ldb, k, n, kc, jp0, jp1 int) {
	nr, np := kn.nr, kn.panels(n)
	for k0 := 0; k0 < k; k0 += kc {
		kcb := min(kc, k-k0)
		for jp := jp0; jp < jp1; jp++ {
			d := dst[k0*np*nr+jp*kcb*nr:][:kcb*nr]
			j0 := jp * nr
			w := min(nr, n-j0)
			if w == 4 && nr == 4 { // the Go kernel: copy() would cost more
				for p := range kcb {
					row := b[(k0+p)*ldb+j0:][:4:4]
					dp := d[p*4 : p*4+4 : p*4+4]
					dp[0], dp[1], dp[2], dp[3] = row[0], row[1], row[2], row[3]
				}
				continue
			}
			for p := range kcb {
				row := b[(k0+p)*ldb+j0:][:w]
				dp := d[p*nr : p*nr+nr]
				copy(dp, row)
				clear(dp[w:])
			}
		}
	}
}

// packBT packs panels [jp0, jp1) of Bᵀ, given B (n×k, row-major), into dst.
func (kn *kernel) packBT(dst, bt []float32, k, n, kc, jp0, jp1 int) {
	nr, np := kn.nr, kn.panels(n)
	for k0 := 0; k0 < k; k0 += kc {
		kcb := min(kc, k-k0)
		for jp := jp0; jp < jp1; jp++ {
			d := dst[k0*np*nr+jp*kcb*nr:][:kcb*nr]
			j0 := jp * nr
			w := min(nr, n-j0)
			if w < nr {
				clear(d)
			}
			j := 0
			if haveTranspose8 && nr%8 == 0 { // assembly kernels only
				p8 := kcb &^ 7
				for ; j+8 <= w; j += 8 {
					src := bt[(j0+j)*k+k0:]
					if p8 > 0 {
						_ = src[7*k+p8-1]
						_ = d[(p8-1)*nr+j+7]
						transpose8(&d[j], nr, &src[0], k, p8)
					}
					for r := range 8 {
						for p, v := range src[r*k+p8 : r*k+kcb] {
							d[(p8+p)*nr+j+r] = v
						}
					}
				}
			}
			for ; j+4 <= w; j += 4 { // four rows of Bᵀ at a time
				r0 := bt[(j0+j)*k+k0:][:kcb]
				r1 := bt[(j0+j+1)*k+k0:][:len(r0)]
				r2 := bt[(j0+j+2)*k+k0:][:len(r0)]
				r3 := bt[(j0+j+3)*k+k0:][:len(r0)]
				dj := d[j:]
				for p := range r0 {
					q := dj[p*nr : p*nr+4 : p*nr+4]
					q[0], q[1], q[2], q[3] = r0[p], r1[p], r2[p], r3[p]
				}
			}
			for ; j < w; j++ {
				src := bt[(j0+j)*k+k0:][:kcb]
				for p, v := range src {
					d[p*nr+j] = v
				}
			}
		}
	}
}

// threads returns how many goroutines to use for a product: one below
// parallelFlops, else up to GOMAXPROCS with at least parallelFlops/2 of
// work each.
func threads(m, k, n int) int {
	flops := 2 * int64(m) * int64(n) * int64(k) // no overflow on 32-bit
	if flops < parallelFlops {
		return 1
	}
	return int(max(1, min(int64(runtime.GOMAXPROCS(0)), flops/(parallelFlops/2))))
}

// parallel runs f(0..tasks-1) on up to nt goroutines (the caller's
// included) and returns when all are done.
func parallel(tasks, nt int, f func(t int)) {
	nt = min(nt, tasks)
	if nt <= 1 {
		for t := range tasks {
			f(t)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	work := func() {
		for {
			t := int(next.Add(1)) - 1
			if t >= tasks {
				return
			}
			f(t)
		}
	}
	wg.Add(nt - 1)
	for range nt - 1 {
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
}

// Scratch buffers (edge tiles, packed copies of B), pooled by size class:
// pools[i] holds slices of capacity 1<<i.
var pools [48]sync.Pool

func getBuf(n int) *[]float32 {
	cl := bits.Len(uint(max(n, 1) - 1))
	if p, _ := pools[cl].Get().(*[]float32); p != nil {
		*p = (*p)[:n]
		return p
	}
	s := make([]float32, n, 1<<cl)
	return &s
}

func putBuf(p *[]float32) {
	pools[bits.Len(uint(cap(*p)-1))].Put(p)
}

// bSource describes where the kernel reads B from.
type bSource struct {
	packed []float32 // panel layout of B (kBlock(k) blocking), or nil
	// direct: B row-major k×n read in place for full panels; packed then
	// holds only the last, partial panel (k×nr, panel layout).
	direct []float32
}

// gemm computes C = A·B (acc: C += A·B) with A m×k row-major, C m×n
// row-major and B given by src. nt is the number of goroutines to use.
func (kn *kernel) gemm(c, a []float32, m, k, n int, src bSource, acc bool, nt int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		if !acc {
			clear(c[:m*n])
		}
		return
	}
	mr := kn.mr
	kc := kn.kBlock(k)
	mt := (m + mr - 1) / mr // micro rows
	np := kn.panels(n)

	// Task grid: nmb row blocks × nnb column blocks.
	nmb := (mt*mr + kn.mcMax - 1) / kn.mcMax
	nnb := 1
	if nt > 1 {
		want := 4 * nt
		if nmb < want {
			nnb = min((want+nmb-1)/nmb, max(np/2, 1))
		}
		if nmb*nnb < want {
			nmb = min(mt, (want+nnb-1)/nnb)
		}
	}
	if nmb*nnb == 1 {
		kn.block(c, a, m, k, n, kc, src, acc, 0, m, 0, np)
		return
	}
	parallel(nmb*nnb, nt, func(t int) {
		bi, bj := t%nmb, t/nmb
		i0 := bi * mt / nmb * mr
		i1 := min((bi+1)*mt/nmb*mr, m)
		jp0 := bj * np / nnb
		jp1 := (bj + 1) * np / nnb
		kn.block(c, a, m, k, n, kc, src, acc, i0, i1, jp0, jp1)
	})
}

// block computes rows [i0, i1) × panels [jp0, jp1) of C. Only the last
// block (i1 == m) may end in a partial micro row.
func (kn *kernel) block(c, a []float32, m, k, n, kc int, src bSource, acc bool, i0, i1, jp0, jp1 int) {
	mr, nr := kn.mr, kn.nr
	np := kn.panels(n)
	edge := (i1 - i0) % mr          // rows left after the full micro rows
	iEdge := i1 - edge              // first of them
	ev := roundUp(edge, kn.rowStep) // kernel rows used for them
	copyA := edge < ev              // A lacks rows: use a padded copy

	// scratch: an mr×nr C tile, then an ev×kc padded copy of the last rows
	// of A.
	bufp := getBuf(mr*nr + ev*kc)
	buf := *bufp
	tile := buf[:mr*nr]
	aEdge := buf[mr*nr:]
	if copyA {
		clear(aEdge)
	}

	fn := kn.fn
	for k0 := 0; k0 < k; k0 += kc {
		kcb := min(kc, k-k0)
		accb := acc || k0 > 0
		aE, ldaE := a[min(iEdge*k+k0, len(a)):], k
		if copyA {
			for r := range edge {
				copy(aEdge[r*kcb:(r+1)*kcb], a[(iEdge+r)*k+k0:])
			}
			aE, ldaE = aEdge, kcb
		}
		for jp := jp0; jp < jp1; jp++ {
			j0 := jp * nr
			w := min(nr, n-j0)
			var bp []float32
			ldb := nr
			switch {
			case src.direct != nil && w == nr:
				bp = src.direct[k0*n+j0:]
				ldb = n
			case src.direct != nil:
				bp = src.packed[k0*nr:][:kcb*nr]
			default:
				bp = src.packed[k0*np*nr+jp*kcb*nr:][:kcb*nr]
			}
			if w == nr {
				for i := i0; i < iEdge; i += mr {
					fn(mr, kcb, a[i*k+k0:], k, bp, ldb, c[i*n+j0:], n, accb)
				}
			} else {
				for i := i0; i < iEdge; i += mr {
					kn.edgeTile(mr, kcb, a[i*k+k0:], k, bp, ldb, c[i*n+j0:], n, accb, tile, mr, w)
				}
			}
			if edge > 0 {
				if w == nr && !copyA {
					fn(ev, kcb, aE, ldaE, bp, ldb, c[iEdge*n+j0:], n, accb)
				} else {
					kn.edgeTile(ev, kcb, aE, ldaE, bp, ldb, c[iEdge*n+j0:], n, accb, tile, edge, w)
				}
			}
		}
	}
	putBuf(bufp)
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// edgeTile computes the h×w corner (h <= rows, w <= nr) of a rows×nr tile
// through the scratch tile, with exactly the operations of a full tile.
func (kn *kernel) edgeTile(rows, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool, tile []float32, h, w int) {
	nr := kn.nr
	if acc {
		for i := range h {
			copy(tile[i*nr:i*nr+w], c[i*ldc:i*ldc+w])
		}
	}
	kn.fn(rows, k, a, lda, b, ldb, tile, nr, acc)
	for i := range h {
		copy(c[i*ldc:i*ldc+w], tile[i*nr:i*nr+w])
	}
}
