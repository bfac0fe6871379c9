package uselite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/cecbench/cecbench/uselite"
)

func Example() {
	// The model is the unpacked npm package that `make models` fetches.
	dir := filepath.Join("..", "models", "model-embeddings-en-0.2.0")
	if env := os.Getenv("CECBENCH_MODELS_DIR"); env != "" {
		dir = filepath.Join(env, "model-embeddings-en-0.2.0")
	}
	enc, err := uselite.Load(dir)
	if err != nil {
		log.Fatal(err)
	}
	vecs, err := enc.Embed(context.Background(), []string{
		"Global warming is driving polar bears toward extinction.",
		"Climate change threatens polar bear populations.",
		"The stock market closed higher on Friday.",
	})
	if err != nil {
		log.Fatal(err)
	}
	dot := func(a, b []float32) (s float32) {
		for i := range a {
			s += a[i] * b[i]
		}
		return s
	}
	fmt.Println(enc.ID(), len(vecs), enc.Dim())
	fmt.Println("related pair more similar:", dot(vecs[0], vecs[1]) > dot(vecs[0], vecs[2]))
	// Output:
	// use-lite-en@0.2.0 3 512
	// related pair more similar: true
}
