package treebank_test

import (
	"fmt"

	"github.com/cecbench/cecbench/scoring/treebank"
)

func ExampleWordTokenize() {
	text := `He said, "CO2 can't be ignored." The U.S. agreed (i.e. mostly).`
	fmt.Printf("%q\n", treebank.WordTokenize(text))
	// Output:
	// ["He" "said" "," "``" "CO2" "ca" "n't" "be" "ignored" "." "''" "The" "U.S." "agreed" "(" "i.e" "." "mostly" ")" "."]
}

func ExampleTokenizeSentence() {
	fmt.Printf("%q\n", treebank.TokenizeSentence("Gonna cost $1,000... isn't it?"))
	// Output:
	// ["Gon" "na" "cost" "$" "1,000" "..." "is" "n't" "it" "?"]
}
