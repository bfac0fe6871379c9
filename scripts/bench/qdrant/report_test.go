package main

import "testing"

func TestCheck(t *testing.T) {
	scores := func(cec float64) []score { return []score{{ID: "a", CEC: 0.5}, {ID: "b", CEC: cec}} }
	good := []runResult{
		{name: "cold", embedded: 10, scores: scores(0.25)},
		{name: "warm (memory)", scores: scores(0.25)},
		{name: "warm (shared)", scores: scores(0.25)},
	}
	if err := check(good); err != nil {
		t.Errorf("good runs: %v", err)
	}
	for name, change := range map[string]func(r []runResult){
		"a warm run embeds":   func(r []runResult) { r[2].embedded = 1 },
		"a score differs":     func(r []runResult) { r[1].scores = scores(0.25000000000000006) },
		"a Qdrant call fails": func(r []runResult) { r[0].sharedErrors = 1 },
	} {
		runs := append([]runResult(nil), good...)
		change(runs)
		if err := check(runs); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
