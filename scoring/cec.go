package scoring

import "math"

// Match links one sentence to its most similar sentence on the other side.
type Match struct {
	// Index is the position of the best sentence on the other side, -1 when
	// the other side is empty.
	Index int `json:"index"`
	// Similarity is the cosine similarity with that sentence.
	Similarity float64 `json:"similarity"`
}

// Alignment tells, sentence by sentence, how the two sides match.
type Alignment struct {
	// Generated has, for each generated sentence, its best reference sentence.
	Generated []Match `json:"generated"`
	// Reference has, for each reference sentence, its best generated sentence.
	Reference []Match `json:"reference"`
	// Uncovered lists the reference sentences whose best similarity is below
	// the threshold: causal links the generated text misses.
	Uncovered []int `json:"uncovered"`
	// Threshold is the similarity below which a reference sentence counts as
	// uncovered.
	Threshold float64 `json:"threshold"`
}

// Coherence is the CEC of one pair with its two directions.
type Coherence struct {
	CEC      float64
	Forward  float64
	Backward float64
	Align    Alignment
}

// Number is the element type of a sentence vector: float32 from an
// encoder, float64 from a client. Arithmetic is always in float64.
type Number interface{ ~float32 | ~float64 }

// Cosine returns the cosine similarity of a and b, not clipped; a zero
// vector has cosine 0 with anything. a and b must have the same length.
func Cosine[T Number](a, b []T) float64 {
	return cosine(a, b, dot(a, a), dot(b, b))
}

// cosine is Cosine with the squared norms of a and b already known.
func cosine[T Number](a, b []T, na, nb float64) float64 {
	if d := dot(a, b); safeNorm(na) && safeNorm(nb) && !math.IsInf(d, 0) {
		return d / (math.Sqrt(na) * math.Sqrt(nb))
	}
	// Squares overflowed or underflowed: scale both sides to a max |x| of 1
	// first, which leaves the cosine unchanged.
	sa, sb := maxAbs(a), maxAbs(b)
	if sa == 0 || sb == 0 {
		return 0
	}
	var d, sna, snb float64
	for i := range a {
		x := float64(a[i]) / sa
		y := float64(b[i]) / sb
		d += x * y
		sna += x * x
		snb += y * y
	}
	if sna == 0 || snb == 0 {
		return 0
	}
	return math.Max(-1, math.Min(1, d/(math.Sqrt(sna)*math.Sqrt(snb))))
}

// dot returns a·b in float64 with eight independent sums (for
// instruction-level parallelism), added pairwise at the end.
func dot[T Number](a, b []T) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float64
	for len(a) >= 8 {
		x, y := a[:8:8], b[:8:8]
		s0 += float64(x[0]) * float64(y[0])
		s1 += float64(x[1]) * float64(y[1])
		s2 += float64(x[2]) * float64(y[2])
		s3 += float64(x[3]) * float64(y[3])
		s4 += float64(x[4]) * float64(y[4])
		s5 += float64(x[5]) * float64(y[5])
		s6 += float64(x[6]) * float64(y[6])
		s7 += float64(x[7]) * float64(y[7])
		a, b = a[8:], b[8:]
	}
	for i := range a {
		s0 += float64(a[i]) * float64(b[i])
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// safeNorm reports whether a squared norm is finite and large enough that
// no square in it can have underflowed to zero.
func safeNorm(x float64) bool {
	return x > 1e-280 && !math.IsInf(x, 0)
}

func maxAbs[T Number](v []T) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(float64(x)))
	}
	return m
}

// CEC computes Causal Explanation Coherence from the sentence vectors of the
// generated text and of the reference:
//
//	forward  = mean over generated sentences of the best cosine with a reference sentence
//	backward = mean over reference sentences of the best cosine with a generated sentence
//	cec      = (forward + backward) / 2
//
// A side with no sentences gives zero for all three (the caller warns).
// Duplicate sentences count each time. Ties pick the lowest index.
// threshold marks reference sentences as uncovered.
func CEC[T Number](gen, ref [][]T, threshold float64) Coherence {
	align := Alignment{
		Generated: make([]Match, len(gen)),
		Reference: make([]Match, len(ref)),
		Uncovered: []int{},
		Threshold: threshold,
	}
	for i := range align.Generated {
		align.Generated[i] = Match{Index: -1}
	}
	for j := range align.Reference {
		align.Reference[j] = Match{Index: -1}
	}
	if len(gen) == 0 || len(ref) == 0 {
		for j := range ref {
			align.Uncovered = append(align.Uncovered, j)
		}
		return Coherence{Align: align}
	}
	refNorms := make([]float64, len(ref))
	for j, r := range ref {
		refNorms[j] = dot(r, r)
	}
	for i, g := range gen {
		gn := dot(g, g)
		for j, r := range ref {
			c := cosine(g, r, gn, refNorms[j])
			if gm := &align.Generated[i]; gm.Index < 0 || c > gm.Similarity {
				*gm = Match{Index: j, Similarity: c}
			}
			if rm := &align.Reference[j]; rm.Index < 0 || c > rm.Similarity {
				*rm = Match{Index: i, Similarity: c}
			}
		}
	}
	var fwd, bwd float64
	for _, m := range align.Generated {
		fwd += m.Similarity
	}
	for j, m := range align.Reference {
		bwd += m.Similarity
		if m.Similarity < threshold {
			align.Uncovered = append(align.Uncovered, j)
		}
	}
	fwd /= float64(len(gen))
	bwd /= float64(len(ref))
	return Coherence{CEC: (fwd + bwd) / 2, Forward: fwd, Backward: bwd, Align: align}
}
