// Package testmodel writes tiny llama models with random weights that
// llama.cpp loads, generates from and fine-tunes: a SentencePiece ("llama")
// tokenizer with byte fallback and English word pieces, and F32 tensors
// with llama.cpp's names and shapes.
package testmodel

import (
	"fmt"

	"github.com/cecbench/cecbench/gguf"
)

// weightStd is the standard deviation of the random weights.
const weightStd = 0.02

// Write writes a model of shape cfg to path (atomically). Weights are
// normal with standard deviation 0.02, norm weights are 1, and the same
// Config always gives the same file.
func Write(path string, cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := gguf.WriteFile(path, Metadata(cfg), Tensors(cfg)); err != nil {
		return fmt.Errorf("testmodel: %w", err)
	}
	return nil
}

// Metadata returns the key/values Write puts in a model of shape cfg, in
// file order. cfg must pass Validate.
func Metadata(cfg Config) []gguf.KV {
	v := getVocab()
	u := func(n int) uint32 { return uint32(n) }
	return []gguf.KV{
		{Key: "general.architecture", Value: "llama"},
		{Key: "general.name", Value: "cecbench-testmodel"},
		{Key: "general.file_type", Value: uint32(0)}, // all F32
		{Key: "llama.context_length", Value: u(cfg.Context)},
		{Key: "llama.embedding_length", Value: u(cfg.Embd)},
		{Key: "llama.block_count", Value: u(cfg.Layers)},
		{Key: "llama.feed_forward_length", Value: u(cfg.FF)},
		{Key: "llama.attention.head_count", Value: u(cfg.Heads)},
		{Key: "llama.attention.head_count_kv", Value: u(cfg.HeadsKV)},
		{Key: "llama.rope.dimension_count", Value: u(cfg.headDim())},
		{Key: "llama.rope.freq_base", Value: float32(10000)},
		{Key: "llama.attention.layer_norm_rms_epsilon", Value: float32(1e-5)},
		{Key: "llama.vocab_size", Value: u(len(v.tokens))},
		{Key: "tokenizer.ggml.model", Value: "llama"},
		{Key: "tokenizer.ggml.tokens", Value: append([]string(nil), v.tokens...)},
		{Key: "tokenizer.ggml.scores", Value: append([]float32(nil), v.scores...)},
		{Key: "tokenizer.ggml.token_type", Value: append([]int32(nil), v.types...)},
		{Key: "tokenizer.ggml.bos_token_id", Value: uint32(BosID)},
		{Key: "tokenizer.ggml.eos_token_id", Value: uint32(EosID)},
		{Key: "tokenizer.ggml.unknown_token_id", Value: uint32(UnkID)},
		{Key: "tokenizer.ggml.add_bos_token", Value: true},
		{Key: "tokenizer.ggml.add_eos_token", Value: false},
	}
}

// Tensors returns the weights Write puts in a model of shape cfg, random
// from cfg.Seed, in file order. Dims are in ggml order: [input width,
// output width]. cfg must pass Validate.
func Tensors(cfg Config) []gguf.Tensor {
	rng := newNormal(cfg.Seed)
	nVocab := len(getVocab().tokens)
	random := func(name string, dims ...int) gguf.Tensor {
		return rng.tensor(name, dims)
	}
	ones := func(name string, n int) gguf.Tensor {
		data := make([]float32, n)
		for i := range data {
			data[i] = 1
		}
		return gguf.F32Tensor(name, []uint64{uint64(n)}, data)
	}
	ts := []gguf.Tensor{random("token_embd.weight", cfg.Embd, nVocab)}
	for l := 0; l < cfg.Layers; l++ {
		b := fmt.Sprintf("blk.%d.", l)
		ts = append(ts,
			ones(b+"attn_norm.weight", cfg.Embd),
			random(b+"attn_q.weight", cfg.Embd, cfg.Embd),
			random(b+"attn_k.weight", cfg.Embd, cfg.embdKV()),
			random(b+"attn_v.weight", cfg.Embd, cfg.embdKV()),
			random(b+"attn_output.weight", cfg.Embd, cfg.Embd),
			ones(b+"ffn_norm.weight", cfg.Embd),
			random(b+"ffn_gate.weight", cfg.Embd, cfg.FF),
			random(b+"ffn_up.weight", cfg.Embd, cfg.FF),
			random(b+"ffn_down.weight", cfg.FF, cfg.Embd),
		)
	}
	return append(ts,
		ones("output_norm.weight", cfg.Embd),
		random("output.weight", cfg.Embd, nVocab),
	)
}
