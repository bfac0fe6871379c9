package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/cecbench/cecbench/jobs"
)

// Enqueue stores a new job of typ with params (marshalled to JSON; nil
// for none) and returns it as created, in state Queued. The job is
// committed to disk before Enqueue returns. If a worker of a running Run
// is idle, the same transaction hands the job to it (the job is already
// Running when Enqueue returns, so a Get right after may show that).
func (q *Queue) Enqueue(ctx context.Context, typ string, params any) (jobs.Job, error) {
	id, raw, err := jobs.NewJob(ctx, typ, params)
	if err != nil {
		return jobs.Job{}, err
	}

	w := q.takeIdle()
	var created jobs.Job
	var handed *claim
	err = q.db.Update(func(tx *bbolt.Tx) error {
		now := q.timestamp()
		r := &record{Job: jobs.Job{ID: id, Type: typ, Params: raw, CreatedAt: now}}
		if err := setState(tx, r, jobs.Queued, now); err != nil {
			return err
		}
		created = r.Job
		if w != nil {
			if err := setState(tx, r, jobs.Running, now); err != nil {
				return err
			}
			handed = &claim{job: r.Job}
		}
		return putRecord(tx, r)
	})
	if err != nil {
		handed = nil
	}
	if w != nil {
		w.ch <- handed // buffered; nil sends the worker back to the queue
	} else if err == nil {
		q.signal()
	}
	if err != nil {
		return jobs.Job{}, fmt.Errorf("enqueue %s: %w", typ, err)
	}
	created.Params = bytes.Clone(raw)
	return created, nil
}

// Get returns job id, or an error wrapping jobs.ErrNotFound.
func (q *Queue) Get(ctx context.Context, id string) (jobs.Job, error) {
	if err := ctx.Err(); err != nil {
		return jobs.Job{}, err
	}
	var out jobs.Job
	err := q.db.View(func(tx *bbolt.Tx) error {
		r, err := getRecord(tx, id)
		if err != nil {
			return err
		}
		out = r.Job
		return nil
	})
	return out, err
}

// List returns the jobs matching f, newest first (by creation).
func (q *Queue) List(ctx context.Context, f jobs.Filter) ([]jobs.Job, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if f.State != "" && !f.State.Valid() {
		return nil, fmt.Errorf("list jobs: unknown state %q", f.State)
	}
	if f.Limit < 0 {
		return nil, fmt.Errorf("list jobs: negative limit %d", f.Limit)
	}
	limit := f.Limit
	if limit == 0 {
		limit = jobs.DefaultListLimit
	}
	out := []jobs.Job{}
	err := q.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketJobs).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var r record
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode job %s: %w", k, err)
			}
			if (f.Type == "" || r.Type == f.Type) && (f.State == "" || r.State == f.State) {
				out = append(out, r.Job)
			}
		}
		return nil
	})
	return out, err
}

// Events returns up to limit (0: 1000) events of job id with Seq > after,
// in order, or an error wrapping jobs.ErrNotFound.
func (q *Queue) Events(ctx context.Context, id string, after int64, limit int) ([]jobs.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit < 0 {
		return nil, fmt.Errorf("job events: negative limit %d", limit)
	}
	if limit == 0 {
		limit = jobs.DefaultEventsLimit
	}
	after = max(after, 0)
	out := []jobs.Event{}
	err := q.db.View(func(tx *bbolt.Tx) error {
		if _, err := getRecord(tx, id); err != nil {
			return err
		}
		prefix := []byte(id)
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.Seek(eventKey(id, after+1)); k != nil && len(out) < limit; k, v = c.Next() {
			if len(k) != len(prefix)+8 || !bytes.HasPrefix(k, prefix) {
				break
			}
			var e jobs.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode event of job %s: %w", id, err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Cancel stops job id: a queued job never starts, a running one is marked
// Cancelled at once and its handler's context is cancelled (with cause
// jobs.ErrCancelled); whatever the handler returns afterwards is dropped.
// It returns the job after the call, or the job and an error wrapping
// jobs.ErrFinished if it had already ended.
func (q *Queue) Cancel(ctx context.Context, id string) (jobs.Job, error) {
	if err := ctx.Err(); err != nil {
		return jobs.Job{}, err
	}
	var out jobs.Job
	var wasRunning bool
	err := q.db.Update(func(tx *bbolt.Tx) error {
		r, err := getRecord(tx, id)
		if err != nil {
			return err
		}
		out = r.Job
		if r.State.Terminal() {
			return fmt.Errorf("cancel %s (%s): %w", id, r.State, jobs.ErrFinished)
		}
		wasRunning = r.State == jobs.Running
		if err := setState(tx, r, jobs.Cancelled, q.timestamp()); err != nil {
			return err
		}
		out = r.Job
		return putRecord(tx, r)
	})
	if err != nil {
		if errors.Is(err, jobs.ErrFinished) {
			return out, err
		}
		return jobs.Job{}, err
	}
	if wasRunning {
		q.mu.Lock()
		if cancel := q.cancels[id]; cancel != nil {
			cancel(jobs.ErrCancelled)
		}
		q.mu.Unlock()
	}
	return out, nil
}
