package gguf

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Tensor is a tensor to write: Dims in ggml "ne" order (Dims[0] is the
// innermost, contiguous dimension) and Data its bytes, already encoded in
// Type.
type Tensor struct {
	Name string
	Dims []uint64
	Type TensorType
	Data []byte
}

// F32Tensor returns an F32 tensor holding data, which is in ne order (the
// first Dims[0] values are the first row). It panics if len(data) is not
// the product of dims.
func F32Tensor(name string, dims []uint64, data []float32) Tensor {
	n := TensorInfo{Dims: dims}.Elements()
	if n != uint64(len(data)) {
		panic(fmt.Sprintf("gguf: F32Tensor %q: dims %v hold %d values, data has %d", name, dims, n, len(data)))
	}
	b := make([]byte, 4*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return Tensor{Name: name, Dims: append([]uint64(nil), dims...), Type: TensorF32, Data: b}
}
