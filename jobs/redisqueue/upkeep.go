package redisqueue

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/jobs"
)

// queuedSweepInterval is how often a Run looks for queued jobs whose
// asynq task is missing (the enqueuing process died between its two
// writes).
const queuedSweepInterval = 30 * time.Second

// tick is the period of a Run's upkeep: a quarter of the lease, at most
// a second.
func (q *Queue) tick() time.Duration { return min(q.lease/4, time.Second) }

// upkeep keeps a Run's heartbeat and cancels handlers whose job was
// cancelled or taken over, and, in a loop of its own so that long sweeps
// cannot delay the heartbeat, resumes the jobs of dead workers and
// re-enqueues missing tasks, until ctx is done.
func (w *worker) upkeep(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.sweep(ctx)
	}()
	w.heartbeat(ctx)
	<-done
}

// heartbeat renews the heartbeat key and checks the running attempts
// every tick.
func (w *worker) heartbeat(ctx context.Context) {
	q := w.q
	t := time.NewTicker(q.tick())
	defer t.Stop()
	lastBeat := time.Now()
	for {
		if err := w.beat(ctx); err == nil {
			lastBeat = time.Now()
		} else if ctx.Err() == nil {
			q.log.Warn("renew worker heartbeat", "worker", w.id, "err", err)
			if time.Since(lastBeat) > q.lease {
				// Other workers may resume our jobs now: stop them.
				w.cancelAll(errLost)
			}
		}
		w.checkActive(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sweep looks for work that lost its way every tick: jobs of dead
// workers, tasks stuck with dead workers, and (every 30 s) queued jobs
// without a task.
func (w *worker) sweep(ctx context.Context) {
	t := time.NewTicker(w.q.tick())
	defer t.Stop()
	var lastQueuedSweep time.Time
	suspects := map[string]time.Time{}
	for {
		w.resumeDead(ctx)
		w.rescueStuck(ctx, suspects)
		if time.Since(lastQueuedSweep) >= queuedSweepInterval {
			w.enqueueMissing(ctx)
			lastQueuedSweep = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// cancelAll cancels the contexts of all running handlers with cause.
func (w *worker) cancelAll(cause error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for a := range w.active {
		a.cancel(cause)
	}
}

// checkActive cancels the handlers whose job was cancelled (cause
// jobs.ErrCancelled) or left their attempt (cause errLost). asynq's
// cancel message usually comes first; this also covers a lost message.
func (w *worker) checkActive(ctx context.Context) {
	w.mu.Lock()
	active := make([]*attempt, 0, len(w.active))
	for a := range w.active {
		active = append(active, a)
	}
	w.mu.Unlock()
	if len(active) == 0 {
		return
	}
	cmds := make([]*redis.SliceCmd, len(active))
	_, err := w.q.c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, a := range active {
			cmds[i] = p.HMGet(ctx, w.q.jobKey(a.job.ID), fState, fAttempts)
		}
		return nil
	})
	if err != nil {
		return
	}
	for i, a := range active {
		vals := cmds[i].Val()
		switch {
		case vals[0] == string(jobs.Cancelled):
			a.cancel(jobs.ErrCancelled)
		case vals[0] != string(jobs.Running) || vals[1] != itoa(a.job.Attempts):
			a.cancel(errLost)
		}
	}
}

// resumeDead queues again the running jobs whose worker's heartbeat key
// has expired (the process died or lost Redis for a whole lease), and
// those this worker shows running but no longer runs (a claim whose answer
// was lost, an outcome it could not record), and enqueues a fresh asynq
// task for each.
func (w *worker) resumeDead(ctx context.Context) {
	q := w.q
	ids, err := q.c.ZRange(ctx, q.stateKey(jobs.Running), 0, -1).Result()
	if err != nil || len(ids) == 0 {
		return
	}
	recs := make([]*redis.SliceCmd, len(ids))
	if _, err := q.c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			recs[i] = p.HMGet(ctx, q.jobKey(id), fOwner, fAttempts, fType)
		}
		return nil
	}); err != nil {
		return
	}
	alive := map[string]*redis.IntCmd{}
	if _, err := q.c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, r := range recs {
			if owner, _ := r.Val()[0].(string); owner != "" && owner != w.id && alive[owner] == nil {
				alive[owner] = p.Exists(ctx, q.workerKey(owner))
			}
		}
		return nil
	}); err != nil {
		return
	}
	// Read after the records: a job of ours that is in neither map now
	// was not being run when its record was read either.
	w.mu.Lock()
	mine := map[string]bool{}
	for a := range w.active {
		mine[a.job.ID] = true
	}
	for id := range w.claiming {
		mine[id] = true
	}
	w.mu.Unlock()

	for i, id := range ids {
		owner, _ := recs[i].Val()[0].(string)
		attempts, _ := recs[i].Val()[1].(string)
		typ, _ := recs[i].Val()[2].(string)
		n, err := strconv.Atoi(attempts)
		self := owner == w.id
		switch {
		case owner == "" || err != nil:
			continue
		case self && mine[id]:
			continue
		case !self && alive[owner].Val() != 0:
			continue
		}
		flag, why := "", "resumed after its worker stopped"
		if self {
			flag, why = "self", "resumed: its worker lost track of it"
		}
		now := time.Now().UTC()
		task := taskID(id, n)
		res, err := resumeScript.Run(ctx, q.c,
			[]string{q.jobKey(id), q.eventsKey(id), q.stateKey(jobs.Running), q.stateKey(jobs.Queued), q.workerKey(owner)},
			id, owner, attempts, formatTime(now), task, flag,
			stateEvent(now, jobs.Queued),
			encodeEvent(now, EventResumed, why, nil)).Slice()
		if err != nil {
			q.log.Warn("resume job", "job", id, "err", err)
			continue
		}
		if status, _, _, _ := scriptAnswer(res); status != "ok" {
			continue
		}
		q.log.Info("job "+why, "job", id, "old_worker", owner, "worker", w.id)
		if err := q.enqueueTask(ctx, id, typ, task); err != nil {
			q.log.Warn("enqueue task of resumed job; the next sweep will", "job", id, "err", err)
		}
	}
}

