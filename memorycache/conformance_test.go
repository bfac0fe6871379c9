package memorycache_test

import (
	"testing"

	"github.com/cecbench/cecbench/memorycache"
	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/scoring/cachetest"
)

// TestConformance runs the shared EmbeddingCache suite.
func TestConformance(t *testing.T) {
	cachetest.Run(t, func(*testing.T) scoring.EmbeddingCache { return memorycache.New(64 << 20) })
}
