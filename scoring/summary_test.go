package scoring

import (
	"testing"
)

func TestSummarize(t *testing.T) {
	s := Summarize([]float64{1, 2, 3, 4})
	near(t, "mean", s.Mean, 2.5, 1e-15)
	near(t, "sd", s.SD, 1.2909944487358056, 1e-15)
	if s.N != 4 || s.Resamples != BootstrapResamples || s.Seed != BootstrapSeed {
		t.Errorf("summary = %+v", s)
	}
	if !(s.CI95[0] < s.Mean && s.Mean < s.CI95[1]) || s.CI95[0] < 1 || s.CI95[1] > 4 {
		t.Errorf("CI95 = %v does not bracket the mean %v inside the data range", s.CI95, s.Mean)
	}
	if again := Summarize([]float64{1, 2, 3, 4}); again != s {
		t.Errorf("bootstrap is not reproducible: %+v vs %+v", again, s)
	}
}

func TestSummarizeEdges(t *testing.T) {
	if s := Summarize(nil); s.N != 0 || s.Mean != 0 || s.SD != 0 {
		t.Errorf("empty summary = %+v", s)
	}
	s := Summarize([]float64{0.7})
	if s.SD != 0 || s.CI95 != [2]float64{0.7, 0.7} {
		t.Errorf("one value summary = %+v", s)
	}
}
