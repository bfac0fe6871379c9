package embedded

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"github.com/cecbench/cecbench/jobs"
)

// retryDelay is how long a worker waits after failing to read the queue.
const retryDelay = time.Second

// worker is one of Run's goroutines; while idle it waits on ch, where
// Enqueue hands it a job it took for it (or nil if that failed).
type worker struct {
	ch chan *claim
}

// claim is a job a worker has taken: committed as Running, attempt
// job.Attempts.
type claim struct {
	job jobs.Job
}

// Run runs queued jobs with the handler of their type, Options.Workers at
// a time, until ctx is done; a job whose type has no handler fails. When
// ctx is done Run stops taking jobs, cancels the contexts of the running
// handlers and waits for them to return: a handler that then returns an
// error (its ctx.Err(), typically) leaves its job queued again, with an
// EventRequeued event, for the next Run; one that returns a result
// succeeds as usual. Run returns nil after that, or an error at once if
// another Run of q is active.
func (q *Queue) Run(ctx context.Context, handlers map[string]jobs.Handler) error {
	q.mu.Lock()
	if q.running {
		q.mu.Unlock()
		return errors.New("embedded jobs: Run is already running")
	}
	q.running = true
	q.mu.Unlock()
	defer func() {
		q.mu.Lock()
		q.running = false
		q.mu.Unlock()
	}()

	handlers = maps.Clone(handlers)
	done := make(chan struct{})
	for range q.workers {
		w := &worker{ch: make(chan *claim, 1)}
		go func() {
			defer func() { done <- struct{}{} }()
			q.work(ctx, w, handlers)
		}()
	}
	for range q.workers {
		<-done
	}
	return nil
}

// work is one worker's loop: take the next queued job or wait for one.
func (q *Queue) work(ctx context.Context, w *worker, handlers map[string]jobs.Handler) {
	for ctx.Err() == nil {
		c, err := q.claimNext()
		if err != nil {
			q.log.Error("take next job", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(retryDelay):
			}
			continue
		}
		if c != nil {
			q.signal() // more may be waiting: let another idle worker look
			q.execute(ctx, c, handlers)
			continue
		}

		q.mu.Lock()
		q.idle = append(q.idle, w)
		q.mu.Unlock()
		select {
		case c := <-w.ch: // Enqueue took w off the idle list
			if c != nil {
				q.execute(ctx, c, handlers)
			}
			continue
		case <-q.wake:
		case <-ctx.Done():
		}
		if !q.leaveIdle(w) {
			// An Enqueue took w in the meantime; its job is on the way.
			if c := <-w.ch; c != nil {
				q.execute(ctx, c, handlers)
			}
		}
	}
}

// takeIdle removes an idle worker from the list for Enqueue to hand a
// job to; nil when none is idle or Run is not active.
func (q *Queue) takeIdle() *worker {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.running || len(q.idle) == 0 {
		return nil
	}
	w := q.idle[len(q.idle)-1]
	q.idle = q.idle[:len(q.idle)-1]
	return w
}

// leaveIdle removes w from the idle list and reports whether it was
// still there.
func (q *Queue) leaveIdle(w *worker) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	i := slices.Index(q.idle, w)
	if i < 0 {
		return false
	}
	q.idle = slices.Delete(q.idle, i, i+1)
	return true
}

