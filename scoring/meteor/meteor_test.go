package meteor

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/cecbench/cecbench/scoring/treebank"
	"github.com/cecbench/cecbench/wordnet"
)

// tolerance is the project's exactness bar for 0..1 scores.
const tolerance = 1e-9

// TestDevVectors checks Score on every pair of the shared development
// vectors (testdata/metric_vectors_dev.jsonl, copied from
// shared/data/reference-metrics): "meteor" with the default WordNet,
// "meteor_nltk38" with NLTK 3.8's recursive morphy.
func TestDevVectors(t *testing.T) {
	wn := openWordNet(t)
	one, rec := New(wn), New(wn.WithMorphy(wordnet.MorphyRecursive))
	f, err := os.Open("testdata/metric_vectors_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v struct {
			ID           string  `json:"id"`
			Hypothesis   string  `json:"hypothesis"`
			Reference    string  `json:"reference"`
			Meteor       float64 `json:"meteor"`
			MeteorNLTK38 float64 `json:"meteor_nltk38"`
		}
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		n++
		if got := one.Score(v.Reference, v.Hypothesis); math.Abs(got-v.Meteor) > tolerance {
			t.Errorf("%s: Score = %.17g, NLTK %.17g", v.ID, got, v.Meteor)
		}
		if got := rec.Score(v.Reference, v.Hypothesis); math.Abs(got-v.MeteorNLTK38) > tolerance {
			t.Errorf("%s: recursive morphy: Score = %.17g, NLTK 3.8 %.17g", v.ID, got, v.MeteorNLTK38)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("only %d dev vectors", n)
	}
}

// TestMatchesNLTK checks every pair of testdata/nltk_meteor.json: METEOR on
// NLTK's own tokens (so that a METEOR difference shows on its own), the
// match and chunk counts, the recursive-morphy value, and then Score on the
// texts, reporting a tokenizer difference as such.
func TestMatchesNLTK(t *testing.T) {
	ref := nltkReference(t)
	wn := openWordNet(t)
	one, rec := New(wn), New(wn.WithMorphy(wordnet.MorphyRecursive))
	kinds := map[string]int{}
	for _, p := range ref.Pairs {
		kinds[p.Kind]++
		if got := one.ScoreTokens(p.ReferenceTokens, p.HypothesisTokens); math.Abs(got-p.Meteor) > tolerance {
			t.Errorf("%s (%s): METEOR mismatch on NLTK's tokens: ScoreTokens = %.17g, NLTK %.17g\nreference  %q\nhypothesis %q",
				p.ID, p.Kind, got, p.Meteor, p.ReferenceTokens, p.HypothesisTokens)
		}
		a := new(aligner)
		matches, chunks := a.align(one, p.ReferenceTokens, p.HypothesisTokens)
		if matches != p.Matches || chunks != p.Chunks {
			t.Errorf("%s: %d matches in %d chunks, NLTK %d in %d", p.ID, matches, chunks, p.Matches, p.Chunks)
		}
		if got := rec.ScoreTokens(p.ReferenceTokens, p.HypothesisTokens); math.Abs(got-p.MeteorNLTK38) > tolerance {
			t.Errorf("%s (%s): recursive morphy: ScoreTokens = %.17g, NLTK 3.8 %.17g", p.ID, p.Kind, got, p.MeteorNLTK38)
		}
		rt, ht := treebank.WordTokenize(p.Reference), treebank.WordTokenize(p.Hypothesis)
		if !slices.Equal(rt, nilIfEmpty(p.ReferenceTokens)) || !slices.Equal(ht, nilIfEmpty(p.HypothesisTokens)) {
			t.Errorf("%s: tokenizer mismatch (package treebank), not a METEOR one:\nreference  %q\n    NLTK   %q\nhypothesis %q\n    NLTK   %q",
				p.ID, rt, p.ReferenceTokens, ht, p.HypothesisTokens)
			continue
		}
		if got := one.Score(p.Reference, p.Hypothesis); math.Abs(got-p.Meteor) > tolerance {
			t.Errorf("%s: Score = %.17g, NLTK %.17g", p.ID, got, p.Meteor)
		}
	}
	for _, kind := range []string{"claim_evidence", "synonyms", "drops", "reorder", "inflect", "five_sentences", "edge", "morphy"} {
		if kinds[kind] == 0 {
			t.Errorf("no pair of kind %q in the reference file", kind)
		}
	}
}

