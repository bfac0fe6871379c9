package qdrantcache

import (
	"fmt"
	"maps"
	"testing"

	"github.com/cecbench/cecbench/qdrantcache/standin"
)

// texts returns n distinct texts.
func texts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("sentence %d", i)
	}
	return out
}

// vectors returns n vectors of dim dimensions.
func vectors(n, dim int) [][]float32 {
	out := make([][]float32, n)
	for i := range out {
		out[i] = make([]float32, dim)
		out[i][0] = float32(i)
	}
	return out
}

// expectCalls compares the stand-in's counts with want and resets them.
func expectCalls(t *testing.T, s *standin.Server, label string, want map[string]int) {
	t.Helper()
	if got := s.Calls(); !maps.Equal(got, want) {
		t.Errorf("%s: calls %v, want %v", label, got, want)
	}
	s.ResetCalls()
}

func TestOneCallPerGetAndPut(t *testing.T) {
	s := startStandin(t, standin.Options{})
	c := open(t, Config{URL: s.URL()})
	ctx := t.Context()
	ts := texts(800)

	if _, err := c.Get(ctx, "n", ts); err != nil {
		t.Fatal(err)
	}
	expectCalls(t, s, "Get before the collection exists", map[string]int{"Points/Get": 1})
	if _, err := c.Get(ctx, "n", ts); err != nil {
		t.Fatal(err)
	}
	expectCalls(t, s, "Get again soon after", map[string]int{})

	if err := c.Put(ctx, "n", ts, vectors(len(ts), 4)); err != nil {
		t.Fatal(err)
	}
	expectCalls(t, s, "first Put", map[string]int{"Collections/Create": 1, "Points/Upsert": 1})
	if err := c.Put(ctx, "n", ts[:10], vectors(10, 4)); err != nil {
		t.Fatal(err)
	}
	expectCalls(t, s, "second Put", map[string]int{"Points/Upsert": 1})

	asked := append(append(append([]string(nil), ts...), ts...), "a miss") // duplicates: one id each
	got, err := c.Get(ctx, "n", asked)
	if err != nil {
		t.Fatal(err)
	}
	if got[len(ts)+5] == nil || got[len(got)-1] != nil {
		t.Errorf("Get of duplicates and a miss answered wrongly")
	}
	expectCalls(t, s, "Get of 1,601 texts, 801 distinct", map[string]int{"Points/Get": 1})
}

func TestChunksAboveMaxBatch(t *testing.T) {
	s := startStandin(t, standin.Options{})
	c := open(t, Config{URL: s.URL()})
	ctx := t.Context()
	ts := texts(2*maxBatch + 1)
	if err := c.Put(ctx, "n", ts, vectors(len(ts), 4)); err != nil {
		t.Fatal(err)
	}
	expectCalls(t, s, "Put of 2,001", map[string]int{"Collections/Create": 1, "Points/Upsert": 3})
	got, err := c.Get(ctx, "n", ts)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if v == nil || v[0] != float32(i) {
			t.Fatalf("entry %d = %v after a chunked Put and Get", i, v)
		}
	}
	expectCalls(t, s, "Get of 2,001", map[string]int{"Points/Get": 3})
}

// TestCollectionMadeElsewhere: a second cache (another replica) finds the
// collection the first created, reads its size once, and shares its data.
func TestCollectionMadeElsewhere(t *testing.T) {
	s := startStandin(t, standin.Options{})
	first := open(t, Config{URL: s.URL(), CollectionPrefix: "shared_"})
	second := open(t, Config{URL: s.URL(), CollectionPrefix: "shared_"})
	ctx := t.Context()
	if err := first.Put(ctx, "n", []string{"a"}, vectors(1, 3)); err != nil {
		t.Fatal(err)
	}
	s.ResetCalls()
	if err := second.Put(ctx, "n", []string{"b"}, [][]float32{{7, 8, 9}}); err != nil {
		t.Fatal(err)
	}
	expectCalls(t, s, "Put into a collection made elsewhere", map[string]int{"Collections/Create": 1, "Collections/Get": 1, "Points/Upsert": 1})
	got, err := first.Get(ctx, "n", []string{"a", "b"})
	if err != nil || got[0] == nil || got[1] == nil || got[1][2] != 9 {
		t.Errorf("Get across caches = %v, %v", got, err)
	}
	if err := second.Put(ctx, "n", []string{"c"}, vectors(1, 3)); err != nil {
		t.Fatal(err)
	}
	s.ResetCalls()
	if err := second.Put(ctx, "n", []string{"c"}, vectors(1, 3)); err != nil {
		t.Fatal(err)
	}
	expectCalls(t, s, "later Put", map[string]int{"Points/Upsert": 1})
}
