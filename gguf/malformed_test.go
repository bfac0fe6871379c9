package gguf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// validFile returns a small file with metadata of several types and two
// tensors.
func validFile(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	kv := []KV{
		{"general.architecture", "llama"},
		{"tokens", []string{"a", "bb"}},
		{"scores", []float32{1, 2}},
		{"nested", []any{[]uint8{1}}},
		{"n", uint32(5)},
	}
	tensors := []Tensor{
		F32Tensor("w", []uint64{4, 2}, []float32{1, 2, 3, 4, 5, 6, 7, 8}),
		F32Tensor("b", []uint64{3}, []float32{1, 2, 3}),
	}
	if err := Write(&buf, kv, tensors); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// header builds raw header bytes from little-endian fields: uint32, uint64,
// string (written as uint64 length + bytes) and []byte (written as is).
func header(fields ...any) []byte {
	var b []byte
	for _, f := range fields {
		switch x := f.(type) {
		case uint32:
			b = binary.LittleEndian.AppendUint32(b, x)
		case uint64:
			b = binary.LittleEndian.AppendUint64(b, x)
		case string:
			b = binary.LittleEndian.AppendUint64(b, uint64(len(x)))
			b = append(b, x...)
		case []byte:
			b = append(b, x...)
		default:
			panic(f)
		}
	}
	return b
}

var magic = []byte("GGUF")

func TestMalformedHeaders(t *testing.T) {
	huge := uint64(1) << 62
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"bad magic", header([]byte("GGML"), uint32(3), uint64(0), uint64(0))},
		{"version 1", header(magic, uint32(1), uint64(0), uint64(0))},
		{"version 4", header(magic, uint32(4), uint64(0), uint64(0))},
		{"big-endian", header(magic, uint32(3<<24), uint64(0), uint64(0))},
		{"huge tensor count", header(magic, uint32(3), huge, uint64(0))},
		{"max tensor count", header(magic, uint32(3), ^uint64(0), uint64(0))},
		{"huge kv count", header(magic, uint32(3), uint64(0), huge)},
		{"huge key length", header(magic, uint32(3), uint64(0), uint64(1), huge)},
		{"huge string value", header(magic, uint32(3), uint64(0), uint64(1), "k", uint32(TypeString), huge)},
		{"unknown value type", header(magic, uint32(3), uint64(0), uint64(1), "k", uint32(13), uint64(0))},
		{"huge array", header(magic, uint32(3), uint64(0), uint64(1), "k", uint32(TypeArray), uint32(TypeUint64), huge)},
		{"huge string array", header(magic, uint32(3), uint64(0), uint64(1), "k", uint32(TypeArray), uint32(TypeString), huge)},
		{"array of unknown", header(magic, uint32(3), uint64(0), uint64(1), "k", uint32(TypeArray), uint32(99), uint64(0))},
		{"duplicate key", header(magic, uint32(3), uint64(0), uint64(2), "k", uint32(TypeUint8), []byte{1}, "k", uint32(TypeUint8), []byte{1})},
		{"alignment zero", header(magic, uint32(3), uint64(0), uint64(1), KeyAlignment, uint32(TypeUint32), uint32(0))},
		{"alignment 3", header(magic, uint32(3), uint64(0), uint64(1), KeyAlignment, uint32(TypeUint32), uint32(3))},
		{"alignment string", header(magic, uint32(3), uint64(0), uint64(1), KeyAlignment, uint32(TypeString), "32")},
		{"too many dims", header(magic, uint32(3), uint64(1), uint64(0), "t", uint32(5), make([]byte, 5*8+12))},
		{"unaligned offset", header(magic, uint32(3), uint64(1), uint64(0), "t", uint32(1), uint64(4), uint32(TensorF32), uint64(4))},
		{"huge dims", header(magic, uint32(3), uint64(1), uint64(0), "t", uint32(2), huge, huge, uint32(TensorF32), uint64(0))},
		{"dim above int64", header(magic, uint32(3), uint64(1), uint64(0), "t", uint32(1), ^uint64(0), uint32(TensorI8), uint64(0))},
		{"offset overflow", header(magic, uint32(3), uint64(1), uint64(0), "t", uint32(1), uint64(32), uint32(TensorF32), ^uint64(0)&^31)},
		{"not a block multiple", header(magic, uint32(3), uint64(1), uint64(0), "t", uint32(1), uint64(31), uint32(TensorQ8_0), uint64(0))},
		{"duplicate tensor", header(magic, uint32(3), uint64(2), uint64(0),
			"t", uint32(1), uint64(1), uint32(TensorF32), uint64(0),
			"t", uint32(1), uint64(1), uint32(TensorF32), uint64(32))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []io.Reader{bytes.NewReader(tt.data), onlyReader{bytes.NewReader(tt.data)}} {
				f, err := ReadHeader(r)
				if !errors.Is(err, ErrFormat) {
					t.Fatalf("ReadHeader(%T) = %+v, %v; want an error wrapping ErrFormat", r, f, err)
				}
			}
		})
	}
}

// onlyReader hides Seek, so ReadHeader cannot learn the input size.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestTruncatedAtEveryByte(t *testing.T) {
	data := validFile(t)
	full, err := ReadHeader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < int(full.DataOffset); n++ {
		_, err := ReadHeader(bytes.NewReader(data[:n]))
		// Cuts inside the final padding still hold a whole header.
		if err == nil && n >= 24 {
			continue
		}
		if !errors.Is(err, ErrFormat) {
			t.Fatalf("header cut to %d bytes: error %v, want ErrFormat", n, err)
		}
	}
}

func TestOpenRejectsShortData(t *testing.T) {
	data := validFile(t)
	dir := t.TempDir()
	tests := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"whole", data, true},
		{"last byte missing", data[:len(data)-1], true}, // only padding after "b"
		{"data cut", data[:len(data)-32], false},
		{"no data", data[:len(data)-64], false},
		{"header cut", data[:40], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := Open(path)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				r.Close()
				return
			}
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("Open = %v, want ErrFormat", err)
			}
		})
	}
	if _, err := Open(filepath.Join(dir, "missing")); err == nil || errors.Is(err, ErrFormat) {
		t.Errorf("Open of a missing file: %v, want a not-found error", err)
	}
}

func TestHugeCountsAllocateLittle(t *testing.T) {
	// Without a known size, a hostile length must not be allocated up front.
	data := header(magic, uint32(3), uint64(0), uint64(1), "k", uint32(TypeArray), uint32(TypeFloat64), uint64(1)<<59)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := ReadHeader(onlyReader{bytes.NewReader(data)}); !errors.Is(err, ErrFormat) {
		t.Fatalf("error %v, want ErrFormat", err)
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("reading a 60-byte header allocated %d bytes", n)
	}
}

func TestReadVersion2(t *testing.T) {
	data := validFile(t)
	binary.LittleEndian.PutUint32(data[4:], 2) // v2 has v3's layout
	f, err := ReadHeader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != 2 || len(f.KV) != 5 || len(f.Tensors) != 2 {
		t.Errorf("version %d, %d keys, %d tensors; want 2, 5, 2", f.Version, len(f.KV), len(f.Tensors))
	}
}
