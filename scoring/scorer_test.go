package scoring

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
)

// letterEmbedder is a test embedder: a text's vector counts its letters a-z.
// It records how many sentences it embedded.
type letterEmbedder struct {
	mu       sync.Mutex
	embedded []string
}

func (e *letterEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	e.mu.Lock()
	e.embedded = append(e.embedded, texts...)
	e.mu.Unlock()
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, 26)
		for _, r := range strings.ToLower(t) {
			if r >= 'a' && r <= 'z' {
				v[r-'a']++
			}
		}
		out[i] = v
	}
	return out, nil
}
func (e *letterEmbedder) Dim() int   { return 26 }
func (e *letterEmbedder) ID() string { return "letters@1" }

// dotSplitter splits after every ". ".
type dotSplitter struct{}

func (dotSplitter) Sentences(text string) []string { return strings.SplitAfter(text, ". ") }

// mapCache is a minimal EmbeddingCache for these tests.
type mapCache struct {
	mu sync.Mutex
	m  map[string][]float32
}

func (c *mapCache) Get(_ context.Context, ns string, texts []string) ([][]float32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = c.m[ns+"|"+t]
	}
	return out, nil
}

func (c *mapCache) Put(_ context.Context, ns string, texts []string, vecs [][]float32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, t := range texts {
		c.m[ns+"|"+t] = vecs[i]
	}
	return nil
}

func newTestScorer(t *testing.T, limits Limits) (*Scorer, *letterEmbedder) {
	t.Helper()
	emb := &letterEmbedder{}
	s, err := NewScorer(Config{Embedder: emb, EmbedderWeights: "abc", Splitter: dotSplitter{}, SplitterID: "dots", Cache: &mapCache{m: map[string][]float32{}}, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	return s, emb
}

func TestScoreEmbedsEachDistinctSentenceOnce(t *testing.T) {
	s, emb := newTestScorer(t, Limits{})
	pairs := []Pair{
		{ID: "a", Generated: "heat rises. ice melts. ", Reference: "ice melts. heat rises. "},
		{ID: "b", Generated: "ice melts. ", Reference: "seas rise. "},
	}
	res, err := s.Score(context.Background(), pairs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(emb.embedded) != 3 {
		t.Errorf("embedded %q, want 3 distinct sentences", emb.embedded)
	}
	if res[0].ID != "a" || res[0].Coherence.CEC != 1 {
		t.Errorf("pair a: %+v", res[0])
	}
	if _, err := s.Score(context.Background(), pairs, Options{}); err != nil {
		t.Fatal(err)
	}
	if len(emb.embedded) != 3 {
		t.Errorf("second run embedded %d sentences, want 0 new (cache)", len(emb.embedded)-3)
	}
	if got := res[0].Signature.String(); got != "cec|v:1|emb:letters@1|weights:sha256.abc|split:dots|sim:cos|agg:mean-max" {
		t.Errorf("signature %q", got)
	}
}

func TestScoreConcurrentRequestsShareInFlightSentences(t *testing.T) {
	s, emb := newTestScorer(t, Limits{})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Score(context.Background(), []Pair{{Generated: "same sentence. ", Reference: "other one. "}}, Options{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(emb.embedded) != 2 {
		t.Errorf("embedded %d sentences for 2 distinct ones", len(emb.embedded))
	}
}

func TestScoreLimits(t *testing.T) {
	s, _ := newTestScorer(t, Limits{MaxPairs: 2, MaxSentencesPerText: 2, MaxSentenceChars: 5})
	tests := []struct {
		pairs []Pair
		limit string
		field string
	}{
		{[]Pair{{}, {}, {}}, "max_pairs", "pairs"},
		{[]Pair{{Generated: "a. b. c. ", Reference: "x"}}, "max_sentences_per_text", "generated"},
		{[]Pair{{Generated: "a", Reference: "abcdef"}, {}}, "max_sentence_chars", "pairs[0].reference"},
	}
	for _, tt := range tests {
		_, err := s.Score(context.Background(), tt.pairs, Options{})
		var le *LimitError
		if !errors.As(err, &le) || le.Limit != tt.limit || le.Field != tt.field || !errors.Is(err, ErrInvalid) {
			t.Errorf("err = %v, want limit %s on %s", err, tt.limit, tt.field)
		}
	}
}

func TestScoreVectorsValidation(t *testing.T) {
	s, _ := newTestScorer(t, Limits{MaxVectorsPerSide: 2, MaxVectorDimension: 3})
	nan := []float64{1, math.NaN()}
	for _, tt := range []struct {
		gen, ref [][]float64
		want     string
	}{
		{[][]float64{{1, 2}}, [][]float64{{1, 2, 3}}, "reference_embeddings[0]: has 3 dimensions"},
		{[][]float64{{1, 2, 3, 4}}, nil, "max_vector_dimension"},
		{[][]float64{{1}, {1}, {1}}, nil, "max_vectors_per_side"},
		{[][]float64{nan}, [][]float64{{1, 2}}, "generated_embeddings[0][1]: must be a finite number"},
	} {
		_, err := s.ScoreVectors(tt.gen, tt.ref, Options{})
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
	r, err := s.ScoreVectors([][]float64{{1, 0}}, [][]float64{}, Options{})
	if err != nil || r.Coherence.CEC != 0 || len(r.Warnings) != 1 || r.Signature != VectorSignature {
		t.Errorf("empty reference side: %+v, %v", r, err)
	}
}