// nilIfEmpty returns nil for an empty slice, as treebank.WordTokenize does.
func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// TestStagesMatter checks, on NLTK's pairs, that each stage of the
// alignment changes some score: without it the values would differ from
// NLTK's, so the reference file tests every stage.
func TestStagesMatter(t *testing.T) {
	ref := nltkReference(t)
	wn := openWordNet(t)
	full, noWordNet := New(wn), New(nil)
	differ := 0
	for _, p := range ref.Pairs {
		if full.ScoreTokens(p.ReferenceTokens, p.HypothesisTokens) != noWordNet.ScoreTokens(p.ReferenceTokens, p.HypothesisTokens) {
			differ++
		}
	}
	if differ < 20 {
		t.Errorf("the WordNet stage changes only %d of %d scores", differ, len(ref.Pairs))
	}
}

func TestZeroCases(t *testing.T) {
	m := New(openWordNet(t))
	for _, c := range []struct{ ref, hyp []string }{
		{nil, nil},
		{nil, []string{"a"}},
		{[]string{"a"}, nil},
		{[]string{"cat"}, []string{"dog"}},
		{[]string{"", ""}, []string{"x"}},
	} {
		if got := m.ScoreTokens(c.ref, c.hyp); got != 0 {
			t.Errorf("ScoreTokens(%q, %q) = %v, want 0", c.ref, c.hyp, got)
		}
	}
	if got := m.Score("", "   "); got != 0 {
		t.Errorf("Score of empty texts = %v", got)
	}
}

// TestKnownValues checks small alignments whose results NLTK 3.8 prints
// (single_meteor_score, _enum_align_words, _count_chunks): chunk counting,
// the greedy order, and which stage matches; the WordNet stage looks up
// Porter stems, so "automobile" (stem "automobil") and "geese" (stem
// "gees") find nothing.
func TestKnownValues(t *testing.T) {
	m := New(openWordNet(t))
	for _, c := range []struct {
		ref, hyp        []string
		matches, chunks int
		score           float64
	}{
		{[]string{"a", "b", "c"}, []string{"a", "b", "c"}, 3, 1, 0.9814814814814815},
		{[]string{"a", "b", "c"}, []string{"c", "b", "a"}, 3, 3, 0.5},
		{[]string{"a", "a"}, []string{"x", "a", "a"}, 2, 1, 0.8928571428571429},
		{[]string{"The", "CATS"}, []string{"the", "cat"}, 2, 1, 0.9375},
		{[]string{"automobile"}, []string{"car"}, 0, 0, 0},
		{[]string{"auto"}, []string{"car"}, 1, 1, 0.5},
		{[]string{"goose"}, []string{"geese"}, 0, 0, 0},
		{[]string{"runs", "quickly"}, []string{"ran", "fast"}, 1, 1, 0.25},
		{[]string{"fast"}, []string{"quick"}, 1, 1, 0.5},
		{[]string{"warm"}, []string{"heat"}, 0, 0, 0},
	} {
		a := new(aligner)
		matches, chunks := a.align(m, c.ref, c.hyp)
		if matches != c.matches || chunks != c.chunks {
			t.Errorf("align(%q, %q) = %d matches, %d chunks; NLTK %d, %d", c.ref, c.hyp, matches, chunks, c.matches, c.chunks)
		}
		if got := m.ScoreTokens(c.ref, c.hyp); math.Abs(got-c.score) > tolerance {
			t.Errorf("ScoreTokens(%q, %q) = %.17g, NLTK %.17g", c.ref, c.hyp, got, c.score)
		}
	}
}

