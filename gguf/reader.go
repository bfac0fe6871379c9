package gguf

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// Reader is an open GGUF file: its parsed header and random access to the
// tensor data.
type Reader struct {
	*File
	f    *os.File
	path string
	size int64
}

// Open reads the header of the GGUF file at path and keeps the file open
// for reading tensor data. It checks that every tensor's data lies inside
// the file, so it fails for tensors of a type whose size it does not know.
// Errors for malformed files wrap ErrFormat.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gguf: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("gguf: %w", err)
	}
	hdr, err := readHeader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := &Reader{File: hdr, f: f, path: path, size: st.Size()}
	if err := r.checkExtents(); err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

// checkExtents checks that every tensor's data lies inside the file.
func (r *Reader) checkExtents() error {
	for _, t := range r.Tensors {
		size, err := t.Size()
		if err != nil {
			return fmt.Errorf("%s: gguf: %v: %w", r.path, err, ErrFormat)
		}
		end := uint64(r.DataOffset) + t.Offset + size // no overflow: each is below 2^63 and checked
		if t.Offset > math.MaxInt64-uint64(r.DataOffset) || end > uint64(r.size) {
			return fmt.Errorf("%s: gguf: tensor %q data ends at byte %d, past the end of the %d-byte file: %w",
				r.path, t.Name, end, r.size, ErrFormat)
		}
	}
	return nil
}

// Close closes the file.
func (r *Reader) Close() error {
	return r.f.Close()
}

// Section returns a reader of the tensor's data. t should come from
// r.Tensors; a tensor whose size cannot be computed gives an empty section.
func (r *Reader) Section(t TensorInfo) *io.SectionReader {
	size, err := t.Size()
	if err != nil || t.Offset > math.MaxInt64-uint64(r.DataOffset) {
		return io.NewSectionReader(r.f, 0, 0)
	}
	return io.NewSectionReader(r.f, r.DataOffset+int64(t.Offset), int64(size))
}

// ReadF32 reads the values of the named F32 tensor, in ne order.
func (r *Reader) ReadF32(name string) ([]float32, error) {
	t, ok := r.Tensor(name)
	if !ok {
		return nil, fmt.Errorf("gguf: %s: no tensor %q", r.path, name)
	}
	if t.Type != TensorF32 {
		return nil, fmt.Errorf("gguf: %s: tensor %q has type %s, ReadF32 reads only F32", r.path, name, t.Type)
	}
	size, err := t.Size()
	if err != nil {
		return nil, fmt.Errorf("gguf: %s: %w", r.path, err)
	}
	if size > math.MaxInt/2 {
		return nil, fmt.Errorf("gguf: %s: tensor %q is %d bytes, too large to read into memory", r.path, name, size)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r.Section(t), b); err != nil {
		return nil, fmt.Errorf("gguf: %s: reading tensor %q: %w", r.path, name, err)
	}
	out := make([]float32, size/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out, nil
}
