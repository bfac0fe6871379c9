package redisqueue_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/jobs/redisqueue"
	"github.com/cecbench/cecbench/redistest"
)

// setup starts a Redis and returns a client on it and a queue with opts
// (the test defaults where opts leaves a field zero).
func setup(t *testing.T, opts redisqueue.Options) (*redis.Client, *redisqueue.Queue) {
	t.Helper()
	srv := redistest.Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	t.Cleanup(func() { c.Close() })
	def := testOptions()
	if opts.Lease == 0 {
		opts.Lease = def.Lease
	}
	if opts.ShutdownTimeout == 0 {
		opts.ShutdownTimeout = def.ShutdownTimeout
	}
	if opts.Log == nil {
		opts.Log = def.Log
	}
	q, err := redisqueue.New(c, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, q
}

// start runs q with handlers until the returned stop is called (or the
// test ends); stop waits for Run to return.
func start(t *testing.T, q *redisqueue.Queue, handlers map[string]jobs.Handler) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx, handlers) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Errorf("Run did not return after its context was cancelled")
		}
	}
	t.Cleanup(stop)
	return stop
}

// waitJob polls job id until it is in state s and returns it.
func waitJob(t *testing.T, q *redisqueue.Queue, id string, s jobs.State) jobs.Job {
	t.Helper()
	var j jobs.Job
	poll(t, 10*time.Second, "job "+id+" to be "+string(s), func() bool {
		var err error
		j, err = q.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return j.State == s
	})
	return j
}

// eventKinds returns the kinds of job id's events, with the state events
// as "state:STATE".
func eventKinds(t *testing.T, q *redisqueue.Queue, id string) []string {
	t.Helper()
	es, err := q.Events(context.Background(), id, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		k := e.Kind
		if k == jobs.EventState {
			k += ":" + e.Message
		}
		out = append(out, k)
	}
	return out
}

func TestNewValidates(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer c.Close()
	tests := []struct {
		name string
		c    redis.UniversalClient
		opts redisqueue.Options
	}{
		{"nil client", nil, redisqueue.Options{}},
		{"negative concurrency", c, redisqueue.Options{Concurrency: -1}},
		{"lease too short", c, redisqueue.Options{Lease: time.Millisecond}},
		{"blank queue", c, redisqueue.Options{Queue: " "}},
	}
	for _, tt := range tests {
		if _, err := redisqueue.New(tt.c, tt.opts); err == nil {
			t.Errorf("%s: New returned no error", tt.name)
		}
	}
	if _, err := redisqueue.New(c, redisqueue.Options{}); err != nil {
		t.Errorf("New with the defaults: %v", err)
	}
}

// TestKeysUnderPrefix checks that the queue's own keys all start with
// Prefix and asynq's with "asynq:{QUEUE}" (or asynq's shared keys).
func TestKeysUnderPrefix(t *testing.T) {
	c, q := setup(t, redisqueue.Options{Prefix: "pfx:", Queue: "q1"})
	ctx := context.Background()
	start(t, q, map[string]jobs.Handler{"ok": func(ctx context.Context, task jobs.Task) (any, error) { return 1, nil }})
	j, err := q.Enqueue(ctx, "ok", nil)
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, q, j.ID, jobs.Succeeded)
	keys, err := c.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pfx:job:" + j.ID, "pfx:job:" + j.ID + ":events", "pfx:jobs", "pfx:jobs:succeeded"} {
		if !slices.Contains(keys, want) {
			t.Errorf("no key %q among %q", want, keys)
		}
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, "pfx:") && !strings.HasPrefix(k, "asynq:{q1}:") && !slices.Contains([]string{"asynq:queues", "asynq:servers", "asynq:workers"}, k) &&
			!strings.HasPrefix(k, "asynq:servers:") && !strings.HasPrefix(k, "asynq:workers:") {
			t.Errorf("key %q is neither the queue's nor asynq's", k)
		}
	}
}

