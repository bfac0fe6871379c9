package matmul

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
)

// Tolerance. Every element of C is one multiply-add chain of k terms in
// float32 (fused on the assembly kernels), so its error against the exact
// product is at most γ·Σ_p |A[i][p]|·|B[p][j]| with γ ≈ k·u, u = 2⁻²⁴
// (Higham, recursive summation). The reference is computed in float64, and
// we allow twice the bound plus one rounding of the result:
//
//	|C - ref| <= (2k+2)·2⁻²⁴·Σ|A||B| + 2⁻²⁴·|ref|
//
// A single missing or duplicated term, the typical indexing bug, exceeds
// this by orders of magnitude for the inputs used (uniform in [-1, 1)).

func randSlice(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = r.Float32()*2 - 1
	}
	return s
}

// refMul returns A·B (or A·Bᵀ) in float64 and Σ|A||B| per element.
func refMul(a, b []float32, m, k, n int, bt bool) (ref, mag []float64) {
	ref = make([]float64, m*n)
	mag = make([]float64, m*n)
	for i := range m {
		for j := range n {
			var s, g float64
			for p := range k {
				var bv float32
				if bt {
					bv = b[j*k+p]
				} else {
					bv = b[p*n+j]
				}
				x := float64(a[i*k+p]) * float64(bv)
				s += x
				g += math.Abs(x)
			}
			ref[i*n+j] = s
			mag[i*n+j] = g
		}
	}
	return ref, mag
}

