package uselite

import (
	"math"

	"github.com/cecbench/cecbench/matmul"
)

// The forward pass of the KonaTransformer graph in model.json, written out by
// hand. The graph works on a padded [batch, maxlen] block (SparseToDense with
// default -1, a padding mask and ScatterNd/GatherNd between the padded block
// and the real tokens); here the real tokens of all sentences of a chunk are
// packed as the rows of one matrix and attention runs per sentence over its
// own tokens only. That gives the same numbers: in the graph, padded keys get
// a bias of -1e9, so their softmax weights are exactly 0 in float32, and
// padded rows never reach the output (the pooling multiplies them by 0 and
// the FFN only sees real tokens).
//
// Per token, with x the embedding row and t the timing signal:
//
//	h0  = x + (x + t)                       // Quirk: the graph adds x twice
//	layer l (l = 0, 1), h = its input:
//	    r  = dense(h) for layer 0 (256 -> 512), h for layer 1
//	    a  = attention(LN(h)) ·Wo + bo       // qkv and Wo are 1×1 Conv2Ds
//	    h' = a + r
//	    h  = relu(LN(h')·W1 + b1)·W2 + b2 + h'
//	sentence vector = tanh(mean(h over its tokens)·W + b), l2-normalized.

// workspace holds the scratch buffers of one forward pass. Encoder keeps
// them in a pool so concurrent Embed calls never share one.
type workspace struct {
	x      []float32 // T×embDim: layer 0 input
	res    []float32 // T×dModel: residual stream
	norm   []float32 // T×dModel: layer-norm output
	qkv    []float32 // T×3·dModel
	heads  []float32 // T×dModel: attention heads side by side
	proj   []float32 // T×dModel: attention or FFN output
	ffn    []float32 // T×ffnHidden
	q, k   []float32 // n×headDim, one sentence and head
	v, o   []float32 // n×headDim
	scores []float32 // n×n
	pooled []float32 // B×dModel
	hidden []float32 // B×dModel
}

// grow returns b resized to n, reallocating only when it is too small.
func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

// span is the rows [start, start+n) of one sentence in the packed matrix.
type span struct{ start, n int }

// timingSignal returns the sinusoidal position signal for positions
// 0..maxLen-1 as the graph computes it: float32(pos)·inv[j] in float32, then
// sin for the first half of the row and cos for the second.
func timingSignal(inv []float32, maxLen int) []float32 {
	half := len(inv)
	out := make([]float32, maxLen*2*half)
	for p := 0; p < maxLen; p++ {
		row := out[p*2*half : (p+1)*2*half]
		for j, f := range inv {
			a := float64(float32(p) * f)
			row[j] = float32(math.Sin(a))
			row[half+j] = float32(math.Cos(a))
		}
	}
	return out
}

// apply sets dst (rows×out) to src (rows×in) times d.w plus d.bias.
func (d *dense) apply(dst, src []float32, rows int) {
	if rows == 0 {
		return
	}
	dst = dst[:rows*d.out]
	d.w.Mul(dst, src[:rows*d.in], rows)
	for r := 0; r < rows; r++ {
		row := dst[r*d.out : (r+1)*d.out]
		for j, b := range d.bias {
			row[j] += b
		}
	}
}

// applyReLU sets dst to max(src·d.w + d.bias, 0).
func (d *dense) applyReLU(dst, src []float32, rows int) {
	if rows == 0 {
		return
	}
	dst = dst[:rows*d.out]
	d.w.Mul(dst, src[:rows*d.in], rows)
	for r := 0; r < rows; r++ {
		row := dst[r*d.out : (r+1)*d.out]
		bias := d.bias[:len(row)]
		for j, v := range row {
			row[j] = max(v+bias[j], 0)
		}
	}
}

// applyAddTo adds src·d.w + d.bias to acc, rounding like the graph's
// BiasAdd then Add: acc = (product + bias) + acc. tmp holds the product.
func (d *dense) applyAddTo(acc, tmp, src []float32, rows int) {
	if rows == 0 {
		return
	}
	tmp = tmp[:rows*d.out]
	d.w.Mul(tmp, src[:rows*d.in], rows)
	for r := 0; r < rows; r++ {
		p := tmp[r*d.out : (r+1)*d.out]
		a := acc[r*d.out : (r+1)*d.out]
		bias := d.bias[:len(p)]
		for j, v := range p {
			a[j] = float32(v+bias[j]) + a[j]
		}
	}
}

