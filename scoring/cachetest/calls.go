package cachetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/cecbench/cecbench/scoring"
)

// get calls c.Get and fails the test on an error, a panic, or an answer
// without one entry per text.
func get(t *testing.T, c scoring.EmbeddingCache, ns string, texts []string) [][]float32 {
	t.Helper()
	got, err := safeGet(context.Background(), c, ns, texts)
	if err != nil {
		t.Fatalf("Get(%q, %d texts): %v", ns, len(texts), err)
	}
	return got
}

// put calls c.Put and fails the test on an error or a panic.
func put(t *testing.T, c scoring.EmbeddingCache, ns string, texts []string, vecs [][]float32) {
	t.Helper()
	if err := safePut(context.Background(), c, ns, texts, vecs); err != nil {
		t.Fatalf("Put(%q, %d texts): %v", ns, len(texts), err)
	}
}

// safeGet calls c.Get, turning a panic into an error and checking that a
// successful answer has one entry per text.
func safeGet(ctx context.Context, c scoring.EmbeddingCache, ns string, texts []string) (got [][]float32, err error) {
	defer func() {
		if p := recover(); p != nil {
			got, err = nil, fmt.Errorf("Get %w: %v", errPanicked, p)
		}
	}()
	got, err = c.Get(ctx, ns, texts)
	if err == nil && len(got) != len(texts) {
		return nil, fmt.Errorf("Get answered %d entries for %d texts", len(got), len(texts))
	}
	return got, err
}

// safePut calls c.Put, turning a panic into an error.
func safePut(ctx context.Context, c scoring.EmbeddingCache, ns string, texts []string, vecs [][]float32) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("Put %w: %v", errPanicked, p)
		}
	}()
	return c.Put(ctx, ns, texts, vecs)
}

// errPanicked marks an error made from a recovered panic.
var errPanicked = errors.New("panicked")
