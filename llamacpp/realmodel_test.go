package llamacpp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/gguf/testmodel"
)

// realCtx is the context of the real-program tests: llama.cpp pads a
// context to a multiple of 256, and llama-finetune needs -c = -b = -ub to
// equal that padded size (else the K and V projections get no gradients
// and, below 256, training is much slower) and to divide the model's
// trained context (testmodel's default is 256).
const realCtx = 256

// tinyModel writes testmodel's default tiny F32 llama model to a
// temporary directory and returns its path.
func tinyModel(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := testmodel.Write(path, testmodel.DefaultConfig()); err != nil {
		t.Fatalf("write the test model: %v", err)
	}
	return path
}

// trainingText writes about n bytes of plain English sentences to a
// temporary file and returns its path.
func trainingText(t *testing.T, n int) string {
	t.Helper()
	sentences := []string{
		"The climate is warming because carbon dioxide traps heat in the atmosphere.",
		"Scientists have measured the rise of global temperatures over the past century.",
		"Sea level is rising as the ice sheets of Greenland and Antarctica lose mass.",
		"Burning coal, oil and gas adds more greenhouse gases to the air every year.",
	}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(sentences[i%len(sentences)])
		b.WriteByte(' ')
	}
	path := filepath.Join(t.TempDir(), "train.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
