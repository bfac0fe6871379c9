// Package embedded is the in-process implementation of jobs.Queue and
// jobs.Runner that `cecbench serve` uses by default: job records, event
// logs and the queue order live in buckets of the embedded bbolt file
// (see boltdb), and workers are goroutines of the same process.
//
// Every change is a committed bbolt transaction that checks the job's
// current state first, so a late write (a handler finishing after its job
// was cancelled) never overwrites a final state. When a process dies with
// jobs running, the next New puts them back in the queue; they run again
// when Run starts, with Attempts counting the starts.
//
// Enqueue hands a job straight to an idle worker in the transaction that
// stores it, so a handler starts within microseconds of Enqueue
// returning. Each Task.SetProgress or Task.Event is one committed
// transaction too (about a millisecond on disk): a handler with many
// small items reports every so often rather than per item.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.etcd.io/bbolt"

	"github.com/cecbench/cecbench/jobs"
)

// Event kinds this queue writes besides jobs.EventState and
// jobs.EventProgress.
const (
	// EventResumed is logged when New finds a job left running by a
	// process that died and queues it again.
	EventResumed = "resumed"
	// EventRequeued is logged when Run stops while a job runs and its
	// handler gives up; the job goes back to the queue.
	EventRequeued = "requeued"
)

// Options configures a Queue; the zero value gives the defaults.
type Options struct {
	// Workers is how many jobs Run runs at once (default 2).
	Workers int
	// Log receives the workers' messages (default: discarded).
	Log *slog.Logger
	// Now tells the time for job and event timestamps (default
	// time.Now).
	Now func() time.Time
}

// Queue is a job queue in a bbolt file. It implements jobs.Queue and
// jobs.Runner and is safe for concurrent use. Only one process can have
// the file open, so the workers (Run) live in the process that enqueues.
type Queue struct {
	db      *bbolt.DB
	workers int
	log     *slog.Logger
	now     func() time.Time

	// wake holds a token when queued jobs may be waiting for an idle
	// worker; a worker that takes a job passes the token on.
	wake chan struct{}

	mu      sync.Mutex
	running bool                               // Run is active
	idle    []*worker                          // workers waiting for a job
	cancels map[string]context.CancelCauseFunc // running jobs' contexts
}

var (
	_ jobs.Queue  = (*Queue)(nil)
	_ jobs.Runner = (*Queue)(nil)
)

// New returns a queue keeping its state in db, creating its buckets if
// needed. Jobs that db shows running (their process died) are queued
// again, each with an EventResumed event, so make one Queue per db. The
// caller keeps ownership of db and closes it after Run has returned.
// Job ids are uuid v7 strings (Options.Now does not affect them); List
// orders by them.
func New(db *bbolt.DB, opts Options) (*Queue, error) {
	if db == nil {
		return nil, errors.New("embedded jobs: nil database")
	}
	if opts.Workers < 0 {
		return nil, fmt.Errorf("embedded jobs: negative worker count %d", opts.Workers)
	}
	if opts.Workers == 0 {
		opts.Workers = 2
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	q := &Queue{
		db:      db,
		workers: opts.Workers,
		log:     opts.Log,
		now:     opts.Now,
		wake:    make(chan struct{}, 1),
		cancels: map[string]context.CancelCauseFunc{},
	}
	if err := q.init(); err != nil {
		return nil, err
	}
	return q, nil
}

// init creates the buckets and resumes the jobs a dead process left
// running.
func (q *Queue) init() error {
	var resumed []string
	err := q.db.Update(func(tx *bbolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		var ids []string
		if err := tx.Bucket(bucketRunning).ForEach(func(k, _ []byte) error {
			ids = append(ids, string(k))
			return nil
		}); err != nil {
			return err
		}
		now := q.timestamp()
		for _, id := range ids {
			r, err := getRecord(tx, id)
			if err != nil {
				return err
			}
			if err := setState(tx, r, jobs.Queued, now); err != nil {
				return err
			}
			if err := appendEvent(tx, r, now, EventResumed, "resumed after restart", nil); err != nil {
				return err
			}
			if err := putRecord(tx, r); err != nil {
				return err
			}
			resumed = append(resumed, id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("embedded jobs: open: %w", err)
	}
	for _, id := range resumed {
		q.log.Info("job resumed after restart", "job", id)
	}
	return nil
}

// timestamp is the current time in UTC.
func (q *Queue) timestamp() time.Time { return q.now().UTC() }

// signal tells one idle worker that queued jobs may be waiting.
func (q *Queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}