// checkClose compares c with ref (plus c0, the initial C, when adding).
func checkClose(t *testing.T, what string, c []float32, c0 []float32, ref, mag []float64, m, k, n int) {
	t.Helper()
	const u = 1.0 / (1 << 24)
	bad := 0
	for i := range m * n {
		want := ref[i]
		g := mag[i]
		if c0 != nil {
			want += float64(c0[i])
			g += math.Abs(float64(c0[i]))
		}
		tol := float64(2*k+2)*u*g + u*math.Abs(want)
		if d := math.Abs(float64(c[i]) - want); !(d <= tol) {
			if bad < 5 {
				t.Errorf("%s m=%d k=%d n=%d: C[%d][%d] = %g, want %g (diff %g, tol %g)",
					what, m, k, n, i/n, i%n, c[i], want, d, tol)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s m=%d k=%d n=%d: %d of %d elements off", what, m, k, n, bad, m*n)
	}
}

// guarded returns a slice of length n followed by sentinel values, and a
// check that they are intact.
func guarded(n int, fill float32) ([]float32, func(t *testing.T)) {
	const g = 37
	s := make([]float32, n+g)
	for i := range s {
		s[i] = fill
	}
	for i := n; i < n+g; i++ {
		s[i] = 12345
	}
	return s[:n], func(t *testing.T) {
		t.Helper()
		for i := n; i < n+g; i++ {
			if s[i] != 12345 {
				t.Fatalf("write past the end of C at %d", i)
			}
		}
	}
}

// testShape checks every entry point of kernel kn on one shape with nt
// goroutines, and that all of them agree exactly where they should.
func testShape(t *testing.T, kn *kernel, r *rand.Rand, m, k, n, nt int) {
	t.Helper()
	a := randSlice(r, m*k)
	b := randSlice(r, k*n)
	bt := make([]float32, n*k) // bᵀ, so A·btᵀ = A·b
	for p := range k {
		for j := range n {
			bt[j*k+p] = b[p*n+j]
		}
	}
	ref, mag := refMul(a, b, m, k, n, false)
	name := fmt.Sprintf("%s/nt=%d", kn.name, nt)

	nan := float32(math.NaN())
	c1, ok1 := guarded(m*n, nan)
	kn.mul(c1, a, b, m, k, n, nt)
	ok1(t)
	checkClose(t, name+"/Mul", c1, nil, ref, mag, m, k, n)

	c2, ok2 := guarded(m*n, nan)
	kn.mulBT(c2, a, bt, m, k, n, nt)
	ok2(t)
	checkClose(t, name+"/MulBT", c2, nil, ref, mag, m, k, n)

	p := newPacked(kn, b, k, n, false)
	c3, ok3 := guarded(m*n, nan)
	p.kern.gemm(c3, a, m, k, n, bSource{packed: p.data}, false, nt)
	ok3(t)
	checkClose(t, name+"/Packed.Mul", c3, nil, ref, mag, m, k, n)

	pt := newPacked(kn, bt, k, n, true)
	c4, ok4 := guarded(m*n, nan)
	pt.kern.gemm(c4, a, m, k, n, bSource{packed: pt.data}, false, nt)
	ok4(t)

	c0 := randSlice(r, m*n)
	c5, ok5 := guarded(m*n, 0)
	copy(c5, c0)
	p.kern.gemm(c5, a, m, k, n, bSource{packed: p.data}, true, nt)
	ok5(t)
	checkClose(t, name+"/Packed.MulAdd", c5, c0, ref, mag, m, k, n)

	// Same kernel, same k blocking, same B values: bit-identical results,
	// whether B was packed (either way) or read in place.
	for _, x := range []struct {
		name string
		c    []float32
	}{{"MulBT", c2}, {"Packed.Mul", c3}, {"NewPackedT", c4}} {
		if !slices.Equal(c1, x.c) {
			t.Errorf("%s m=%d k=%d n=%d: %s differs from Mul", name, m, k, n, x.name)
		}
	}
	if m > 0 && k > 0 && n > 0 {
		// Force the in-place path (normally only used for small m).
		src := bSource{direct: b}
		if w := n % kn.nr; w != 0 {
			src.packed = make([]float32, k*kn.nr)
			kn.packB(src.packed, b[n-w:], n, k, w, kn.kBlock(k), 0, 1)
		}
		c6, ok6 := guarded(m*n, nan)
		kn.gemm(c6, a, m, k, n, src, false, nt)
		ok6(t)
		if !slices.Equal(c1, c6) {
			t.Errorf("%s m=%d k=%d n=%d: in-place B differs from packed B", name, m, k, n)
		}
	}
}

func shapeList(kn *kernel) [][3]int {
	s := [][3]int{
		{0, 0, 0}, {0, 5, 3}, {3, 0, 5}, {4, 5, 0}, {1, 1, 1}, {1, 7, 1},
		{1, 1, 9}, {9, 1, 1}, {2, 3, 4}, {5, 3, 17}, {7, 13, 31}, {33, 65, 17},
		{20, 64, 20}, {5, 64, 5}, {130, 64, 130}, {130, 130, 64}, {64, 64, 64},
		{1, 300, 1000}, {20, 512, 100}, {1, 513, 33}, {37, 1000, 41},
	}
	mr, nr, kc := kn.mr, kn.nr, kn.kcMax
	for _, m := range []int{mr - 1, mr, mr + 1, mr + kn.rowStep, 2*mr + 3, 2*mr + 2*kn.rowStep} {
		for _, n := range []int{nr - 1, nr, nr + 1, 3*nr - 2} {
			for _, k := range []int{1, 3, 4, 5, kc - 1, kc, kc + 1, 2*kc + 7} {
				if m > 0 && n > 0 {
					s = append(s, [3]int{m, k, n})
				}
			}
		}
	}
	return s
}

func TestShapes(t *testing.T) {
	for _, kn := range kernels {
		t.Run(kn.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			for _, s := range shapeList(kn) {
				testShape(t, kn, r, s[0], s[1], s[2], 1)
			}
		})
	}
}

func TestThreadedShapes(t *testing.T) {
	for _, kn := range kernels {
		t.Run(kn.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, 4))
			for _, s := range [][3]int{{1, 100, 200}, {5, 40, 300}, {250, 300, 270}, {517, 129, 95}} {
				for _, nt := range []int{2, 3} {
					testShape(t, kn, r, s[0], s[1], s[2], nt)
				}
			}
		})
	}
}

// Fuzz-ish: many random shapes, random thread counts.
func TestRandomShapes(t *testing.T) {
	iters := 300
	if testing.Short() {
		iters = 60
	}
	for _, kn := range kernels {
		t.Run(kn.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, 6))
			for range iters {
				m, k, n := 1+r.IntN(70), r.IntN(600), 1+r.IntN(90)
				if r.IntN(4) == 0 {
					m = 1 + r.IntN(300)
				}
				testShape(t, kn, r, m, k, n, 1+r.IntN(4))
				if t.Failed() {
					return
				}
			}
		})
	}
}

func FuzzMul(f *testing.F) {
	f.Add(uint8(3), uint16(5), uint8(7), uint64(1))
	f.Add(uint8(13), uint16(257), uint8(33), uint64(2))
	f.Add(uint8(1), uint16(0), uint8(1), uint64(3))
	f.Fuzz(func(t *testing.T, m uint8, k uint16, n uint8, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 7))
		for _, kn := range kernels {
			testShape(t, kn, r, int(m), int(k%2048), int(n), 1+int(seed%3))
		}
	})
}

