package main

import (
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/cecbench/cecbench/scoring/punkt"
)

// TestUniqueSentenceNeverRepeats checks the first 300,000 pool sentences
// (a 10-second cold run at the current speeds uses a few thousand; the
// construction is the same for every index, numbers only get longer) and a
// window far out.
func TestUniqueSentenceNeverRepeats(t *testing.T) {
	n := uint64(300_000)
	if testing.Short() {
		n = 50_000
	}
	seen := make(map[string]uint64, n)
	check := func(i uint64) {
		s := templateSentence(i)
		if j, ok := seen[s]; ok {
			t.Fatalf("sentence %d repeats sentence %d: %q", i, j, s)
		}
		seen[s] = i
	}
	for i := range n {
		check(i)
	}
	for i := uint64(1 << 40); i < 1<<40+10_000; i++ {
		check(i)
	}
}

// TestTemplatesAreUnambiguous checks the properties the uniqueness
// argument rests on: one {P} and one {N} per template, starts that no two
// templates share, and places without digits or slot markers.
func TestTemplatesAreUnambiguous(t *testing.T) {
	starts := map[string]string{}
	for _, tpl := range templates {
		if strings.Count(tpl, "{P}") != 1 || strings.Count(tpl, "{N}") != 1 {
			t.Errorf("template %q: want exactly one {P} and one {N}", tpl)
		}
		first := tpl[:strings.IndexByte(tpl, '{')]
		for other, o := range starts {
			if strings.HasPrefix(first, other) || strings.HasPrefix(other, first) {
				t.Errorf("templates %q and %q start alike", tpl, o)
			}
		}
		starts[first] = tpl
	}
	digit := regexp.MustCompile(`[0-9{}]`)
	seen := map[string]bool{}
	for _, p := range places {
		if digit.MatchString(p) || seen[p] {
			t.Errorf("place %q has a digit or brace, or is listed twice", p)
		}
		seen[p] = true
	}
}

// TestPoolConcurrentNeverRepeats hands out pairs from many goroutines and
// checks that no sentence is handed out twice and that every request's 10
// sentences are distinct.
func TestPoolConcurrentNeverRepeats(t *testing.T) {
	p := newPool(templateSentence, 123)
	const workers, perWorker = 8, 500
	got := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perWorker {
				gen, ref := p.pair()
				if len(gen) != sentencesPerSide || len(ref) != sentencesPerSide {
					t.Errorf("pair gave %d + %d sentences", len(gen), len(ref))
					return
				}
				got[w] = append(got[w], gen...)
				got[w] = append(got[w], ref...)
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, list := range got {
		for _, s := range list {
			if seen[s] {
				t.Fatalf("sentence handed out twice: %q", s)
			}
			seen[s] = true
		}
	}
	if want := workers * perWorker * 2 * sentencesPerSide; len(seen) != want {
		t.Errorf("%d distinct sentences, want %d", len(seen), want)
	}
	if h := p.handedOut(123); h != uint64(len(seen)) {
		t.Errorf("handedOut = %d, want %d", h, len(seen))
	}
}

// TestPairsSplitIntoFiveSentences runs the server's own sentence splitter
// on the texts loadgen sends: each side must come back as exactly the 5
// sentences that were joined, or sentences/s would be miscounted.
func TestPairsSplitIntoFiveSentences(t *testing.T) {
	split := punkt.English()
	check := func(name string, sents []string) {
		t.Helper()
		got := split.Sentences(strings.Join(sents, " "))
		if len(got) != len(sents) {
			t.Fatalf("%s: split into %d sentences, want %d: %q", name, len(got), len(sents), got)
		}
		for i := range got {
			if got[i] != sents[i] {
				t.Fatalf("%s: sentence %d is %q, want %q", name, i, got[i], sents[i])
			}
		}
	}
	check("warm generated", warmGenerated[:])
	check("warm reference", warmReference[:])
	p := newPool(templateSentence, 0)
	// Every template with every place, and numbers of several lengths.
	for range len(templates) * len(places) * 3 {
		gen, ref := p.pair()
		check("cold generated", gen)
		check("cold reference", ref)
	}
	far := newPool(templateSentence, 1<<40)
	gen, ref := far.pair()
	check("cold generated, big numbers", gen)
	check("cold reference, big numbers", ref)
}

// benchSentences is the file make bench gives -sentences.
const benchSentences = "../../scripts/bench/sentences.json"

func TestCorpusDropsWhatTheSplitterWouldCut(t *testing.T) {
	c, dropped := newCorpus([]string{
		"Sea level rose by twenty centimetres over the last century.",
		"It rose. Then it fell.", // two sentences
		"  Sea level rose by twenty centimetres over the last century.  ", // a duplicate once trimmed
		"",
		"Glaciers in the Alps have lost half their volume since 1900.",
	})
	want := []string{
		"Sea level rose by twenty centimetres over the last century.",
		"Glaciers in the Alps have lost half their volume since 1900.",
	}
	if len(c.bases) != len(want) || c.bases[0] != want[0] || c.bases[1] != want[1] || dropped != 3 {
		t.Fatalf("bases %q, dropped %d; want %q, 3", c.bases, dropped, want)
	}
	if got := c.sentence(3); got != "Source 1: "+want[1] {
		t.Errorf("sentence(3) = %q", got)
	}
}

// TestBenchCorpus loads the benchmark's sentences as make bench does and
// checks that most survive, that no pool sentence repeats, and that every
// request of the first several passes over the corpus splits into exactly
// 5 + 5 sentences with the server's splitter.
func TestBenchCorpus(t *testing.T) {
	c, dropped, err := loadCorpus(benchSentences)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d sentences usable, %d dropped", len(c.bases), dropped)
	if len(c.bases) < 500 {
		t.Errorf("only %d sentences usable, %d dropped", len(c.bases), dropped)
	}
	split := punkt.English()
	p := newPool(c.sentence, 0)
	seen := map[string]bool{}
	passes := 3
	if testing.Short() {
		passes = 1
	}
	for range passes * len(c.bases) / (2 * sentencesPerSide) {
		gen, ref := p.pair()
		for _, side := range [][]string{gen, ref} {
			got := split.Sentences(strings.Join(side, " "))
			if len(got) != len(side) {
				t.Fatalf("%d sentences split into %d: %q", len(side), len(got), got)
			}
			for _, s := range side {
				if seen[s] {
					t.Fatalf("repeated: %q", s)
				}
				seen[s] = true
			}
		}
	}
}
