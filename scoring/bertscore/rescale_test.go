package bertscore

import "testing"

func TestRescaleArithmetic(t *testing.T) {
	b := Baseline{Precision: 0.8, Recall: 0.6, F1: 0.7}
	// (0.9-0.8)/0.2, (0.8-0.6)/0.4, (0.85-0.7)/0.3 are all 0.5; the baseline
	// itself maps to 0 and a perfect score stays 1.
	for _, c := range []struct{ in, want Result }{
		{Result{Precision: 0.9, Recall: 0.8, F1: 0.85}, Result{Precision: 0.5, Recall: 0.5, F1: 0.5}},
		{Result{Precision: 0.8, Recall: 0.6, F1: 0.7}, Result{}},
		{Result{Precision: 1, Recall: 1, F1: 1}, Result{Precision: 1, Recall: 1, F1: 1}},
		{Result{Precision: 0.4, Recall: 0.2, F1: 0.1, ZeroIDF: true}, Result{Precision: -2, Recall: -1, F1: -2, ZeroIDF: true}},
	} {
		got := b.Rescale(c.in)
		if !near(got.Precision, c.want.Precision, 1e-12) || !near(got.Recall, c.want.Recall, 1e-12) ||
			!near(got.F1, c.want.F1, 1e-12) || got.ZeroIDF != c.want.ZeroIDF {
			t.Errorf("Rescale(%+v) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestRescaleKeepsEmptyAtZero(t *testing.T) {
	b := Baseline{Precision: 0.3, Recall: 0.3, F1: 0.3}
	for _, r := range []Result{{EmptyCandidate: true}, {EmptyReference: true}} {
		if got := b.Rescale(r); got != r {
			t.Errorf("Rescale(%+v) = %+v, want it unchanged", r, got)
		}
	}
}

func TestUSELiteBaseline(t *testing.T) {
	b := USELiteBaseline
	if b.Model != "use-lite-en@0.2.0" || b.Layer != 2 || b.ID == "" {
		t.Errorf("USELiteBaseline names %q layer %d id %q", b.Model, b.Layer, b.ID)
	}
	// Unrelated sentences must score well above 0 and well below 1, or
	// rescaling would be meaningless.
	for name, v := range map[string]float64{"P": b.Precision, "R": b.Recall, "F": b.F1} {
		if v <= 0.05 || v >= 0.95 {
			t.Errorf("baseline %s = %v, want within (0.05, 0.95)", name, v)
		}
	}
}
