package lora

import (
	"strings"

	"github.com/cecbench/cecbench/gguf"
)

// Metadata keys and values of a llama.cpp LoRA adapter (llama-adapter.cpp
// rejects a file whose general.type is not "adapter", whose adapter.type is
// not "lora" or whose general.architecture differs from the model's).
const (
	keyArchitecture = "general.architecture"
	keyType         = "general.type"
	keyAdapterType  = "adapter.type"
	keyLoraAlpha    = "adapter.lora.alpha"
)

// adapterKV returns the adapter's metadata. alpha is stored as float32, as
// convert_lora_to_gguf.py writes it and llama.cpp reads it.
func adapterKV(arch string, alpha float32) []gguf.KV {
	return []gguf.KV{
		{Key: keyArchitecture, Value: arch},
		{Key: keyType, Value: "adapter"},
		{Key: keyAdapterType, Value: "lora"},
		{Key: keyLoraAlpha, Value: alpha},
	}
}

// isTokenEmbd reports whether llama.cpp treats the tensor as the token
// embedding, whose adapter pair has a different layout (it matches by
// suffix, like llama-adapter.cpp).
func isTokenEmbd(name string) bool {
	return strings.HasSuffix(name, "token_embd.weight")
}

// loraPair returns the tensors "<name>.lora_a" and "<name>.lora_b" for a
// weight with rows×cols row-major difference Δ ≈ b·a, where a (rank×cols)
// and b (rows×rank) come from Factor. llama.cpp adds (alpha/rank)·B·A, so
// the factor that carries the singular values is scaled by rank/alpha.
//
// For an ordinary weight W with ggml dims [cols, rows] (n_in, n_out),
// llama.cpp computes W·x + scale·B·(A·x): lora_a is a with dims
// [cols, rank] and lora_b is b with dims [rank, rows].
//
// For the token embedding (dims [n_embd, n_vocab], so rows = n_vocab and
// cols = n_embd), llama.cpp looks up row t of lora_a and multiplies by
// lora_b: lora_a is b with dims [rank, n_vocab] and lora_b is aᵀ with dims
// [rank, n_embd].
func loraPair(name string, rows, cols, rank int, a, b []float32, alpha float32) []gguf.Tensor {
	s := float32(float64(rank) / float64(alpha))
	scaled := make([]float32, len(b))
	for i, v := range b {
		scaled[i] = v * s
	}
	if !isTokenEmbd(name) {
		return []gguf.Tensor{
			gguf.F32Tensor(name+".lora_a", []uint64{uint64(cols), uint64(rank)}, a),
			gguf.F32Tensor(name+".lora_b", []uint64{uint64(rank), uint64(rows)}, scaled),
		}
	}
	at := make([]float32, len(a))
	for k := range rank {
		for j := range cols {
			at[j*rank+k] = a[k*cols+j]
		}
	}
	return []gguf.Tensor{
		gguf.F32Tensor(name+".lora_a", []uint64{uint64(rank), uint64(rows)}, scaled),
		gguf.F32Tensor(name+".lora_b", []uint64{uint64(rank), uint64(cols)}, at),
	}
}
