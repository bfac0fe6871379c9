package lora

import (
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// The float32 matrix d is never converted to float64 as a whole: products
// with it convert a block of at most blockRows rows (or a blockRows×colChunk
// tile) at a time into per-worker scratch space and hand it to gonum's Gemm.
const (
	blockRows = 64
	colChunk  = 512
)

// newGeneral returns a zeroed rows×cols dense float64 matrix.
func newGeneral(rows, cols int) blas64.General {
	return blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: make([]float64, rows*cols)}
}

// rowRange returns the view of rows [lo, hi) of g.
func rowRange(g blas64.General, lo, hi int) blas64.General {
	return blas64.General{Rows: hi - lo, Cols: g.Cols, Stride: g.Stride, Data: g.Data[lo*g.Stride : (hi-1)*g.Stride+g.Cols]}
}

// convertTile copies d[lo:hi, c0:c1] (d row-major with cols columns) into
// *buf as a dense float64 matrix, growing *buf when needed.
func convertTile(buf *[]float64, d []float32, cols, lo, hi, c0, c1 int) blas64.General {
	w := c1 - c0
	n := (hi - lo) * w
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	t := blas64.General{Rows: hi - lo, Cols: w, Stride: w, Data: (*buf)[:n]}
	for i := lo; i < hi; i++ {
		src := d[i*cols+c0 : i*cols+c1]
		dst := t.Data[(i-lo)*w : (i-lo+1)*w]
		for j, v := range src {
			dst[j] = float64(v)
		}
	}
	return t
}

// parallel runs task(scratch, i) for i in [0, n) on up to GOMAXPROCS
// goroutines. Each goroutine owns one scratch buffer for convertTile.
func parallel(n int, task func(scratch *[]float64, i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []float64
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				task(&scratch, i)
			}
		}()
	}
	wg.Wait()
}

// ceilDiv returns ⌈a/b⌉ for positive b.
func ceilDiv(a, b int) int { return (a + b - 1) / b }

// mulD returns d·x, where d is rows×cols (row-major float32) and x is
// cols×k. Each task owns a disjoint band of output rows, so the result is
// deterministic.
func mulD(d []float32, rows, cols int, x blas64.General) blas64.General {
	y := newGeneral(rows, x.Cols)
	parallel(ceilDiv(rows, blockRows), func(scratch *[]float64, t int) {
		lo, hi := t*blockRows, min(rows, (t+1)*blockRows)
		tile := convertTile(scratch, d, cols, lo, hi, 0, cols)
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, tile, x, 0, rowRange(y, lo, hi))
	})
	return y
}

// mulDT returns dᵀ·q, where d is rows×cols (row-major float32) and q is
// rows×k. Each task owns a disjoint band of output rows (a strip of d's
// columns) and accumulates over d's rows in a fixed order, so the result is
// deterministic.
func mulDT(d []float32, rows, cols int, q blas64.General) blas64.General {
	z := newGeneral(cols, q.Cols)
	parallel(ceilDiv(cols, colChunk), func(scratch *[]float64, t int) {
		c0, c1 := t*colChunk, min(cols, (t+1)*colChunk)
		out := rowRange(z, c0, c1)
		for lo := 0; lo < rows; lo += blockRows {
			hi := min(rows, lo+blockRows)
			tile := convertTile(scratch, d, cols, lo, hi, c0, c1)
			blas64.Gemm(blas.Trans, blas.NoTrans, 1, tile, rowRange(q, lo, hi), 1, out)
		}
	})
	return z
}

// residualSquares returns ||d − b·a||_F², with a rank×cols and b rows×rank
// (row-major float32), evaluated in float64 from the float32 values.
func residualSquares(d []float32, rows, cols int, a, b []float32, rank int) float64 {
	a64 := widen(a, rank, cols)
	b64 := widen(b, rows, rank)
	sums := make([]float64, ceilDiv(rows, blockRows))
	parallel(len(sums), func(scratch *[]float64, t int) {
		lo, hi := t*blockRows, min(rows, (t+1)*blockRows)
		r := convertTile(scratch, d, cols, lo, hi, 0, cols)
		blas64.Gemm(blas.NoTrans, blas.NoTrans, -1, rowRange(b64, lo, hi), a64, 1, r)
		var s float64
		for _, v := range r.Data {
			s += v * v
		}
		sums[t] = s
	})
	var total float64
	for _, s := range sums { // fixed order: deterministic
		total += s
	}
	return total
}

// widen converts a row-major float32 rows×cols matrix to float64.
func widen(x []float32, rows, cols int) blas64.General {
	g := newGeneral(rows, cols)
	for i, v := range x {
		g.Data[i] = float64(v)
	}
	return g
}
