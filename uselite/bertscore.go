package uselite

import (
	"context"

	"github.com/cecbench/cecbench/scoring/bertscore"
)

// BERTScoreEmbedder gives BERTScore the encoder's contextual token vectors
// (TokenStates); the two matrix types have the same fields.
type BERTScoreEmbedder struct{ Encoder *Encoder }

var _ bertscore.TokenEmbedder = BERTScoreEmbedder{}

// TokenStates returns the token vectors of texts in bertscore's type.
func (b BERTScoreEmbedder) TokenStates(ctx context.Context, texts []string) ([]bertscore.Tokens, error) {
	ms, err := b.Encoder.TokenStates(ctx, texts)
	if err != nil {
		return nil, err
	}
	out := make([]bertscore.Tokens, len(ms))
	for i, m := range ms {
		out[i] = bertscore.Tokens(m)
	}
	return out, nil
}