// TestCacheGenerations checks that starting new cache generations during a
// stream of calls changes no result.
func TestCacheGenerations(t *testing.T) {
	ref := nltkReference(t)
	m := New(openWordNet(t))
	m.maxWords = 8
	for _, p := range ref.Pairs[:200] {
		if got := m.ScoreTokens(p.ReferenceTokens, p.HypothesisTokens); math.Abs(got-p.Meteor) > tolerance {
			t.Errorf("%s: %.17g with a tiny cache, NLTK %.17g", p.ID, got, p.Meteor)
		}
	}
	if g := m.gen.Load(); g.size.Load() > 8+400 {
		t.Errorf("cache holds %d entries, bound 8 plus one call's", g.size.Load())
	}
}

// TestConcurrent scores pairs from several goroutines on one Meteor; run
// with -race.
func TestConcurrent(t *testing.T) {
	ref := nltkReference(t)
	m := New(openWordNet(t))
	m.maxWords = 64 // rotate generations while goroutines run
	pairs := ref.Pairs[:120]
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range pairs {
				p := pairs[(i+g*30)%len(pairs)]
				if got := m.ScoreTokens(p.ReferenceTokens, p.HypothesisTokens); math.Abs(got-p.Meteor) > tolerance {
					t.Errorf("%s: %.17g under concurrency, NLTK %.17g", p.ID, got, p.Meteor)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestAlignerRecords checks that one aligner's own records of words give
// NLTK's values whether they are kept between calls, dropped because they
// are many, or dropped because the call stamp wraps, and across a table
// that grows within a call.
func TestAlignerRecords(t *testing.T) {
	ref := nltkReference(t)
	m := New(openWordNet(t))
	score := func(a *aligner, rt, ht []string) float64 {
		matches, chunks := a.align(m, rt, ht)
		return m.formula(len(ht), len(rt), matches, chunks)
	}
	// check scores pairs on one aligner and returns how many calls
	// started with fresh records (the stamp is 1 after such a call).
	check := func(name string, a *aligner, before func(*aligner)) (fresh int) {
		t.Helper()
		for _, p := range ref.Pairs[:150] {
			before(a)
			if got := score(a, p.ReferenceTokens, p.HypothesisTokens); math.Abs(got-p.Meteor) > tolerance {
				t.Fatalf("%s: %s: %.17g, NLTK %.17g", name, p.ID, got, p.Meteor)
			}
			if a.call == 1 {
				fresh++
			}
		}
		return fresh
	}
	if n := check("kept", new(aligner), func(*aligner) {}); n != 1 {
		t.Errorf("kept: %d calls started with fresh records, want 1", n)
	}
	if n := check("stamp wraps", new(aligner), func(a *aligner) { a.call = ^uint32(0) }); n != 150 {
		t.Errorf("stamp wraps: %d calls started with fresh records, want 150", n)
	}
	defer func(n int) { maxLocalWords = n }(maxLocalWords)
	maxLocalWords = 40
	if n := check("dropped", new(aligner), func(*aligner) {}); n < 10 {
		t.Errorf("bound 40: %d calls started with fresh records, want many", n)
	}

	// One call with more distinct tokens than the table's first size and
	// than the bound: the same value as a fresh aligner on a fresh Meteor.
	var rt, ht []string
	for i := range 3000 {
		rt = append(rt, fmt.Sprintf("w%d", i))
		ht = append(ht, fmt.Sprintf("w%d", 2999-i))
	}
	a := new(aligner)
	score(a, ref.Pairs[0].ReferenceTokens, ref.Pairs[0].HypothesisTokens)
	if got, want := score(a, rt, ht), New(openWordNet(t)).ScoreTokens(rt, ht); got != want || got == 0 {
		t.Errorf("3,000 distinct tokens: %v, fresh %v", got, want)
	}
}
