// Package tieredcache puts a fast in-process embedding cache in front of a
// shared one (Qdrant), so that a hot sentence costs no network call and a
// sentence embedded by any replica is embedded once.
//
// The shared level may be slow or down; scoring must still answer. Any
// error from it counts as a miss (the sentence is embedded again), marks
// the cache degraded, and the shared level is left alone for RetryAfter,
// so a dead Qdrant costs one timeout per RetryAfter rather than one per
// request. The first call after that tries again, and a success clears
// the degraded state: it recovers by itself.
package tieredcache

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cecbench/cecbench/scoring"
)

// The levels, as metrics label them.
const (
	LevelMemory = "memory"
	LevelShared = "shared"
)

// Observer receives counts for monitoring; its methods must be cheap and
// safe for concurrent use.
type Observer interface {
	// Lookup counts the hits and misses of one lookup at a level.
	Lookup(level string, hits, misses int)
	// SharedError counts a failed call to the shared level (op: get,
	// put, ping).
	SharedError(op string)
	// SharedCall times one call to the shared level (op: get, put), one
	// batch of sentences, failed or not.
	SharedCall(op string, d time.Duration)
}

// Options tune a Cache.
type Options struct {
	// RetryAfter is how long the shared level is left alone after an
	// error (default 5 s).
	RetryAfter time.Duration
	Observer   Observer
	Log        *slog.Logger
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

// Health is the state of the shared level.
type Health struct {
	// Degraded is true from a failed call until the next successful one.
	Degraded bool `json:"degraded"`
	// LastError is the latest failure, kept after recovery.
	LastError string `json:"last_error,omitempty"`
	// Since is when the current state began (zero before any change).
	Since time.Time `json:"since,omitzero"`
}

// Cache is a two-level scoring.EmbeddingCache.
type Cache struct {
	memory, shared scoring.EmbeddingCache
	o              Options

	mu      sync.Mutex
	health  Health
	retryAt time.Time
}

var _ scoring.EmbeddingCache = (*Cache)(nil)

// New returns the cache with memory in front of shared.
func New(memory, shared scoring.EmbeddingCache, o Options) *Cache {
	if o.RetryAfter <= 0 {
		o.RetryAfter = 5 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Observer == nil {
		o.Observer = noObserver{}
	}
	return &Cache{memory: memory, shared: shared, o: o}
}

// Pinger is a shared level that can be checked without a lookup.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Health reports the shared level's state. While it is degraded and its
// retry time has come, a shared level that is a Pinger is pinged first, so
// that readiness probes see a recovery even when every sentence asked for
// is already in memory.
func (c *Cache) Health(ctx context.Context) Health {
	if p, ok := c.shared.(Pinger); ok && c.Degraded() && c.sharedUsable() {
		if err := p.Ping(ctx); err != nil {
			c.failed(ctx, "ping", err)
		} else {
			c.succeeded()
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.health
}

// Degraded reports whether the shared level is failing, without a ping.
func (c *Cache) Degraded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.health.Degraded
}

// Get looks in memory first, then asks the shared level for the misses
// only (in one call), and keeps what it finds in memory. A failing shared
// level is not an error: its sentences are misses.
func (c *Cache) Get(ctx context.Context, namespace string, texts []string) ([][]float32, error) {
	out, err := c.memory.Get(ctx, namespace, texts)
	if err != nil {
		return nil, err
	}
	var missed []int
	for i, v := range out {
		if v == nil {
			missed = append(missed, i)
		}
	}
	c.o.Observer.Lookup(LevelMemory, len(texts)-len(missed), len(missed))
	if len(missed) == 0 || !c.sharedUsable() {
		return out, nil
	}
	ask := make([]string, len(missed))
	for j, i := range missed {
		ask[j] = texts[i]
	}
	start := c.o.Now()
	got, err := c.shared.Get(ctx, namespace, ask)
	c.o.Observer.SharedCall("get", c.o.Now().Sub(start))
	if err == nil && len(got) != len(ask) {
		err = fmt.Errorf("the shared cache answered %d entries for %d texts", len(got), len(ask))
	}
	if err != nil {
		c.failed(ctx, "get", err)
		return out, nil
	}
	c.succeeded()
	var foundTexts []string
	var foundVecs [][]float32
	for j, v := range got {
		if v != nil {
			out[missed[j]] = v
			foundTexts = append(foundTexts, ask[j])
			foundVecs = append(foundVecs, v)
		}
	}
	c.o.Observer.Lookup(LevelShared, len(foundTexts), len(ask)-len(foundTexts))
	if len(foundTexts) > 0 {
		if err := c.memory.Put(ctx, namespace, foundTexts, foundVecs); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Put stores the vectors in memory and in the shared level; a failing
// shared level is not an error (the vectors are still in memory).
func (c *Cache) Put(ctx context.Context, namespace string, texts []string, vecs [][]float32) error {
	if err := c.memory.Put(ctx, namespace, texts, vecs); err != nil {
		return err
	}
	if len(texts) == 0 || !c.sharedUsable() {
		return nil
	}
	start := c.o.Now()
	err := c.shared.Put(ctx, namespace, texts, vecs)
	c.o.Observer.SharedCall("put", c.o.Now().Sub(start))
	if err != nil {
		c.failed(ctx, "put", err)
		return nil
	}
	c.succeeded()
	return nil
}

// sharedUsable reports whether the shared level may be called now: it is
// healthy, or its retry time has come.
func (c *Cache) sharedUsable() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.health.Degraded || !c.o.Now().Before(c.retryAt)
}

func (c *Cache) failed(ctx context.Context, op string, err error) {
	c.o.Observer.SharedError(op)
	if ctx.Err() != nil {
		return // the caller gave up; that says nothing about the shared level
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.o.Now()
	if !c.health.Degraded {
		c.health.Since = now
		c.o.Log.Warn("shared embedding cache failing; embedding without it", "op", op, "err", err, "retry_after", c.o.RetryAfter)
	}
	c.health.Degraded, c.health.LastError = true, op+": "+err.Error()
	c.retryAt = now.Add(c.o.RetryAfter)
}

func (c *Cache) succeeded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.health.Degraded {
		c.health.Degraded, c.health.Since = false, c.o.Now()
		c.o.Log.Info("shared embedding cache recovered")
	}
}

type noObserver struct{}

func (noObserver) Lookup(string, int, int)          {}
func (noObserver) SharedError(string)               {}
func (noObserver) SharedCall(string, time.Duration) {}
