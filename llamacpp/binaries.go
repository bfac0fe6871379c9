package llamacpp

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Binaries are the programs' paths; "" means not found.
type Binaries struct {
	Server       string // llama-server
	Finetune     string // llama-finetune
	FinetuneLoRA string // llama-finetune-lora
}

// ErrNotInstalled is wrapped by Binaries.Need when a program was not found.
var ErrNotInstalled = errors.New("llama.cpp is not installed: run `bash scripts/llama/install.sh` " +
	"(it installs llama-server and llama-finetune in .cache/llama.cpp/bin), " +
	"or set LLAMA_SERVER_BIN, LLAMA_FINETUNE_BIN or LLAMA_FINETUNE_LORA_BIN to a program's path")

// program is one of the programs FindBinaries looks for.
type program struct {
	name, env string
	field     func(*Binaries) *string
}

// programs lists what FindBinaries looks for, in Binaries' field order.
var programs = []program{
	{"llama-server", "LLAMA_SERVER_BIN", func(b *Binaries) *string { return &b.Server }},
	{"llama-finetune", "LLAMA_FINETUNE_BIN", func(b *Binaries) *string { return &b.Finetune }},
	{"llama-finetune-lora", "LLAMA_FINETUNE_LORA_BIN", func(b *Binaries) *string { return &b.FinetuneLoRA }},
}

// DefaultDirs are the directories FindBinaries should search by default,
// where scripts/llama/install.sh puts its wrappers: .cache/llama.cpp/bin in
// the working directory or the nearest parent directory that has one (so a
// command or test run anywhere in the repository finds them), then
// $LLAMA_CACHE_DIR/bin when that variable is set.
func DefaultDirs(getenv func(string) string) []string {
	dirs := []string{nearestCacheBin()}
	if c := getenv("LLAMA_CACHE_DIR"); c != "" {
		dirs = append(dirs, filepath.Join(c, "bin"))
	}
	return dirs
}

// cacheBin is the install script's default wrapper directory, relative to
// the repository root.
var cacheBin = filepath.Join(".cache", "llama.cpp", "bin")

// nearestCacheBin returns the first cacheBin found in the working directory
// or its parents, or cacheBin itself (relative) when there is none.
func nearestCacheBin() string {
	dir, err := os.Getwd()
	if err != nil {
		return cacheBin
	}
	for {
		bin := filepath.Join(dir, cacheBin)
		if fi, err := os.Stat(bin); err == nil && fi.IsDir() {
			return bin
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return cacheBin
		}
		dir = parent
	}
}

// FindBinaries finds each program: the path in its environment variable
// (LLAMA_SERVER_BIN, LLAMA_FINETUNE_BIN, LLAMA_FINETUNE_LORA_BIN) when set,
// else the first of dirs holding an executable of that name (made absolute),
// else the program on $PATH. A program found nowhere gets "".
func FindBinaries(getenv func(string) string, dirs ...string) Binaries {
	var b Binaries
	for _, p := range programs {
		*p.field(&b) = findProgram(getenv, p, dirs)
	}
	return b
}

// findProgram applies FindBinaries' search order to one program.
func findProgram(getenv func(string) string, p program, dirs []string) string {
	if v := getenv(p.env); v != "" {
		return v
	}
	for _, d := range dirs {
		if path := filepath.Join(d, p.name); isExecutable(path) {
			if abs, err := filepath.Abs(path); err == nil {
				return abs // still right after a change of directory
			}
			return path
		}
	}
	if path, err := exec.LookPath(p.name); err == nil {
		return path
	}
	return ""
}

// isExecutable reports whether path is a regular file (or a link to one)
// with an execute bit set.
func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// Need returns the path of program ("llama-server", "llama-finetune" or
// "llama-finetune-lora"), or an error wrapping ErrNotInstalled that names
// the program and its environment variable.
func (b Binaries) Need(program string) (string, error) {
	for _, p := range programs {
		if p.name != program {
			continue
		}
		if path := *p.field(&b); path != "" {
			return path, nil
		}
		return "", fmt.Errorf("%s not found (set %s to its path): %w", program, p.env, ErrNotInstalled)
	}
	return "", fmt.Errorf("llamacpp: unknown program %q (want llama-server, llama-finetune or llama-finetune-lora)", program)
}
