package lora

import "strings"

// DefaultInclude selects the tensors Extract adapts when Options.Include is
// nil: the 2-D tensors of the repeating blocks, named "blk.N.*" in GGUF
// (attention and feed-forward matrices such as blk.0.attn_q.weight or
// blk.3.ffn_down.weight), and the output matrix output.weight (llama.cpp
// applies adapters to it too; fine-tuning changes it the most). The token
// embeddings (which upstream llama-finetune leaves untouched) and 1-D norms
// are left out.
func DefaultInclude(name string, dims []uint64) bool {
	if len(dims) != 2 {
		return false
	}
	if name == "output.weight" {
		return true
	}
	rest, ok := strings.CutPrefix(name, "blk.")
	if !ok {
		return false
	}
	n, _, ok := strings.Cut(rest, ".")
	if !ok || n == "" {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
