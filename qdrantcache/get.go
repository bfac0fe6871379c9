package qdrantcache

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/qdrant/go-client/qdrant"
)

// Payload fields of a point.
const (
	fieldText      = "text"
	fieldSignature = "signature"
)

// Get returns the cached vector of each text, nil for a miss, in one
// retrieve call (more only above 1,000 distinct texts). A missing
// collection means all misses. A point whose payload names another text
// or namespace is a miss. Texts or a namespace that are not valid UTF-8
// are never stored (see Put), so they are misses without a call.
func (c *Cache) Get(ctx context.Context, namespace string, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	if len(texts) == 0 || !utf8.ValidString(namespace) {
		return out, nil
	}
	name := c.CollectionName(namespace)
	if c.knownAbsent(name) {
		return out, nil
	}
	ids, wanted := c.distinctIDs(namespace, texts)
	call, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	for _, b := range batches(len(ids), func(i int) int { return len(texts[wanted[ids[i]][0]]) + 64 }) {
		asked := make([]*qdrant.PointId, 0, b.to-b.from)
		for _, id := range ids[b.from:b.to] {
			asked = append(asked, qdrant.NewIDUUID(id.String()))
		}
		found, err := c.client.Get(call, &qdrant.GetPoints{
			CollectionName: name,
			Ids:            asked,
			WithPayload:    qdrant.NewWithPayloadInclude(fieldText, fieldSignature),
			WithVectors:    qdrant.NewWithVectors(true),
		})
		if isNotFound(err) {
			c.remember(name, 0)
			return make([][]float32, len(texts)), nil
		}
		if err != nil {
			return nil, c.failure(ctx, fmt.Sprintf("get %d points from collection %q", len(asked), name), err)
		}
		c.fill(out, namespace, texts, wanted, found)
	}
	return out, nil
}

// distinctIDs returns the point ids of the valid texts, each once in the
// order first asked, and for each id the indexes of the texts asking it.
func (c *Cache) distinctIDs(namespace string, texts []string) ([]uuid.UUID, map[uuid.UUID][]int) {
	var ids []uuid.UUID
	wanted := map[uuid.UUID][]int{}
	for i, t := range texts {
		if !utf8.ValidString(t) {
			continue
		}
		id := pointID(namespace, t)
		if _, ok := wanted[id]; !ok {
			ids = append(ids, id)
		}
		wanted[id] = append(wanted[id], i)
	}
	return ids, wanted
}

// fill puts each found point's vector in out at the indexes of the texts
// it belongs to, checking its payload against each.
func (c *Cache) fill(out [][]float32, namespace string, texts []string, wanted map[uuid.UUID][]int, found []*qdrant.RetrievedPoint) {
	for _, p := range found {
		id, err := uuid.Parse(p.GetId().GetUuid())
		if err != nil {
			continue // a numeric id: not one of ours
		}
		vec := p.GetVectors().GetVector().GetDenseVector().GetData()
		if len(vec) == 0 {
			continue
		}
		signature, ok := stringField(p.GetPayload(), fieldSignature)
		if !ok || signature != namespace {
			continue
		}
		text, ok := stringField(p.GetPayload(), fieldText)
		if !ok {
			continue
		}
		first := true
		for _, i := range wanted[id] {
			if texts[i] != text {
				continue
			}
			if first {
				out[i], first = vec, false
			} else {
				out[i] = append([]float32(nil), vec...) // each entry its own slice
			}
		}
	}
}

// stringField returns payload[key] when it is a string.
func stringField(payload map[string]*qdrant.Value, key string) (string, bool) {
	v, ok := payload[key].GetKind().(*qdrant.Value_StringValue)
	if !ok {
		return "", false
	}
	return v.StringValue, true
}
