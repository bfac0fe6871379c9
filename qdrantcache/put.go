package qdrantcache

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/qdrant/go-client/qdrant"
)

// Put stores vecs[i] for texts[i] in one upsert call (more only above
// 1,000 distinct texts or 16 MiB), waiting until Qdrant has applied it. The
// namespace's collection is created on its first Put with the size of
// these vectors; vectors of another size are an error wrapping
// ErrDimensionMismatch. A text put twice keeps its last vector. Texts or
// a namespace that are not valid UTF-8 cannot be held in Qdrant's payload
// and are skipped: a cache may always decline to store.
func (c *Cache) Put(ctx context.Context, namespace string, texts []string, vecs [][]float32) error {
	if len(texts) != len(vecs) {
		return fmt.Errorf("qdrantcache: put %d texts with %d vectors; they must pair up", len(texts), len(vecs))
	}
	if len(texts) == 0 || !utf8.ValidString(namespace) {
		return nil
	}
	dim, err := commonDim(vecs)
	if err != nil {
		return err
	}
	points := c.pointsOf(namespace, texts, vecs)
	if len(points) == 0 {
		return nil
	}
	name := c.CollectionName(namespace)
	call, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	if err := c.ensure(ctx, call, name, dim); err != nil {
		return err
	}
	err = c.upsert(call, name, points, dim)
	if isNotFound(err) {
		// Dropped since this cache created or saw it: create it again.
		c.remember(name, 0)
		if err := c.ensure(ctx, call, name, dim); err != nil {
			return err
		}
		err = c.upsert(call, name, points, dim)
	}
	if err != nil {
		return c.failure(ctx, fmt.Sprintf("upsert %d points into collection %q", len(points), name), err)
	}
	return nil
}

// commonDim returns the size all vecs share.
func commonDim(vecs [][]float32) (uint64, error) {
	dim := len(vecs[0])
	for i, v := range vecs {
		if len(v) != dim {
			return 0, fmt.Errorf("qdrantcache: put vectors of %d and %d dimensions (vector %d) in one call: %w", dim, len(v), i, ErrDimensionMismatch)
		}
	}
	if dim == 0 {
		return 0, fmt.Errorf("qdrantcache: put empty vectors; Qdrant needs at least one dimension: %w", ErrDimensionMismatch)
	}
	return uint64(dim), nil
}

// pointsOf builds one point per distinct valid text, with the text's last
// vector, in the order the texts first appear.
func (c *Cache) pointsOf(namespace string, texts []string, vecs [][]float32) []*qdrant.PointStruct {
	var points []*qdrant.PointStruct
	at := map[uuid.UUID]int{}
	for i, t := range texts {
		if !utf8.ValidString(t) {
			continue
		}
		id := pointID(namespace, t)
		vectors := qdrant.NewVectorsDense(vecs[i])
		if j, ok := at[id]; ok {
			points[j].Vectors = vectors
			continue
		}
		at[id] = len(points)
		points = append(points, &qdrant.PointStruct{
			Id:      qdrant.NewIDUUID(id.String()),
			Vectors: vectors,
			Payload: map[string]*qdrant.Value{
				fieldText:      qdrant.NewValueString(t),
				fieldSignature: qdrant.NewValueString(namespace),
			},
		})
	}
	return points
}

// upsert writes points to the collection name in as few calls as the
// batch bounds allow.
func (c *Cache) upsert(ctx context.Context, name string, points []*qdrant.PointStruct, dim uint64) error {
	size := func(i int) int {
		return 4*int(dim) + len(points[i].Payload[fieldText].GetStringValue()) + len(points[i].Payload[fieldSignature].GetStringValue()) + 64
	}
	wait := true
	for _, b := range batches(len(points), size) {
		if _, err := c.client.Upsert(ctx, &qdrant.UpsertPoints{CollectionName: name, Wait: &wait, Points: points[b.from:b.to]}); err != nil {
			return err
		}
	}
	return nil
}