// Results must not depend on how many goroutines share the work.
func TestThreadsDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	shapes := [][3]int{{300, 700, 500}, {1, 600, 3000}, {20, 512, 1536}, {97, 1031, 203}}
	for _, kn := range kernels {
		for _, s := range shapes {
			m, k, n := s[0], s[1], s[2]
			a, b := randSlice(r, m*k), randSlice(r, k*n)
			want := make([]float32, m*n)
			kn.mul(want, a, b, m, k, n, 1)
			for _, nt := range []int{2, 3, 4, 7, 16} {
				got := make([]float32, m*n)
				kn.mul(got, a, b, m, k, n, nt)
				if !slices.Equal(got, want) {
					t.Errorf("%s %v: nt=%d differs from nt=1", kn.name, s, nt)
				}
				kn.mulBT(got, a, b[:n*k], m, k, n, nt) // b as an n×k matrix
				want2 := make([]float32, m*n)
				kn.mulBT(want2, a, b[:n*k], m, k, n, 1)
				if !slices.Equal(got, want2) {
					t.Errorf("%s %v: MulBT nt=%d differs from nt=1", kn.name, s, nt)
				}
			}
		}
	}
	// Same through the public API, with GOMAXPROCS changed.
	m, k, n := 256, 512, 384
	a, b := randSlice(r, m*k), randSlice(r, k*n)
	want := make([]float32, m*n)
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	Mul(want, a, b, m, k, n)
	for _, procs := range []int{2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		got := make([]float32, m*n)
		Mul(got, a, b, m, k, n)
		if !slices.Equal(got, want) {
			t.Errorf("Mul with GOMAXPROCS=%d differs from GOMAXPROCS=1", procs)
		}
	}
}

// The public API on the encoder's shapes (threaded), against float64.
func TestPublicAPI(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	shapes := [][3]int{{128, 256, 768}, {100, 1536, 512}, {20, 512, 1536}, {130, 64, 130}, {3, 7, 5}}
	if testing.Short() {
		shapes = shapes[2:]
	}
	for _, s := range shapes {
		m, k, n := s[0], s[1], s[2]
		a, b := randSlice(r, m*k), randSlice(r, k*n)
		ref, mag := refMul(a, b, m, k, n, false)
		c := make([]float32, m*n)
		Mul(c, a, b, m, k, n)
		checkClose(t, "Mul", c, nil, ref, mag, m, k, n)
		p := NewPacked(b, k, n)
		if p.K() != k || p.N() != n {
			t.Fatalf("Packed dims %d×%d, want %d×%d", p.K(), p.N(), k, n)
		}
		c2 := make([]float32, m*n)
		p.Mul(c2, a, m)
		if !slices.Equal(c, c2) {
			t.Errorf("%v: Packed.Mul differs from Mul", s)
		}
		p.MulAdd(c2, a, m)
		for i := range c2 {
			if d := math.Abs(float64(c2[i]) - 2*float64(c[i])); d > 1e-5*mag[i]+1e-6 {
				t.Fatalf("%v: MulAdd: C[%d] = %g, want %g", s, i, c2[i], 2*c[i])
			}
		}

		bt := make([]float32, n*k)
		for p := range k {
			for j := range n {
				bt[j*k+p] = b[p*n+j]
			}
		}
		c3 := make([]float32, m*n)
		MulBT(c3, a, bt, m, k, n)
		if !slices.Equal(c, c3) {
			t.Errorf("%v: MulBT differs from Mul", s)
		}
		c4 := make([]float32, m*n)
		NewPackedT(bt, n, k).Mul(c4, a, m)
		if !slices.Equal(c, c4) {
			t.Errorf("%v: NewPackedT differs from Mul", s)
		}
	}
}

func TestZeroK(t *testing.T) {
	c := []float32{1, 2, 3, 4, 5, 6}
	Mul(c, nil, nil, 2, 0, 3)
	MulBT(c[:6], nil, nil, 3, 0, 2)
	if !slices.Equal(c, make([]float32, 6)) {
		t.Errorf("k=0: C = %v, want zeros", c)
	}
	c = []float32{1, 2}
	NewPacked(nil, 0, 2).MulAdd(c, nil, 1)
	if !slices.Equal(c, []float32{1, 2}) {
		t.Errorf("k=0 MulAdd changed C: %v", c)
	}
	Mul(nil, nil, nil, 0, 0, 0)
}

