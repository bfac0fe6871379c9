package gguf

import (
	"encoding/binary"
	"fmt"
	"math"
)

var le = binary.LittleEndian

// decodeScalar converts the fixed-size encoding b of type t to its Go value.
func decodeScalar(t ValueType, b []byte) any {
	switch t {
	case TypeUint8:
		return b[0]
	case TypeInt8:
		return int8(b[0])
	case TypeBool:
		return b[0] != 0
	case TypeUint16:
		return le.Uint16(b)
	case TypeInt16:
		return int16(le.Uint16(b))
	case TypeUint32:
		return le.Uint32(b)
	case TypeInt32:
		return int32(le.Uint32(b))
	case TypeFloat32:
		return math.Float32frombits(le.Uint32(b))
	case TypeUint64:
		return le.Uint64(b)
	case TypeInt64:
		return int64(le.Uint64(b))
	case TypeFloat64:
		return math.Float64frombits(le.Uint64(b))
	}
	panic(fmt.Sprintf("gguf: decodeScalar of %s", t))
}

// decodeArray converts len(b)/size elements of fixed-size type t to a
// typed slice.
func decodeArray(t ValueType, b []byte) any {
	switch t {
	case TypeUint8:
		return append([]uint8{}, b...)
	case TypeInt8:
		return fill(make([]int8, len(b)), b, 1, func(b []byte) int8 { return int8(b[0]) })
	case TypeBool:
		return fill(make([]bool, len(b)), b, 1, func(b []byte) bool { return b[0] != 0 })
	case TypeUint16:
		return fill(make([]uint16, len(b)/2), b, 2, le.Uint16)
	case TypeInt16:
		return fill(make([]int16, len(b)/2), b, 2, func(b []byte) int16 { return int16(le.Uint16(b)) })
	case TypeUint32:
		return fill(make([]uint32, len(b)/4), b, 4, le.Uint32)
	case TypeInt32:
		return fill(make([]int32, len(b)/4), b, 4, func(b []byte) int32 { return int32(le.Uint32(b)) })
	case TypeFloat32:
		return fill(make([]float32, len(b)/4), b, 4, func(b []byte) float32 { return math.Float32frombits(le.Uint32(b)) })
	case TypeUint64:
		return fill(make([]uint64, len(b)/8), b, 8, le.Uint64)
	case TypeInt64:
		return fill(make([]int64, len(b)/8), b, 8, func(b []byte) int64 { return int64(le.Uint64(b)) })
	case TypeFloat64:
		return fill(make([]float64, len(b)/8), b, 8, func(b []byte) float64 { return math.Float64frombits(le.Uint64(b)) })
	}
	panic(fmt.Sprintf("gguf: decodeArray of %s", t))
}

func fill[T any](out []T, b []byte, size int, dec func([]byte) T) []T {
	for i := range out {
		out[i] = dec(b[i*size:])
	}
	return out
}

// typeOf returns the GGUF type of a Go value, and for arrays the element
// type and length.
func typeOf(v any) (t, elem ValueType, n int, err error) {
	switch x := v.(type) {
	case uint8:
		return TypeUint8, 0, 0, nil
	case int8:
		return TypeInt8, 0, 0, nil
	case uint16:
		return TypeUint16, 0, 0, nil
	case int16:
		return TypeInt16, 0, 0, nil
	case uint32:
		return TypeUint32, 0, 0, nil
	case int32:
		return TypeInt32, 0, 0, nil
	case float32:
		return TypeFloat32, 0, 0, nil
	case bool:
		return TypeBool, 0, 0, nil
	case string:
		return TypeString, 0, 0, nil
	case uint64:
		return TypeUint64, 0, 0, nil
	case int64:
		return TypeInt64, 0, 0, nil
	case float64:
		return TypeFloat64, 0, 0, nil
	case []uint8:
		return TypeArray, TypeUint8, len(x), nil
	case []int8:
		return TypeArray, TypeInt8, len(x), nil
	case []uint16:
		return TypeArray, TypeUint16, len(x), nil
	case []int16:
		return TypeArray, TypeInt16, len(x), nil
	case []uint32:
		return TypeArray, TypeUint32, len(x), nil
	case []int32:
		return TypeArray, TypeInt32, len(x), nil
	case []float32:
		return TypeArray, TypeFloat32, len(x), nil
	case []bool:
		return TypeArray, TypeBool, len(x), nil
	case []string:
		return TypeArray, TypeString, len(x), nil
	case []uint64:
		return TypeArray, TypeUint64, len(x), nil
	case []int64:
		return TypeArray, TypeInt64, len(x), nil
	case []float64:
		return TypeArray, TypeFloat64, len(x), nil
	case []any:
		return TypeArray, TypeArray, len(x), nil
	}
	return 0, 0, 0, fmt.Errorf("unsupported value type %T (use a fixed-size integer, float, bool, string or a slice of them)", v)
}

// appendValue appends the encoding of v (without its type tag) to b.
func appendValue(b []byte, v any, depth int) ([]byte, error) {
	t, elem, n, err := typeOf(v)
	if err != nil {
		return nil, err
	}
	if t != TypeArray {
		return appendScalar(b, v), nil
	}
	if depth >= maxNesting {
		return nil, fmt.Errorf("arrays nested more than %d deep", maxNesting)
	}
	b = le.AppendUint32(b, uint32(elem))
	b = le.AppendUint64(b, uint64(n))
	switch x := v.(type) {
	case []string:
		for _, s := range x {
			b = appendString(b, s)
		}
	case []any:
		for i, e := range x {
			et, _, _, err := typeOf(e)
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			if et != TypeArray {
				return nil, fmt.Errorf("element %d is %T: a []any may only hold arrays", i, e)
			}
			if b, err = appendValue(b, e, depth+1); err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
		}
	default:
		b = appendFixedArray(b, v)
	}
	return b, nil
}

func appendScalar(b []byte, v any) []byte {
	switch x := v.(type) {
	case uint8:
		return append(b, x)
	case int8:
		return append(b, byte(x))
	case bool:
		if x {
			return append(b, 1)
		}
		return append(b, 0)
	case uint16:
		return le.AppendUint16(b, x)
	case int16:
		return le.AppendUint16(b, uint16(x))
	case uint32:
		return le.AppendUint32(b, x)
	case int32:
		return le.AppendUint32(b, uint32(x))
	case float32:
		return le.AppendUint32(b, math.Float32bits(x))
	case uint64:
		return le.AppendUint64(b, x)
	case int64:
		return le.AppendUint64(b, uint64(x))
	case float64:
		return le.AppendUint64(b, math.Float64bits(x))
	case string:
		return appendString(b, x)
	}
	panic(fmt.Sprintf("gguf: appendScalar of %T", v))
}

func appendFixedArray(b []byte, v any) []byte {
	switch x := v.(type) {
	case []uint8:
		return append(b, x...)
	case []int8:
		return appendEach(b, x)
	case []bool:
		return appendEach(b, x)
	case []uint16:
		return appendEach(b, x)
	case []int16:
		return appendEach(b, x)
	case []uint32:
		return appendEach(b, x)
	case []int32:
		return appendEach(b, x)
	case []float32:
		return appendEach(b, x)
	case []uint64:
		return appendEach(b, x)
	case []int64:
		return appendEach(b, x)
	case []float64:
		return appendEach(b, x)
	}
	panic(fmt.Sprintf("gguf: appendFixedArray of %T", v))
}

func appendEach[T any](b []byte, xs []T) []byte {
	for _, x := range xs {
		b = appendScalar(b, x)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = le.AppendUint64(b, uint64(len(s)))
	return append(b, s...)
}
