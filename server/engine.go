package server

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/cecbench/cecbench/batching"
	"github.com/cecbench/cecbench/memorycache"
	"github.com/cecbench/cecbench/qdrantcache"
	"github.com/cecbench/cecbench/routes"
	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/scoring/meteor"
	"github.com/cecbench/cecbench/scoring/punkt"
	"github.com/cecbench/cecbench/tieredcache"
	"github.com/cecbench/cecbench/training/evaluate"
	"github.com/cecbench/cecbench/uselite"
	"github.com/cecbench/cecbench/wordnet"
)

// SplitterID names the sentence splitter in signatures.
const SplitterID = "punkt-en@nltk3.8"

// Engine is the loaded scoring stack: the pure-Go encoder behind the
// dynamic batcher, the in-process embedding cache and the CEC scorer.
type Engine struct {
	Encoder *uselite.Encoder
	Batcher *batching.Batcher
	// Cache is the in-process cache, or the two levels (Shared not nil)
	// with Qdrant configured.
	Cache   scoring.EmbeddingCache
	Shared  *tieredcache.Cache
	Scorer  *scoring.Scorer
	Metrics *scoring.Metrics
	// WordNetErr says why METEOR is unavailable (nil when it is available).
	WordNetErr error
	closeCache func()
}

// VerifyModels checks the encoder weights without loading them; the error
// names the command that fixes a missing or corrupt model.
func VerifyModels(cfg Config) error {
	return uselite.Verify(uselite.ModelDir(cfg.ModelsDir))
}

// LoadEngine loads the encoder and builds the stack around it. Close the
// Engine to stop its batcher.
func LoadEngine(cfg Config, m *Metrics) (*Engine, error) {
	dir := uselite.ModelDir(cfg.ModelsDir)
	if err := uselite.Verify(dir); err != nil {
		return nil, err
	}
	enc, err := uselite.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("load encoder from %s: %w", dir, err)
	}
	bcfg := batching.Config{MaxBatch: cfg.BatchMax, MaxWait: cfg.BatchWait}
	var obs scoring.Observer
	if m != nil {
		bcfg.OnBatch = m.ObserveBatch
		obs = m
	}
	cache, shared, closeCache, err := newEmbeddingCache(cfg, m)
	if err != nil {
		return nil, err
	}
	b := batching.New(enc, bcfg)
	sc, err := scoring.NewScorer(scoring.Config{
		Embedder:        b,
		EmbedderWeights: uselite.TarballSHA256,
		Splitter:        punkt.English(),
		SplitterID:      SplitterID,
		Cache:           cache,
		Observer:        obs,
		Limits:          scoring.Limits{MaxPairs: cfg.MaxPairs},
	})
	if err != nil {
		b.Close()
		closeCache()
		return nil, err
	}
	eng := &Engine{Encoder: enc, Batcher: b, Cache: cache, Shared: shared, Scorer: sc, closeCache: closeCache}
	bs, err := newBERTScorer(enc)
	if err != nil {
		eng.Close()
		return nil, err
	}
	mcfg := scoring.MetricsConfig{CEC: sc, BERTScore: bs}
	if wn, err := wordnet.Open(cfg.WordNetDir); err != nil {
		eng.WordNetErr = err
		mcfg.METEORError = err
	} else {
		mcfg.METEOR = meteorScorer{meteor.New(wn)}
	}
	if eng.Metrics, err = scoring.NewMetrics(mcfg); err != nil {
		eng.Close()
		return nil, err
	}
	return eng, nil
}

// meteorScorer gives the METEOR scorer the signature method scoring asks for.
type meteorScorer struct{ *meteor.Meteor }

func (meteorScorer) Signature() string { return meteor.Signature }

// Close stops the batcher (calls still waiting fail) and closes the
// connection to the shared cache.
func (e *Engine) Close() {
	e.Batcher.Close()
	if e.closeCache != nil {
		e.closeCache()
	}
}

// newEmbeddingCache builds the in-process cache, in front of Qdrant when
// cfg.QdrantURL is set. m may be nil (no metrics).
func newEmbeddingCache(cfg Config, m *Metrics) (scoring.EmbeddingCache, *tieredcache.Cache, func(), error) {
	mem := memorycache.New(cfg.CacheMB << 20)
	if cfg.QdrantURL == "" {
		return mem, nil, func() {}, nil
	}
	q, err := qdrantcache.New(qdrantcache.Config{URL: cfg.QdrantURL, APIKey: cfg.QdrantAPIKey, Timeout: cfg.QdrantTimeout})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("qdrant: %w", err)
	}
	o := tieredcache.Options{Log: slog.Default()}
	if m != nil {
		o.Observer = m
	}
	tiered := tieredcache.New(mem, q, o)
	return tiered, tiered, func() { q.Close() }, nil
}

// embedder serves /v1/embeddings through the batcher and counts tokens
// with the encoder's tokenizer.
type embedder struct{ e *Engine }

var _ routes.Embedder = embedder{}

func (x embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return x.e.Batcher.Embed(ctx, texts)
}
func (x embedder) ID() string { return x.e.Encoder.ID() }
func (x embedder) Dim() int   { return x.e.Encoder.Dim() }
func (x embedder) CountTokens(texts []string) int {
	n := 0
	for _, t := range texts {
		n += len(x.e.Encoder.Tokenize(t))
	}
	return n
}

// LazyScorer returns a metrics engine loader for worker processes: the
// encoder is loaded on the first evaluation job, so a worker that never
// evaluates never loads it, and a failed load is tried again on the next
// call. closeEngine stops what was loaded.
func LazyScorer(cfg Config) (scorer func() (evaluate.Scorer, error), closeEngine func()) {
	var (
		mu     sync.Mutex
		engine *Engine
	)
	scorer = func() (evaluate.Scorer, error) {
		mu.Lock()
		defer mu.Unlock()
		if engine == nil {
			e, err := LoadEngine(cfg, nil)
			if err != nil {
				return nil, err
			}
			engine = e
		}
		return engine.Metrics, nil
	}
	closeEngine = func() {
		mu.Lock()
		defer mu.Unlock()
		if engine != nil {
			engine.Close()
		}
	}
	return scorer, closeEngine
}
