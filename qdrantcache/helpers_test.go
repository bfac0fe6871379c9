package qdrantcache

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cecbench/cecbench/qdrantcache/standin"
)

// startStandin starts a stand-in Qdrant that stops with the test.
func startStandin(t *testing.T, opts standin.Options) *standin.Server {
	t.Helper()
	s, err := standin.StartWith("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// prefixes numbers the collection prefixes of a test binary's caches.
var prefixes atomic.Int64

// open returns a cache with a collection prefix of its own, closed with
// the test.
func open(t *testing.T, cfg Config) *Cache {
	t.Helper()
	if cfg.CollectionPrefix == "" {
		cfg.CollectionPrefix = fmt.Sprintf("cecbench_test%d_", prefixes.Add(1))
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// within fails the test unless do returns an error wrapping
// ErrUnavailable no later than limit.
func within(t *testing.T, label string, limit time.Duration, do func() error) {
	t.Helper()
	start := time.Now()
	err := do()
	took := time.Since(start)
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("%s: %v; want an error wrapping ErrUnavailable", label, err)
	}
	if took > limit {
		t.Errorf("%s took %v, want at most %v", label, took.Round(time.Millisecond), limit)
	}
}

// eventually retries do for up to 10 s, for a client that reconnects
// with a backoff, and returns its last error.
func eventually(do func() error) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := do()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}
