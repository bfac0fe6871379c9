package uselite

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// testModelDir finds the model: $CECBENCH_MODELS_DIR/model-embeddings-en-0.2.0,
// else models/model-embeddings-en-0.2.0 in the module root (the directory
// holding go.mod above the working directory).
func testModelDir(tb testing.TB) string {
	tb.Helper()
	var dir string
	if env := os.Getenv("CECBENCH_MODELS_DIR"); env != "" {
		dir = filepath.Join(env, DirName)
	} else {
		wd, err := os.Getwd()
		if err != nil {
			tb.Fatal(err)
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				dir = filepath.Join(d, "models", DirName)
				break
			}
			if filepath.Dir(d) == d {
				tb.Fatalf("no go.mod above %s; set CECBENCH_MODELS_DIR", wd)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "model.json")); err != nil {
		tb.Fatalf("model not found at %s (%v): run `make models` or set CECBENCH_MODELS_DIR", dir, err)
	}
	return dir
}

var (
	sharedOnce sync.Once
	sharedEnc  *Encoder
	sharedErr  error
)

// testEncoder loads the model once for all tests of the package.
func testEncoder(tb testing.TB) *Encoder {
	tb.Helper()
	dir := testModelDir(tb)
	sharedOnce.Do(func() { sharedEnc, sharedErr = Load(dir) })
	if sharedErr != nil {
		tb.Fatalf("Load(%s): %v", dir, sharedErr)
	}
	return sharedEnc
}

// goldenFile is testdata/golden_vectors.json, written by
// scripts/tfjs/golden.js with the reference runtime.
type goldenFile struct {
	Sentences []struct {
		Text   string    `json:"text"`
		IDs    []int     `json:"ids"`
		Single []float32 `json:"single"`
		Batch  []float32 `json:"batch"`
	} `json:"sentences"`
	Empty struct {
		IDs              []int     `json:"ids"`
		AloneError       string    `json:"alone_error"`
		InBatch          []float32 `json:"in_batch"`
		TrailingBatchLen int       `json:"trailing_batch_len"`
	} `json:"empty"`
}

// loadGolden reads the golden vectors.
func loadGolden(tb testing.TB) *goldenFile {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "golden_vectors.json"))
	if err != nil {
		tb.Fatalf("%v (regenerate with `make golden`)", err)
	}
	var g goldenFile
	if err := json.Unmarshal(data, &g); err != nil {
		tb.Fatal(err)
	}
	if len(g.Sentences) < 40 {
		tb.Fatalf("golden file has %d sentences, want at least 40", len(g.Sentences))
	}
	return &g
}

// cosine returns the cosine similarity of a and b in float64.
func cosine(a, b []float32) float64 {
	if len(a) != len(b) {
		return -2
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / (math.Sqrt(na) * math.Sqrt(nb))
}
