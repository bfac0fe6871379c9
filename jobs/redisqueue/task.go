package redisqueue

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cecbench/cecbench/jobs"
)

// taskView is the jobs.Task of one attempt of a job.
type taskView struct {
	w   *worker
	job jobs.Job
}

var _ jobs.Task = (*taskView)(nil)

// Job returns the job as it was when the worker took it.
func (t *taskView) Job() jobs.Job {
	j := t.job
	j.Params = bytes.Clone(j.Params)
	return j
}

// SetProgress records p and appends a progress event, or returns
// jobs.ErrCancelled once the job was cancelled.
func (t *taskView) SetProgress(ctx context.Context, p jobs.Progress) error {
	data, err := jobs.ProgressData(t.job.ID, p)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	return t.update(ctx, now, []string{fDone, itoa64(p.Done), fTotal, itoa64(p.Total)},
		encodeEvent(now, jobs.EventProgress, "", data))
}

// Event appends an event of kind with message and data (marshalled to
// JSON; nil for none), or returns jobs.ErrCancelled once the job was
// cancelled. Kind jobs.EventState is the queue's own.
func (t *taskView) Event(ctx context.Context, kind, message string, data any) error {
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
	now := time.Now().UTC()
	return t.update(ctx, now, nil, encodeEvent(now, kind, message, raw))
}

// update sets fields and appends event if this attempt still runs the
// job. A cancelled job gives jobs.ErrCancelled, also when ctx is done
// because of the cancel; a job resumed by another worker gives an error
// wrapping jobs.ErrCancelled.
func (t *taskView) update(ctx context.Context, now time.Time, fields []string, event string) error {
	q := t.w.q
	if ctx.Err() != nil {
		// Say why the handler should stop: the job's state decides
		// between a cancel and ctx's own error.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		vals, err := q.c.HMGet(rctx, q.jobKey(t.job.ID), fState, fAttempts).Result()
		if err == nil {
			if err := t.gone(vals[0], vals[1]); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
	args := []any{t.job.ID, itoa(t.job.Attempts), "", formatTime(now), len(fields) / 2}
	for _, f := range fields {
		args = append(args, f)
	}
	args = append(args, event)
	running := q.stateKey(jobs.Running)
	res, err := updateScript.Run(ctx, q.c, []string{q.jobKey(t.job.ID), q.eventsKey(t.job.ID), running, running}, args...).Slice()
	if err != nil {
		return fmt.Errorf("job %s: %w", t.job.ID, err)
	}
	status, state, _, err := scriptAnswer(res)
	switch {
	case err != nil:
		return fmt.Errorf("job %s: %w", t.job.ID, err)
	case status == "missing":
		return fmt.Errorf("%w: %s", jobs.ErrNotFound, t.job.ID)
	case status != "ok" && state == string(jobs.Cancelled):
		return jobs.ErrCancelled
	case status != "ok":
		return t.lost()
	}
	return nil
}

// gone returns the error for a job whose stored state and attempts are
// given (as HMGET answers them), or nil if this attempt still runs it.
func (t *taskView) gone(state, attempts any) error {
	switch {
	case state == string(jobs.Cancelled):
		return jobs.ErrCancelled
	case state != string(jobs.Running) || attempts != itoa(t.job.Attempts):
		return t.lost()
	}
	return nil
}

// lost is the error of an attempt that no longer runs its job.
func (t *taskView) lost() error {
	return fmt.Errorf("job %s attempt %d no longer runs (%w): %w", t.job.ID, t.job.Attempts, errLost, jobs.ErrCancelled)
}
