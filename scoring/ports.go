package scoring

import "context"

// Embedder turns sentences into fixed-size vectors, one per text, in order.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	// Dim is the length of every vector Embed returns.
	Dim() int
	// ID names the embedder and its version, e.g. "use-lite-en@0.2.0".
	ID() string
}

// EmbeddingCache stores sentence vectors under a namespace (the embedder's
// signature) so a sentence is embedded once.
type EmbeddingCache interface {
	// Get returns one entry per text: the cached vector or nil for a miss.
	Get(ctx context.Context, namespace string, texts []string) ([][]float32, error)
	// Put stores vecs[i] for texts[i].
	Put(ctx context.Context, namespace string, texts []string, vecs [][]float32) error
}

// SentenceSplitter splits a text into sentences.
type SentenceSplitter interface {
	Sentences(text string) []string
}

// Observer receives counts for monitoring; every method must be cheap and
// safe for concurrent use.
type Observer interface {
	CacheLookup(hits, misses int)
}

type noObserver struct{}

func (noObserver) CacheLookup(int, int) {}
