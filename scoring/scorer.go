package scoring

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Limits bound the work one request can ask for.
type Limits struct {
	MaxPairs            int // pairs in one batch (default 1000)
	MaxSentencesPerText int // sentences in one text (default 512)
	MaxSentenceChars    int // characters (code points) in one sentence (default 10000)
	MaxVectorsPerSide   int // precomputed vectors per side (default 512)
	MaxVectorDimension  int // length of a precomputed vector (default 8192)
}

// DefaultUncoveredThreshold is the cosine below which a reference sentence
// counts as uncovered when the request names no threshold.
const DefaultUncoveredThreshold = 0.5

// Config holds a Scorer's dependencies and settings.
type Config struct {
	Embedder Embedder // required
	// EmbedderWeights is the checksum of the embedder's weights, for the
	// signature and the cache namespace.
	EmbedderWeights string
	Splitter        SentenceSplitter // required
	// SplitterID names the splitter in signatures, e.g. "punkt-en@nltk3.8".
	SplitterID string
	Cache      EmbeddingCache // optional
	Observer   Observer       // optional
	Limits     Limits
}

// Scorer computes CEC for texts and for precomputed vectors.
type Scorer struct {
	cfg     Config
	sig     Signature
	flights flights
}

// NewScorer validates cfg, fills defaults and returns a Scorer.
func NewScorer(cfg Config) (*Scorer, error) {
	if cfg.Embedder == nil {
		return nil, errors.New("scoring: Config.Embedder is required")
	}
	if cfg.Splitter == nil {
		return nil, errors.New("scoring: Config.Splitter is required")
	}
	if cfg.SplitterID == "" {
		return nil, errors.New("scoring: Config.SplitterID is required")
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	l := &cfg.Limits
	setDefault(&l.MaxPairs, 1000)
	setDefault(&l.MaxSentencesPerText, 512)
	setDefault(&l.MaxSentenceChars, 10000)
	setDefault(&l.MaxVectorsPerSide, 512)
	setDefault(&l.MaxVectorDimension, 8192)
	return &Scorer{cfg: cfg, flights: flights{m: map[string]*flight{}}, sig: Signature{
		Embedder: cfg.Embedder.ID(),
		Weights:  cfg.EmbedderWeights,
		Splitter: cfg.SplitterID,
	}}, nil
}

func setDefault(v *int, d int) {
	if *v <= 0 {
		*v = d
	}
}

// Limits returns the limits in force.
func (s *Scorer) Limits() Limits { return s.cfg.Limits }

// Signature returns the signature of text scores.
func (s *Scorer) Signature() Signature { return s.sig }

// Pair is one generated explanation with its reference.
type Pair struct {
	ID        string
	Generated string
	Reference string
}

// Options tune one scoring request.
type Options struct {
	// UncoveredThreshold overrides DefaultUncoveredThreshold when not nil.
	UncoveredThreshold *float64
}

func (o Options) threshold() (float64, error) {
	if o.UncoveredThreshold == nil {
		return DefaultUncoveredThreshold, nil
	}
	t := *o.UncoveredThreshold
	if math.IsNaN(t) || t < -1 || t > 1 {
		return 0, &InvalidError{Field: "uncovered_threshold", Reason: "must be a number between -1 and 1"}
	}
	return t, nil
}

// Result is the CEC of one pair with everything needed to read it.
type Result struct {
	ID                 string
	Coherence          Coherence
	GeneratedSentences []string
	ReferenceSentences []string
	Signature          Signature
	Warnings           []string
}

// Score splits, embeds (through the cache) and scores every pair. All
// sentences of all pairs are embedded in one call so that they batch well.
func (s *Scorer) Score(ctx context.Context, pairs []Pair, opts Options) ([]Result, error) {
	thr, err := opts.threshold()
	if err != nil {
		return nil, err
	}
	if len(pairs) > s.cfg.Limits.MaxPairs {
		return nil, &LimitError{Field: "pairs", Limit: "max_pairs", Max: s.cfg.Limits.MaxPairs, Got: len(pairs)}
	}
	results := make([]Result, len(pairs))
	var all []string
	for i, p := range pairs {
		field := "pairs[" + fmt.Sprint(i) + "]"
		if len(pairs) == 1 {
			field = ""
		}
		gen, err := s.split(p.Generated, joinField(field, "generated"))
		if err != nil {
			return nil, err
		}
		ref, err := s.split(p.Reference, joinField(field, "reference"))
		if err != nil {
			return nil, err
		}
		results[i] = Result{ID: p.ID, GeneratedSentences: gen, ReferenceSentences: ref, Signature: s.sig, Warnings: []string{}}
		all = append(all, gen...)
		all = append(all, ref...)
	}
	vecs, err := s.embed(ctx, all)
	if err != nil {
		return nil, err
	}
	for i := range results {
		r := &results[i]
		gv := make([][]float32, len(r.GeneratedSentences))
		for j, t := range r.GeneratedSentences {
			gv[j] = vecs[t]
		}
		rv := make([][]float32, len(r.ReferenceSentences))
		for j, t := range r.ReferenceSentences {
			rv[j] = vecs[t]
		}
		r.Coherence = CEC(gv, rv, thr)
		r.Warnings = emptyWarnings(len(gv), len(rv), "text")
	}
	return results, nil
}

func joinField(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// split splits text into sentences and checks the limits.
func (s *Scorer) split(text, field string) ([]string, error) {
	if strings.TrimSpace(text) == "" {
		return []string{}, nil
	}
	sents := s.cfg.Splitter.Sentences(text)
	if len(sents) > s.cfg.Limits.MaxSentencesPerText {
		return nil, &LimitError{Field: field, Limit: "max_sentences_per_text", Max: s.cfg.Limits.MaxSentencesPerText, Got: len(sents)}
	}
	out := sents[:0:0]
	for _, t := range sents {
		if n := utf8.RuneCountInString(t); n > s.cfg.Limits.MaxSentenceChars {
			return nil, &LimitError{Field: field, Limit: "max_sentence_chars", Max: s.cfg.Limits.MaxSentenceChars, Got: n}
		}
		if strings.TrimSpace(t) != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

func emptyWarnings(nGen, nRef int, what string) []string {
	w := []string{}
	if nGen == 0 {
		w = append(w, "generated "+what+" has no sentences: cec, forward and backward are 0")
	}
	if nRef == 0 {
		w = append(w, "reference "+what+" has no sentences: cec, forward and backward are 0")
	}
	return w
}

// embed returns a vector for every distinct text: from the cache where it
// can, by waiting for a concurrent request already embedding the same
// sentence, and from the embedder for the rest (one call for all of them).
func (s *Scorer) embed(ctx context.Context, texts []string) (map[string][]float32, error) {
	out := make(map[string][]float32, len(texts))
	uniq := make([]string, 0, len(texts))
	for _, t := range texts {
		if _, seen := out[t]; !seen {
			out[t] = nil
			uniq = append(uniq, t)
		}
	}
	if len(uniq) == 0 {
		return out, nil
	}
	ns := s.sig.namespace()
	var cached [][]float32
	if s.cfg.Cache != nil {
		// A failing cache is not fatal: everything is embedded instead.
		if got, err := s.cfg.Cache.Get(ctx, ns, uniq); err == nil && len(got) == len(uniq) {
			cached = got
		}
	}
	var misses []string
	for i, t := range uniq {
		if cached != nil && len(cached[i]) == s.cfg.Embedder.Dim() {
			out[t] = cached[i]
			continue
		}
		misses = append(misses, t)
	}
	own, waiting := s.flights.claim(ns, misses)
	s.cfg.Observer.CacheLookup(len(uniq)-len(own), len(own))
	if len(own) > 0 {
		ownTexts := make([]string, len(own))
		for i, f := range own {
			ownTexts[i] = f.text
		}
		vecs, err := s.embedMisses(ctx, ns, ownTexts)
		s.flights.land(own, vecs, err)
		if err != nil {
			return nil, err
		}
		for i, t := range ownTexts {
			out[t] = vecs[i]
		}
	}
	var retry []string
	for _, f := range waiting {
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.err != nil {
			// The request that embedded it failed (say, it was cancelled):
			// embed it here instead.
			retry = append(retry, f.text)
			continue
		}
		out[f.text] = f.vec
	}
	if len(retry) > 0 {
		vecs, err := s.embedMisses(ctx, ns, retry)
		if err != nil {
			return nil, err
		}
		for i, t := range retry {
			out[t] = vecs[i]
		}
	}
	return out, nil
}

// embedMisses embeds texts and stores them in the cache.
func (s *Scorer) embedMisses(ctx context.Context, ns string, texts []string) ([][]float32, error) {
	vecs, err := s.cfg.Embedder.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("embed %d sentences: %w", len(texts), err)
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("embedder returned %d vectors for %d sentences", len(vecs), len(texts))
	}
	if s.cfg.Cache != nil {
		_ = s.cfg.Cache.Put(ctx, ns, texts, vecs)
	}
	return vecs, nil
}
