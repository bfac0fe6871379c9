// Package cachetest is a conformance suite for scoring.EmbeddingCache
// implementations: every cache (in-process, Qdrant, tiered) must pass the
// same checks, so that the scorer can use any of them interchangeably.
//
// Use it from a test of the implementation's package:
//
//	func TestConformance(t *testing.T) {
//		cachetest.Run(t, func(t *testing.T) scoring.EmbeddingCache {
//			return mycache.New(...)
//		})
//	}
//
// What the suite accepts where the interface leaves room:
//   - Overwrite: after two Puts of the same text with different vectors, Get
//     returns exactly one of them (the first or the last), never a mix. A
//     namespace names one embedder, whose vector for a text never changes,
//     so keeping the first is as correct as keeping the last.
//   - A context cancelled before the call: Get and Put either return an
//     error or answer as usual (an in-process cache may ignore the context);
//     they must not panic, a successful Get still has one entry per text,
//     and the cache works normally with a live context afterwards.
//   - Put with len(texts) != len(vecs) must return an error (not panic) and
//     store nothing.
//   - Misses are nil entries; an empty text list gives an empty answer.
//
// Vectors are compared bit for bit (math.Float32bits), including -0 and a
// subnormal value: a cache returns what it was given, never a normalized
// or re-encoded vector.
package cachetest

import (
	"testing"

	"github.com/cecbench/cecbench/scoring"
)

// check is one conformance check, run on a fresh cache.
type check struct {
	name string
	run  func(t *testing.T, c scoring.EmbeddingCache)
}

// checks lists the suite in the order it runs; the names are the subtest
// names and the keys RunExcept takes.
var checks = []check{
	{"EmptyCacheMisses", checkEmptyCacheMisses},
	{"PutThenGet", checkPutThenGet},
	{"NamespacesIsolated", checkNamespacesIsolated},
	{"EmptyTextList", checkEmptyTextList},
	{"UnicodeLongAndEmptyTexts", checkUnicodeLongAndEmptyTexts},
	{"Overwrite", checkOverwrite},
	{"PutCopiesVectors", checkPutCopiesVectors},
	{"Batch1000", checkBatch1000},
	{"Concurrent", checkConcurrent},
	{"CancelledContext", checkCancelledContext},
	{"LengthMismatch", checkLengthMismatch},
}

// Run runs every check as a subtest. open must return a new, empty cache
// each time it is called (for a shared server: a fresh collection prefix or
// database) and may register its cleanup with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) scoring.EmbeddingCache) {
	RunExcept(t, open, nil)
}

// RunExcept is Run with the checks named in known skipped, each with its
// reason logged: for an implementation with a known gap that is tracked
// elsewhere, so that the rest of the suite still guards it. A name that is
// not a check fails the test, so a renamed check cannot be skipped silently.
func RunExcept(t *testing.T, open func(t *testing.T) scoring.EmbeddingCache, known map[string]string) {
	t.Helper()
	names := map[string]bool{}
	for _, c := range checks {
		names[c.name] = true
	}
	for name := range known {
		if !names[name] {
			t.Errorf("cachetest: RunExcept names %q, which is not a check of the suite", name)
		}
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if reason, ok := known[c.name]; ok {
				t.Skipf("known gap: %s", reason)
			}
			c.run(t, open(t))
		})
	}
}
