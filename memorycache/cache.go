// Package memorycache is an in-process embedding cache bounded in memory,
// evicting the least recently used vectors first.
package memorycache

import (
	"container/list"
	"context"
	"fmt"
	"sync"
)

// entryOverhead approximates the bytes an entry costs beyond its text and
// vector (list element, map entry, slice headers).
const entryOverhead = 160

// Cache maps (namespace, text) to a vector. It is safe for concurrent use.
type Cache struct {
	maxBytes int64

	mu    sync.Mutex
	bytes int64
	lru   *list.List // front = most recently used; values are *entry
	items map[key]*list.Element
}

type key struct{ namespace, text string }

type entry struct {
	key key
	vec []float32
}

// New returns a cache that holds at most maxBytes of texts and vectors
// (approximately; at least one entry is always kept).
func New(maxBytes int64) *Cache {
	return &Cache{maxBytes: maxBytes, lru: list.New(), items: map[key]*list.Element{}}
}

// Get returns the cached vector for each text, nil where it has none.
// The returned vectors must not be modified.
func (c *Cache) Get(_ context.Context, namespace string, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, t := range texts {
		if el, ok := c.items[key{namespace, t}]; ok {
			c.lru.MoveToFront(el)
			out[i] = el.Value.(*entry).vec
		}
	}
	return out, nil
}

// Put stores a copy of vecs[i] for texts[i], evicting old entries to stay
// within the memory bound. A text already cached keeps its first vector.
func (c *Cache) Put(_ context.Context, namespace string, texts []string, vecs [][]float32) error {
	if len(texts) != len(vecs) {
		return fmt.Errorf("memorycache: %d texts but %d vectors", len(texts), len(vecs))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, t := range texts {
		k := key{namespace, t}
		if el, ok := c.items[k]; ok {
			c.lru.MoveToFront(el)
			continue
		}
		e := &entry{key: k, vec: append([]float32(nil), vecs[i]...)}
		c.items[k] = c.lru.PushFront(e)
		c.bytes += e.size()
	}
	for c.bytes > c.maxBytes && c.lru.Len() > 1 {
		el := c.lru.Back()
		e := el.Value.(*entry)
		c.lru.Remove(el)
		delete(c.items, e.key)
		c.bytes -= e.size()
	}
	return nil
}

// Len returns the number of cached vectors.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// Bytes returns the approximate memory the cache holds.
func (c *Cache) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

func (e *entry) size() int64 {
	return int64(len(e.key.namespace)+len(e.key.text)+4*len(e.vec)) + entryOverhead
}
