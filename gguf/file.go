package gguf

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// ErrFormat is wrapped by every error that reports a file which is not
// valid GGUF (bad magic, unsupported version, truncated or inconsistent
// contents).
var ErrFormat = errors.New("not a valid GGUF file")

// KeyAlignment is the metadata key that sets the data alignment.
const KeyAlignment = "general.alignment"

// DefaultAlignment is the data alignment when general.alignment is absent.
const DefaultAlignment = 32

// MaxDims is the most dimensions a tensor may have (GGML_MAX_DIMS).
const MaxDims = 4

// KV is one metadata entry. Value holds one of uint8, int8, uint16, int16,
// uint32, int32, float32, bool, string, uint64, int64 or float64; an array
// holds the matching slice ([]uint8 ... []float64, []bool, []string), and
// an array of arrays holds []any whose elements are such slices.
type KV struct {
	Key   string
	Value any
}

// TensorInfo describes one tensor of a file. Dims is in ggml "ne" order:
// Dims[0] is the innermost, contiguous dimension. Offset is relative to
// the start of the data section.
type TensorInfo struct {
	Name   string
	Dims   []uint64
	Type   TensorType
	Offset uint64
}

// Elements returns the number of values in the tensor (1 for no
// dimensions), saturating at math.MaxUint64.
func (t TensorInfo) Elements() uint64 {
	n := uint64(1)
	for _, d := range t.Dims {
		hi, lo := bits.Mul64(n, d)
		if hi != 0 {
			return math.MaxUint64
		}
		n = lo
	}
	return n
}

// Size returns the number of bytes of the tensor's data. It fails for an
// unknown type, an innermost dimension that is not a multiple of the
// type's block, and sizes that do not fit in an int64.
func (t TensorInfo) Size() (uint64, error) {
	return dataSize(t.Name, t.Dims, t.Type)
}

func dataSize(name string, dims []uint64, typ TensorType) (uint64, error) {
	elems, bytes, ok := typ.BlockSize()
	if !ok {
		return 0, fmt.Errorf("tensor %q: unknown tensor type %s, size unknown", name, typ)
	}
	n := uint64(1)
	for i, d := range dims {
		if d > math.MaxInt64 {
			return 0, fmt.Errorf("tensor %q: dimension %d is %d, more than an int64 holds", name, i, d)
		}
		hi, lo := bits.Mul64(n, d)
		if hi != 0 || lo > math.MaxInt64 {
			return 0, fmt.Errorf("tensor %q: %v has more elements than an int64 holds", name, dims)
		}
		n = lo
	}
	if len(dims) > 0 && dims[0]%elems != 0 {
		return 0, fmt.Errorf("tensor %q: innermost dimension %d is not a multiple of the %s block size %d", name, dims[0], typ, elems)
	}
	hi, size := bits.Mul64(n/elems, bytes)
	if hi != 0 || size > math.MaxInt64 {
		return 0, fmt.Errorf("tensor %q: %v of %s is more bytes than an int64 holds", name, dims, typ)
	}
	return size, nil
}

// File is a parsed GGUF header.
type File struct {
	// Version is the format version of the file (2 or 3).
	Version uint32
	// KV is the metadata in file order.
	KV []KV
	// Tensors describes the tensors in file order.
	Tensors []TensorInfo
	// Alignment is the data alignment: general.alignment or 32.
	Alignment uint64
	// DataOffset is the absolute offset of the data section in the file.
	DataOffset int64
}

// Value returns the value of the metadata key.
func (f *File) Value(key string) (any, bool) {
	for _, kv := range f.KV {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return nil, false
}

// String returns the value of key if it is a string.
func (f *File) String(key string) (string, bool) {
	v, _ := f.Value(key)
	s, ok := v.(string)
	return s, ok
}

// Uint returns the value of key if it is a non-negative integer of any
// integer type.
func (f *File) Uint(key string) (uint64, bool) {
	v, _ := f.Value(key)
	switch x := v.(type) {
	case uint8:
		return uint64(x), true
	case uint16:
		return uint64(x), true
	case uint32:
		return uint64(x), true
	case uint64:
		return x, true
	case int8:
		return nonNegative(int64(x))
	case int16:
		return nonNegative(int64(x))
	case int32:
		return nonNegative(int64(x))
	case int64:
		return nonNegative(x)
	}
	return 0, false
}

func nonNegative(x int64) (uint64, bool) {
	if x < 0 {
		return 0, false
	}
	return uint64(x), true
}

// Float returns the value of key if it is a float32, float64 or integer.
func (f *File) Float(key string) (float64, bool) {
	v, _ := f.Value(key)
	switch x := v.(type) {
	case float32:
		return float64(x), true
	case float64:
		return x, true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// Architecture returns general.architecture ("llama", ...), or "" if it
// is absent or not a string.
func (f *File) Architecture() string {
	s, _ := f.String("general.architecture")
	return s
}

// Tensor returns the description of the named tensor.
func (f *File) Tensor(name string) (TensorInfo, bool) {
	for _, t := range f.Tensors {
		if t.Name == name {
			return t, true
		}
	}
	return TensorInfo{}, false
}
