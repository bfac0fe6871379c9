package qdrantcache

import (
	"context"
	"fmt"
	"time"

	"github.com/qdrant/go-client/qdrant"
)

// absentFor is how long Get trusts that a collection does not exist
// before asking again, since another replica may create it.
const absentFor = 5 * time.Second

// collectionState is what the cache knows of one collection.
type collectionState struct {
	dim     uint64    // its vector size; 0 when it was found absent
	checked time.Time // when it was found absent
}

// knownAbsent reports whether name was found absent less than absentFor ago.
func (c *Cache) knownAbsent(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.collections[name]
	return ok && s.dim == 0 && time.Since(s.checked) < absentFor
}

// knownDim returns name's vector size, 0 when not known to exist.
func (c *Cache) knownDim(name string) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.collections[name].dim
}

// remember records that name exists with vectors of size dim, or, with
// dim 0, that it does not exist as of now.
func (c *Cache) remember(name string, dim uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.collections[name] = collectionState{dim: dim, checked: time.Now()}
}

// ensure makes sure the collection name exists for vectors of size dim:
// it creates it, or, when it already exists (created by another process
// or an earlier run), reads its configuration and checks that it fits.
func (c *Cache) ensure(parent, ctx context.Context, name string, dim uint64) error {
	if known := c.knownDim(name); known != 0 {
		return checkDim(name, known, dim)
	}
	err := c.client.CreateCollection(ctx, &qdrant.CreateCollection{
		CollectionName: name,
		VectorsConfig:  qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: dim, Distance: qdrant.Distance_Dot}),
	})
	if err == nil {
		c.remember(name, dim)
		return nil
	}
	if !isAlreadyExists(err) {
		return c.failure(parent, fmt.Sprintf("create collection %q", name), err)
	}
	info, err := c.client.GetCollectionInfo(ctx, name)
	if err != nil {
		return c.failure(parent, fmt.Sprintf("read the configuration of collection %q", name), err)
	}
	params := info.GetConfig().GetParams().GetVectorsConfig().GetParams()
	if err := usable(name, params); err != nil {
		return err
	}
	c.remember(name, params.GetSize())
	return checkDim(name, params.GetSize(), dim)
}

// usable checks that an existing collection gives vectors back unchanged.
func usable(name string, p *qdrant.VectorParams) error {
	switch {
	case p == nil:
		return fmt.Errorf("qdrantcache: collection %q exists without a single unnamed vector; it was not made by this cache", name)
	case p.GetDistance() == qdrant.Distance_Cosine:
		return fmt.Errorf("qdrantcache: collection %q uses Cosine distance, for which Qdrant normalizes the vectors it stores; the cache needs them back unchanged (drop the collection)", name)
	case p.GetDatatype() != qdrant.Datatype_Default && p.GetDatatype() != qdrant.Datatype_Float32:
		return fmt.Errorf("qdrantcache: collection %q stores vectors as %v, not float32; the cache needs them back unchanged (drop the collection)", name, p.GetDatatype())
	}
	return nil
}

// checkDim compares the size of the vectors put with the collection's.
func checkDim(name string, have, put uint64) error {
	if have != put {
		return fmt.Errorf("qdrantcache: collection %q holds %d-dimensional vectors, and the Put has %d: %w", name, have, put, ErrDimensionMismatch)
	}
	return nil
}