// TestShutdownGrace checks that stopping Run lets a running handler
// finish within ShutdownTimeout.
func TestShutdownGrace(t *testing.T) {
	_, q := setup(t, redisqueue.Options{ShutdownTimeout: 5 * time.Second})
	started := make(chan struct{})
	stop := start(t, q, map[string]jobs.Handler{
		"slow": func(ctx context.Context, task jobs.Task) (any, error) {
			close(started)
			time.Sleep(300 * time.Millisecond)
			return "finished", ctx.Err()
		},
	})
	j, err := q.Enqueue(context.Background(), "slow", nil)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	stop()
	got, err := q.Get(context.Background(), j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != jobs.Succeeded || string(got.Result) != `"finished"` {
		t.Errorf("after a graceful stop: state %s result %s, want succeeded \"finished\"", got.State, got.Result)
	}
}

// TestShutdownRequeues checks that a handler cut short by Run stopping
// leaves its job queued for the next worker.
func TestShutdownRequeues(t *testing.T) {
	_, q := setup(t, redisqueue.Options{})
	started := make(chan struct{})
	stop := start(t, q, map[string]jobs.Handler{
		"block": func(ctx context.Context, task jobs.Task) (any, error) {
			close(started)
			<-ctx.Done()
			return nil, ctx.Err()
		},
	})
	j, err := q.Enqueue(context.Background(), "block", nil)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	stop()
	got, err := q.Get(context.Background(), j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != jobs.Queued || got.Attempts != 1 {
		t.Fatalf("after stopping Run: state %s attempts %d, want queued 1", got.State, got.Attempts)
	}
	start(t, q, map[string]jobs.Handler{
		"block": func(ctx context.Context, task jobs.Task) (any, error) { return nil, nil },
	})
	done := waitJob(t, q, j.ID, jobs.Succeeded)
	if done.Attempts != 2 {
		t.Errorf("attempts %d, want 2", done.Attempts)
	}
	want := []string{"state:queued", "state:running", "state:queued", redisqueue.EventRequeued, "state:running", "state:succeeded"}
	if got := eventKinds(t, q, j.ID); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
}

// TestLateResultAfterCancel checks that a handler that ignores the
// cancel cannot turn a cancelled job into a succeeded one.
func TestLateResultAfterCancel(t *testing.T) {
	_, q := setup(t, redisqueue.Options{})
	ctx := context.Background()
	started, release := make(chan struct{}), make(chan struct{})
	returned := make(chan struct{})
	start(t, q, map[string]jobs.Handler{
		"stubborn": func(ctx context.Context, task jobs.Task) (any, error) {
			defer close(returned)
			close(started)
			<-release
			return "late", nil
		},
	})
	j, err := q.Enqueue(ctx, "stubborn", nil)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	if _, err := q.Cancel(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	close(release)
	<-returned
	time.Sleep(200 * time.Millisecond) // let the worker try to record the result
	got, err := q.Get(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != jobs.Cancelled || len(got.Result) != 0 {
		t.Errorf("state %s result %s, want cancelled without result", got.State, got.Result)
	}
}

// TestMissingTaskIsEnqueued models an API process that died between
// writing a job and enqueuing its asynq task: Run's start-up sweep
// enqueues the task.
func TestMissingTaskIsEnqueued(t *testing.T) {
	c, q := setup(t, redisqueue.Options{Queue: "lost"})
	ctx := context.Background()
	j, err := q.Enqueue(ctx, "ok", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := asynq.NewInspectorFromRedisClient(c).DeleteTask("lost", j.ID); err != nil {
		t.Fatalf("delete the job's task: %v", err)
	}
	start(t, q, map[string]jobs.Handler{"ok": func(ctx context.Context, task jobs.Task) (any, error) { return nil, nil }})
	waitJob(t, q, j.ID, jobs.Succeeded)
}

// TestStuckTaskIsRescued models a worker killed after asynq handed it a
// task but before it claimed the job: the task sits in asynq's active
// list until asynq's own recovery (a minute or more); a live Run gives
// the job a new task after one lease instead.
func TestStuckTaskIsRescued(t *testing.T) {
	srv := redistest.Start(t)
	p := &process{addr: srv.Addr()}
	t.Cleanup(p.close)
	opts := testOptions()
	opts.Queue = "stuck"
	q, err := redisqueue.New(p.client(), opts) // stays alive: kill comes from a second process
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// A bare asynq worker takes the task and hangs before any claim.
	dying := &process{addr: srv.Addr()}
	t.Cleanup(dying.close)
	taken, unblock := make(chan struct{}), make(chan struct{})
	raw := asynq.NewServerFromRedisClient(dying.client(), asynq.Config{
		Queues: map[string]int{"stuck": 1}, TaskCheckInterval: 50 * time.Millisecond,
		ShutdownTimeout: time.Second, LogLevel: asynq.FatalLevel,
	})
	if err := raw.Start(asynq.HandlerFunc(func(ctx context.Context, _ *asynq.Task) error {
		close(taken)
		<-unblock
		return nil
	})); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		close(unblock)
		raw.Shutdown()
	})

	j, err := q.Enqueue(ctx, "ok", nil)
	if err != nil {
		t.Fatal(err)
	}
	<-taken
	dying.kill()

	began := time.Now()
	start(t, q, map[string]jobs.Handler{"ok": func(ctx context.Context, task jobs.Task) (any, error) { return nil, nil }})
	waitJob(t, q, j.ID, jobs.Succeeded)
	t.Logf("job with a stuck task ran %v after a worker started", time.Since(began).Round(time.Millisecond))
}

// TestCancelCause checks that a cancelled handler's context has cause
// jobs.ErrCancelled, as with the embedded queue.
func TestCancelCause(t *testing.T) {
	_, q := setup(t, redisqueue.Options{})
	ctx := context.Background()
	started, cause := make(chan struct{}), make(chan error, 1)
	start(t, q, map[string]jobs.Handler{
		"block": func(ctx context.Context, task jobs.Task) (any, error) {
			close(started)
			<-ctx.Done()
			cause <- context.Cause(ctx)
			return nil, ctx.Err()
		},
	})
	j, err := q.Enqueue(ctx, "block", nil)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	if _, err := q.Cancel(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-cause:
		if !errors.Is(err, jobs.ErrCancelled) {
			t.Errorf("cause of the handler's context = %v, want ErrCancelled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the handler's context was not cancelled")
	}
	waitJob(t, q, j.ID, jobs.Cancelled)
}
