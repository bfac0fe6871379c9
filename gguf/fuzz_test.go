package gguf

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzReadHeader checks that no input panics, that every failure wraps
// ErrFormat, and that every accepted header is self-consistent and writes
// back to the same metadata.
func FuzzReadHeader(f *testing.F) {
	f.Add(validFile(f))
	f.Add(header(magic, uint32(2), uint64(0), uint64(1), "k", uint32(TypeArray), uint32(TypeArray), uint64(1), uint32(TypeBool), uint64(2), []byte{0, 1}))
	f.Add(header(magic, uint32(3), uint64(1), uint64(1), KeyAlignment, uint32(TypeUint32), uint32(64),
		"t", uint32(2), uint64(32), uint64(2), uint32(TensorQ4_0), uint64(0)))
	f.Add([]byte("GGUF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, seekable := range []bool{true, false} {
			var hdr *File
			var err error
			if seekable {
				hdr, err = ReadHeader(bytes.NewReader(data))
			} else {
				hdr, err = ReadHeader(onlyReader{bytes.NewReader(data)})
			}
			if err != nil {
				if !errors.Is(err, ErrFormat) {
					t.Fatalf("error %v does not wrap ErrFormat", err)
				}
				continue
			}
			checkHeader(t, hdr)
		}
	})
}

func checkHeader(t *testing.T, hdr *File) {
	if hdr.Version != 2 && hdr.Version != 3 {
		t.Fatalf("accepted version %d", hdr.Version)
	}
	if hdr.Alignment == 0 || hdr.Alignment&(hdr.Alignment-1) != 0 || uint64(hdr.DataOffset)%hdr.Alignment != 0 {
		t.Fatalf("alignment %d, data offset %d", hdr.Alignment, hdr.DataOffset)
	}
	for _, ti := range hdr.Tensors {
		if len(ti.Dims) > MaxDims || ti.Offset%hdr.Alignment != 0 {
			t.Fatalf("accepted tensor %+v", ti)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, hdr.KV, nil); err != nil {
		t.Fatalf("writing back accepted metadata: %v", err)
	}
	again, err := ReadHeader(&buf)
	if err != nil {
		t.Fatalf("reading back written metadata: %v", err)
	}
	if len(again.KV) != len(hdr.KV) {
		t.Fatalf("%d keys after the round trip, want %d", len(again.KV), len(hdr.KV))
	}
	for i := range again.KV {
		if again.KV[i].Key != hdr.KV[i].Key || !sameValue(again.KV[i].Value, hdr.KV[i].Value) {
			t.Fatalf("key %d: %#v after the round trip, want %#v", i, again.KV[i], hdr.KV[i])
		}
	}
}
