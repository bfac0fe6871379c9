package bertscore

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// tokens builds a matrix from ids and rows of equal length.
func tokens(ids []int, rows ...[]float32) Tokens {
	t := Tokens{IDs: ids}
	if len(rows) > 0 {
		t.Dim = len(rows[0])
	}
	for _, r := range rows {
		t.Vectors = append(t.Vectors, r...)
	}
	return t
}

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// float32 cosines of unit rows are good to about 1e-7.
const tol32 = 1e-6

// The hand-checked example. Candidate x1 = (2, 0) id 10, x2 = (0, 0.5)
// id 20; reference y1 = (1, 0) id 10, y2 = (1, 1) id 30, y3 = (0, -3) id
// 40. Cosines (rows are normalized first):
//
//	      y1   y2    y3
//	x1    1    √½    0
//	x2    0    √½   -1
//
// Best per candidate token: 1, √½, so P = (1 + √½)/2. Best per reference
// token: 1, √½ (a tie between x1 and x2), 0, so R = (1 + √½ + 0)/3.
var (
	handCand = tokens([]int{10, 20}, []float32{2, 0}, []float32{0, 0.5})
	handRef  = tokens([]int{10, 30, 40}, []float32{1, 0}, []float32{1, 1}, []float32{0, -3})
)

func TestComputeHandChecked(t *testing.T) {
	got, err := Compute(handCand, handRef, nil)
	if err != nil {
		t.Fatal(err)
	}
	// (1+√½)/2, (1+√½)/3 and 2PR/(P+R), computed in Python.
	want := Result{Precision: 0.8535533905932737, Recall: 0.5690355937288492, F1: 0.6828427124746189}
	if !near(got.Precision, want.Precision, tol32) || !near(got.Recall, want.Recall, tol32) || !near(got.F1, want.F1, tol32) {
		t.Errorf("Compute = %+v, want %+v", got, want)
	}
	if got.EmptyCandidate || got.EmptyReference || got.ZeroIDF {
		t.Errorf("flags set: %+v", got)
	}
}

func TestComputeHandCheckedIDF(t *testing.T) {
	// M = 3 references; df: 10 -> 2, 30 -> 2, 40 -> 1, 50 -> 1, 20 -> 0.
	// Weights ln(4/3) for 10 and 30, ln 2 for 40, ln 4 for 20 (unknown).
	idf := NewIDF([][]int{{10, 30, 40}, {10, 10, 30}, {50}})
	got, err := Compute(handCand, handRef, idf)
	if err != nil {
		t.Fatal(err)
	}
	// P = (ln(4/3)·1 + ln4·√½) / (ln(4/3) + ln4)
	// R = (ln(4/3)·1 + ln(4/3)·√½ + ln2·0) / (2·ln(4/3) + ln2), in Python.
	want := Result{Precision: 0.7574420944594745, Recall: 0.3871498873128217, F1: 0.5123985248645762}
	if !near(got.Precision, want.Precision, tol32) || !near(got.Recall, want.Recall, tol32) || !near(got.F1, want.F1, tol32) {
		t.Errorf("Compute with IDF = %+v, want %+v", got, want)
	}
}

func TestComputeTiesAndDuplicates(t *testing.T) {
	e1, e2 := []float32{1, 0}, []float32{0, 1}
	cases := []struct {
		name      string
		cand, ref Tokens
		p, r, f   float64
	}{
		// Every candidate token ties at 1 with both reference tokens.
		{"all ties", tokens([]int{1, 1}, e1, e1), tokens([]int{1, 1}, e1, e1), 1, 1, 1},
		// A duplicated candidate token counts twice in P.
		{"duplicate candidate token", tokens([]int{1, 1, 2}, e1, e1, e2), tokens([]int{1}, e1), 2.0 / 3, 1, 0.8},
		// Orthogonal: P = R = 0, so F is 0, not 0/0.
		{"orthogonal", tokens([]int{1}, e1), tokens([]int{2}, e2), 0, 0, 0},
		// Opposed: the cosine is not clipped, P = R = F = -1.
		{"opposed", tokens([]int{1}, e1), tokens([]int{2}, []float32{-3, 0}), -1, -1, -1},
		// A zero vector has cosine 0 with anything.
		{"zero vector", tokens([]int{1, 3}, e1, []float32{0, 0}), tokens([]int{1}, e1), 0.5, 1, 2.0 / 3},
	}
	for _, c := range cases {
		got, err := Compute(c.cand, c.ref, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !near(got.Precision, c.p, tol32) || !near(got.Recall, c.r, tol32) || !near(got.F1, c.f, tol32) {
			t.Errorf("%s: got P %v R %v F %v, want %v %v %v", c.name, got.Precision, got.Recall, got.F1, c.p, c.r, c.f)
		}
	}
}

func TestComputeEmptySide(t *testing.T) {
	for _, c := range []struct {
		name       string
		cand, ref  Tokens
		emptyC, eR bool
	}{
		{"empty candidate", Tokens{}, handRef, true, false},
		{"empty reference", handCand, Tokens{Dim: 2}, false, true},
		{"both empty", Tokens{}, Tokens{}, true, true},
	} {
		got, err := Compute(c.cand, c.ref, NewIDF([][]int{{10}}))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := Result{EmptyCandidate: c.emptyC, EmptyReference: c.eR}
		if got != want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, want)
		}
	}
}

