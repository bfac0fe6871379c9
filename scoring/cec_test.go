package scoring

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"testing"
)

type cecCase struct {
	ID        string      `json:"id"`
	Note      string      `json:"note"`
	Generated [][]float64 `json:"generated"`
	Reference [][]float64 `json:"reference"`
	CosMatrix [][]float64 `json:"cos_matrix_gen_by_ref"`
	Forward   float64     `json:"forward"`
	Backward  float64     `json:"backward"`
	CEC       float64     `json:"cec"`
}

// TestCECReferenceVectors checks CEC against the reference values in
// testdata/cec_vectors_dev.jsonl (copied from shared/data/reference-metrics,
// computed with the paper's formulas in Python) to 1e-12.
func TestCECReferenceVectors(t *testing.T) {
	f, err := os.Open("testdata/cec_vectors_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var c cecCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		n++
		t.Run(c.ID, func(t *testing.T) {
			got := CEC(c.Generated, c.Reference, 0.5)
			near(t, "forward", got.Forward, c.Forward, 1e-12)
			near(t, "backward", got.Backward, c.Backward, 1e-12)
			near(t, "cec", got.CEC, c.CEC, 1e-12)
			for i, row := range c.CosMatrix {
				best := math.Inf(-1)
				for _, v := range row {
					best = math.Max(best, v)
				}
				near(t, "generated best similarity", got.Align.Generated[i].Similarity, best, 1e-12)
				near(t, "cosine at best index", row[got.Align.Generated[i].Index], best, 1e-12)
			}
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 7 {
		t.Fatalf("read %d cases, want at least 7", n)
	}
}

func near(t testing.TB, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol || math.IsNaN(got) {
		t.Errorf("%s = %.17g, want %.17g (tolerance %g)", what, got, want, tol)
	}
}

func TestCECConventions(t *testing.T) {
	tests := []struct {
		name               string
		gen, ref           [][]float64
		fwd, bwd, cec      float64
		uncovered          []int
		genMatch, refMatch []int
	}{
		{
			name: "zero vector has cosine 0 with anything",
			gen:  [][]float64{{0, 0, 0}}, ref: [][]float64{{1, 2, 3}},
			fwd: 0, bwd: 0, cec: 0, uncovered: []int{0}, genMatch: []int{0}, refMatch: []int{0},
		},
		{
			name: "duplicate generated sentences count each time",
			gen:  [][]float64{{1, 0}, {1, 0}, {0, 1}}, ref: [][]float64{{1, 0}, {-1, 0}},
			fwd: 2.0 / 3, bwd: 0.5, cec: 7.0 / 12, uncovered: []int{1}, genMatch: []int{0, 0, 0}, refMatch: []int{0, 2},
		},
		{
			name: "generated side empty",
			gen:  nil, ref: [][]float64{{1, 0}, {0, 1}},
			fwd: 0, bwd: 0, cec: 0, uncovered: []int{0, 1}, genMatch: []int{}, refMatch: []int{-1, -1},
		},
		{
			name: "both sides empty",
			fwd:  0, bwd: 0, cec: 0, uncovered: []int{}, genMatch: []int{}, refMatch: []int{},
		},
		{
			name: "ties pick the lowest index",
			gen:  [][]float64{{1, 1}}, ref: [][]float64{{1, 0}, {0, 1}},
			fwd: math.Sqrt(0.5), bwd: math.Sqrt(0.5), cec: math.Sqrt(0.5), uncovered: []int{}, genMatch: []int{0}, refMatch: []int{0, 0},
		},
		{
			name: "huge and tiny magnitudes neither overflow nor underflow",
			gen:  [][]float64{{1e300, 1e300}}, ref: [][]float64{{1e-300, 1e-300}},
			fwd: 1, bwd: 1, cec: 1, uncovered: []int{}, genMatch: []int{0}, refMatch: []int{0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CEC(tt.gen, tt.ref, 0.5)
			near(t, "forward", got.Forward, tt.fwd, 1e-12)
			near(t, "backward", got.Backward, tt.bwd, 1e-12)
			near(t, "cec", got.CEC, tt.cec, 1e-12)
			if !equalInts(got.Align.Uncovered, tt.uncovered) {
				t.Errorf("uncovered = %v, want %v", got.Align.Uncovered, tt.uncovered)
			}
			if !equalInts(indices(got.Align.Generated), tt.genMatch) {
				t.Errorf("generated matches = %v, want %v", indices(got.Align.Generated), tt.genMatch)
			}
			if !equalInts(indices(got.Align.Reference), tt.refMatch) {
				t.Errorf("reference matches = %v, want %v", indices(got.Align.Reference), tt.refMatch)
			}
		})
	}
}

func indices(ms []Match) []int {
	out := make([]int, len(ms))
	for i, m := range ms {
		out[i] = m.Index
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCosineStaysInRange(t *testing.T) {
	for _, v := range [][2][]float64{
		{{1e308, -1e308}, {1e308, -1e308}},
		{{5e-324, 0}, {5e-324, 0}},
		{{1, 2}, {2, 4}},
	} {
		c := Cosine(v[0], v[1])
		if math.IsNaN(c) || c < -1 || c > 1 {
			t.Errorf("Cosine(%v, %v) = %v, want a value in [-1, 1]", v[0], v[1], c)
		}
	}
}
