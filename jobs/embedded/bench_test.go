package embedded_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/jobs/embedded"
)

// BenchmarkEnqueue measures Enqueue alone (one committed transaction
// each, no runner).
func BenchmarkEnqueue(b *testing.B) {
	q := openBench(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := q.Enqueue(ctx, "x", map[string]int{"n": 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEnqueueToStart measures, with idle workers, how long after
// Enqueue returns (the job is durable) its handler starts, and reports
// the median and p99 (a handler starting before Enqueue returned counts
// 0). The committed transaction of Enqueue itself is BenchmarkEnqueue.
func BenchmarkEnqueueToStart(b *testing.B) {
	q := openBench(b)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan time.Time, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- q.Run(ctx, map[string]jobs.Handler{"x": func(context.Context, jobs.Task) (any, error) {
			started <- time.Now()
			return nil, nil
		}})
	}()
	defer func() {
		cancel()
		<-errc
	}()
	var lat []time.Duration
	for b.Loop() {
		b.StopTimer()
		time.Sleep(3 * time.Millisecond) // let the previous job finish: workers idle
		b.StartTimer()
		if _, err := q.Enqueue(ctx, "x", nil); err != nil {
			b.Fatal(err)
		}
		durable := time.Now()
		lat = append(lat, max((<-started).Sub(durable), 0))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
}

func openBench(b *testing.B) *embedded.Queue {
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := boltdb.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	q, err := embedded.New(db, embedded.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return q
}
