package tieredcache_test

import (
	"testing"
	"time"

	"github.com/cecbench/cecbench/memorycache"
	"github.com/cecbench/cecbench/qdrantcache"
	"github.com/cecbench/cecbench/qdrantcache/standin"
	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/scoring/cachetest"
	"github.com/cecbench/cecbench/tieredcache"
)

// TestConformanceMemoryOverQdrant runs the shared EmbeddingCache suite on
// the two levels: the in-process cache in front of the Qdrant adapter
// talking gRPC to the in-process Qdrant stand-in.
func TestConformanceMemoryOverQdrant(t *testing.T) {
	cachetest.Run(t, func(t *testing.T) scoring.EmbeddingCache {
		srv, err := standin.Start("127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Stop)
		q, err := qdrantcache.New(qdrantcache.Config{URL: srv.URL(), Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { q.Close() })
		return tieredcache.New(memorycache.New(64<<20), q, tieredcache.Options{})
	})
}
