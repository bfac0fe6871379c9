package main

import (
	"context"
	"fmt"
	"time"

	"github.com/cecbench/cecbench/scripts/bench/benchserver"
)

// Metric names of the server (package server, metrics.go).
const (
	batchSize    = "cecbench_embedding_batch_size"
	levelLookups = "cecbench_embedding_cache_level_lookups_total"
	sharedCall   = "cecbench_embedding_cache_shared_call_seconds"
	sharedErrors = "cecbench_embedding_cache_shared_errors_total"
)

// runResult is one scoring of all pairs: the answers, the wall time and
// what changed on the server and in Qdrant meanwhile.
type runResult struct {
	name     string
	requests int
	wall     time.Duration
	scores   []score

	embedded, encoderBatches float64 // sentences embedded, in so many encoder batches
	memHit, memMiss          float64
	sharedHit, sharedMiss    float64
	sharedErrors             float64
	get, put                 callStats
	rpcs                     map[string]int // nil when not counted
}

// callStats are the calls of one op to the shared level: count, total
// seconds and the cumulative buckets of their durations.
type callStats struct {
	count, sum float64
	buckets    []bucket
}

// measure scores all pairs on the server and records the deltas.
func measure(ctx context.Context, name string, s *benchserver.Server, q *qdrant, pairs []pair, per int) (runResult, error) {
	r := runResult{name: name, requests: requests(len(pairs), per)}
	before, err := scrape(ctx, s.URL)
	if err != nil {
		return r, err
	}
	calls0 := q.calls()
	r.scores, r.wall, err = scoreAll(ctx, s.URL, pairs, per)
	if err != nil {
		return r, fmt.Errorf("%s run: %w", name, err)
	}
	calls1 := q.calls()
	after, err := scrape(ctx, s.URL)
	if err != nil {
		return r, err
	}
	delta := func(name string, kv ...string) float64 { return after.value(name, kv...) - before.value(name, kv...) }
	r.embedded, r.encoderBatches = delta(batchSize+"_sum"), delta(batchSize+"_count")
	r.memHit, r.memMiss = delta(levelLookups, "level", "memory", "result", "hit"), delta(levelLookups, "level", "memory", "result", "miss")
	r.sharedHit, r.sharedMiss = delta(levelLookups, "level", "shared", "result", "hit"), delta(levelLookups, "level", "shared", "result", "miss")
	r.sharedErrors = delta(sharedErrors)
	for op, st := range map[string]*callStats{"get": &r.get, "put": &r.put} {
		st.count, st.sum = delta(sharedCall+"_count", "op", op), delta(sharedCall+"_sum", "op", op)
		b0, err := before.buckets(sharedCall, "op", op)
		if err != nil {
			return r, err
		}
		b1, err := after.buckets(sharedCall, "op", op)
		if err != nil {
			return r, err
		}
		st.buckets = bucketDelta(b0, b1)
	}
	if calls1 != nil {
		r.rpcs = map[string]int{}
		for k, v := range calls1 {
			if d := v - calls0[k]; d != 0 {
				r.rpcs[k] = d
			}
		}
	}
	fmt.Printf("run:     %-13s %7.2f s wall, %d requests, %.0f sentences embedded\n", name, r.wall.Seconds(), r.requests, r.embedded)
	return r, nil
}
