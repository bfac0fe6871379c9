package qdrantcache

import (
	"testing"

	"github.com/cecbench/cecbench/qdrantcache/standin"
	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/scoring/cachetest"
)

// TestConformanceStandin runs the EmbeddingCache suite against the
// stand-in Qdrant, each check on fresh collections.
func TestConformanceStandin(t *testing.T) {
	s := startStandin(t, standin.Options{})
	cachetest.Run(t, func(t *testing.T) scoring.EmbeddingCache {
		return open(t, Config{URL: s.URL()})
	})
}
