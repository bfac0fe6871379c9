package lora

import "testing"

func TestDefaultInclude(t *testing.T) {
	tests := []struct {
		name string
		dims []uint64
		want bool
	}{
		{"blk.0.attn_q.weight", []uint64{2048, 2048}, true},
		{"blk.21.ffn_down.weight", []uint64{5632, 2048}, true},
		{"blk.0.attn_norm.weight", []uint64{2048}, false},
		{"token_embd.weight", []uint64{2048, 32000}, false},
		{"output.weight", []uint64{2048, 32000}, true},
		{"blk.x.attn_q.weight", []uint64{4, 4}, false},
		{"blk..attn_q.weight", []uint64{4, 4}, false},
		{"blk.3", []uint64{4, 4}, false},
		{"blk.0.ffn_gate_exps.weight", []uint64{4, 4, 8}, false},
	}
	for _, tc := range tests {
		if got := DefaultInclude(tc.name, tc.dims); got != tc.want {
			t.Errorf("DefaultInclude(%q, %v) = %v, want %v", tc.name, tc.dims, got, tc.want)
		}
	}
}
