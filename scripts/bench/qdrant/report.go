package main

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// printRuns prints the runs as two tables: the work of each run, then the
// latency of its calls to the shared level.
func printRuns(runs []runResult, counted bool) {
	all, distinct := sentenceCounts(runs[0].scores)
	fmt.Printf("\nsentences: %d in the %d pairs' texts, %d distinct\n", all, len(runs[0].scores), distinct)
	fmt.Printf("\n%-14s %8s %8s %9s %8s %17s %17s  %s\n", "run", "requests", "wall s", "embedded", "batches",
		"memory hit/miss", "shared hit/miss", "Qdrant RPCs")
	for _, r := range runs {
		rpcs := "(not counted)"
		if counted {
			rpcs = formatRPCs(r.rpcs)
		}
		fmt.Printf("%-14s %8d %8.2f %9.0f %8.0f %17s %17s  %s\n", r.name, r.requests, r.wall.Seconds(), r.embedded,
			r.encoderBatches, fmt.Sprintf("%.0f/%.0f", r.memHit, r.memMiss), fmt.Sprintf("%.0f/%.0f", r.sharedHit, r.sharedMiss), rpcs)
	}
	fmt.Println("\nshared-level calls, one per request with sentences missing from memory (cecbench_embedding_cache_shared_call_seconds;")
	fmt.Println("p50 and p99 interpolated within its buckets, as histogram_quantile does):")
	fmt.Printf("%-14s %9s %8s %8s %8s %9s %8s\n", "run", "get calls", "mean ms", "p50 ms", "p99 ms", "put calls", "mean ms")
	for _, r := range runs {
		fmt.Printf("%-14s %9.0f %8s %8s %8s %9.0f %8s\n", r.name, r.get.count, ms(r.get.sum/r.get.count),
			ms(quantile(0.5, r.get.buckets)), ms(quantile(0.99, r.get.buckets)), r.put.count, ms(r.put.sum/r.put.count))
	}
}

// ms formats seconds as milliseconds, "-" for no value.
func ms(s float64) string {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return "-"
	}
	return fmt.Sprintf("%.2f", s*1000)
}

// formatRPCs lists the RPCs by name, "none" when there were none.
func formatRPCs(rpcs map[string]int) string {
	if len(rpcs) == 0 {
		return "none"
	}
	var parts []string
	for name, n := range rpcs {
		parts = append(parts, fmt.Sprintf("%s %d", name, n))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// sentenceCounts counts the sentences of every pair, and each distinct
// sentence once, as the server split them.
func sentenceCounts(scores []score) (all, distinct int) {
	seen := map[string]bool{}
	for _, s := range scores {
		for _, t := range append(slices.Clone(s.GeneratedSentences), s.ReferenceSentences...) {
			all++
			if !seen[t] {
				seen[t] = true
				distinct++
			}
		}
	}
	return all, distinct
}

// check prints the targets as PASS/FAIL lines and fails when one fails:
// the warm runs embed nothing, no call to Qdrant failed, and every run
// scored every pair exactly as the first.
func check(runs []runResult) error {
	failed := 0
	line := func(ok bool, format string, args ...any) {
		verdict := "PASS"
		if !ok {
			verdict, failed = "FAIL", failed+1
		}
		fmt.Printf("%s  %s\n", verdict, fmt.Sprintf(format, args...))
	}
	fmt.Println()
	for _, r := range runs[1:] {
		line(r.embedded == 0, "%s: %.0f sentences embedded (want 0)", r.name, r.embedded)
	}
	errs := 0.0
	for _, r := range runs {
		errs += r.sharedErrors
	}
	line(errs == 0, "failed calls to Qdrant: %.0f (want 0)", errs)
	for _, r := range runs[1:] {
		diff := differing(runs[0].scores, r.scores)
		line(diff == 0, "%s: scores of %d pairs (cec, forward, backward) equal to the cold run's: %d differ",
			r.name, len(r.scores), diff)
	}
	if failed > 0 {
		return errors.New("failed targets")
	}
	return nil
}

// differing counts the pairs whose scores are not exactly the same.
func differing(a, b []score) int {
	n := 0
	for i := range a {
		if i >= len(b) || a[i].ID != b[i].ID || a[i].CEC != b[i].CEC || a[i].Forward != b[i].Forward || a[i].Backward != b[i].Backward {
			n++
		}
	}
	return n
}
