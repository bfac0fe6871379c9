package meteor_test

import (
	"fmt"

	"github.com/cecbench/cecbench/scoring/meteor"
	"github.com/cecbench/cecbench/wordnet"
)

func ExampleMeteor_Score() {
	wn, err := wordnet.Open(wordnet.DefaultDir)
	if err != nil {
		fmt.Println(err) // names apt-get install wordnet-base
		return
	}
	m := meteor.New(wn)
	fmt.Printf("%.4f\n", m.Score("Arctic sea ice is shrinking.", "Arctic sea ice is shrinking."))
	fmt.Printf("%.4f\n", m.Score("The ice melts as the planet warms.", "Warming melts the ice."))
	// Output:
	// 0.9977
	// 0.3247
}
