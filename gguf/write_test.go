package gguf

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestWriteTensorsAligned(t *testing.T) {
	tests := []struct {
		name  string
		kv    []KV
		align uint64
	}{
		{"default alignment", []KV{{"general.name", "t"}}, 32},
		{"alignment 64", []KV{{KeyAlignment, uint32(64)}}, 64},
		{"alignment 1", []KV{{KeyAlignment, uint32(1)}}, 1},
		{"alignment 8192", []KV{{KeyAlignment, uint32(8192)}}, 8192},
	}
	tensors := []Tensor{
		F32Tensor("a", []uint64{3}, []float32{1, 2, 3}), // 12 bytes: padded
		F32Tensor("b.weight", []uint64{2, 2}, []float32{-1, 0.5, 4, 8}),
		{Name: "q", Dims: []uint64{32}, Type: TensorQ8_0, Data: bytes.Repeat([]byte{7}, 34)},
		F32Tensor("scalar", nil, []float32{42}),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.gguf")
			if err := WriteFile(path, tt.kv, tensors); err != nil {
				t.Fatal(err)
			}
			r, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Alignment != tt.align || uint64(r.DataOffset)%tt.align != 0 {
				t.Fatalf("alignment %d, data offset %d; want alignment %d", r.Alignment, r.DataOffset, tt.align)
			}
			if len(r.Tensors) != len(tensors) {
				t.Fatalf("%d tensors, want %d", len(r.Tensors), len(tensors))
			}
			for i, want := range tensors {
				got := r.Tensors[i]
				if got.Name != want.Name || !reflect.DeepEqual(got.Dims, append([]uint64{}, want.Dims...)) || got.Type != want.Type {
					t.Errorf("tensor %d = %+v, want %s %v %s", i, got, want.Name, want.Dims, want.Type)
				}
				if got.Offset%tt.align != 0 {
					t.Errorf("tensor %q offset %d not aligned to %d", got.Name, got.Offset, tt.align)
				}
				data := make([]byte, len(want.Data)+1)
				n, _ := r.Section(got).ReadAt(data, 0)
				if !bytes.Equal(data[:n], want.Data) {
					t.Errorf("tensor %q data = %v, want %v", got.Name, data[:n], want.Data)
				}
			}
			vals, err := r.ReadF32("b.weight")
			if err != nil || !reflect.DeepEqual(vals, []float32{-1, 0.5, 4, 8}) {
				t.Errorf("ReadF32(b.weight) = %v, %v", vals, err)
			}
			if _, err := r.ReadF32("q"); err == nil || !strings.Contains(err.Error(), "Q8_0") {
				t.Errorf("ReadF32 of a Q8_0 tensor: error %v, want one naming Q8_0", err)
			}
			if _, err := r.ReadF32("nope"); err == nil {
				t.Error("ReadF32 of a missing tensor succeeded")
			}
		})
	}
}

func TestWriteFileLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.gguf")
	if err := WriteFile(path, []KV{{"k", "v"}}, nil); err != nil {
		t.Fatal(err)
	}
	bad := []Tensor{{Name: "x", Dims: []uint64{2}, Type: TensorF32, Data: make([]byte, 4)}}
	if err := WriteFile(path, nil, bad); err == nil {
		t.Fatal("WriteFile with a short tensor succeeded")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "m.gguf" {
		t.Errorf("directory holds %v, want only m.gguf", entries)
	}
	r, err := Open(path) // the failed write left the old file intact
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if v, _ := r.String("k"); v != "v" {
		t.Errorf("k = %q after a failed overwrite", v)
	}
}

func TestWriteRejects(t *testing.T) {
	f32 := func(name string, n int) Tensor { return F32Tensor(name, []uint64{uint64(n)}, make([]float32, n)) }
	tests := []struct {
		name    string
		kv      []KV
		tensors []Tensor
		want    string
	}{
		{"duplicate key", []KV{{"a", 1.0}, {"a", 2.0}}, nil, "duplicate metadata key"},
		{"int", []KV{{"a", 1}}, nil, "unsupported value type int"},
		{"nil", []KV{{"a", nil}}, nil, "unsupported value type"},
		{"[]any of scalars", []KV{{"a", []any{1.0}}}, nil, "may only hold arrays"},
		{"alignment not uint32", []KV{{KeyAlignment, uint64(32)}}, nil, "want uint32"},
		{"alignment not a power of two", []KV{{KeyAlignment, uint32(48)}}, nil, "power of two"},
		{"short data", nil, []Tensor{{Name: "x", Dims: []uint64{2}, Type: TensorF32, Data: make([]byte, 4)}}, "needs 8 bytes, data has 4"},
		{"not a block multiple", nil, []Tensor{{Name: "x", Dims: []uint64{16}, Type: TensorQ8_0, Data: make([]byte, 17)}}, "not a multiple"},
		{"unknown type", nil, []Tensor{{Name: "x", Dims: []uint64{1}, Type: 99, Data: make([]byte, 1)}}, "unknown tensor type"},
		{"duplicate tensor", nil, []Tensor{f32("x", 1), f32("x", 1)}, "duplicate tensor name"},
		{"empty name", nil, []Tensor{f32("", 1)}, "empty name"},
		{"long name", nil, []Tensor{f32(strings.Repeat("n", 64), 1)}, "at most 63"},
		{"five dims", nil, []Tensor{F32Tensor("x", []uint64{1, 1, 1, 1, 1}, []float32{0})}, "at most 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Write(&bytes.Buffer{}, tt.kv, tt.tensors)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if errors.Is(err, ErrFormat) {
				t.Errorf("writer error %v wraps ErrFormat", err)
			}
		})
	}
}

func TestF32TensorPanicsOnWrongLength(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("F32Tensor with 3 values for dims [2 2] did not panic")
		}
	}()
	F32Tensor("x", []uint64{2, 2}, []float32{1, 2, 3})
}
