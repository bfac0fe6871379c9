package gguf

import (
	"encoding/binary"
	"io"
	"math"
	"reflect"
	"testing"
)

// testdata/llama-quantize-q4_k_m.gguf is llama.cpp's llama-quantize
// (0.7.0) output for a one-layer, 32-wide llama test model with a 260-token
// vocabulary, quantized as Q4_K_M: the tensors too narrow for k-quants fall
// back to Q5_0 and Q8_0, the norms stay F32.
const quantized = "testdata/llama-quantize-q4_k_m.gguf"

func TestReadLlamaQuantizeOutput(t *testing.T) {
	r, err := Open(quantized)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Version != 3 || r.Alignment != 32 || r.Architecture() != "llama" {
		t.Errorf("version %d, alignment %d, architecture %q", r.Version, r.Alignment, r.Architecture())
	}
	uints := []struct {
		key  string
		want uint64
	}{
		{"general.file_type", 15}, // LLAMA_FTYPE_MOSTLY_Q4_K_M
		{"general.quantization_version", 2},
		{"llama.embedding_length", 32},
		{"llama.block_count", 1},
		{"tokenizer.ggml.bos_token_id", 1},
	}
	for _, u := range uints {
		if got, ok := r.Uint(u.key); !ok || got != u.want {
			t.Errorf("%s = %d, %v; want %d", u.key, got, ok, u.want)
		}
	}
	if v, _ := r.Value("tokenizer.ggml.tokens"); len(v.([]string)) != 260 {
		t.Errorf("%d tokens, want 260", len(v.([]string)))
	}
	tensors := []struct {
		name string
		dims []uint64
		typ  TensorType
	}{
		{"output.weight", []uint64{32, 260}, TensorQ8_0},
		{"output_norm.weight", []uint64{32}, TensorF32},
		{"token_embd.weight", []uint64{32, 260}, TensorQ5_0},
		{"blk.0.attn_k.weight", []uint64{32, 16}, TensorQ5_0},
		{"blk.0.attn_v.weight", []uint64{32, 16}, TensorQ8_0},
		{"blk.0.ffn_down.weight", []uint64{64, 32}, TensorQ8_0},
		{"blk.0.ffn_up.weight", []uint64{32, 64}, TensorQ5_0},
	}
	for _, want := range tensors {
		got, ok := r.Tensor(want.name)
		if !ok || got.Type != want.typ || !reflect.DeepEqual(got.Dims, want.dims) {
			t.Errorf("tensor %s = %+v, %v; want %v %s", want.name, got, ok, want.dims, want.typ)
		}
	}
	if len(r.Tensors) != 12 {
		t.Errorf("%d tensors, want 12", len(r.Tensors))
	}
	// The source model's norms are all 1.
	norm, err := r.ReadF32("output_norm.weight")
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range norm {
		if v != 1 {
			t.Fatalf("output_norm.weight[%d] = %v, want 1", i, v)
		}
	}
	// The source weights are normal with standard deviation 0.02: the
	// dequantized Q8_0 blocks must be too, which checks the data offsets.
	out, _ := r.Tensor("output.weight")
	vals := dequantQ8_0(t, r.Section(out))
	if len(vals) != 32*260 {
		t.Fatalf("%d values, want %d", len(vals), 32*260)
	}
	var sum, sq float64
	for _, v := range vals {
		sum += v
		sq += v * v
	}
	mean := sum / float64(len(vals))
	std := math.Sqrt(sq/float64(len(vals)) - mean*mean)
	if math.Abs(mean) > 0.002 || std < 0.018 || std > 0.022 {
		t.Errorf("output.weight mean %.4f std %.4f, want about 0 and 0.02", mean, std)
	}
}

// dequantQ8_0 decodes Q8_0 blocks: a float16 scale, then 32 int8 values.
func dequantQ8_0(t *testing.T, r io.Reader) []float64 {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	var out []float64
	for ; len(b) >= 34; b = b[34:] {
		d := halfToFloat(binary.LittleEndian.Uint16(b))
		for _, q := range b[2:34] {
			out = append(out, d*float64(int8(q)))
		}
	}
	return out
}

// halfToFloat converts IEEE 754 binary16 bits to a float64.
func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return sign * math.Inf(1)
	}
	return sign * math.Ldexp(1+frac/1024, exp-15)
}
