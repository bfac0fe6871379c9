// Command qdrant benchmarks the two-level embedding cache of `cecbench
// serve --qdrant-url`: the in-process cache (memory level) in front of
// Qdrant (shared level). It scores the same pairs three times through
// POST /v1/cec/batch:
//
//  1. cold: a new server, empty memory, empty Qdrant: every sentence is
//     embedded, and stored in both levels;
//  2. warm (memory): the same server again: every sentence is in memory;
//  3. warm (shared): a new server process with a new data dir (another
//     replica: empty memory) on the same Qdrant: every sentence comes from
//     Qdrant.
//
// For each run it prints the wall time of the requests, the sentences
// embedded (the change of the _sum of cecbench_embedding_batch_size), the
// hits and misses of each level (cecbench_embedding_cache_level_lookups_total),
// the Qdrant RPCs (the stand-in's own counters) and the latency of the
// shared-level lookups, one per request with sentences missing from memory
// (the mean, p50 and p99 of cecbench_embedding_cache_shared_call_seconds
// {op="get"}; p50 and p99 are interpolated within the histogram's buckets,
// as Prometheus's histogram_quantile does). It exits with status 1 when a
// warm run embeds any sentence, when a call to Qdrant fails, or when the
// three runs' scores (cec, forward, backward of every pair) are not bit
// for bit the same.
//
// Qdrant is the in-process stand-in of qdrantcache/standin, started on a
// free loopback port, unless -qdrant-url names one (a running
// scripts/bench/qdrant/standin, or a real Qdrant whose collection is new:
// otherwise the first run is not cold); the RPC counts are then not shown.
//
//	go build -o bin/cecbench ./cmd/cecbench
//	go run ./scripts/bench/qdrant -cecbench bin/cecbench -models-dir ./models
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

// options are the command's flags.
type options struct {
	bin        string
	modelsDir  string
	pairsPath  string
	n          int
	perRequest int
	qdrantURL  string
	serverLog  string
	waitReady  time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.bin, "cecbench", "", "the cecbench binary to serve with (go build -o bin/cecbench ./cmd/cecbench); required")
	flag.StringVar(&o.modelsDir, "models-dir", "./models", "the encoder weights, for --models-dir")
	flag.StringVar(&o.pairsPath, "pairs", "scripts/bench/metric_pairs.jsonl", "pairs, one {id, generated, reference} a line")
	flag.IntVar(&o.n, "n", 1535, "score the first n pairs (1,535: one per Climate-FEVER claim)")
	flag.IntVar(&o.perRequest, "per-request", 100, "pairs per POST /v1/cec/batch, at most 2000 (each request is one shared-level lookup)")
	flag.StringVar(&o.qdrantURL, "qdrant-url", "", "use this Qdrant (gRPC URL) instead of starting the in-process stand-in")
	flag.StringVar(&o.serverLog, "server-log", "", "append the servers' JSON logs to this file (default: discard)")
	flag.DurationVar(&o.waitReady, "wait-ready", 2*time.Minute, "how long a server may take to answer /readyz with status ready")
	flag.Parse()
	if o.bin == "" {
		fmt.Fprintln(os.Stderr, "qdrant bench: -cecbench BINARY is required")
		os.Exit(2)
	}
	if o.n < 1 {
		fmt.Fprintln(os.Stderr, "qdrant bench: -n must be at least 1")
		os.Exit(2)
	}
	if o.perRequest < 1 || o.perRequest > maxPairs {
		fmt.Fprintf(os.Stderr, "qdrant bench: -per-request must be 1 to %d\n", maxPairs)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "qdrant bench:", err)
		os.Exit(1)
	}
}

// run does the three runs, prints them and checks them.
func run(ctx context.Context, o options) error {
	pairs, err := readPairs(o.pairsPath, o.n)
	if err != nil {
		return err
	}
	q, err := startQdrant(o.qdrantURL)
	if err != nil {
		return err
	}
	defer q.stop()
	fmt.Printf("qdrant:  %s\n", q.describe())
	fmt.Printf("pairs:   %d from %s, in %d POST /v1/cec/batch requests of at most %d, one after another\n",
		len(pairs), o.pairsPath, requests(len(pairs), o.perRequest), o.perRequest)

	dataDir, err := os.MkdirTemp("", "cecbench-qdrant-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dataDir)

	// Runs 1 and 2 on one server; run 3 on a new one (another replica).
	a, err := startServer(ctx, o, q.url, filepath.Join(dataDir, "a"))
	if err != nil {
		return err
	}
	defer a.Stop(stopGrace)
	cold, err := measure(ctx, "cold", a, q, pairs, o.perRequest)
	if err != nil {
		return err
	}
	warm, err := measure(ctx, "warm (memory)", a, q, pairs, o.perRequest)
	if err != nil {
		return err
	}
	if err := a.Stop(stopGrace); err != nil {
		return err
	}
	fmt.Println("restart: a new server process with a new data dir (empty memory), the same Qdrant")
	b, err := startServer(ctx, o, q.url, filepath.Join(dataDir, "b"))
	if err != nil {
		return err
	}
	defer b.Stop(stopGrace)
	shared, err := measure(ctx, "warm (shared)", b, q, pairs, o.perRequest)
	if err != nil {
		return err
	}
	if err := b.Stop(stopGrace); err != nil {
		return err
	}
	runs := []runResult{cold, warm, shared}
	printRuns(runs, q.counting())
	return check(runs)
}

// requests is how many requests of at most per carry n pairs.
func requests(n, per int) int { return (n + per - 1) / per }
