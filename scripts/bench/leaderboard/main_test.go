package main

import (
	"math"
	"strings"
	"testing"
)

const testRef = "Global warming is driving polar bears toward extinction. Sea ice declines each summer, and bears lose their hunting grounds. Rising temperatures push bees to their limits. Habitat destruction endangers many species. The Arctic warms faster than the rest of the world."

// TestPerturbDeterministicAndNested: the same inputs give the same text;
// a larger fraction replaces the same words and more; the number of
// words and the sentence ends are kept.
func TestPerturbDeterministicAndNested(t *testing.T) {
	if a, b := perturb("cf-0", testRef, 0.3), perturb("cf-0", testRef, 0.3); a != b {
		t.Fatalf("perturb is not deterministic:\n%s\n%s", a, b)
	}
	if got := perturb("cf-0", testRef, 0); got != testRef {
		t.Errorf("fraction 0 changed the text: %s", got)
	}
	ref := strings.Fields(testRef)
	prev := map[int]bool{}
	prevCount := 0
	for _, f := range []float64{0.02, 0.1, 0.3, 0.6, 1} {
		words := strings.Fields(perturb("cf-0", testRef, f))
		if len(words) != len(ref) {
			t.Fatalf("fraction %v: %d words, want %d", f, len(words), len(ref))
		}
		changed := map[int]bool{}
		for i := range words {
			if words[i] != ref[i] {
				changed[i] = true
				if strings.HasSuffix(ref[i], ".") != strings.HasSuffix(words[i], ".") {
					t.Errorf("fraction %v: word %d %q became %q: the sentence end moved", f, i, ref[i], words[i])
				}
			}
		}
		for i := range prev {
			if !changed[i] {
				t.Errorf("fraction %v keeps word %d, which a smaller fraction replaced", f, i)
			}
		}
		if len(changed) < prevCount {
			t.Errorf("fraction %v replaced %d words, fewer than before (%d)", f, len(changed), prevCount)
		}
		prev, prevCount = changed, len(changed)
	}
	if prevCount != len(ref) {
		t.Errorf("fraction 1 replaced %d of %d words", prevCount, len(ref))
	}
	if perturb("cf-0", testRef, 0.5) == perturb("cf-1", testRef, 0.5) {
		t.Error("two items got the same perturbation")
	}
}

// TestPerturbFraction: over many words the replaced share is close to the
// fraction asked for.
func TestPerturbFraction(t *testing.T) {
	long := strings.Repeat("alpha beta gamma delta ", 500)
	ref := strings.Fields(long)
	for _, f := range []float64{0.05, 0.3, 0.6} {
		got := strings.Fields(perturb("cf-9", long, f))
		n := 0
		for i := range got {
			if got[i] != ref[i] {
				n++
			}
		}
		if share := float64(n) / float64(len(ref)); math.Abs(share-f) > 0.04 {
			t.Errorf("fraction %v replaced %.3f of the words", f, share)
		}
	}
}

func TestTeamFraction(t *testing.T) {
	if got := teamFraction(0, 1, 0.02, 0.6); got != 0.02 {
		t.Errorf("one team: %v", got)
	}
	if a, b := teamFraction(0, 20, 0.02, 0.6), teamFraction(19, 20, 0.02, 0.6); a != 0.02 || math.Abs(b-0.6) > 1e-12 {
		t.Errorf("first %v, last %v", a, b)
	}
	for k := 1; k < 20; k++ {
		if teamFraction(k, 20, 0.02, 0.6) <= teamFraction(k-1, 20, 0.02, 0.6) {
			t.Errorf("team %d does not replace more than team %d", k, k-1)
		}
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	for _, c := range []struct{ p, want float64 }{{0, 1}, {50, 3}, {100, 5}, {25, 2}, {90, 4.6}} {
		if got := percentile(xs, c.p); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
	if xs[0] != 5 {
		t.Error("percentile sorted its argument")
	}
	if got := percentile([]float64{2, 4}, 50); got != 3 {
		t.Errorf("p50 of 2, 4 = %v", got)
	}
	if got := percentile(nil, 50); got != -1 {
		t.Errorf("p50 of nothing = %v, want -1", got)
	}
}

func TestInversionsAndSpearman(t *testing.T) {
	for _, c := range []struct {
		order    []int
		inv      int
		spearman float64
	}{
		{[]int{0, 1, 2, 3}, 0, 1},
		{[]int{3, 2, 1, 0}, 6, -1},
		{[]int{1, 0, 2, 3}, 1, 0.8},
		{[]int{0, 2, 1, 3, 4}, 1, 0.9},
		{[]int{0, 5, 9}, 0, 1}, // missing teams leave gaps
	} {
		if got := inversions(c.order); got != c.inv {
			t.Errorf("inversions(%v) = %d, want %d", c.order, got, c.inv)
		}
		if got := spearman(c.order); math.Abs(got-c.spearman) > 1e-12 {
			t.Errorf("spearman(%v) = %v, want %v", c.order, got, c.spearman)
		}
	}
	if !math.IsNaN(spearman([]int{0})) {
		t.Error("spearman of one value is not NaN")
	}
}

func TestParseStatus(t *testing.T) {
	m, err := parseStatus("Name:\tcecbench\nVmPeak:\t 2000000 kB\nVmHWM:\t  812345 kB\nVmRSS:\t  700000 kB\nThreads:\t12\n")
	if err != nil || m.RSS != 700000<<10 || m.HWM != 812345<<10 {
		t.Errorf("parseStatus = %+v, %v", m, err)
	}
	if _, err := parseStatus("Name:\tzombie\n"); err == nil {
		t.Error("no VmRSS: no error")
	}
	if _, err := parseStatus("VmRSS:\t12 MB\nVmHWM:\t13 kB\n"); err == nil {
		t.Error("a unit other than kB: no error")
	}
}

// TestParseClimateFever: items in order with the genpairs five-sentence
// reference (the longest of claim and evidences dropped), at most n.
func TestParseClimateFever(t *testing.T) {
	in := `{"claim_id":"7","claim":"Bears  are declining","claim_label":"SUPPORTS","evidences":[{"evidence":"One."},{"evidence":"Two two."},{"evidence":"This is by far the longest of the evidence sentences."},{"evidence":"Four."},{"evidence":" Five. "}]}

{"claim_id":"8","claim":"Ice grows?","claim_label":"REFUTES","evidences":[{"evidence":"A."}]}
{"claim_id":"9","claim":"unused","claim_label":"REFUTES","evidences":[{"evidence":"B."}]}
`
	items, err := parseClimateFever(strings.NewReader(in), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].ID != "cf-7" || items[1].ID != "cf-8" || items[0].Split != "test" || items[1].Label != "REFUTES" {
		t.Fatalf("items: %+v", items)
	}
	if want := "Bears are declining. One. Two two. Four. Five."; items[0].Explanation != want {
		t.Errorf("explanation %q, want %q", items[0].Explanation, want)
	}
	if want := "Ice grows? A."; items[1].Explanation != want {
		t.Errorf("explanation %q, want %q", items[1].Explanation, want)
	}
	if _, err := parseClimateFever(strings.NewReader(`{"claim_id":"1","claim":"x","claim_label":"S","evidences":[]}`), 5); err == nil {
		t.Error("a claim without evidences: no error")
	}
}