// claimNext moves the first queued job to Running and returns it; nil if
// the queue is empty.
func (q *Queue) claimNext() (*claim, error) {
	var empty bool
	if err := q.db.View(func(tx *bbolt.Tx) error {
		k, _ := tx.Bucket(bucketQueue).Cursor().First()
		empty = k == nil
		return nil
	}); err != nil || empty {
		return nil, err
	}
	var c *claim
	err := q.db.Update(func(tx *bbolt.Tx) error {
		queue := tx.Bucket(bucketQueue)
		for k, _ := queue.Cursor().First(); k != nil; k, _ = queue.Cursor().First() {
			r, err := getRecord(tx, string(k))
			if err != nil {
				return err
			}
			if r.State != jobs.Queued { // stale index entry
				if err := queue.Delete(k); err != nil {
					return err
				}
				continue
			}
			if err := setState(tx, r, jobs.Running, q.timestamp()); err != nil {
				return err
			}
			c = &claim{job: r.Job}
			return putRecord(tx, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim job: %w", err)
	}
	return c, nil
}

// outcome is how a handler call ended.
type outcome struct {
	result   any
	err      error
	panicked bool
	panicVal any
	// fail fails the job whatever the context says (no handler, a
	// result that does not encode).
	fail bool
}

// execute runs the handler of a claimed job and records the outcome.
func (q *Queue) execute(runCtx context.Context, c *claim, handlers map[string]jobs.Handler) {
	job := c.job
	jctx, cancel := context.WithCancelCause(runCtx)
	defer cancel(nil)
	q.mu.Lock()
	q.cancels[job.ID] = cancel
	q.mu.Unlock()
	defer func() {
		q.mu.Lock()
		delete(q.cancels, job.ID)
		q.mu.Unlock()
	}()
	// A Cancel that committed before the registration above found no
	// context to cancel; it shows in the stored state.
	if current, err := q.Get(context.Background(), job.ID); err != nil || current.State != jobs.Running || current.Attempts != job.Attempts {
		return
	}

	var out outcome
	switch h := handlers[job.Type]; {
	case h == nil:
		out = outcome{err: fmt.Errorf("no handler for job type %q", job.Type), fail: true}
	case runCtx.Err() != nil:
		out = outcome{err: runCtx.Err()} // stopping: put the job back untouched
	default:
		q.log.Debug("job started", "job", job.ID, "type", job.Type, "attempt", job.Attempts)
		out = q.call(jctx, h, &task{q: q, job: job})
	}
	if err := q.finish(runCtx, jctx, job, out); err != nil {
		// The job stays Running on disk; the next New resumes it.
		q.log.Error("record job outcome", "job", job.ID, "err", err)
	}
}

// call runs h, turning a panic into an outcome.
func (q *Queue) call(ctx context.Context, h jobs.Handler, t *task) (out outcome) {
	defer func() {
		if p := recover(); p != nil {
			q.log.Error("job handler panicked", "job", t.job.ID, "type", t.job.Type, "panic", p, "stack", string(debug.Stack()))
			out = outcome{panicked: true, panicVal: p}
		}
	}()
	res, err := h(ctx, t)
	return outcome{result: res, err: err}
}

// finish stores the outcome of attempt job.Attempts of job, unless the
// job left that attempt meanwhile (it was cancelled).
func (q *Queue) finish(runCtx, jctx context.Context, job jobs.Job, out outcome) error {
	var result json.RawMessage
	if out.err == nil && !out.panicked && out.result != nil {
		b, err := json.Marshal(out.result)
		if err != nil {
			out.err, out.fail = fmt.Errorf("encode result: %w", err), true
		}
		result = b
	}
	cancelled := errors.Is(context.Cause(jctx), jobs.ErrCancelled)

	var state jobs.State
	var message string
	switch {
	case out.panicked:
		state, message = jobs.Failed, fmt.Sprintf("panic: %v", out.panicVal)
	case out.err == nil:
		state = jobs.Succeeded
	case out.fail:
		state, message = jobs.Failed, out.err.Error()
	case runCtx.Err() != nil && !cancelled:
		state = jobs.Queued
	case cancelled || errors.Is(out.err, jobs.ErrCancelled):
		state = jobs.Cancelled
	default:
		state, message = jobs.Failed, out.err.Error()
	}

	q.log.Debug("job finished", "job", job.ID, "type", job.Type, "attempt", job.Attempts, "state", state, "error", message)
	return q.db.Update(func(tx *bbolt.Tx) error {
		r, err := getRecord(tx, job.ID)
		if err != nil {
			return err
		}
		if r.State != jobs.Running || r.Attempts != job.Attempts {
			return nil // cancelled meanwhile: that stays
		}
		now := q.timestamp()
		if state == jobs.Succeeded {
			r.Result = result
		}
		r.Error = message
		if err := setState(tx, r, state, now); err != nil {
			return err
		}
		if state == jobs.Queued {
			if err := appendEvent(tx, r, now, EventRequeued, "worker stopped before the job finished", nil); err != nil {
				return err
			}
		}
		return putRecord(tx, r)
	})
}
