package redisqueue_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/jobs/jobstest"
	"github.com/cecbench/cecbench/jobs/redisqueue"
	"github.com/cecbench/cecbench/redistest"
)

// testOptions are the queue options of the tests: a short lease so that a
// crashed worker's jobs resume within the suite's 10 s waits, and no
// shutdown grace so that stopping a Runner cancels blocked handlers at
// once.
func testOptions() redisqueue.Options {
	return redisqueue.Options{
		Lease:           time.Second,
		ShutdownTimeout: -1,
		Log:             testLogger(),
	}
}

// testLogger shows the queue's warnings when REDISQUEUE_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("REDISQUEUE_TEST_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// process stands for the processes of one deployment: an API process
// (Queue) and worker processes (each Run), each with its own Redis client.
// kill cuts them all off from Redis at once, as kill -9 would: from then
// on every command and dial of theirs fails, so they write nothing. (The
// clients are not closed then: asynq's cancel subscriber panics on a
// client closed under a running server, which a real process never does.)
type process struct {
	addr   string
	opts   redisqueue.Options
	killed atomic.Bool

	mu      sync.Mutex
	clients []*redis.Client
}

// errKilled is what the commands of a killed process fail with.
var errKilled = errors.New("test: process killed")

// client returns a new Redis client of this process.
func (p *process) client() *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: p.addr})
	c.AddHook(killHook{&p.killed})
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clients = append(p.clients, c)
	return c
}

// kill cuts the process off from Redis.
func (p *process) kill() { p.killed.Store(true) }

// close closes the process's clients, after its Runs have returned.
func (p *process) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.clients {
		c.Close()
	}
	p.clients = nil
}

// killHook fails every command, pipeline and dial once killed is set.
type killHook struct{ killed *atomic.Bool }

func (h killHook) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if h.killed.Load() {
			return nil, errKilled
		}
		return next(ctx, network, addr)
	}
}

func (h killHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if h.killed.Load() {
			cmd.SetErr(errKilled)
			return errKilled
		}
		return next(ctx, cmd)
	}
}

func (h killHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if h.killed.Load() {
			for _, cmd := range cmds {
				cmd.SetErr(errKilled)
			}
			return errKilled
		}
		return next(ctx, cmds)
	}
}

// Run is jobs.Runner: one worker process with a client of its own.
func (p *process) Run(ctx context.Context, handlers map[string]jobs.Handler) error {
	q, err := redisqueue.New(p.client(), p.opts)
	if err != nil {
		return err
	}
	return q.Run(ctx, handlers)
}

// newBackend returns the API queue and a Runner of a new deployment on
// the Redis at addr.
func newBackend(t *testing.T, addr string) (jobstest.Backend, *process) {
	t.Helper()
	p := &process{addr: addr, opts: testOptions()}
	t.Cleanup(p.close)
	q, err := redisqueue.New(p.client(), p.opts)
	if err != nil {
		t.Fatal(err)
	}
	return jobstest.Backend{Queue: q, Runner: p}, p
}

// TestConformance runs the jobs conformance suite with a fresh Redis per
// test. Its restart cannot SIGKILL a process, as the suite's handlers are
// closures of this test process. It does the next best thing: from one
// instant every client of the old processes fails all commands, so they
// write nothing more to Redis (no state update, no heartbeat, asynq tasks
// left active; see process), and the new backend has to resume the
// cut-short job through the lapsed heartbeat. TestKilledWorkerResumes
// does the same with a real kill -9 of a worker process.
func TestConformance(t *testing.T) {
	var mu sync.Mutex
	procs := map[jobs.Runner]*process{}
	open := func(t *testing.T) jobstest.Backend {
		srv := redistest.Start(t)
		b, p := newBackend(t, srv.Addr())
		mu.Lock()
		procs[b.Runner] = p
		mu.Unlock()
		return b
	}
	restart := func(t *testing.T, old jobstest.Backend) jobstest.Backend {
		mu.Lock()
		p := procs[old.Runner]
		mu.Unlock()
		p.kill()
		b, np := newBackend(t, p.addr)
		mu.Lock()
		procs[b.Runner] = np
		mu.Unlock()
		return b
	}
	jobstest.Run(t, open, restart)
}
