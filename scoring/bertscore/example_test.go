package bertscore_test

import (
	"fmt"
	"log"

	"github.com/cecbench/cecbench/scoring/bertscore"
)

func ExampleCompute() {
	// Two-dimensional token vectors, so the cosines are easy to follow:
	// "▁warm" matches exactly, "ing" is orthogonal to "▁heat".
	cand := bertscore.Tokens{IDs: []int{1, 2}, Dim: 2, Vectors: []float32{
		1, 0, // ▁warm
		0, 1, // ing
	}}
	ref := bertscore.Tokens{IDs: []int{1, 3}, Dim: 2, Vectors: []float32{
		1, 0, // ▁warm
		1, 0, // ▁heat
	}}
	r, err := bertscore.Compute(cand, ref, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P %.3f R %.3f F %.3f\n", r.Precision, r.Recall, r.F1)

	// IDF over a corpus of two references: token 1 is in both, so it
	// weighs ln(3/3) = 0 and only the rarer tokens count.
	idf := bertscore.NewIDF([][]int{{1, 3}, {1, 4}})
	r, err = bertscore.Compute(cand, ref, idf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P %.3f R %.3f F %.3f\n", r.Precision, r.Recall, r.F1)
	// Output:
	// P 0.500 R 1.000 F 0.667
	// P 0.000 R 1.000 F 0.000
}
