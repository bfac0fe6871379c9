package gguf

import (
	"math"
	"testing"
)

func TestTensorType(t *testing.T) {
	tests := []struct {
		typ          TensorType
		name         string
		elems, bytes uint64
		ok           bool
	}{
		{TensorF32, "F32", 1, 4, true},
		{TensorF16, "F16", 1, 2, true},
		{TensorQ4_0, "Q4_0", 32, 18, true},
		{TensorQ4_1, "Q4_1", 32, 20, true},
		{TensorQ5_0, "Q5_0", 32, 22, true},
		{TensorQ5_1, "Q5_1", 32, 24, true},
		{TensorQ8_0, "Q8_0", 32, 34, true},
		{TensorQ8_1, "Q8_1", 32, 36, true},
		{TensorQ2_K, "Q2_K", 256, 84, true},
		{TensorQ3_K, "Q3_K", 256, 110, true},
		{TensorQ4_K, "Q4_K", 256, 144, true},
		{TensorQ5_K, "Q5_K", 256, 176, true},
		{TensorQ6_K, "Q6_K", 256, 210, true},
		{TensorQ8_K, "Q8_K", 256, 292, true},
		{TensorBF16, "BF16", 1, 2, true},
		{TensorMXFP4, "MXFP4", 32, 17, true},
		{4, "type(4)", 0, 0, false},
		{1000, "type(1000)", 0, 0, false},
	}
	for _, tt := range tests {
		if got := tt.typ.String(); got != tt.name {
			t.Errorf("TensorType(%d).String() = %q, want %q", uint32(tt.typ), got, tt.name)
		}
		e, b, ok := tt.typ.BlockSize()
		if e != tt.elems || b != tt.bytes || ok != tt.ok {
			t.Errorf("%s.BlockSize() = %d, %d, %v; want %d, %d, %v", tt.name, e, b, ok, tt.elems, tt.bytes, tt.ok)
		}
	}
}

func TestTensorInfoSize(t *testing.T) {
	tests := []struct {
		name    string
		info    TensorInfo
		elems   uint64
		size    uint64
		wantErr bool
	}{
		{"f32 matrix", TensorInfo{Dims: []uint64{64, 10}, Type: TensorF32}, 640, 2560, false},
		{"scalar", TensorInfo{Type: TensorF32}, 1, 4, false},
		{"q8_0", TensorInfo{Dims: []uint64{64, 3}, Type: TensorQ8_0}, 192, 6 * 34, false},
		{"q4_k", TensorInfo{Dims: []uint64{512, 2}, Type: TensorQ4_K}, 1024, 4 * 144, false},
		{"bf16", TensorInfo{Dims: []uint64{3}, Type: TensorBF16}, 3, 6, false},
		{"not a block multiple", TensorInfo{Dims: []uint64{33}, Type: TensorQ8_0}, 33, 0, true},
		{"unknown type", TensorInfo{Dims: []uint64{4}, Type: 77}, 4, 0, true},
		{"overflow", TensorInfo{Dims: []uint64{1 << 40, 1 << 40}, Type: TensorF32}, math.MaxUint64, 0, true},
		{"too many bytes", TensorInfo{Dims: []uint64{1 << 62}, Type: TensorF32}, 1 << 62, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.info.Elements(); got != tt.elems {
				t.Errorf("Elements() = %d, want %d", got, tt.elems)
			}
			size, err := tt.info.Size()
			if (err != nil) != tt.wantErr || size != tt.size {
				t.Errorf("Size() = %d, %v; want %d, error %v", size, err, tt.size, tt.wantErr)
			}
		})
	}
}
