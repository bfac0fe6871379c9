package qdrantcache

import (
	"errors"
	"testing"

	"github.com/cecbench/cecbench/qdrantcache/standin"
	"github.com/qdrant/go-client/qdrant"
)

// plant writes a point straight into the collection of namespace, at the
// id of text, with the payload given, as a colliding text or another
// embedder would.
func plant(t *testing.T, c *Cache, namespace, text string, vec []float32, payload map[string]*qdrant.Value) {
	t.Helper()
	wait := true
	_, err := c.client.Upsert(t.Context(), &qdrant.UpsertPoints{
		CollectionName: c.CollectionName(namespace),
		Wait:           &wait,
		Points:         []*qdrant.PointStruct{{Id: qdrant.NewIDUUID(pointID(namespace, text).String()), Vectors: qdrant.NewVectorsDense(vec), Payload: payload}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestForeignPointIsAMiss: a point at a text's id whose payload names
// another text or namespace, or is malformed, is a miss, never a vector.
func TestForeignPointIsAMiss(t *testing.T) {
	s := startStandin(t, standin.Options{})
	c := open(t, Config{URL: s.URL()})
	ctx := t.Context()
	const ns = "emb@1"
	if err := c.Put(ctx, ns, []string{"genuine"}, [][]float32{{1, 2}}); err != nil {
		t.Fatal(err)
	}
	str := qdrant.NewValueString
	plant(t, c, ns, "collides", []float32{9, 9}, map[string]*qdrant.Value{"text": str("another text"), "signature": str(ns)})
	plant(t, c, ns, "other embedder", []float32{9, 9}, map[string]*qdrant.Value{"text": str("other embedder"), "signature": str("emb@2")})
	plant(t, c, ns, "no payload", []float32{9, 9}, nil)
	plant(t, c, ns, "", []float32{9, 9}, map[string]*qdrant.Value{"text": qdrant.NewValueInt(0), "signature": str(ns)})

	asked := []string{"genuine", "collides", "other embedder", "no payload", ""}
	got, err := c.Get(ctx, ns, asked)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] == nil || got[0][1] != 2 {
		t.Errorf("the genuine point = %v, want [1 2]", got[0])
	}
	for i, v := range got[1:] {
		if v != nil {
			t.Errorf("foreign point for %q answered %v, want a miss", asked[i+1], v)
		}
	}
}

func TestDimensionChecks(t *testing.T) {
	s := startStandin(t, standin.Options{})
	c := open(t, Config{URL: s.URL()})
	ctx := t.Context()
	if err := c.Put(ctx, "n", []string{"a"}, [][]float32{{1, 2, 3}}); err != nil {
		t.Fatal(err)
	}
	bad := map[string][][]float32{
		"another size than the collection's": {{1, 2}},
		"sizes that differ in one call":      {{1, 2, 3}, {1, 2}},
		"empty vectors":                      {{}},
	}
	for label, vecs := range bad {
		ts := []string{"b", "c"}[:len(vecs)]
		if err := c.Put(ctx, "n", ts, vecs); !errors.Is(err, ErrDimensionMismatch) {
			t.Errorf("Put of %s: %v, want ErrDimensionMismatch", label, err)
		}
	}
	// Another process's cache learns the size from the server.
	other := open(t, Config{URL: s.URL(), CollectionPrefix: c.cfg.CollectionPrefix})
	if err := other.Put(ctx, "n", []string{"b"}, [][]float32{{1, 2}}); !errors.Is(err, ErrDimensionMismatch) {
		t.Errorf("Put of 2-dim vectors into a 3-dim collection made elsewhere: %v, want ErrDimensionMismatch", err)
	}
}

// TestRefusesCosineCollection: a collection that Qdrant normalizes would
// hand back changed vectors, so Put refuses it.
func TestRefusesCosineCollection(t *testing.T) {
	s := startStandin(t, standin.Options{})
	c := open(t, Config{URL: s.URL()})
	err := c.client.CreateCollection(t.Context(), &qdrant.CreateCollection{
		CollectionName: c.CollectionName("n"),
		VectorsConfig:  qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: 2, Distance: qdrant.Distance_Cosine}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Put(t.Context(), "n", []string{"a"}, [][]float32{{3, 4}}); err == nil {
		t.Errorf("Put into a Cosine collection succeeded, want an error")
	}
}

// TestInvalidUTF8Skipped: Qdrant's payload cannot hold such texts, so Put
// skips them and Get reports them as misses, without failing the rest.
func TestInvalidUTF8Skipped(t *testing.T) {
	s := startStandin(t, standin.Options{})
	c := open(t, Config{URL: s.URL()})
	ctx := t.Context()
	ts := []string{"fine", "bad \xff byte"}
	if err := c.Put(ctx, "n", ts, [][]float32{{1}, {2}}); err != nil {
		t.Fatal(err)
	}
	got, err := c.Get(ctx, "n", ts)
	if err != nil || got[0] == nil || got[1] != nil {
		t.Errorf("Get = %v, %v; want a hit and a miss", got, err)
	}
	if err := c.Put(ctx, "bad \xff namespace", ts, [][]float32{{1}, {2}}); err != nil {
		t.Errorf("Put in a namespace that is not UTF-8: %v, want it skipped", err)
	}
	if got, err := c.Get(ctx, "bad \xff namespace", ts); err != nil || got[0] != nil {
		t.Errorf("Get in a namespace that is not UTF-8 = %v, %v; want misses", got, err)
	}
}

// TestRecreatesDroppedCollection: a collection dropped behind the cache's
// back is created again by the next Put.
func TestRecreatesDroppedCollection(t *testing.T) {
	s := startStandin(t, standin.Options{})
	c := open(t, Config{URL: s.URL()})
	ctx := t.Context()
	if err := c.Put(ctx, "n", []string{"a"}, [][]float32{{1}}); err != nil {
		t.Fatal(err)
	}
	if err := c.client.DeleteCollection(ctx, c.CollectionName("n")); err != nil {
		t.Fatal(err)
	}
	if err := c.Put(ctx, "n", []string{"b"}, [][]float32{{2}}); err != nil {
		t.Fatalf("Put after the collection was dropped: %v", err)
	}
	got, err := c.Get(ctx, "n", []string{"a", "b"})
	if err != nil || got[0] != nil || got[1] == nil {
		t.Errorf("Get = %v, %v; want a dropped and a new vector", got, err)
	}
}
