package bertscore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// lexicalEmbedder is a stand-in encoder: a sentence's tokens are its
// space-separated words and each word's vector is a one-hot row, so
// BERTScore becomes exact word matching and expected scores are easy to
// count by hand. It records every call.
type lexicalEmbedder struct {
	vocab map[string]int
	calls [][]string
	err   error
	drop  bool // return one matrix too few
}

const lexicalDim = 64

func (l *lexicalEmbedder) TokenStates(_ context.Context, texts []string) ([]Tokens, error) {
	l.calls = append(l.calls, slices.Clone(texts))
	if l.err != nil {
		return nil, l.err
	}
	out := make([]Tokens, len(texts))
	for i, text := range texts {
		out[i] = l.tokens(text)
	}
	if l.drop && len(out) > 0 {
		out = out[1:]
	}
	return out, nil
}

// tokens returns the matrix of text (its words, no splitting).
func (l *lexicalEmbedder) tokens(text string) Tokens {
	if l.vocab == nil {
		l.vocab = map[string]int{}
	}
	t := Tokens{Dim: lexicalDim}
	for _, w := range strings.Fields(text) {
		id, ok := l.vocab[w]
		if !ok {
			id = len(l.vocab)
			l.vocab[w] = id
		}
		row := make([]float32, lexicalDim)
		row[id%lexicalDim] = 1
		t.IDs = append(t.IDs, id)
		t.Vectors = append(t.Vectors, row...)
	}
	return t
}

// barSplitter splits sentences at "|".
type barSplitter struct{}

func (barSplitter) Sentences(text string) []string { return strings.Split(text, "|") }

