package cachetest

import (
	"testing"

	"github.com/cecbench/cecbench/scoring"
)

const ns = "cachetest-emb@1#0123456789ab"

func checkEmptyCacheMisses(t *testing.T, c scoring.EmbeddingCache) {
	texts := []string{"never stored", "nor this one", "never stored"}
	expect(t, "Get on an empty cache", texts, get(t, c, ns, texts), make([][]float32, len(texts)))
}

// checkPutThenGet asks, in an order unlike the Put's, for stored texts,
// duplicates and misses mixed.
func checkPutThenGet(t *testing.T, c scoring.EmbeddingCache) {
	stored := []string{"a", "b", "c", "dup", "dup"}
	vs := vecs("", stored, 8)
	vs[4] = vs[3] // the same text twice in one Put, with its one vector
	put(t, c, ns, stored, vs)

	a, b, cc, dup := vs[0], vs[1], vs[2], vs[3]
	asked := []string{"c", "missing-1", "a", "a", "dup", "b", "missing-2", "c", "missing-1"}
	want := [][]float32{cc, nil, a, a, dup, b, nil, cc, nil}
	expect(t, "Get after Put", asked, get(t, c, ns, asked), want)
}

// checkNamespacesIsolated stores one text in namespaces of different
// dimensions, including two that differ only in characters a name
// sanitizer might fold together.
func checkNamespacesIsolated(t *testing.T, c scoring.EmbeddingCache) {
	text := []string{"the same sentence"}
	spaces := []struct {
		ns  string
		dim int
	}{
		{"emb-a@1#aaaa", 3},
		{"emb-b@2#bbbb", 5},
		{"Emb:A", 4},
		{"emb_a", 4},
		{"emb-a@1#aaab", 3},
	}
	for _, s := range spaces {
		put(t, c, s.ns, text, [][]float32{vec(s.ns, s.dim)})
	}
	for _, s := range spaces {
		expect(t, "Get in "+s.ns, text, get(t, c, s.ns, text), [][]float32{vec(s.ns, s.dim)})
	}
	expect(t, "Get in an unused namespace", text, get(t, c, "emb-c@3#cccc", text), [][]float32{nil})
}

func checkEmptyTextList(t *testing.T, c scoring.EmbeddingCache) {
	put(t, c, ns, nil, nil)
	put(t, c, ns, []string{}, [][]float32{})
	for _, texts := range [][]string{nil, {}} {
		if got := get(t, c, ns, texts); len(got) != 0 {
			t.Errorf("Get of %#v answered %d entries, want none", texts, len(got))
		}
	}
	// The cache still works after the empty calls.
	put(t, c, ns, []string{"x"}, [][]float32{vec("x", 6)})
	expect(t, "Get after empty calls", []string{"x"}, get(t, c, ns, []string{"x"}), [][]float32{vec("x", 6)})
}

// checkOverwrite puts a text twice with different vectors; the cache may
// keep either (see the package doc), but exactly.
func checkOverwrite(t *testing.T, c scoring.EmbeddingCache) {
	texts := []string{"rewritten", "neighbour"}
	first := vecs("first", texts, 8)
	second := vecs("second", texts[:1], 8)
	put(t, c, ns, texts, first)
	put(t, c, ns, texts[:1], second)

	got := get(t, c, ns, texts)
	switch {
	case sameBits(got[0], second[0]):
		t.Logf("the cache keeps the last vector put")
	case sameBits(got[0], first[0]):
		t.Logf("the cache keeps the first vector put")
	default:
		t.Errorf("after two Puts Get answered %s, want one of the two vectors put", diff(got[0], second[0]))
	}
	expect(t, "the neighbour of an overwritten text", texts[1:], got[1:], first[1:])
}

// checkPutCopiesVectors changes the caller's slice after Put; the cache
// must not have kept it.
func checkPutCopiesVectors(t *testing.T, c scoring.EmbeddingCache) {
	v := vec("mine", 8)
	want := append([]float32(nil), v...)
	put(t, c, ns, []string{"mine"}, [][]float32{v})
	for i := range v {
		v[i] = 42
	}
	expect(t, "Get after the caller reused its slice", []string{"mine"}, get(t, c, ns, []string{"mine"}), [][]float32{want})
}
