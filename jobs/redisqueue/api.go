package redisqueue

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/jobs"
)

// Enqueue stores a new job of typ with params (marshalled to JSON; nil
// for none) in state Queued, with its first event, in one MULTI/EXEC
// transaction, then enqueues its asynq task (task id = job id). Once the
// transaction has committed the job will run: if the asynq enqueue fails
// (or this process dies before it), a Run's sweep enqueues the task
// within 30 s, so that failure is only logged. The returned job is as
// created; a worker may have started it by the time Enqueue returns.
func (q *Queue) Enqueue(ctx context.Context, typ string, params any) (jobs.Job, error) {
	id, raw, err := jobs.NewJob(ctx, typ, params)
	if err != nil {
		return jobs.Job{}, err
	}
	now := time.Now().UTC()
	j := jobs.Job{ID: id, Type: typ, State: jobs.Queued, Params: raw, CreatedAt: now, UpdatedAt: now}
	task := taskID(id, 0)
	score := float64(now.UnixMilli())
	_, err = q.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, q.jobKey(id), newRecord(j, task))
		p.ZAdd(ctx, q.indexKey(), redis.Z{Score: score, Member: id})
		p.ZAdd(ctx, q.stateKey(jobs.Queued), redis.Z{Score: score, Member: id})
		p.RPush(ctx, q.eventsKey(id), stateEvent(now, jobs.Queued))
		return nil
	})
	if err != nil {
		return jobs.Job{}, fmt.Errorf("enqueue %s: store job: %w", typ, err)
	}
	if err := q.enqueueTask(ctx, id, typ, task); err != nil {
		q.log.Warn("enqueue job task failed; a worker's sweep will enqueue it", "job", id, "err", err)
	}
	return j, nil
}

// Get returns job id, or an error wrapping jobs.ErrNotFound.
func (q *Queue) Get(ctx context.Context, id string) (jobs.Job, error) {
	h, err := q.c.HGetAll(ctx, q.jobKey(id)).Result()
	if err != nil {
		return jobs.Job{}, fmt.Errorf("get job %s: %w", id, err)
	}
	if len(h) == 0 {
		return jobs.Job{}, fmt.Errorf("%w: %s", jobs.ErrNotFound, id)
	}
	return decodeJob(h)
}

// List returns the jobs matching f, newest first (by creation). A State
// filter reads that state's index; a Type filter scans.
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
	key := q.indexKey()
	if f.State != "" {
		key = q.stateKey(f.State)
	}
	page := int64(max(limit, jobs.DefaultListLimit))
	out := []jobs.Job{}
	for start := int64(0); len(out) < limit; start += page {
		ids, err := q.c.ZRevRange(ctx, key, start, start+page-1).Result()
		if err != nil {
			return nil, fmt.Errorf("list jobs: %w", err)
		}
		cmds := make([]*redis.MapStringStringCmd, len(ids))
		if _, err := q.c.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range ids {
				cmds[i] = p.HGetAll(ctx, q.jobKey(id))
			}
			return nil
		}); err != nil {
			return nil, fmt.Errorf("list jobs: %w", err)
		}
		for _, cmd := range cmds {
			h := cmd.Val()
			if len(h) == 0 {
				continue
			}
			j, err := decodeJob(h)
			if err != nil {
				return nil, fmt.Errorf("list jobs: %w", err)
			}
			// The state may have changed since the index was read.
			if (f.Type == "" || j.Type == f.Type) && (f.State == "" || j.State == f.State) && len(out) < limit {
				out = append(out, j)
			}
		}
		if int64(len(ids)) < page {
			break
		}
	}
	return out, nil
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
	var exists *redis.IntCmd
	var lines *redis.StringSliceCmd
	if _, err := q.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.Exists(ctx, q.jobKey(id))
		lines = p.LRange(ctx, q.eventsKey(id), after, after+int64(limit)-1)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("job %s events: %w", id, err)
	}
	if exists.Val() == 0 {
		return nil, fmt.Errorf("%w: %s", jobs.ErrNotFound, id)
	}
	out := make([]jobs.Event, 0, len(lines.Val()))
	for i, line := range lines.Val() {
		e, err := decodeEvent(line, after+int64(i)+1)
		if err != nil {
			return nil, fmt.Errorf("job %s: %w", id, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// Cancel stops job id: a queued job becomes Cancelled and its asynq task
// is deleted (were it already taken, the worker finds the job cancelled
// and skips it); a running one becomes Cancelled at once and its
// handler's context is cancelled, through asynq's cancel message and the
// worker's own check of the job state (within a second); whatever the
// handler returns afterwards is dropped. It returns the job after the
// call, or the job and an error wrapping jobs.ErrFinished if it had
// already ended.
func (q *Queue) Cancel(ctx context.Context, id string) (jobs.Job, error) {
	now := time.Now().UTC()
	res, err := cancelScript.Run(ctx, q.c,
		[]string{q.jobKey(id), q.eventsKey(id), q.stateKey(jobs.Queued), q.stateKey(jobs.Running), q.stateKey(jobs.Cancelled)},
		id, formatTime(now), stateEvent(now, jobs.Cancelled)).Slice()
	if err != nil {
		return jobs.Job{}, fmt.Errorf("cancel job %s: %w", id, err)
	}
	status, prev, h, err := scriptAnswer(res)
	if err != nil {
		return jobs.Job{}, fmt.Errorf("cancel job %s: %w", id, err)
	}
	if status == "missing" {
		return jobs.Job{}, fmt.Errorf("%w: %s", jobs.ErrNotFound, id)
	}
	j, err := decodeJob(h)
	if err != nil {
		return jobs.Job{}, fmt.Errorf("cancel job %s: %w", id, err)
	}
	if status == "finished" {
		return j, fmt.Errorf("cancel %s (%s): %w", id, prev, jobs.ErrFinished)
	}
	task := h[fTask]
	switch jobs.State(prev) {
	case jobs.Queued:
		// Best effort: a task that is gone or already taken is fine,
		// the worker skips a cancelled job.
		if err := q.inspector.DeleteTask(q.queue, task); err != nil {
			q.log.Debug("delete task of cancelled job", "job", id, "task", task, "err", err)
		}
	case jobs.Running:
		if err := q.inspector.CancelProcessing(task); err != nil {
			q.log.Warn("send cancel to the worker of a job", "job", id, "task", task, "err", err)
		}
	}
	return j, nil
}

// scriptAnswer splits a script's answer into its status, its second
// string and the job hash that may follow.
func scriptAnswer(res []any) (status, aux string, h map[string]string, err error) {
	if len(res) < 2 {
		return "", "", nil, fmt.Errorf("short script answer %v", res)
	}
	status, _ = res[0].(string)
	aux, _ = res[1].(string)
	h, err = pairs(res[2:])
	return status, aux, h, err
}

// itoa formats an attempt count as the scripts compare it.
func itoa(n int) string { return strconv.Itoa(n) }

// itoa64 formats a progress count.
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
