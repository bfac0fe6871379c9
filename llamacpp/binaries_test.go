package llamacpp

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// envMap is a getenv backed by a map.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// writeFile creates path with the given mode, and its directory.
func writeFile(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"), mode); err != nil {
		t.Fatal(err)
	}
}

func TestFindBinaries(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // nothing on $PATH
	first, second := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(first, "llama-finetune"), 0o644) // not executable: skipped
	writeFile(t, filepath.Join(second, "llama-finetune"), 0o755)
	writeFile(t, filepath.Join(first, "llama-server"), 0o755)
	writeFile(t, filepath.Join(second, "llama-server"), 0o755)
	if err := os.Mkdir(filepath.Join(second, "llama-finetune-lora"), 0o755); err != nil { // a directory: skipped
		t.Fatal(err)
	}

	tests := []struct {
		name string
		env  map[string]string
		dirs []string
		want Binaries
	}{
		{"first dir wins, non-executables skipped", nil, []string{first, second},
			Binaries{Server: filepath.Join(first, "llama-server"), Finetune: filepath.Join(second, "llama-finetune")}},
		{"env var wins", map[string]string{"LLAMA_SERVER_BIN": "/opt/s", "LLAMA_FINETUNE_LORA_BIN": "/opt/l"}, []string{first},
			Binaries{Server: "/opt/s", FinetuneLoRA: "/opt/l"}},
		{"nothing", nil, nil, Binaries{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FindBinaries(envMap(tt.env), tt.dirs...); got != tt.want {
				t.Errorf("FindBinaries = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestFindBinariesOnPath(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "llama-finetune-lora"), 0o755)
	t.Setenv("PATH", dir)
	got := FindBinaries(envMap(nil), t.TempDir())
	if want := filepath.Join(dir, "llama-finetune-lora"); got.FinetuneLoRA != want {
		t.Errorf("FinetuneLoRA = %q, want %q from $PATH", got.FinetuneLoRA, want)
	}
}

func TestDefaultDirs(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	tests := []struct {
		env  map[string]string
		want []string
	}{
		{nil, []string{".cache/llama.cpp/bin"}},
		{map[string]string{"LLAMA_CACHE_DIR": "/c"}, []string{".cache/llama.cpp/bin", "/c/bin"}},
	}
	for _, tt := range tests {
		if got := DefaultDirs(envMap(tt.env)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DefaultDirs(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
	// The nearest parent's .cache/llama.cpp/bin, from anywhere below it.
	bin := filepath.Join(root, ".cache", "llama.cpp", "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := DefaultDirs(envMap(nil)); !reflect.DeepEqual(got, []string{bin}) {
		t.Errorf("DefaultDirs below %s = %q, want %q", root, got, []string{bin})
	}
}

func TestNeed(t *testing.T) {
	b := Binaries{Server: "/bin/llama-server"}
	tests := []struct {
		program      string
		wantPath     string
		wantNotFound bool
		wantInErr    string
	}{
		{"llama-server", "/bin/llama-server", false, ""},
		{"llama-finetune", "", true, "LLAMA_FINETUNE_BIN"},
		{"llama-finetune-lora", "", true, "LLAMA_FINETUNE_LORA_BIN"},
		{"llama-cli", "", false, "unknown program"},
	}
	for _, tt := range tests {
		t.Run(tt.program, func(t *testing.T) {
			path, err := b.Need(tt.program)
			if path != tt.wantPath {
				t.Errorf("path = %q, want %q", path, tt.wantPath)
			}
			if got := errors.Is(err, ErrNotInstalled); got != tt.wantNotFound {
				t.Errorf("errors.Is(%v, ErrNotInstalled) = %v, want %v", err, got, tt.wantNotFound)
			}
			if tt.wantInErr == "" && err != nil || tt.wantInErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantInErr)) {
				t.Errorf("err = %v, want one containing %q", err, tt.wantInErr)
			}
			if tt.wantNotFound && !strings.Contains(err.Error(), "bash scripts/llama/install.sh") {
				t.Errorf("err = %v, want it to say how to install", err)
			}
		})
	}
}
