package bertscore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// TokenEmbedder gives the contextual token vectors of texts, one Tokens per
// text, in order (uselite.Encoder.TokenStates, converted).
type TokenEmbedder interface {
	TokenStates(ctx context.Context, texts []string) ([]Tokens, error)
}

// SentenceSplitter splits a text into sentences.
type SentenceSplitter interface {
	Sentences(text string) []string
}

// Config holds a Scorer's dependencies and the names its signature shows.
type Config struct {
	Embedder TokenEmbedder // required
	// Model is the embedder id, e.g. "use-lite-en@0.2.0" (required).
	Model string
	// Layer is the encoder layer the token vectors come from (required;
	// 2 for use-lite, its last).
	Layer int
	// Splitter splits texts into the sentences the encoder reads
	// (required); SplitterID names it, e.g. "punkt-en@nltk3.8".
	Splitter   SentenceSplitter
	SplitterID string
	// Baseline is the rescaling baseline of Model and Layer, e.g.
	// &USELiteBaseline; nil means Options.Rescale is refused.
	Baseline *Baseline
}

// Options select BERTScore's variants for one call.
type Options struct {
	IDF     bool // weight tokens by IDF over the call's references
	Rescale bool // rescale P, R and F with the baseline
}

// ErrNoBaseline is returned when rescaling is asked for but the Scorer has
// no baseline for its encoder.
var ErrNoBaseline = errors.New("bertscore: no rescaling baseline for this encoder")

// blockPairs is how many pairs get their token vectors at once; only one
// block's vectors are held at a time.
const blockPairs = 32

// Scorer computes BERTScore for texts with an encoder's token vectors. It
// is safe for concurrent use when its Embedder and Splitter are.
type Scorer struct {
	cfg Config
}

// NewScorer validates cfg and returns a Scorer.
func NewScorer(cfg Config) (*Scorer, error) {
	switch {
	case cfg.Embedder == nil:
		return nil, errors.New("bertscore: Config.Embedder is required")
	case cfg.Model == "":
		return nil, errors.New("bertscore: Config.Model is required")
	case cfg.Layer <= 0:
		return nil, fmt.Errorf("bertscore: Config.Layer must be positive, got %d", cfg.Layer)
	case cfg.Splitter == nil || cfg.SplitterID == "":
		return nil, errors.New("bertscore: Config.Splitter and Config.SplitterID are required")
	case cfg.Baseline != nil && (cfg.Baseline.Model != cfg.Model || cfg.Baseline.Layer != cfg.Layer):
		return nil, fmt.Errorf("bertscore: baseline %s is for %s layer %d, not %s layer %d",
			cfg.Baseline.ID, cfg.Baseline.Model, cfg.Baseline.Layer, cfg.Model, cfg.Layer)
	}
	if cfg.Baseline != nil {
		b := *cfg.Baseline // a copy the caller cannot change later
		cfg.Baseline = &b
	}
	return &Scorer{cfg: cfg}, nil
}

// Score returns the BERTScore of each candidate against the reference at
// the same index. With opt.IDF the weights come from all the references of
// this call. It fails when the lengths differ, when rescaling is asked for
// without a baseline (ErrNoBaseline), or when the embedder fails.
func (s *Scorer) Score(ctx context.Context, candidates, references []string, opt Options) ([]Result, error) {
	if len(candidates) != len(references) {
		return nil, fmt.Errorf("bertscore: %d candidates but %d references", len(candidates), len(references))
	}
	if opt.Rescale && s.cfg.Baseline == nil {
		return nil, ErrNoBaseline
	}
	// Match every pair first, one block of token vectors at a time; the
	// IDF weights need all references, but only their ids.
	matches := make([]Match, len(candidates))
	for start := 0; start < len(candidates); start += blockPairs {
		end := min(start+blockPairs, len(candidates))
		if err := s.matchBlock(ctx, candidates[start:end], references[start:end], matches[start:end]); err != nil {
			return nil, err
		}
	}
	var idf *IDF
	if opt.IDF {
		refs := make([][]int, len(matches))
		for i, m := range matches {
			refs[i] = m.RefIDs
		}
		idf = NewIDF(refs)
	}
	out := make([]Result, len(matches))
	for i, m := range matches {
		out[i] = m.Score(idf)
		if opt.Rescale {
			out[i] = s.cfg.Baseline.Rescale(out[i])
		}
	}
	return out, nil
}

// matchBlock fills out with the greedy matches of the pairs cands[i],
// refs[i], getting the token vectors of their distinct sentences in one
// call.
func (s *Scorer) matchBlock(ctx context.Context, cands, refs []string, out []Match) error {
	index := make(map[string]int)
	var uniq []string
	sentences := func(text string) []int {
		var idx []int
		for _, sent := range s.cfg.Splitter.Sentences(strip(text)) {
			if sent = strip(sent); sent == "" {
				continue
			}
			k, ok := index[sent]
			if !ok {
				k = len(uniq)
				index[sent] = k
				uniq = append(uniq, sent)
			}
			idx = append(idx, k)
		}
		return idx
	}
	candSents := make([][]int, len(cands))
	refSents := make([][]int, len(refs))
	for i := range cands {
		candSents[i] = sentences(cands[i])
		refSents[i] = sentences(refs[i])
	}
	states, err := s.cfg.Embedder.TokenStates(ctx, uniq)
	if err != nil {
		return fmt.Errorf("bertscore: token vectors: %w", err)
	}
	if len(states) != len(uniq) {
		return fmt.Errorf("bertscore: the embedder gave %d token matrices for %d sentences", len(states), len(uniq))
	}
	for i := range cands {
		cand, err := concat(states, candSents[i])
		if err != nil {
			return err
		}
		ref, err := concat(states, refSents[i])
		if err != nil {
			return err
		}
		if out[i], err = Greedy(cand, ref); err != nil {
			return err
		}
	}
	return nil
}

// concat joins the token matrices states[k] for k in idx, in order.
func concat(states []Tokens, idx []int) (Tokens, error) {
	switch len(idx) {
	case 0:
		return Tokens{}, nil
	case 1:
		return states[idx[0]], nil
	}
	dim, n := states[idx[0]].Dim, 0
	for _, k := range idx {
		if err := states[k].check("sentence"); err != nil {
			return Tokens{}, err
		}
		if states[k].Dim != dim {
			return Tokens{}, fmt.Errorf("%w: sentences of dimensions %d and %d", ErrShape, dim, states[k].Dim)
		}
		n += len(states[k].IDs)
	}
	t := Tokens{IDs: make([]int, 0, n), Dim: dim, Vectors: make([]float32, 0, n*dim)}
	for _, k := range idx {
		t.IDs = append(t.IDs, states[k].IDs...)
		t.Vectors = append(t.Vectors, states[k].Vectors...)
	}
	return t, nil
}

// strip removes leading and trailing white space as Python's str.strip
// does: Go's unicode.IsSpace plus U+001C..U+001F.
func strip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
	})
}
