package porter_test

import (
	"fmt"

	"github.com/cecbench/cecbench/scoring/porter"
)

func ExampleStem() {
	for _, w := range []string{"Warming", "temperatures", "dying", "skies", "generalizations"} {
		fmt.Println(w, "->", porter.Stem(w))
	}
	// Output:
	// Warming -> warm
	// temperatures -> temperatur
	// dying -> die
	// skies -> sky
	// generalizations -> gener
}

func ExampleStemMode() {
	fmt.Println(porter.StemMode("dying", porter.NLTKExtensions), porter.StemMode("dying", porter.OriginalAlgorithm))
	// Output: die dy
}
