package rouge_test

import (
	"fmt"

	"github.com/cecbench/cecbench/scoring/rouge"
)

func ExampleCompute() {
	s := rouge.Compute("The cat sat on the mat.", "the cat is on the mat", false)
	fmt.Printf("rouge1 %.4f rouge2 %.4f rougeL %.4f\n", s.Rouge1.F, s.Rouge2.F, s.RougeL.F)
	fmt.Println(rouge.Signature(false))
	// Output:
	// rouge1 0.8333 rouge2 0.6000 rougeL 0.8333
	// rouge|impl:rouge-score-0.1.2|tok:default|stem:none|lsum:newline
}

func ExampleScorer() {
	ref := "Fossil fuels release CO2. CO2 traps heat."
	pred := "CO2 traps heat. Fossil fuels release CO2."
	lines := rouge.Scorer{UseStemmer: true}.Score(ref, pred)
	sents := rouge.Scorer{UseStemmer: true, SplitSummaries: true}.Score(ref, pred)
	fmt.Printf("rougeLsum by lines %.4f, by Punkt sentences %.4f\n", lines.RougeLsum.F, sents.RougeLsum.F)
	// Output: rougeLsum by lines 0.5714, by Punkt sentences 1.0000
}