// apply sets dst to the layer norm of each dim-wide row of src, computed
// like the graph: mean, centred values, mean of their squares, eps added,
// Rsqrt, then (scale·rsqrt)·centred + bias, all in float32.
func (ln *layerNorm) apply(dst, src []float32, rows, dim int, eps float32) {
	for r := 0; r < rows; r++ {
		x := src[r*dim : (r+1)*dim]
		y := dst[r*dim : (r+1)*dim]
		var sum float32
		for _, v := range x {
			sum += v
		}
		mean := sum / float32(dim)
		var sq float32
		for _, v := range x {
			c := v - mean
			sq += float32(c * c)
		}
		rs := rsqrt(sq/float32(dim) + eps)
		for j, v := range x {
			y[j] = float32(float32(ln.scale[j]*rs)*(v-mean)) + ln.bias[j]
		}
	}
}

// rsqrt is the float32 1/sqrt(x): a correctly rounded float32 square root,
// then a float32 division.
func rsqrt(x float32) float32 {
	return 1 / float32(math.Sqrt(float64(x)))
}

// addTo sets dst[i] += src[i].
func addTo(dst, src []float32) {
	src = src[:len(dst)]
	for i, v := range src {
		dst[i] += v
	}
}

// forward computes the unit vectors of the sentences whose (clipped) ids are
// seqs into out (len(seqs) slices of dModel floats).
func (m *model) forward(ws *workspace, seqs [][]int32, out [][]float32) {
	m.pool(ws, m.encode(ws, seqs), out)
}

// encode runs the embedding lookup and both transformer layers on the
// tokens of seqs, packed as rows, and leaves the last layer's output in
// ws.res: row spans[i].start+p is token p of sentence i. It returns the
// spans.
func (m *model) encode(ws *workspace, seqs [][]int32) []span {
	spans := make([]span, len(seqs))
	total, longest := 0, 0
	for i, s := range seqs {
		spans[i] = span{start: total, n: len(s)}
		total += len(s)
		longest = max(longest, len(s))
	}
	l0, l1 := &m.layers[0], &m.layers[1]
	dModel := l1.dOut
	wide := max(l0.dIn, l0.dOut, l1.dIn, l1.dOut)
	ws.x = grow(ws.x, total*m.embDim)
	ws.res = grow(ws.res, total*dModel)
	ws.norm = grow(ws.norm, total*wide)
	ws.qkv = grow(ws.qkv, total*3*max(l0.dIn, l1.dIn))
	ws.heads = grow(ws.heads, total*max(l0.dIn, l1.dIn))
	ws.proj = grow(ws.proj, total*wide)
	ws.ffn = grow(ws.ffn, total*max(l0.ffn1.out, l1.ffn1.out))
	hd := max(l0.headDim, l1.headDim)
	ws.q = grow(ws.q, longest*hd)
	ws.k = grow(ws.k, longest*hd)
	ws.v = grow(ws.v, longest*hd)
	ws.o = grow(ws.o, longest*hd)
	ws.scores = grow(ws.scores, longest*longest)

	// Embedding lookup plus timing signal. Quirk: the graph's
	// AddTimingSignal returns x + signal and the caller adds that to x
	// again, so a token enters layer 0 as x + (x + signal).
	d := m.embDim
	for i, s := range seqs {
		for p, id := range s {
			e := m.embeddings[int(id)*d : (int(id)+1)*d]
			t := m.timing[p*d : (p+1)*d]
			x := ws.x[(spans[i].start+p)*d : (spans[i].start+p+1)*d]
			for j := range x {
				x[j] = e[j] + (e[j] + t[j])
			}
		}
	}

	m.layer(ws, l0, ws.x, total, spans)
	m.layer(ws, l1, ws.res, total, spans)
	return spans
}