func TestPanics(t *testing.T) {
	for _, f := range []func(){
		func() { Mul(make([]float32, 5), make([]float32, 6), make([]float32, 6), 2, 3, 3) },
		func() { Mul(make([]float32, 6), make([]float32, 5), make([]float32, 6), 2, 3, 2) },
		func() { MulBT(make([]float32, 6), make([]float32, 6), make([]float32, 8), 2, 3, 3) },
		func() { Mul(nil, nil, nil, -1, 0, 0) },
		func() { NewPacked(make([]float32, 5), 2, 3) },
		func() { NewPacked(make([]float32, 6), 2, 3).Mul(make([]float32, 6), make([]float32, 3), 2) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic for bad dimensions")
				}
			}()
			f()
		}()
	}
}

func TestNoGoroutineLeak(t *testing.T) {
	prev := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(prev)
	before := runtime.NumGoroutine()
	r := rand.New(rand.NewPCG(11, 12))
	m, k, n := 200, 300, 400
	a, b := randSlice(r, m*k), randSlice(r, k*n)
	c := make([]float32, m*n)
	for range 5 {
		Mul(c, a, b, m, k, n)
		MulBT(c, a, b, m, k, n)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines after, %d before", g, before)
	}
}

// ---------------------------------------------------------------------------
// Benchmarks: go test -run - -bench Mul -benchtime 200ms -count 3 [-cpu 1,2] [-tags purego]
// Sub-benchmarks per shape: naive (the original loops), <kernel> (Mul with
// that kernel: avx512, avx2, go), <kernel>-packed (Packed.Mul), MulBT (the
// public MulBT, best kernel).

// mulNaive is the original implementation, as the baseline.
func mulNaive(c, a, b []float32, m, k, n int) {
	for i := range m {
		ci := c[i*n : (i+1)*n]
		clear(ci)
		for p := range k {
			av := a[i*k+p]
			for j, bv := range b[p*n : (p+1)*n] {
				ci[j] += av * bv
			}
		}
	}
}

var benchShapes = [][3]int{
	{1280, 256, 768}, {1280, 512, 1536}, {1280, 1536, 512},
	{20, 512, 1536}, {64, 64, 64}, {130, 64, 130},
}

func BenchmarkMul(b *testing.B) {
	for _, s := range benchShapes {
		m, k, n := s[0], s[1], s[2]
		r := rand.New(rand.NewPCG(1, 1))
		a, bm := randSlice(r, m*k), randSlice(r, k*n)
		c := make([]float32, m*n)
		flops := 2 * float64(m) * float64(k) * float64(n)
		run := func(name string, f func()) {
			b.Run(fmt.Sprintf("%dx%dx%d/%s", m, k, n, name), func(b *testing.B) {
				cpu0 := cpuTime()
				for b.Loop() {
					f()
				}
				cpu := cpuTime() - cpu0
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				if cpu > 0 {
					// Work per CPU-second of this process: less sensitive than
					// GFLOP/s to other processes on a shared machine.
					b.ReportMetric(flops*float64(b.N)/cpu.Seconds()/1e9, "GFLOP/cpu-s")
				}
			})
		}
		run("naive", func() { mulNaive(c, a, bm, m, k, n) })
		for _, kn := range kernels {
			nt := threads(m, k, n)
			run(kn.name, func() { kn.mul(c, a, bm, m, k, n, nt) })
			p := newPacked(kn, bm, k, n, false)
			run(kn.name+"-packed", func() { p.kern.gemm(c, a, m, k, n, bSource{packed: p.data}, false, nt) })
		}
		bt := bm[:n*k]
		run("MulBT", func() { MulBT(c, a, bt, m, k, n) })
	}
}

// TestBestKernel logs which kernel the public API uses. To test the
// public API with another one, disable CPU features, e.g.
// GODEBUG=cpu.avx512f=off (AVX2) or GODEBUG=cpu.avx2=off (pure Go).
func TestBestKernel(t *testing.T) {
	names := make([]string, len(kernels))
	for i, kn := range kernels {
		names[i] = kn.name
	}
	t.Logf("kernel in use: %s (available: %v)", best.name, names)
}
