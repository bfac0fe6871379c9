package server

import (
	"context"

	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/scoring/bertscore"
	"github.com/cecbench/cecbench/scoring/punkt"
	"github.com/cecbench/cecbench/uselite"
)

// bertScorer adapts bertscore.Scorer to scoring.BERTScorer.
type bertScorer struct{ s *bertscore.Scorer }

var _ scoring.BERTScorer = bertScorer{}

func newBERTScorer(enc *uselite.Encoder) (bertScorer, error) {
	s, err := bertscore.NewScorer(bertscore.Config{
		Embedder:   uselite.BERTScoreEmbedder{Encoder: enc},
		Model:      enc.ID(),
		Layer:      uselite.TokenStatesLayer,
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
		if r.EmptyCandidate {
			out[i].Warnings = append(out[i].Warnings, "bertscore: the generated text has no tokens, so precision, recall and f1 are 0")
		}
		if r.EmptyReference {
			out[i].Warnings = append(out[i].Warnings, "bertscore: the reference has no tokens, so precision, recall and f1 are 0")
		}
		if r.ZeroIDF {
			out[i].Warnings = append(out[i].Warnings, "bertscore: every IDF weight of a side was 0 (e.g. one reference in the request), so that side was averaged with equal weights")
		}
	}
	return out, nil
}

func (b bertScorer) Signature(opts scoring.BERTScoreOptions) string {
	return b.s.Signature(bertscore.Options(opts))
}