// pool turns the token states encode left in ws.res into one unit vector
// per sentence in out: the mean over its tokens, the tanh layer, then l2
// normalization.
func (m *model) pool(ws *workspace, spans []span, out [][]float32) {
	dModel := m.layers[1].dOut
	ws.pooled = grow(ws.pooled, len(spans)*dModel)
	ws.hidden = grow(ws.hidden, len(spans)*dModel)

	// Mean over the real tokens: the graph sums the masked rows and
	// divides by max(length, 1), so a sentence without tokens pools to 0.
	for i, sp := range spans {
		p := ws.pooled[i*dModel : (i+1)*dModel]
		clear(p)
		for r := sp.start; r < sp.start+sp.n; r++ {
			addTo(p, ws.res[r*dModel:(r+1)*dModel])
		}
		n := float32(max(sp.n, 1))
		for j := range p {
			p[j] /= n
		}
	}

	m.hidden.apply(ws.hidden, ws.pooled, len(spans))
	for i := range spans {
		h := ws.hidden[i*dModel : (i+1)*dModel]
		var sq float32
		for j, v := range h {
			t := float32(math.Tanh(float64(v)))
			h[j] = t
			sq += float32(t * t)
		}
		// l2_normalize: x · rsqrt(max(sum(x²), 1e-12)).
		rs := rsqrt(max(sq, m.l2Eps))
		o := out[i][:dModel]
		for j, v := range h {
			o[j] = v * rs
		}
	}
}

// layer runs one transformer layer on the packed rows in (total×l.dIn) and
// leaves its output in ws.res (total×l.dOut). in may be ws.res itself when
// the layer keeps the width.
func (m *model) layer(ws *workspace, l *transformerLayer, in []float32, total int, spans []span) {
	if l.residual != nil {
		l.residual.apply(ws.res, in, total)
	}
	l.attnNorm.apply(ws.norm, in, total, l.dIn, m.normEps)
	l.qkv.apply(ws.qkv, ws.norm, total)
	m.attention(ws, l, spans)
	l.attnOut.applyAddTo(ws.res, ws.proj, ws.heads, total)

	l.ffnNorm.apply(ws.norm, ws.res, total, l.dOut, m.normEps)
	l.ffn1.applyReLU(ws.ffn, ws.norm, total)
	l.ffn2.applyAddTo(ws.res, ws.proj, ws.ffn, total)
}

// attention runs multi-head self-attention of every sentence over its own
// tokens, reading q, k and v from ws.qkv (each row is q|k|v, each split into
// heads of l.headDim) and writing the heads side by side to ws.heads.
func (m *model) attention(ws *workspace, l *transformerLayer, spans []span) {
	d, hd := l.dIn, l.headDim
	for _, sp := range spans {
		n := sp.n
		if n == 0 {
			continue
		}
		q, k, v, o := ws.q[:n*hd], ws.k[:n*hd], ws.v[:n*hd], ws.o[:n*hd]
		s := ws.scores[:n*n]
		for h := 0; h < l.heads; h++ {
			for i := 0; i < n; i++ {
				row := ws.qkv[(sp.start+i)*3*d : (sp.start+i+1)*3*d]
				qi, ki, vi := q[i*hd:(i+1)*hd], k[i*hd:(i+1)*hd], v[i*hd:(i+1)*hd]
				copy(ki, row[d+h*hd:d+(h+1)*hd])
				copy(vi, row[2*d+h*hd:2*d+(h+1)*hd])
				// The graph scales q by 1/sqrt(headDim) before q·kᵀ.
				for j, x := range row[h*hd : (h+1)*hd] {
					qi[j] = x * l.qScale
				}
			}
			matmul.MulBT(s, q, k, n, hd, n)
			softmaxRows(s, n)
			matmul.Mul(o, s, v, n, n, hd)
			for i := 0; i < n; i++ {
				copy(ws.heads[(sp.start+i)*d+h*hd:(sp.start+i)*d+(h+1)*hd], o[i*hd:(i+1)*hd])
			}
		}
	}
}

// softmaxRows applies softmax to each n-wide row of s: subtract the row
// maximum, exponentiate, divide by the sum.
func softmaxRows(s []float32, n int) {
	for r := 0; r < n; r++ {
		row := s[r*n : (r+1)*n]
		mx := row[0]
		for _, v := range row[1:] {
			mx = max(mx, v)
		}
		var sum float32
		for j, v := range row {
			e := float32(math.Exp(float64(v - mx)))
			row[j] = e
			sum += e
		}
		for j := range row {
			row[j] /= sum
		}
	}
}