// enqueueMissing enqueues the asynq task of every queued job again; for
// the jobs whose task exists (nearly all) asynq answers that the task id
// is taken, which is fine.
func (w *worker) enqueueMissing(ctx context.Context) {
	q := w.q
	const page = 500
	for start := int64(0); ; start += page {
		ids, err := q.c.ZRange(ctx, q.stateKey(jobs.Queued), start, start+page-1).Result()
		if err != nil {
			return
		}
		recs := make([]*redis.SliceCmd, len(ids))
		if _, err := q.c.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range ids {
				recs[i] = p.HMGet(ctx, q.jobKey(id), fState, fType, fTask)
			}
			return nil
		}); err != nil {
			return
		}
		for i, id := range ids {
			vals := recs[i].Val()
			state, _ := vals[0].(string)
			typ, _ := vals[1].(string)
			task, _ := vals[2].(string)
			if state != string(jobs.Queued) || task == "" {
				continue
			}
			if err := q.enqueueTask(ctx, id, typ, task); err != nil {
				q.log.Warn("enqueue task of queued job", "job", id, "err", err)
			}
		}
		if len(ids) < page {
			return
		}
	}
}

// rescueStuck gives a fresh asynq task to each queued job whose task has
// sat in asynq's active list for over a lease: a worker took the task but
// died before it claimed the job (a live worker claims within
// milliseconds), and asynq would hand the task out again only after its
// own 30 s lease and 1 min recovery check. suspects maps the active tasks
// of queued jobs to when this worker first saw them so; it is the
// caller's, kept between calls.
func (w *worker) rescueStuck(ctx context.Context, suspects map[string]time.Time) {
	q := w.q
	infos, err := q.inspector.ListActiveTasks(q.queue, asynq.PageSize(1000))
	if err != nil {
		return
	}
	recs := make([]*redis.SliceCmd, len(infos))
	if _, err := q.c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, info := range infos {
			recs[i] = p.HMGet(ctx, q.jobKey(string(info.Payload)), fState, fTask, fType)
		}
		return nil
	}); err != nil {
		return
	}
	now := time.Now()
	seen := map[string]bool{}
	for i, info := range infos {
		vals := recs[i].Val()
		if vals[0] != string(jobs.Queued) || vals[1] != info.ID {
			continue
		}
		seen[info.ID] = true
		first, ok := suspects[info.ID]
		if !ok {
			suspects[info.ID] = now
			continue
		}
		if now.Sub(first) < q.lease {
			continue
		}
		id := string(info.Payload)
		typ, _ := vals[2].(string)
		fresh := info.ID + "+" + uuid.NewString()[:8]
		res, err := retaskScript.Run(ctx, q.c, []string{q.jobKey(id)}, info.ID, fresh).Slice()
		if err != nil {
			continue
		}
		if status, _, _, _ := scriptAnswer(res); status != "ok" {
			continue
		}
		q.log.Info("job's task stuck with a dead worker; enqueued a new one", "job", id, "task", info.ID, "new_task", fresh)
		if err := q.enqueueTask(ctx, id, typ, fresh); err != nil {
			q.log.Warn("enqueue task of rescued job; the next sweep will", "job", id, "err", err)
		}
	}
	for task := range suspects {
		if !seen[task] {
			delete(suspects, task)
		}
	}
}
