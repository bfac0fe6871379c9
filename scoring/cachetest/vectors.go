package cachetest

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"testing"
)

// vec returns a deterministic vector of length dim for seed. From length 4
// on it holds a negative zero and the smallest subnormal float32, which a
// cache that re-encodes or normalizes vectors would not return unchanged.
func vec(seed string, dim int) []float32 {
	h := fnv.New64a()
	h.Write([]byte(seed))
	r := rand.New(rand.NewPCG(h.Sum64(), uint64(dim)))
	v := make([]float32, dim)
	for i := range v {
		v[i] = float32(r.Float64()*2 - 1)
	}
	if dim >= 4 {
		v[1] = float32(math.Copysign(0, -1))
		v[2] = math.SmallestNonzeroFloat32
	}
	return v
}

// vecs returns vec(prefix+text, dim) for each text.
func vecs(prefix string, texts []string, dim int) [][]float32 {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = vec(prefix+t, dim)
	}
	return out
}

// sameBits reports whether a and b hold the same float32 bit patterns.
func sameBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

// expect checks got[i] against want[i] (nil: a miss) for every i.
func expect(t *testing.T, label string, texts []string, got, want [][]float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d entries, want %d", label, len(got), len(want))
	}
	bad := 0
	for i := range want {
		if msg := diff(got[i], want[i]); msg != "" {
			bad++
			if bad <= 5 {
				t.Errorf("%s: entry %d (text %s): %s", label, i, short(texts[i]), msg)
			}
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d entries wrong in all", label, bad)
	}
}

// diff describes how got differs from want, "" when it does not.
func diff(got, want []float32) string {
	switch {
	case want == nil && got != nil:
		return fmt.Sprintf("a hit (%d dims), want a miss", len(got))
	case want != nil && got == nil:
		return "a miss, want a hit"
	case !sameBits(got, want):
		return fmt.Sprintf("vector differs: got %d dims starting %v, want %d dims starting %v",
			len(got), head(got), len(want), head(want))
	}
	return ""
}

func head(v []float32) []float32 { return v[:min(len(v), 4)] }

// short quotes a text, cut to 40 bytes for messages.
func short(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%q… (%d bytes)", s[:40], len(s))
	}
	return fmt.Sprintf("%q", s)
}
