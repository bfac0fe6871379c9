// Command jobs measures cecbench's job queues with noop jobs (no work, so
// the queue is all that is timed): throughput (jobs/s from the first
// enqueue to the last finish) and enqueue-to-start latency (from the job's
// created_at to the moment its handler began, which the noop handler puts
// in its result; every process runs on this machine, one clock), for
//
//   - embedded: the bbolt store with in-process workers, as `make run`;
//   - redis: asynq on a real redis-server that this command starts on a
//     free port, with worker processes (`cecbench worker`).
//
// Both get the same number of concurrent workers in all (procs x
// concurrency). Jobs are enqueued by -enqueuers goroutines as fast as the
// queue takes them, so latency includes waiting behind the backlog; the
// "idle" rows enqueue one job at a time, each after the previous started,
// which is the latency of a queue with a free worker.
//
//	go run ./scripts/bench/jobs -cecbench ./bin/cecbench [-n 10000]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/jobs/embedded"
	"github.com/cecbench/cecbench/jobs/redisqueue"
	"github.com/cecbench/cecbench/redistest"
)

func main() {
	n := flag.Int("n", 10000, "jobs per run")
	idle := flag.Int("idle", 200, "jobs of the idle-latency run (one at a time)")
	procs := flag.Int("procs", 2, "worker processes (redis)")
	conc := flag.Int("concurrency", 4, "jobs at once per worker process (redis); embedded gets procs x concurrency workers")
	enqueuers := flag.Int("enqueuers", 8, "goroutines enqueueing")
	bin := flag.String("cecbench", "", "the cecbench binary that runs the workers (go build -o bin/cecbench ./cmd/cecbench)")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "jobs: -cecbench BINARY is required")
		os.Exit(2)
	}
	if err := run(*bin, *n, *idle, *procs, *conc, *enqueuers); err != nil {
		fmt.Fprintln(os.Stderr, "jobs:", err)
		os.Exit(1)
	}
}

func run(bin string, n, idle, procs, conc, enqueuers int) error {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	fmt.Printf("%-9s %6s  %-24s %8s %9s %9s %9s %9s\n", "backend", "jobs", "workers", "wall s", "jobs/s", "p50 ms", "p99 ms", "max ms")

	dir, err := os.MkdirTemp("", "cecbench-jobs-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := boltdb.Open(filepath.Join(dir, "bench.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	eq, err := embedded.New(db, embedded.Options{Workers: procs * conc, Log: quiet})
	if err != nil {
		return err
	}
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- eq.Run(rctx, map[string]jobs.Handler{jobs.NoopType: jobs.Noop}) }()
	label := fmt.Sprintf("%d in-process", procs*conc)
	if err := measure(ctx, "embedded", label, eq, n, enqueuers); err != nil {
		return err
	}
	if err := measureIdle(ctx, "embedded", label, eq, idle); err != nil {
		return err
	}
	stop()
	if err := <-done; err != nil {
		return err
	}

	rs, err := redistest.Launch(filepath.Join(dir, "redis"))
	if err != nil {
		return err
	}
	defer rs.Stop()
	client := redis.NewClient(&redis.Options{Addr: rs.Addr()})
	defer client.Close()
	rq, err := redisqueue.New(client, redisqueue.Options{Log: quiet})
	if err != nil {
		return err
	}
	var workers []*exec.Cmd
	defer func() {
		for _, w := range workers {
			syscall.Kill(-w.Process.Pid, syscall.SIGTERM)
			w.Wait()
		}
	}()
	for range procs {
		w, err := startWorker(bin, rs.URL(), conc)
		if err != nil {
			return err
		}
		workers = append(workers, w)
	}
	label = fmt.Sprintf("%d procs x %d", procs, conc)
	if err := measure(ctx, "redis", label, rq, n, enqueuers); err != nil {
		return err
	}
	return measureIdle(ctx, "redis", label, rq, idle)
}

// startWorker starts `cecbench worker` and waits for its start line.
func startWorker(bin, url string, conc int) (*exec.Cmd, error) {
	cmd := exec.Command(bin, "worker", "--redis-url", url, "--workers", fmt.Sprint(conc))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = io.Discard
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, "cecbench worker") {
		cmd.Process.Kill()
		return nil, fmt.Errorf("worker did not start: %q %v", line, err)
	}
	go io.Copy(io.Discard, out)
	return cmd, nil
}

// measure enqueues n jobs from enqueuers goroutines, waits until all have
// finished and prints throughput and enqueue-to-start latency.
func measure(ctx context.Context, backend, workers string, q jobs.Queue, n, enqueuers int) error {
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, enqueuers)
	for g := range enqueuers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < n; i += enqueuers {
				j, err := q.Enqueue(ctx, jobs.NoopType, nil)
				if err != nil {
					errs <- err
					return
				}
				ids[i] = j.ID
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	finished, err := waitAll(ctx, q, ids)
	if err != nil {
		return err
	}
	return report(backend, workers, finished)
}

// measureIdle enqueues jobs one at a time, each after the previous one
// finished, so every job meets an idle worker.
func measureIdle(ctx context.Context, backend, workers string, q jobs.Queue, n int) error {
	var finished []jobs.Job
	for range n {
		j, err := q.Enqueue(ctx, jobs.NoopType, nil)
		if err != nil {
			return err
		}
		got, err := waitAll(ctx, q, []string{j.ID})
		if err != nil {
			return err
		}
		finished = append(finished, got...)
	}
	return report(backend, workers+", idle", finished)
}

// waitAll polls until every job has finished and returns them; any that
// did not succeed is an error.
func waitAll(ctx context.Context, q jobs.Queue, ids []string) ([]jobs.Job, error) {
	out := make([]jobs.Job, 0, len(ids))
	deadline := time.Now().Add(10 * time.Minute)
	for _, id := range ids {
		for {
			j, err := q.Get(ctx, id)
			if err != nil {
				return nil, err
			}
			if j.State.Terminal() {
				if j.State != jobs.Succeeded {
					return nil, fmt.Errorf("job %s ended %s: %s", id, j.State, j.Error)
				}
				out = append(out, j)
				break
			}
			if time.Now().After(deadline) {
				return nil, fmt.Errorf("job %s still %s after 10 minutes", id, j.State)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	return out, nil
}

func report(backend, workers string, js []jobs.Job) error {
	first, last := js[0].CreatedAt, *js[0].FinishedAt
	lat := make([]float64, len(js))
	for i, j := range js {
		if j.CreatedAt.Before(first) {
			first = j.CreatedAt
		}
		if j.FinishedAt.After(last) {
			last = *j.FinishedAt
		}
		var r jobs.NoopResult
		if err := json.Unmarshal(j.Result, &r); err != nil || r.HandlerStartedAt.IsZero() {
			return fmt.Errorf("job %s: no handler start time in its result %s", j.ID, j.Result)
		}
		lat[i] = float64(r.HandlerStartedAt.Sub(j.CreatedAt).Microseconds()) / 1000
	}
	slices.Sort(lat)
	wall := last.Sub(first).Seconds()
	fmt.Printf("%-9s %6d  %-24s %8.2f %9.0f %9.2f %9.2f %9.2f\n", backend, len(js), workers, wall, float64(len(js))/wall,
		quantile(lat, 0.5), quantile(lat, 0.99), lat[len(lat)-1])
	return nil
}

// quantile is the nearest-rank quantile of sorted values.
func quantile(sorted []float64, q float64) float64 {
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}
