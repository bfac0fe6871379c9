package cachetest

import (
	"context"
	"errors"
	"testing"

	"github.com/cecbench/cecbench/scoring"
)

// checkCancelledContext calls Get and Put with a context cancelled
// beforehand. Either an error or a normal answer is accepted (see the
// package doc); a panic is not, and the cache must work afterwards.
func checkCancelledContext(t *testing.T, c scoring.EmbeddingCache) {
	texts := []string{"before", "during"}
	want := vecs("ctx", texts, 8)
	put(t, c, ns, texts[:1], want[:1])

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := safeGet(ctx, c, ns, texts)
	switch {
	case errors.Is(err, errPanicked):
		t.Errorf("Get with a cancelled context: %v", err)
	case err != nil:
		t.Logf("Get with a cancelled context failed, as allowed: %v", err)
	default:
		for i, v := range got {
			if v != nil && !sameBits(v, want[i]) {
				t.Errorf("Get with a cancelled context answered a wrong vector for %q", texts[i])
			}
		}
	}
	err = safePut(ctx, c, ns, texts[1:], want[1:])
	if errors.Is(err, errPanicked) {
		t.Errorf("Put with a cancelled context: %v", err)
	} else if err != nil {
		t.Logf("Put with a cancelled context failed, as allowed: %v", err)
	}

	put(t, c, ns, texts[1:], want[1:])
	expect(t, "Get with a live context afterwards", texts, get(t, c, ns, texts), want)
}

// checkLengthMismatch calls Put with more texts than vectors and the other
// way round: each must fail with an error and store nothing.
func checkLengthMismatch(t *testing.T, c scoring.EmbeddingCache) {
	texts := []string{"left", "right"}
	cases := []struct {
		label string
		texts []string
		vecs  [][]float32
	}{
		{"2 texts, 1 vector", texts, vecs("mismatch", texts[:1], 8)},
		{"1 text, 2 vectors", texts[:1], vecs("mismatch", texts, 8)},
		{"1 text, no vectors", texts[:1], nil},
	}
	for _, k := range cases {
		err := safePut(context.Background(), c, ns, k.texts, k.vecs)
		switch {
		case err == nil:
			t.Errorf("Put with %s succeeded, want an error", k.label)
		case errors.Is(err, errPanicked):
			t.Errorf("Put with %s: %v; want an error", k.label, err)
		}
	}
	expect(t, "Get after the failed Puts", texts, get(t, c, ns, texts), [][]float32{nil, nil})
}
