package qdrantcache

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/scoring/cachetest"
)

// TestConformanceRealQdrant runs the EmbeddingCache suite against a real
// Qdrant when QDRANT_URL names its gRPC endpoint (QDRANT_API_KEY its key,
// if any), e.g. QDRANT_URL=http://localhost:6334. It works in collections
// named cecbench_test_<time>_… and drops them at the end.
func TestConformanceRealQdrant(t *testing.T) {
	url := os.Getenv("QDRANT_URL")
	if url == "" {
		t.Skip("QDRANT_URL not set: skipping the real Qdrant conformance run")
	}
	base := Config{URL: url, APIKey: os.Getenv("QDRANT_API_KEY"), Timeout: 10 * time.Second}
	run := fmt.Sprintf("cecbench_test_%d_", time.Now().UnixNano())
	admin := open(t, Config{URL: base.URL, APIKey: base.APIKey, Timeout: base.Timeout, CollectionPrefix: run})
	if err := admin.Ping(t.Context()); err != nil {
		t.Fatalf("QDRANT_URL=%s does not answer: %v", url, err)
	}
	t.Cleanup(func() { dropPrefixed(t, admin, run) })

	n := 0
	cachetest.Run(t, func(t *testing.T) scoring.EmbeddingCache {
		n++
		cfg := base
		cfg.CollectionPrefix = fmt.Sprintf("%s%d_", run, n)
		return open(t, cfg)
	})
}

// dropPrefixed deletes the collections whose names start with prefix.
func dropPrefixed(t *testing.T, c *Cache, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	names, err := c.client.ListCollections(ctx)
	if err != nil {
		t.Errorf("list collections to drop the test's: %v", err)
		return
	}
	for _, name := range names {
		if strings.HasPrefix(name, prefix) {
			if err := c.client.DeleteCollection(ctx, name); err != nil {
				t.Errorf("drop collection %s: %v", name, err)
			}
		}
	}
}
