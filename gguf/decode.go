package gguf

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// Magic is the first four bytes of every GGUF file.
const Magic = "GGUF"

// maxNesting bounds arrays of arrays; ggml itself reads none.
const maxNesting = 8

// preallocCap bounds slice capacity reserved from an untrusted count; the
// rest grows with the data actually read.
const preallocCap = 1024

// decoder reads header fields and knows how many bytes the input has left
// when the input can seek.
type decoder struct {
	r    *bufio.Reader
	off  int64 // bytes consumed since the start of the header
	size int64 // bytes available from the start of the header, -1 if unknown
	buf  [8]byte
}

// ReadHeader reads a GGUF header from r, which must be at the start of the
// file. It may read past the header. If r is an io.Seeker, lengths and
// counts are checked against the bytes left in it. Errors for malformed
// input wrap ErrFormat; other read errors are returned wrapped as they are.
func ReadHeader(r io.Reader) (*File, error) {
	return readHeader(r, inputSize(r))
}

// inputSize returns the bytes left in r, or -1 if r cannot tell.
func inputSize(r io.Reader) int64 {
	s, ok := r.(io.Seeker)
	if !ok {
		return -1
	}
	cur, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return -1
	}
	end, err := s.Seek(0, io.SeekEnd)
	if err != nil {
		return -1
	}
	if _, err := s.Seek(cur, io.SeekStart); err != nil || end < cur {
		return -1
	}
	return end - cur
}

// readHeader reads a header from r, which holds size bytes (-1: unknown).
func readHeader(r io.Reader, size int64) (*File, error) {
	d := &decoder{r: bufio.NewReaderSize(r, 64<<10), size: size}
	return d.header()
}

// header reads the fixed fields, the metadata and the tensor infos.
func (d *decoder) header() (*File, error) {
	magic, err := d.fixed(4)
	if err != nil {
		return nil, err
	}
	if string(magic) != Magic {
		return nil, d.errorf(0, "magic is %q, want %q", magic, Magic)
	}
	f := &File{}
	if f.Version, err = d.u32(); err != nil {
		return nil, err
	}
	switch {
	case f.Version == 2 || f.Version == 3:
	case f.Version == 1:
		return nil, d.errorf(4, "version 1 is not supported (only 2 and 3)")
	case f.Version&0xffff == 0 && f.Version != 0:
		return nil, d.errorf(4, "version field %#x looks big-endian; only little-endian files are supported", f.Version)
	default:
		return nil, d.errorf(4, "version %d is not supported (only 2 and 3)", f.Version)
	}
	nTensors, err := d.count("tensor count", 8+4+4+8)
	if err != nil {
		return nil, err
	}
	nKV, err := d.count("metadata count", 8+4+1)
	if err != nil {
		return nil, err
	}
	if f.KV, err = d.kvs(nKV); err != nil {
		return nil, err
	}
	if f.Alignment, err = alignment(f.KV); err != nil {
		return nil, d.errorf(d.off, "%v", err)
	}
	if f.Tensors, err = d.tensorInfos(nTensors, f.Alignment); err != nil {
		return nil, err
	}
	dataOff := (uint64(d.off) + f.Alignment - 1) / f.Alignment * f.Alignment
	if dataOff > math.MaxInt64 {
		return nil, d.errorf(d.off, "data section offset overflows")
	}
	f.DataOffset = int64(dataOff)
	return f, nil
}

// alignment returns general.alignment, checked, or the default.
func alignment(kvs []KV) (uint64, error) {
	for _, kv := range kvs {
		if kv.Key != KeyAlignment {
			continue
		}
		a, ok := kv.Value.(uint32)
		if !ok {
			return 0, fmt.Errorf("%s has type %T, want uint32", KeyAlignment, kv.Value)
		}
		if a == 0 || a&(a-1) != 0 {
			return 0, fmt.Errorf("%s is %d, want a power of two", KeyAlignment, a)
		}
		return uint64(a), nil
	}
	return DefaultAlignment, nil
}

func (d *decoder) kvs(n uint64) ([]KV, error) {
	kvs := make([]KV, 0, min(n, preallocCap))
	seen := make(map[string]bool, min(n, preallocCap))
	for i := uint64(0); i < n; i++ {
		at := d.off
		key, err := d.str("metadata key")
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, d.errorf(at, "duplicate metadata key %q", key)
		}
		seen[key] = true
		t, err := d.u32()
		if err != nil {
			return nil, err
		}
		v, err := d.value(ValueType(t), 0)
		if err != nil {
			return nil, fmt.Errorf("metadata %q: %w", key, err)
		}
		kvs = append(kvs, KV{Key: key, Value: v})
	}
	return kvs, nil
}

