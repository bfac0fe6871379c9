// Package redisqueue is the jobs.Queue and jobs.Runner kept in Redis, for
// deployments that set REDIS_URL: the API processes enqueue, read and
// cancel jobs, and any number of `cecbench worker` processes run them.
//
// The job records (state, progress, result, events) live in the queue's
// own Redis keys (keys.go) and every change to them is a Lua script that
// checks the job's current state first (scripts.go), so a handler that
// finishes late never overwrites a cancel and a finished job never runs
// again. asynq (github.com/hibiken/asynq) delivers the work: each queuing
// of a job puts one asynq task in Options.Queue whose payload is the job
// id; the worker that receives it claims the job (queued -> running) and
// runs its handler.
//
// Crash safety: Enqueue writes the job record before the asynq task, and
// every Run re-enqueues, at start and every 30 s, the tasks of queued
// jobs that have none (asynq refuses a duplicate task id, so this is
// harmless). Each Run renews a heartbeat key with a TTL of Options.Lease;
// when a worker process dies (kill -9 included) its key expires and any
// other Run queues its running jobs again (Attempts counts the starts,
// event EventResumed) within about Lease plus a second; a task a worker
// took from asynq but died before claiming its job is replaced after
// about a Lease too. asynq's own recovery of a dead worker's tasks (30 s
// after its lease lapsed, checked once a minute, counted as a retry) comes
// much later and finds the job taken; it only cleans up, and a retry
// limit of MaxInt32 keeps it from ever archiving a task. Tasks carry no
// deadline to speak of (10 years): a job runs as long as its worker lives.
//
// Use: New on a go-redis client in every process, Enqueue/Get/List/
// Events/Cancel in the API, Run in each worker. A job's handler may run
// more than once (after a crash it resumes), as jobs.Handler requires.
package redisqueue

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/jobs"
)

// Defaults of Options.
const (
	DefaultPrefix          = "cecbench:"
	DefaultQueue           = "cecbench"
	DefaultConcurrency     = 2
	DefaultLease           = 10 * time.Second
	DefaultShutdownTimeout = 10 * time.Second
)

// minLease is the shortest Options.Lease accepted.
const minLease = 300 * time.Millisecond

// Options configures a Queue; the zero value gives the defaults.
type Options struct {
	// Prefix starts every Redis key of the queue's job records (default
	// "cecbench:").
	Prefix string
	// Queue is the asynq queue name (default "cecbench").
	Queue string
	// Concurrency is how many jobs one Run (one worker process) runs at
	// once (default 2).
	Concurrency int
	// Log receives the workers' messages, asynq's warnings and errors
	// included (default: discarded).
	Log *slog.Logger
	// Lease is how long a Run's heartbeat lives without renewal: when a
	// worker process dies, its running jobs are queued again for other
	// workers after at most Lease plus about a second (default 10 s,
	// at least 300 ms). A worker that cannot reach Redis for longer loses
	// its jobs the same way, and its handlers' contexts are cancelled.
	Lease time.Duration
	// ShutdownTimeout is how long Run, once its ctx is done, lets
	// running handlers finish before it cancels their contexts (default
	// 10 s; negative: cancel at once).
	ShutdownTimeout time.Duration
}

// Queue is a job queue in Redis. It implements jobs.Queue and
// jobs.Runner and is safe for concurrent use; Run may be called by any
// number of processes (and more than once in one process), each call
// being one worker.
type Queue struct {
	c           redis.UniversalClient
	prefix      string
	queue       string
	concurrency int
	lease       time.Duration
	shutdown    time.Duration
	log         *slog.Logger

	client    *asynq.Client
	inspector *asynq.Inspector
}

var (
	_ jobs.Queue  = (*Queue)(nil)
	_ jobs.Runner = (*Queue)(nil)
)

// New returns a queue on c, filling the defaults of opts. The caller
// keeps ownership of c and closes it after Run has returned; asynq uses
// the same client (and so the same database).
func New(c redis.UniversalClient, opts Options) (*Queue, error) {
	if c == nil {
		return nil, errors.New("redisqueue: nil Redis client")
	}
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if opts.Queue == "" {
		opts.Queue = DefaultQueue
	}
	if strings.TrimSpace(opts.Queue) == "" {
		return nil, fmt.Errorf("redisqueue: blank queue name %q", opts.Queue)
	}
	if opts.Concurrency < 0 {
		return nil, fmt.Errorf("redisqueue: negative concurrency %d", opts.Concurrency)
	}
	if opts.Concurrency == 0 {
		opts.Concurrency = DefaultConcurrency
	}
	switch {
	case opts.Lease == 0:
		opts.Lease = DefaultLease
	case opts.Lease < minLease:
		return nil, fmt.Errorf("redisqueue: lease %v is shorter than %v", opts.Lease, minLease)
	}
	switch {
	case opts.ShutdownTimeout == 0:
		opts.ShutdownTimeout = DefaultShutdownTimeout
	case opts.ShutdownTimeout < 0:
		opts.ShutdownTimeout = 0
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Queue{
		c:           c,
		prefix:      opts.Prefix,
		queue:       opts.Queue,
		concurrency: opts.Concurrency,
		lease:       opts.Lease,
		shutdown:    opts.ShutdownTimeout,
		log:         opts.Log,
		client:      asynq.NewClientFromRedisClient(c),
		inspector:   asynq.NewInspectorFromRedisClient(c),
	}, nil
}
