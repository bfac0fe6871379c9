package punkt_test

import (
	"fmt"

	"github.com/cecbench/cecbench/scoring/punkt"
)

func ExampleTokenizer_Sentences() {
	text := `Dr. Smith moved to the U.S. in 2019. He said "the ice is melting." Is it? Yes.`
	for _, s := range punkt.English().Sentences(text) {
		fmt.Println(s)
	}
	// Output:
	// Dr. Smith moved to the U.S. in 2019.
	// He said "the ice is melting."
	// Is it?
	// Yes.
}

func ExampleTokenizer_SentenceSpans() {
	text := "  First sentence.  Second one.\n"
	for _, s := range punkt.English().SentenceSpans(text) {
		fmt.Printf("%v %q\n", s, text[s[0]:s[1]])
	}
	// Output:
	// [0 17] "  First sentence."
	// [19 30] "Second one."
}