func (d *decoder) tensorInfos(n uint64, align uint64) ([]TensorInfo, error) {
	infos := make([]TensorInfo, 0, min(n, preallocCap))
	seen := make(map[string]bool, min(n, preallocCap))
	for i := uint64(0); i < n; i++ {
		at := d.off
		name, err := d.str("tensor name")
		if err != nil {
			return nil, err
		}
		if seen[name] {
			return nil, d.errorf(at, "duplicate tensor name %q", name)
		}
		seen[name] = true
		nDims, err := d.u32()
		if err != nil {
			return nil, err
		}
		if nDims > MaxDims {
			return nil, d.errorf(at, "tensor %q has %d dimensions, at most %d are allowed", name, nDims, MaxDims)
		}
		t := TensorInfo{Name: name, Dims: make([]uint64, nDims)}
		for j := range t.Dims {
			if t.Dims[j], err = d.u64(); err != nil {
				return nil, err
			}
		}
		typ, err := d.u32()
		if err != nil {
			return nil, err
		}
		t.Type = TensorType(typ)
		if t.Offset, err = d.u64(); err != nil {
			return nil, err
		}
		if t.Offset%align != 0 {
			return nil, d.errorf(at, "tensor %q offset %d is not a multiple of the alignment %d", name, t.Offset, align)
		}
		if _, _, known := t.Type.BlockSize(); known {
			size, err := t.Size()
			if err != nil {
				return nil, d.errorf(at, "%v", err)
			}
			if t.Offset > math.MaxInt64-size {
				return nil, d.errorf(at, "tensor %q offset %d plus size %d overflows", name, t.Offset, size)
			}
		}
		infos = append(infos, t)
	}
	return infos, nil
}

// value reads one value of type t; depth counts enclosing arrays.
func (d *decoder) value(t ValueType, depth int) (any, error) {
	if t == TypeString {
		return d.str("string")
	}
	if t == TypeArray {
		return d.array(depth + 1)
	}
	n := t.fixedSize()
	if n == 0 {
		return nil, d.errorf(d.off-4, "unknown value type %d", uint32(t))
	}
	b, err := d.fixed(n)
	if err != nil {
		return nil, err
	}
	return decodeScalar(t, b), nil
}

func (d *decoder) array(depth int) (any, error) {
	at := d.off
	et, err := d.u32()
	if err != nil {
		return nil, err
	}
	t := ValueType(et)
	elemSize := t.minSize()
	if elemSize == 0 {
		return nil, d.errorf(at, "array of unknown value type %d", et)
	}
	if t == TypeArray && depth >= maxNesting {
		return nil, d.errorf(at, "arrays nested more than %d deep", maxNesting)
	}
	n, err := d.count("array length", elemSize)
	if err != nil {
		return nil, err
	}
	switch t {
	case TypeString:
		out := make([]string, 0, min(n, preallocCap))
		for i := uint64(0); i < n; i++ {
			s, err := d.str("string")
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	case TypeArray:
		out := make([]any, 0, min(n, preallocCap))
		for i := uint64(0); i < n; i++ {
			v, err := d.array(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	b, err := d.bytes("array", n*uint64(elemSize)) // count checked n*elemSize
	if err != nil {
		return nil, err
	}
	return decodeArray(t, b), nil
}

// count reads a uint64 count of items of at least minSize bytes each and
// checks that the input can hold them.
func (d *decoder) count(what string, minSize int) (uint64, error) {
	at := d.off
	n, err := d.u64()
	if err != nil {
		return 0, err
	}
	if n > math.MaxInt64/uint64(minSize) {
		return 0, d.errorf(at, "%s %d is impossibly large", what, n)
	}
	if left := d.left(); left >= 0 && n*uint64(minSize) > uint64(left) {
		return 0, d.errorf(at, "%s %d needs at least %d bytes, only %d are left", what, n, n*uint64(minSize), left)
	}
	return n, nil
}

// str reads a length-prefixed string.
func (d *decoder) str(what string) (string, error) {
	at := d.off
	n, err := d.u64()
	if err != nil {
		return "", err
	}
	if left := d.left(); n > math.MaxInt64 || (left >= 0 && n > uint64(left)) {
		return "", d.errorf(at, "%s length %d is more than the %d bytes left", what, n, max(left, 0))
	}
	var b strings.Builder
	b.Grow(int(min(n, 64<<10)))
	got, err := io.CopyN(&b, d.r, int64(n))
	d.off += got
	if err != nil {
		return "", d.readErr(err)
	}
	return b.String(), nil
}

// bytes reads n bytes, growing the buffer only as data arrives.
func (d *decoder) bytes(what string, n uint64) ([]byte, error) {
	if left := d.left(); n > math.MaxInt64 || (left >= 0 && n > uint64(left)) {
		return nil, d.errorf(d.off, "%s of %d bytes is more than the %d bytes left", what, n, max(left, 0))
	}
	var b bytes.Buffer
	b.Grow(int(min(n, 64<<10)))
	got, err := io.CopyN(&b, d.r, int64(n))
	d.off += got
	if err != nil {
		return nil, d.readErr(err)
	}
	return b.Bytes(), nil
}

func (d *decoder) fixed(n int) ([]byte, error) {
	got, err := io.ReadFull(d.r, d.buf[:n])
	d.off += int64(got)
	if err != nil {
		return nil, d.readErr(err)
	}
	return d.buf[:n], nil
}

func (d *decoder) u32() (uint32, error) {
	b, err := d.fixed(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

func (d *decoder) u64() (uint64, error) {
	b, err := d.fixed(8)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

// left returns the bytes left in the input, or -1 if unknown.
func (d *decoder) left() int64 {
	if d.size < 0 {
		return -1
	}
	return max(d.size-d.off, 0)
}

func (d *decoder) readErr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return d.errorf(d.off, "truncated header")
	}
	return fmt.Errorf("gguf: reading header at offset %d: %w", d.off, err)
}

func (d *decoder) errorf(at int64, format string, args ...any) error {
	return fmt.Errorf("gguf: offset %d: %s: %w", at, fmt.Sprintf(format, args...), ErrFormat)
}
