package bertscore

import (
	"math"
	"testing"
)

func TestIDFWeights(t *testing.T) {
	// Three documents; token 1 occurs twice in the first but counts once.
	idf := NewIDF([][]int{{1, 1, 2}, {1, 3}, {}})
	if idf.Docs() != 3 {
		t.Fatalf("Docs = %d, want 3", idf.Docs())
	}
	for _, c := range []struct {
		id   int
		want float64
	}{
		{1, math.Log(4.0 / 3)}, // df 2
		{2, math.Log(4.0 / 2)}, // df 1
		{3, math.Log(4.0 / 2)}, // df 1
		{7, math.Log(4.0 / 1)}, // unknown: ln(M+1)
	} {
		if got := idf.Weight(c.id); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("Weight(%d) = %v, want %v", c.id, got, c.want)
		}
	}
}

func TestIDFDuplicateDocumentsCountEachTime(t *testing.T) {
	idf := NewIDF([][]int{{5}, {5}, {6}})
	if got, want := idf.Weight(5), math.Log(4.0/3); math.Abs(got-want) > 1e-15 {
		t.Errorf("Weight(5) = %v, want %v (two identical documents count twice)", got, want)
	}
	if got := NewIDF([][]int{{5}, {5}}).Weight(5); got != 0 {
		t.Errorf("a token in every document: Weight = %v, want 0", got)
	}
}
