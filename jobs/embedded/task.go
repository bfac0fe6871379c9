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

// task is the jobs.Task of one attempt of a job.
type task struct {
	q   *Queue
	job jobs.Job
}

var _ jobs.Task = (*task)(nil)

// Job returns the job as it was when the worker took it.
func (t *task) Job() jobs.Job {
	j := t.job
	j.Params = bytes.Clone(j.Params)
	return j
}

// SetProgress records p and appends a progress event.
func (t *task) SetProgress(ctx context.Context, p jobs.Progress) error {
	data, err := jobs.ProgressData(t.job.ID, p)
	if err != nil {
		return err
	}
	return t.update(ctx, func(tx *bbolt.Tx, r *record) error {
		r.Progress = p
		return appendEvent(tx, r, r.UpdatedAt, jobs.EventProgress, "", data)
	})
}

// Event appends an event of kind with message and data (marshalled to
// JSON; nil for none). Kind jobs.EventState is the queue's own.
func (t *task) Event(ctx context.Context, kind, message string, data any) error {
	if kind == "" {
		return fmt.Errorf("job %s: event without kind", t.job.ID)
	}
	if kind == jobs.EventState {
		return fmt.Errorf("job %s: event kind %q is reserved for state changes", t.job.ID, kind)
	}
	var raw json.RawMessage
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return fmt.Errorf("job %s: encode event data: %w", t.job.ID, err)
		}
		raw = b
	}
	return t.update(ctx, func(tx *bbolt.Tx, r *record) error {
		return appendEvent(tx, r, r.UpdatedAt, kind, message, raw)
	})
}

// update applies fn to the job's record in a transaction if this attempt
// is still running; jobs.ErrCancelled otherwise.
func (t *task) update(ctx context.Context, fn func(tx *bbolt.Tx, r *record) error) error {
	err := t.q.db.Update(func(tx *bbolt.Tx) error {
		r, err := getRecord(tx, t.job.ID)
		if err != nil {
			return err
		}
		switch {
		case r.State == jobs.Cancelled:
			return jobs.ErrCancelled
		case r.State != jobs.Running || r.Attempts != t.job.Attempts:
			return fmt.Errorf("job %s attempt %d no longer runs: %w", t.job.ID, t.job.Attempts, jobs.ErrCancelled)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		r.UpdatedAt = t.q.timestamp()
		if err := fn(tx, r); err != nil {
			return err
		}
		return putRecord(tx, r)
	})
	if err != nil && !errors.Is(err, jobs.ErrCancelled) && ctx.Err() == nil {
		return fmt.Errorf("job %s: %w", t.job.ID, err)
	}
	return err
}
