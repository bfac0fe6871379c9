package server

import (
	"context"

	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/scoring/bertscore"
	"github.com/cecbench/cecbench/scoring/punkt"
	"github.com/cecbench/cecbench/uselite"
)

// encoderLayers is the number of transformer layers of use-lite; BERTScore
// reads the last one.
const encoderLayers = 2

// tokenStates adapts the encoder's TokenStates to bertscore.TokenEmbedder.
type tokenStates struct{ enc *uselite.Encoder }

var _ bertscore.TokenEmbedder = tokenStates{}

func (t tokenStates) TokenStates(ctx context.Context, texts []string) ([]bertscore.Tokens, error) {
	ms, err := t.enc.TokenStates(ctx, texts)
	if err != nil {
		return nil, err
	}
	out := make([]bertscore.Tokens, len(ms))
	for i, m := range ms {
		out[i] = bertscore.Tokens(m)
	}
	return out, nil
}

// bertScorer adapts bertscore.Scorer to scoring.BERTScorer.
type bertScorer struct{ s *bertscore.Scorer }

var _ scoring.BERTScorer = bertScorer{}

func newBERTScorer(enc *uselite.Encoder) (bertScorer, error) {
	s, err := bertscore.NewScorer(bertscore.Config{
		Embedder:   tokenStates{enc},
		Model:      enc.ID(),
		Layer:      encoderLayers,
		Splitter:   punkt.English(),
		SplitterID: SplitterID,
		Baseline:   &bertscore.USELiteBaseline,
	})
	return bertScorer{s}, err
}

func (b bertScorer) Score(ctx context.Context, candidates, references []string, opts scoring.BERTScoreOptions) ([]scoring.PRF, error) {
	res, err := b.s.Score(ctx, candidates, references, bertscore.Options(opts))
	if err != nil {
		return nil, err
	}
	out := make([]scoring.PRF, len(res))
	for i, r := range res {
		out[i] = scoring.PRF{Precision: r.Precision, Recall: r.Recall, F1: r.F1}
	}
	return out, nil
}

func (b bertScorer) Signature(opts scoring.BERTScoreOptions) string {
	return b.s.Signature(bertscore.Options(opts))
}
