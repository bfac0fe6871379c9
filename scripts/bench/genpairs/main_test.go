package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/scripts/bench/climatefever"
	"github.com/cecbench/cecbench/wordnet"
)

func openWordNet(t *testing.T) *wordnet.WordNet {
	t.Helper()
	wn, err := wordnet.Open(wordnet.DefaultDir)
	if err != nil {
		t.Skipf("no WordNet (Debian's wordnet-base): %v", err)
	}
	return wn
}

func TestCoreFindsLettersInsidePunctuation(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{{`"warming,"`, "warming"}, {"(Ice).", "Ice"}, {"CO2", ""}, {"well-known", ""}, {"...", ""}, {"é", ""}} {
		s, e := core(tt.in)
		if got := tt.in[s:e]; got != tt.want {
			t.Errorf("core(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRNGIsFixed(t *testing.T) {
	// The file's pairs depend on these numbers: a change here changes
	// metric_pairs.jsonl.
	r := newRNG("c5-0")
	got := []int{r.intn(1000), r.intn(1000), r.intn(1000)}
	again := newRNG("c5-0")
	if want := []int{again.intn(1000), again.intn(1000), again.intn(1000)}; !slices.Equal(got, want) {
		t.Fatalf("same seed, different numbers: %v and %v", got, want)
	}
	for range 1000 {
		if f := r.float(); f < 0 || f >= 1 {
			t.Fatalf("float() = %v, want [0, 1)", f)
		}
	}
}

func syntheticClaims(n int) []climatefever.Claim {
	claims := make([]climatefever.Claim, n)
	for i := range claims {
		c := climatefever.Claim{ID: fmt.Sprint(i), Text: climatefever.Sentence(fmt.Sprintf("Claim %d says the sea is rising quickly", i))}
		for k := range 5 {
			c.Evidences = append(c.Evidences, fmt.Sprintf("Evidence %d of claim %d shows that warm water expands%s.", k, i, strings.Repeat(" a lot", k)))
		}
		claims[i] = c
	}
	return claims
}

func TestBuildPairsKindsAndDeterminism(t *testing.T) {
	wn := openWordNet(t)
	claims := syntheticClaims(1535)
	a, err := buildPairs(claims, wn)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := buildPairs(claims, wn)
	if !slices.Equal(a, b) {
		t.Fatal("two runs on the same claims differ")
	}
	if len(a) != totalPairs {
		t.Fatalf("%d pairs, want %d", len(a), totalPairs)
	}
	ids := map[string]bool{}
	count := map[string]int{}
	for i, p := range a {
		if ids[p.ID] {
			t.Fatalf("id %q twice", p.ID)
		}
		ids[p.ID] = true
		kind, _, _ := strings.Cut(p.ID, "-")
		count[kind]++
		if i < len(claims) {
			if kind != "c5" || p.Reference != strings.Join(claims[i].Explanation(), " ") {
				t.Fatalf("pair %d = %+v, want claim %d's explanation", i, p, i)
			}
			if p.Generated == p.Reference || p.Generated == "" {
				t.Errorf("pair %s: hypothesis not perturbed: %q", p.ID, p.Generated)
			}
		}
	}
	want := map[string]int{"c5": 1535, "ce": claimEvidencePairs, "short": shortPairs, "edge": 25}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%d %s pairs, want %d", count[k], k, n)
		}
	}
	if _, err := buildPairs(claims[:100], wn); err == nil {
		t.Error("100 claims: want an error naming the expected count")
	}
}

// TestCheckedInFile checks scripts/bench/metric_pairs.jsonl and, where the
// Climate-FEVER copy of the workspace is present, that genpairs makes it
// again byte for byte.
func TestCheckedInFile(t *testing.T) {
	data, err := os.ReadFile("../metric_pairs.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p Pair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if n < 1535 && !strings.HasPrefix(p.ID, "c5-") {
			t.Fatalf("line %d is %q, want the 1,535 c5 pairs first", n+1, p.ID)
		}
		n++
	}
	if n != totalPairs {
		t.Errorf("%d pairs, want %d", n, totalPairs)
	}
	if len(data) > 2400000 {
		t.Errorf("the file has %d bytes; keep it near 2 MB", len(data))
	}

	src := filepath.Join("..", "..", "..", "..", "shared", "data", "climate-fever", "climate-fever.jsonl")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("no Climate-FEVER copy at %s, so the file is not regenerated", src)
	}
	openWordNet(t)
	out := filepath.Join(t.TempDir(), "pairs.jsonl")
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"-in", src, "-out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	again, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, data) {
		t.Error("genpairs makes a different file from the same Climate-FEVER: regenerate metric_pairs.jsonl (see the package comment)")
	}
}
