package uselite

import "context"

// TokenStatesLayer is the transformer layer whose output TokenStates
// returns: the second, the model's last (layers count from 1).
const TokenStatesLayer = 2

// TokenMatrix is the contextual token vectors of one text: the output of
// the encoder's last (second) transformer layer at every token, before the
// mean pooling, tanh layer and l2 normalization that make the sentence
// vector. Rows are not normalized.
type TokenMatrix struct {
	// IDs are the text's vocabulary ids after the model's clip to its
	// first 128, as Tokenize gives them. The tokenizer has no special
	// tokens: every id is a piece of the text. The first always starts
	// with "▁" (the tokenizer puts one before the text), either merged
	// into a word piece ("▁Global") or alone when the word has no piece
	// starting with it ("▁" "q" "q" "q").
	IDs []int
	// Dim is the length of one row (512).
	Dim int
	// Vectors holds len(IDs) rows of Dim floats; row i is token i's state.
	Vectors []float32
}

// Len returns the number of tokens.
func (m TokenMatrix) Len() int { return len(m.IDs) }

// Row returns the state of token i (a slice of Vectors, not a copy).
func (m TokenMatrix) Row(i int) []float32 {
	return m.Vectors[i*m.Dim : (i+1)*m.Dim : (i+1)*m.Dim]
}

// TokenStates returns, per text and in order, the contextual vectors of its
// tokens from the same forward pass as Embed: the mean of a text's rows,
// put through the tanh layer and l2-normalized, is exactly its Embed vector.
// Only the first 128 tokens of a text count; a text without tokens (only ""
// has none) gets a matrix with no rows. No texts give an empty result.
//
// TokenStates checks ctx between chunks of at most 64 sentences and returns
// ctx.Err() when it is done.
func (e *Encoder) TokenStates(ctx context.Context, texts []string) ([]TokenMatrix, error) {
	out := make([]TokenMatrix, len(texts))
	err := e.eachChunk(ctx, texts, func(ws *workspace, seqs [][]int32, first int) {
		spans := e.model.encode(ws, seqs)
		d := e.model.layers[1].dOut
		total := 0
		for _, sp := range spans {
			total += sp.n
		}
		// One allocation per chunk for the vectors and one for the ids;
		// every text gets its own capped slices of them.
		vecs := make([]float32, total*d)
		copy(vecs, ws.res[:total*d])
		ids := make([]int, total)
		for i, sp := range spans {
			for p, id := range seqs[i] {
				ids[sp.start+p] = int(id)
			}
			lo, hi := sp.start, sp.start+sp.n
			out[first+i] = TokenMatrix{
				IDs:     ids[lo:hi:hi],
				Dim:     d,
				Vectors: vecs[lo*d : hi*d : hi*d],
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
