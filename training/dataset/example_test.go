package dataset_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/cecbench/cecbench/training/dataset"
)

func ExampleParse() {
	in := `{"id":"q1","claim":"Seas are rising.","evidence":["Ice sheets are melting."],"label":"SUPPORTS"}
{"id":"q2","claim":"","evidence":["x"],"label":"REFUTES"}
`
	_, format, err := dataset.Parse(strings.NewReader(in), dataset.Limits{})
	var pe *dataset.ParseError
	if errors.As(err, &pe) {
		for _, p := range pe.Problems {
			fmt.Println(format, p.Line, p.Field, p.Message)
		}
	}
	// Output:
	// simple 2 claim must be a non-empty string
}

func ExampleAssign() {
	var items []dataset.Item
	for i := range 20 {
		items = append(items, dataset.Item{ID: fmt.Sprint(i), Label: []string{"SUPPORTS", "REFUTES"}[i%2]})
	}
	c, err := dataset.ParseSplitConfig("80,10,10", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	counts := dataset.Assign(items, c)
	fmt.Println(c.ID(), counts[dataset.Train], counts[dataset.Validation], counts[dataset.Test])
	// Output:
	// 80/10/10@20250525 16 2 2
}

func ExampleWriteText() {
	items := []dataset.Item{{
		ID:          "q1",
		Claim:       "Seas are rising.",
		Evidence:    []dataset.Evidence{{Text: "Ice sheets are melting."}, {Text: "Warm water expands."}},
		Label:       "SUPPORTS",
		Explanation: "Warming melts land ice and expands sea water, so sea level rises.",
	}}
	tmpl, err := dataset.LookupTemplate(dataset.DefaultTemplate)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := dataset.WriteText(os.Stdout, items, "", tmpl); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ### System:
	// You are an expert climate scientist. Given a claim, the evidence about it and its label, you write a concise explanation of 3 to 5 sentences that traces the chain of causes and effects linking the evidence to the label. Write plain prose: no lists, no headings, no bullet points.
	//
	// ### User:
	// [Claim] Seas are rising.; [Evidence] 1. Ice sheets are melting. 2. Warm water expands.; [Label] SUPPORTS
	// Explain, as a chain of causes and effects, why the evidence leads to this label for the claim.
	//
	// ### Assistant:
	// Warming melts land ice and expands sea water, so sea level rises.
	// ### End
}
