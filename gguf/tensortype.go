package gguf

import "fmt"

// TensorType is the element type of a tensor (ggml_type in ggml).
type TensorType uint32

// Tensor types, numbered as ggml_type. Numbers that ggml has retired
// (4, 5, 31-33, 36-38) have no constant.
const (
	TensorF32     TensorType = 0
	TensorF16     TensorType = 1
	TensorQ4_0    TensorType = 2
	TensorQ4_1    TensorType = 3
	TensorQ5_0    TensorType = 6
	TensorQ5_1    TensorType = 7
	TensorQ8_0    TensorType = 8
	TensorQ8_1    TensorType = 9
	TensorQ2_K    TensorType = 10
	TensorQ3_K    TensorType = 11
	TensorQ4_K    TensorType = 12
	TensorQ5_K    TensorType = 13
	TensorQ6_K    TensorType = 14
	TensorQ8_K    TensorType = 15
	TensorIQ2_XXS TensorType = 16
	TensorIQ2_XS  TensorType = 17
	TensorIQ3_XXS TensorType = 18
	TensorIQ1_S   TensorType = 19
	TensorIQ4_NL  TensorType = 20
	TensorIQ3_S   TensorType = 21
	TensorIQ2_S   TensorType = 22
	TensorIQ4_XS  TensorType = 23
	TensorI8      TensorType = 24
	TensorI16     TensorType = 25
	TensorI32     TensorType = 26
	TensorI64     TensorType = 27
	TensorF64     TensorType = 28
	TensorIQ1_M   TensorType = 29
	TensorBF16    TensorType = 30
	TensorTQ1_0   TensorType = 34
	TensorTQ2_0   TensorType = 35
	TensorMXFP4   TensorType = 39
)

// tensorTypeInfo is a type's name and block layout: elems values are
// stored in bytes bytes.
type tensorTypeInfo struct {
	name         string
	elems, bytes uint64
}

// qk is the super-block size of the k-quants and i-quants (QK_K in ggml).
const qk = 256

var tensorTypes = map[TensorType]tensorTypeInfo{
	TensorF32:     {"F32", 1, 4},
	TensorF16:     {"F16", 1, 2},
	TensorQ4_0:    {"Q4_0", 32, 18},
	TensorQ4_1:    {"Q4_1", 32, 20},
	TensorQ5_0:    {"Q5_0", 32, 22},
	TensorQ5_1:    {"Q5_1", 32, 24},
	TensorQ8_0:    {"Q8_0", 32, 34},
	TensorQ8_1:    {"Q8_1", 32, 36},
	TensorQ2_K:    {"Q2_K", qk, 84},
	TensorQ3_K:    {"Q3_K", qk, 110},
	TensorQ4_K:    {"Q4_K", qk, 144},
	TensorQ5_K:    {"Q5_K", qk, 176},
	TensorQ6_K:    {"Q6_K", qk, 210},
	TensorQ8_K:    {"Q8_K", qk, 292},
	TensorIQ2_XXS: {"IQ2_XXS", qk, 66},
	TensorIQ2_XS:  {"IQ2_XS", qk, 74},
	TensorIQ3_XXS: {"IQ3_XXS", qk, 98},
	TensorIQ1_S:   {"IQ1_S", qk, 50},
	TensorIQ4_NL:  {"IQ4_NL", 32, 18},
	TensorIQ3_S:   {"IQ3_S", qk, 110},
	TensorIQ2_S:   {"IQ2_S", qk, 82},
	TensorIQ4_XS:  {"IQ4_XS", qk, 136},
	TensorI8:      {"I8", 1, 1},
	TensorI16:     {"I16", 1, 2},
	TensorI32:     {"I32", 1, 4},
	TensorI64:     {"I64", 1, 8},
	TensorF64:     {"F64", 1, 8},
	TensorIQ1_M:   {"IQ1_M", qk, 56},
	TensorBF16:    {"BF16", 1, 2},
	TensorTQ1_0:   {"TQ1_0", qk, 54},
	TensorTQ2_0:   {"TQ2_0", qk, 66},
	TensorMXFP4:   {"MXFP4", 32, 17},
}

// String returns llama.cpp's name for the type ("F32", "Q8_0", "BF16", ...),
// or "type(N)" for a type this package does not know.
func (t TensorType) String() string {
	if info, ok := tensorTypes[t]; ok {
		return info.name
	}
	return fmt.Sprintf("type(%d)", uint32(t))
}

// BlockSize reports the type's storage layout: elems values take bytes
// bytes, and a tensor's innermost dimension must be a multiple of elems.
// ok is false for a type this package does not know.
func (t TensorType) BlockSize() (elems, bytes uint64, ok bool) {
	info, ok := tensorTypes[t]
	return info.elems, info.bytes, ok
}