func newTestScorer(t *testing.T, emb TokenEmbedder, baseline *Baseline) *Scorer {
	t.Helper()
	s, err := NewScorer(Config{Embedder: emb, Model: "lexical@1", Layer: 1, Splitter: barSplitter{}, SplitterID: "bar", Baseline: baseline})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestScorerLexical(t *testing.T) {
	s := newTestScorer(t, &lexicalEmbedder{}, nil)
	cands := []string{"a b|c", "a b", "a a b", "  a  b ", "x y z w"}
	refs := []string{"c|a b", "a x", "a", "a b", "x"}
	want := [][3]float64{
		{1, 1, 1},          // same words in other sentences
		{0.5, 0.5, 0.5},    // one of two words on each side
		{2.0 / 3, 1, 0.8},  // the duplicate "a" counts twice
		{1, 1, 1},          // white space stripped
		{0.25, 1, 2.0 / 5}, // 2·0.25·1/1.25
	}
	got, err := s.Score(context.Background(), cands, refs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		g := got[i]
		if !near(g.Precision, w[0], tol32) || !near(g.Recall, w[1], tol32) || !near(g.F1, w[2], tol32) {
			t.Errorf("pair %d %q vs %q: got P %v R %v F %v, want %v", i, cands[i], refs[i], g.Precision, g.Recall, g.F1, w)
		}
	}
}

func TestScorerEmptyTexts(t *testing.T) {
	s := newTestScorer(t, &lexicalEmbedder{}, &Baseline{Model: "lexical@1", Layer: 1, Precision: 0.5, Recall: 0.5, F1: 0.5})
	got, err := s.Score(context.Background(), []string{"", " \t\x1c", "a", "|"}, []string{"a", "a", "\u00a0", "b"}, Options{IDF: true, Rescale: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []Result{{EmptyCandidate: true}, {EmptyCandidate: true}, {EmptyReference: true}, {EmptyCandidate: true}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestScorerMatchesComputeAcrossBlocks(t *testing.T) {
	words := strings.Fields("heat ice sea level rise carbon ocean warm melt storm drought fire")
	var cands, refs []string
	for i := 0; i < 3*blockPairs+5; i++ {
		c := fmt.Sprintf("%s %s|%s", words[i%12], words[(i*5)%12], words[(i*7+1)%12])
		r := fmt.Sprintf("%s %s %s", words[(i+3)%12], words[(i*5)%12], words[(i/3)%12])
		cands, refs = append(cands, c), append(refs, r)
	}
	for _, idf := range []bool{false, true} {
		emb := &lexicalEmbedder{}
		s := newTestScorer(t, emb, nil)
		got, err := s.Score(context.Background(), cands, refs, Options{IDF: idf})
		if err != nil {
			t.Fatal(err)
		}
		if len(emb.calls) != 4 {
			t.Errorf("%d embedder calls for %d pairs, want one per block of %d", len(emb.calls), len(cands), blockPairs)
		}
		// The same texts with the bars as spaces, scored directly.
		ref := &lexicalEmbedder{vocab: emb.vocab}
		var weights *IDF
		if idf {
			ids := make([][]int, len(refs))
			for i, r := range refs {
				ids[i] = ref.tokens(r).IDs
			}
			weights = NewIDF(ids)
		}
		for i := range cands {
			want, err := Compute(ref.tokens(strings.ReplaceAll(cands[i], "|", " ")), ref.tokens(refs[i]), weights)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got[i].Precision, want.Precision, 1e-12) || !near(got[i].Recall, want.Recall, 1e-12) || !near(got[i].F1, want.F1, 1e-12) {
				t.Fatalf("idf %v pair %d: Scorer %+v, Compute %+v", idf, i, got[i], want)
			}
		}
	}
}

func TestScorerEmbedsEachSentenceOncePerBlock(t *testing.T) {
	emb := &lexicalEmbedder{}
	s := newTestScorer(t, emb, nil)
	_, err := s.Score(context.Background(), []string{"a b|c", "c| a b", "c"}, []string{"c", "a b", "d|c"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"a b", "c", "d"}}; !slices.EqualFunc(emb.calls, want, slices.Equal) {
		t.Errorf("embedder calls %q, want %q", emb.calls, want)
	}
}

func TestScorerRescales(t *testing.T) {
	b := Baseline{ID: "test", Model: "lexical@1", Layer: 1, Precision: 0.2, Recall: 0.4, F1: 0.3}
	s := newTestScorer(t, &lexicalEmbedder{}, &b)
	cands, refs := []string{"a b", "a b c d"}, []string{"a x", "a b"}
	raw, err := s.Score(context.Background(), cands, refs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Score(context.Background(), cands, refs, Options{Rescale: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range raw {
		if want := b.Rescale(raw[i]); got[i] != want {
			t.Errorf("pair %d: rescaled %+v, want %+v", i, got[i], want)
		}
	}
	// The Scorer keeps its own copy of the baseline.
	b.F1 = 0.9
	again, err := s.Score(context.Background(), cands, refs, Options{Rescale: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again, got) {
		t.Errorf("changing the caller's Baseline changed the scores")
	}
}

func TestScorerErrors(t *testing.T) {
	ctx := context.Background()
	noBaseline := newTestScorer(t, &lexicalEmbedder{}, nil)
	if _, err := noBaseline.Score(ctx, []string{"a"}, []string{"a"}, Options{Rescale: true}); !errors.Is(err, ErrNoBaseline) {
		t.Errorf("rescale without a baseline: %v, want ErrNoBaseline", err)
	}
	if _, err := noBaseline.Score(ctx, []string{"a", "b"}, []string{"a"}, Options{}); err == nil {
		t.Error("2 candidates and 1 reference: no error")
	}
	boom := errors.New("boom")
	failing := newTestScorer(t, &lexicalEmbedder{err: boom}, nil)
	if _, err := failing.Score(ctx, []string{"a"}, []string{"b"}, Options{}); !errors.Is(err, boom) {
		t.Errorf("embedder error: got %v, want it wrapped", err)
	}
	short := newTestScorer(t, &lexicalEmbedder{drop: true}, nil)
	if _, err := short.Score(ctx, []string{"a"}, []string{"b"}, Options{}); err == nil {
		t.Error("embedder returning too few matrices: no error")
	}
	if got, err := noBaseline.Score(ctx, nil, nil, Options{IDF: true}); err != nil || len(got) != 0 {
		t.Errorf("no pairs: %v, %v; want none, nil", got, err)
	}
}

func TestNewScorerValidates(t *testing.T) {
	ok := Config{Embedder: &lexicalEmbedder{}, Model: "m@1", Layer: 2, Splitter: barSplitter{}, SplitterID: "bar"}
	if _, err := NewScorer(ok); err != nil {
		t.Fatalf("valid config: %v", err)
	}
	for name, edit := range map[string]func(*Config){
		"no embedder":        func(c *Config) { c.Embedder = nil },
		"no model":           func(c *Config) { c.Model = "" },
		"layer 0":            func(c *Config) { c.Layer = 0 },
		"no splitter":        func(c *Config) { c.Splitter = nil },
		"no splitter id":     func(c *Config) { c.SplitterID = "" },
		"baseline of model":  func(c *Config) { c.Baseline = &Baseline{Model: "other@1", Layer: 2} },
		"baseline of layer":  func(c *Config) { c.Baseline = &Baseline{Model: "m@1", Layer: 1} },
		"use-lite baseline":  func(c *Config) { c.Baseline = &USELiteBaseline },
		"negative layer (2)": func(c *Config) { c.Layer = -2 },
	} {
		c := ok
		edit(&c)
		if _, err := NewScorer(c); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSignature(t *testing.T) {
	b := Baseline{ID: "cf-test", Model: "use-lite-en@0.2.0", Layer: 2}
	s, err := NewScorer(Config{Embedder: &lexicalEmbedder{}, Model: "use-lite-en@0.2.0", Layer: 2, Splitter: barSplitter{}, SplitterID: "punkt-en@nltk3.8", Baseline: &b})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		opt  Options
		want string
	}{
		{Options{}, "bertscore|model:use-lite-en@0.2.0|layer:2|split:punkt-en@nltk3.8|idf:no|rescaled:no|baseline:none|note:not-roberta-large"},
		{Options{IDF: true, Rescale: true}, "bertscore|model:use-lite-en@0.2.0|layer:2|split:punkt-en@nltk3.8|idf:yes|rescaled:yes|baseline:cf-test|note:not-roberta-large"},
	} {
		if got := s.Signature(c.opt); got != c.want {
			t.Errorf("Signature(%+v) =\n %s\nwant\n %s", c.opt, got, c.want)
		}
	}
}
