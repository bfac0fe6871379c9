package gguf

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// maxTensorName is the longest tensor name ggml accepts (GGML_MAX_NAME - 1).
const maxTensorName = 63

// Write writes a version 3 GGUF file with the metadata kv and tensors, in
// the given order. The data alignment is general.alignment if kv sets it
// (it must be a power-of-two uint32), else 32. It checks that keys and
// tensor names are unique, that every value has a GGUF type, and that
// each tensor's data is exactly the size its dims and type call for.
func Write(w io.Writer, kv []KV, tensors []Tensor) error {
	header, align, err := encodeHeader(kv, tensors)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if _, err := bw.Write(header); err != nil {
		return fmt.Errorf("gguf: writing header: %w", err)
	}
	if err := writeZeros(bw, padding(uint64(len(header)), align)); err != nil {
		return fmt.Errorf("gguf: writing header: %w", err)
	}
	for _, t := range tensors {
		if _, err := bw.Write(t.Data); err != nil {
			return fmt.Errorf("gguf: writing tensor %q: %w", t.Name, err)
		}
		if err := writeZeros(bw, padding(uint64(len(t.Data)), align)); err != nil {
			return fmt.Errorf("gguf: writing padding after tensor %q: %w", t.Name, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("gguf: writing: %w", err)
	}
	return nil
}

// encodeHeader checks kv and tensors and returns the header, without the
// padding before the data section, and the alignment.
func encodeHeader(kv []KV, tensors []Tensor) ([]byte, uint64, error) {
	align, err := alignment(kv)
	if err != nil {
		return nil, 0, fmt.Errorf("gguf: %w", err)
	}
	b := []byte(Magic)
	b = le.AppendUint32(b, 3)
	b = le.AppendUint64(b, uint64(len(tensors)))
	b = le.AppendUint64(b, uint64(len(kv)))
	seen := make(map[string]bool, len(kv))
	for _, e := range kv {
		if seen[e.Key] {
			return nil, 0, fmt.Errorf("gguf: duplicate metadata key %q", e.Key)
		}
		seen[e.Key] = true
		t, _, _, err := typeOf(e.Value)
		if err != nil {
			return nil, 0, fmt.Errorf("gguf: metadata %q: %w", e.Key, err)
		}
		b = appendString(b, e.Key)
		b = le.AppendUint32(b, uint32(t))
		if b, err = appendValue(b, e.Value, 0); err != nil {
			return nil, 0, fmt.Errorf("gguf: metadata %q: %w", e.Key, err)
		}
	}
	names := make(map[string]bool, len(tensors))
	offset := uint64(0)
	for _, t := range tensors {
		if err := checkTensor(t, names); err != nil {
			return nil, 0, err
		}
		b = appendString(b, t.Name)
		b = le.AppendUint32(b, uint32(len(t.Dims)))
		for _, d := range t.Dims {
			b = le.AppendUint64(b, d)
		}
		b = le.AppendUint32(b, uint32(t.Type))
		b = le.AppendUint64(b, offset)
		offset += uint64(len(t.Data)) + padding(uint64(len(t.Data)), align)
	}
	return b, align, nil
}

var zeros [4096]byte

func writeZeros(w io.Writer, n uint64) error {
	for n > 0 {
		k := min(n, uint64(len(zeros)))
		if _, err := w.Write(zeros[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

func checkTensor(t Tensor, seen map[string]bool) error {
	switch {
	case t.Name == "":
		return fmt.Errorf("gguf: tensor with an empty name")
	case len(t.Name) > maxTensorName:
		return fmt.Errorf("gguf: tensor name %q is %d bytes, ggml allows at most %d", t.Name, len(t.Name), maxTensorName)
	case seen[t.Name]:
		return fmt.Errorf("gguf: duplicate tensor name %q", t.Name)
	case len(t.Dims) > MaxDims:
		return fmt.Errorf("gguf: tensor %q has %d dimensions, at most %d are allowed", t.Name, len(t.Dims), MaxDims)
	}
	seen[t.Name] = true
	size, err := dataSize(t.Name, t.Dims, t.Type)
	if err != nil {
		return fmt.Errorf("gguf: %w", err)
	}
	if size != uint64(len(t.Data)) {
		return fmt.Errorf("gguf: tensor %q: %v of %s needs %d bytes, data has %d", t.Name, t.Dims, t.Type, size, len(t.Data))
	}
	return nil
}

// padding returns the bytes that bring n up to a multiple of align.
func padding(n, align uint64) uint64 {
	return (align - n%align) % align
}

// WriteFile writes a GGUF file like Write, atomically: into a temporary
// file in the same directory, synced, then renamed over path.
func WriteFile(path string, kv []KV, tensors []Tensor) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("gguf: creating temporary file for %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := Write(tmp, kv, tensors); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("gguf: syncing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("gguf: closing %s: %w", tmp.Name(), err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("gguf: setting mode of %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("gguf: renaming %s to %s: %w", tmp.Name(), path, err)
	}
	// Make the rename durable; not every file system can sync a directory.
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}
