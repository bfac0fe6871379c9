// Package uselitetest finds the encoder weights for tests in any package.
package uselitetest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cecbench/cecbench/uselite"
)

// ModelsDir returns the models directory that holds the verified encoder
// weights: $CECBENCH_MODELS_DIR, else ./models at the module root. It fails
// the test, naming `make models`, when the weights are missing or corrupt.
func ModelsDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("CECBENCH_MODELS_DIR")
	if dir == "" {
		dir = filepath.Join(moduleRoot(tb), "models")
	}
	if err := uselite.Verify(uselite.ModelDir(dir)); err != nil {
		tb.Fatalf("encoder weights for tests: %v", err)
	}
	return dir
}

func moduleRoot(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			tb.Fatalf("no go.mod above %s; set CECBENCH_MODELS_DIR", wd)
		}
	}
}
