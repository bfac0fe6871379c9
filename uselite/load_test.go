package uselite

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyModel makes a scratch copy of the model directory in which the files
// named in change are replaced by what change returns (nil removes the
// file); the other files are symlinks to the real ones.
func copyModel(t *testing.T, change map[string]func([]byte) []byte) string {
	t.Helper()
	src := testModelDir(t)
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		f, ok := change[name]
		if !ok {
			if err := os.Symlink(filepath.Join(src, name), filepath.Join(dst, name)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if data = f(data); data == nil {
			continue
		}
		if err := os.WriteFile(filepath.Join(dst, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestLoadErrors(t *testing.T) {
	remove := func([]byte) []byte { return nil }
	tests := []struct {
		name   string
		change map[string]func([]byte) []byte
		want   error
		msg    string
	}{
		{"missing model.json", map[string]func([]byte) []byte{"model.json": remove}, fs.ErrNotExist, "model.json"},
		{"missing vocab", map[string]func([]byte) []byte{"vocab.json": remove}, fs.ErrNotExist, "vocab.json"},
		{"missing shard", map[string]func([]byte) []byte{"group1-shard3of7": remove}, fs.ErrNotExist, "group1-shard3of7"},
		{"truncated shard", map[string]func([]byte) []byte{
			"group1-shard7of7": func(b []byte) []byte { return b[:len(b)/2] },
		}, ErrCorrupt, "shards too short"},
		{"oversized shard", map[string]func([]byte) []byte{
			"group1-shard7of7": func(b []byte) []byte { return append(b, 0, 0, 0, 0) },
		}, ErrCorrupt, "longer than the manifest"},
		{"bad model.json", map[string]func([]byte) []byte{
			"model.json": func(b []byte) []byte { return b[:len(b)/3] },
		}, ErrCorrupt, "model.json"},
		{"renamed weight", map[string]func([]byte) []byte{
			"model.json": func(b []byte) []byte {
				// The manifest entry is the last mention.
				s := string(b)
				i := strings.LastIndex(s, `"module/Embeddings_en"`)
				return []byte(s[:i] + `"module/Embeddings_xx"` + s[i+len(`"module/Embeddings_en"`):])
			},
		}, ErrCorrupt, "module/Embeddings_en"},
		{"reshaped weight", map[string]func([]byte) []byte{
			"model.json": func(b []byte) []byte {
				// The manifest entry (the last mention) gets the same
				// number of elements in another shape.
				s := string(b)
				i := strings.LastIndex(s, `"module/Encoder_en/hidden_layers/tanh_layer_0/bias"`)
				j := strings.Index(s[i:], "512")
				if i < 0 || j < 0 {
					t.Fatal("tanh bias not found in model.json")
				}
				return []byte(s[:i+j] + "2, 256" + s[i+j+3:])
			},
		}, ErrCorrupt, "tanh_layer_0"},
		{"bad vocab", map[string]func([]byte) []byte{
			"vocab.json": func(b []byte) []byte { return []byte(`[["a", 1]]`) },
		}, ErrCorrupt, "vocab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyModel(t, tt.change)
			enc, err := Load(dir)
			if err == nil {
				t.Fatalf("Load succeeded (%v), want an error", enc != nil)
			}
			t.Logf("Load: %v", err)
			if !errors.Is(err, tt.want) {
				t.Errorf("Load: %v; want it to wrap %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Load: %v; want it to mention %q", err, tt.msg)
			}
		})
	}
}

func TestLoadMissingDir(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load of a missing directory: %v, want fs.ErrNotExist", err)
	}
}
