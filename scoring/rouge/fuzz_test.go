package rouge

import (
	"math"
	"testing"
)

// FuzzCompute checks that scoring never panics, that every value lies in
// [0, 1] and is never NaN, that F lies between precision and recall, and
// that swapping the texts swaps precision and recall of ROUGE-1, ROUGE-2
// and ROUGE-L (ROUGE-Lsum is not symmetric: the union is taken per
// reference sentence).
func FuzzCompute(f *testing.F) {
	f.Add("The cat sat on the mat.", "the cat is on the mat", true)
	f.Add("a b\na b", "a b", false)
	f.Add("İs \u212aelvin", "i s kelvin", true)
	f.Add("", "...", true)
	f.Add("Dying skies.\n\nNews of generalizations!", "\xff\xfe dying", true)
	f.Fuzz(func(t *testing.T, ref, pred string, stem bool) {
		for _, split := range []bool{false, true} {
			sc := Scorer{UseStemmer: stem, SplitSummaries: split}
			s := sc.Score(ref, pred)
			sw := sc.Score(pred, ref)
			for _, v := range []struct {
				name string
				s    Score
			}{{"rouge1", s.Rouge1}, {"rouge2", s.Rouge2}, {"rougeL", s.RougeL}, {"rougeLsum", s.RougeLsum}} {
				for _, x := range []float64{v.s.Precision, v.s.Recall, v.s.F} {
					if math.IsNaN(x) || x < 0 || x > 1 {
						t.Fatalf("%q vs %q: %s = %+v", ref, pred, v.name, v.s)
					}
				}
				lo, hi := min(v.s.Precision, v.s.Recall), max(v.s.Precision, v.s.Recall)
				if v.s.F < lo-1e-12 || v.s.F > hi+1e-12 {
					t.Fatalf("%q vs %q: %s F outside [P, R]: %+v", ref, pred, v.name, v.s)
				}
			}
			for _, p := range [][2]Score{{s.Rouge1, sw.Rouge1}, {s.Rouge2, sw.Rouge2}, {s.RougeL, sw.RougeL}} {
				if p[0].Precision != p[1].Recall || p[0].Recall != p[1].Precision {
					t.Fatalf("%q vs %q: %+v, swapped %+v", ref, pred, p[0], p[1])
				}
			}
		}
	})
}