func TestComputeZeroIDFFallsBackToEqualWeights(t *testing.T) {
	// One reference: its tokens are in every reference, so their IDF is
	// ln(2/2) = 0 and R would be 0/0. R uses equal weights instead; P
	// weighs x2 (id 20, not in the reference) by ln 2 and x1 (id 10) by 0.
	idf := NewIDF([][]int{handRef.IDs})
	got, err := Compute(handCand, handRef, idf)
	if err != nil {
		t.Fatal(err)
	}
	wantP, wantR := math.Sqrt(0.5), (1+math.Sqrt(0.5))/3
	if !got.ZeroIDF || !near(got.Precision, wantP, tol32) || !near(got.Recall, wantR, tol32) {
		t.Errorf("got %+v, want P %v, R %v and ZeroIDF", got, wantP, wantR)
	}
}

func TestComputeShapeErrors(t *testing.T) {
	bad := []struct {
		name      string
		cand, ref Tokens
	}{
		{"short vectors", Tokens{IDs: []int{1, 2}, Dim: 2, Vectors: []float32{1, 0}}, handRef},
		{"no dimension", handCand, Tokens{IDs: []int{1}}},
		{"different dimensions", handCand, tokens([]int{1}, []float32{1, 0, 0})},
	}
	for _, c := range bad {
		if _, err := Compute(c.cand, c.ref, nil); !errors.Is(err, ErrShape) {
			t.Errorf("%s: err %v, want ErrShape", c.name, err)
		}
	}
}

// randomTokens returns n rows of dim random values with ids below 20.
func randomTokens(rng *rand.Rand, n, dim int) Tokens {
	t := Tokens{IDs: make([]int, n), Dim: dim, Vectors: make([]float32, n*dim)}
	for i := range t.IDs {
		t.IDs[i] = rng.IntN(20)
	}
	for i := range t.Vectors {
		t.Vectors[i] = float32(rng.NormFloat64())
	}
	return t
}

func TestComputeSwapSidesSwapsPrecisionAndRecall(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 50; trial++ {
		a := randomTokens(rng, 1+rng.IntN(30), 16)
		b := randomTokens(rng, 1+rng.IntN(30), 16)
		var idf *IDF
		if trial%2 == 1 {
			idf = NewIDF([][]int{a.IDs[:len(a.IDs)/2], b.IDs, {1, 2, 3}})
		}
		ab, err := Compute(a, b, idf)
		if err != nil {
			t.Fatal(err)
		}
		ba, err := Compute(b, a, idf)
		if err != nil {
			t.Fatal(err)
		}
		if !near(ab.Precision, ba.Recall, 1e-12) || !near(ab.Recall, ba.Precision, 1e-12) || !near(ab.F1, ba.F1, 1e-12) {
			t.Fatalf("trial %d: (a, b) %+v, (b, a) %+v: P and R must swap, F stay", trial, ab, ba)
		}
		if ab.Precision < -1-tol32 || ab.Precision > 1+tol32 || ab.Recall < -1-tol32 || ab.Recall > 1+tol32 {
			t.Fatalf("trial %d: scores outside [-1, 1]: %+v", trial, ab)
		}
	}
}

func TestComputeIdenticalIsOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	a := randomTokens(rng, 40, 512)
	for _, idf := range []*IDF{nil, NewIDF([][]int{a.IDs[:5], {99}})} {
		got, err := Compute(a, a, idf)
		if err != nil {
			t.Fatal(err)
		}
		if !near(got.Precision, 1, tol32) || !near(got.Recall, 1, tol32) || !near(got.F1, 1, tol32) {
			t.Errorf("identical matrices (idf %v): %+v, want 1, 1, 1", idf != nil, got)
		}
	}
}
