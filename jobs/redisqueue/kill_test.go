package redisqueue_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/jobs/redisqueue"
	"github.com/cecbench/cecbench/redistest"
)

// The environment that turns the test binary into a worker process (see
// TestMain).
const (
	childAddrEnv  = "REDISQUEUE_TEST_WORKER_ADDR"
	childLeaseEnv = "REDISQUEUE_TEST_WORKER_LEASE"
)

var killLease = flag.Duration("redisqueue.lease", 2*time.Second,
	"Options.Lease of TestKilledWorkerResumes (try 10s to measure the default)")

func TestMain(m *testing.M) {
	if addr := os.Getenv(childAddrEnv); addr != "" {
		os.Exit(runChildWorker(addr, os.Getenv(childLeaseEnv)))
	}
	os.Exit(m.Run())
}

// runChildWorker is the worker process of TestKilledWorkerResumes: its
// handler logs an event and blocks until the process is killed.
func runChildWorker(addr, lease string) int {
	d, err := time.ParseDuration(lease)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child worker:", err)
		return 2
	}
	c := redis.NewClient(&redis.Options{Addr: addr})
	q, err := redisqueue.New(c, redisqueue.Options{Lease: d})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child worker:", err)
		return 2
	}
	err = q.Run(context.Background(), map[string]jobs.Handler{
		"block": func(ctx context.Context, task jobs.Task) (any, error) {
			if err := task.Event(ctx, "step", "in the child", nil); err != nil {
				return nil, err
			}
			<-ctx.Done()
			return nil, ctx.Err()
		},
	})
	fmt.Fprintln(os.Stderr, "child worker: Run returned", err)
	return 1
}

// TestKilledWorkerResumes runs a job in a worker process, kills that
// process with SIGKILL mid-job and measures how long until a worker in
// this process has started the job again.
func TestKilledWorkerResumes(t *testing.T) {
	lease := *killLease
	srv := redistest.Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	t.Cleanup(func() { c.Close() })
	q, err := redisqueue.New(c, redisqueue.Options{Lease: lease, ShutdownTimeout: -1, Log: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	j, err := q.Enqueue(ctx, "block", nil)
	if err != nil {
		t.Fatal(err)
	}

	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), childAddrEnv+"="+srv.Addr(), childLeaseEnv+"="+lease.String())
	var out bytes.Buffer
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	var reap sync.Once
	wait := func() { reap.Do(func() { _ = child.Wait() }) }
	t.Cleanup(func() {
		_ = child.Process.Kill()
		wait()
		if t.Failed() && out.Len() > 0 {
			t.Logf("worker process output:\n%s", out.String())
		}
	})
	poll(t, 30*time.Second, "the job's handler to run in the worker process", func() bool {
		es, err := q.Events(ctx, j.ID, 0, 0)
		return err == nil && slices.ContainsFunc(es, func(e jobs.Event) bool { return e.Kind == "step" })
	})

	// A live worker in this process, up before the kill.
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- q.Run(runCtx, map[string]jobs.Handler{
			"block": func(ctx context.Context, task jobs.Task) (any, error) { return "resumed", nil },
		})
	}()
	t.Cleanup(func() {
		stop()
		<-done
	})

	killed := time.Now()
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	wait()
	var resumed time.Duration
	poll(t, lease+10*time.Second, "the job to start again", func() bool {
		got, err := q.Get(ctx, j.ID)
		if err == nil && got.Attempts == 2 {
			resumed = time.Since(killed)
			return true
		}
		return false
	})
	t.Logf("kill -9 to the job running again: %v (Lease %v)", resumed.Round(time.Millisecond), lease)
	if limit := lease + 2*time.Second; resumed > limit {
		t.Errorf("the job resumed %v after the kill, want at most Lease + 2 s = %v", resumed, limit)
	}

	poll(t, 10*time.Second, "the job to succeed", func() bool {
		got, err := q.Get(ctx, j.ID)
		return err == nil && got.State == jobs.Succeeded
	})
	es, err := q.Events(ctx, j.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var states, kinds []string
	for _, e := range es {
		kinds = append(kinds, e.Kind)
		if e.Kind == jobs.EventState {
			states = append(states, e.Message)
		}
	}
	if want := []string{"queued", "running", "queued", "running", "succeeded"}; !slices.Equal(states, want) {
		t.Errorf("state events %q, want %q", states, want)
	}
	if !slices.Contains(kinds, redisqueue.EventResumed) || !slices.Contains(kinds, "step") {
		t.Errorf("event kinds %q, want a step from the child and %q", kinds, redisqueue.EventResumed)
	}
}

// poll waits until cond holds, failing t after timeout.
func poll(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
