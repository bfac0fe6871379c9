package redisqueue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"

	"github.com/cecbench/cecbench/jobs"
)

// Causes with which a worker cancels a handler's context.
var (
	// errShutdown: Run is stopping and ShutdownTimeout has passed.
	errShutdown = errors.New("redisqueue: worker shutting down")
	// errLost: the job left this attempt (another worker resumed it
	// after this one's heartbeat lapsed).
	errLost = errors.New("redisqueue: job taken over by another worker")
	// errStopping is what the asynq handler returns for a task that
	// arrives after Run began to stop: asynq retries it on another
	// worker.
	errStopping = errors.New("redisqueue: worker stopping, task left for another worker")
)

// worker is one Run: its heartbeat, its asynq server and the attempts
// its handlers are running.
type worker struct {
	q        *Queue
	id       string
	handlers map[string]jobs.Handler

	mu       sync.Mutex
	stopping bool
	active   map[*attempt]bool // the attempts being run
	claiming map[string]int    // job ids whose claim is in flight
	wg       sync.WaitGroup    // one per task being processed
}

// attempt is a job this worker has claimed and runs.
type attempt struct {
	job    jobs.Job // as claimed: Running, Attempts counts this start
	cancel context.CancelCauseFunc
}

// Run runs queued jobs with the handler of their type, Options.Concurrency
// at a time, until ctx is done; a job whose type has no handler fails.
// When ctx is done Run stops taking jobs, lets the running handlers
// finish for up to Options.ShutdownTimeout, then cancels their contexts
// and waits for them: a handler that then returns an error leaves its job
// queued again (event EventRequeued) for another worker. Run returns nil
// after that, or an error if it cannot start.
func (q *Queue) Run(ctx context.Context, handlers map[string]jobs.Handler) error {
	w := &worker{
		q:        q,
		id:       uuid.NewString(),
		handlers: maps.Clone(handlers),
		active:   map[*attempt]bool{},
		claiming: map[string]int{},
	}
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	err := w.beat(bctx)
	cancel()
	if err != nil {
		return fmt.Errorf("redisqueue: start worker: %w", err)
	}
	srv := q.newServer()
	if err := srv.Start(asynq.HandlerFunc(w.process)); err != nil {
		w.forget()
		return fmt.Errorf("redisqueue: start worker: %w", err)
	}
	q.log.Info("worker started", "worker", w.id, "queue", q.queue, "concurrency", q.concurrency)

	upkeepCtx, stopUpkeep := context.WithCancel(context.WithoutCancel(ctx))
	upkeepDone := make(chan struct{})
	go func() {
		defer close(upkeepDone)
		w.upkeep(upkeepCtx)
	}()

	<-ctx.Done()
	srv.Stop() // take no more tasks
	w.drain()
	srv.Shutdown()
	stopUpkeep()
	<-upkeepDone
	w.forget()
	q.log.Info("worker stopped", "worker", w.id)
	return nil
}

// beat renews the worker's heartbeat key.
func (w *worker) beat(ctx context.Context) error {
	return w.q.c.Set(ctx, w.q.workerKey(w.id), "alive", w.q.lease).Err()
}

// forget deletes the heartbeat key: any job this worker still shows as
// running is resumed by the other workers at once.
func (w *worker) forget() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.q.c.Del(ctx, w.q.workerKey(w.id)).Err(); err != nil {
		w.q.log.Warn("delete worker heartbeat", "worker", w.id, "err", err)
	}
}

// enter registers a task that is about to claim job id; false once Run
// is stopping.
func (w *worker) enter() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopping {
		return false
	}
	w.wg.Add(1)
	return true
}

// drain stops new claims, waits up to the shutdown timeout for running
// handlers, then cancels them and waits until they return.
func (w *worker) drain() {
	w.mu.Lock()
	w.stopping = true
	w.mu.Unlock()
	done := make(chan struct{})
	go func() {
		w.wg.Wait()
		close(done)
	}()
	if w.q.shutdown > 0 {
		t := time.NewTimer(w.q.shutdown)
		defer t.Stop()
		select {
		case <-done:
			return
		case <-t.C:
		}
	}
	w.mu.Lock()
	for a := range w.active {
		a.cancel(errShutdown)
	}
	w.mu.Unlock()
	<-done
}

// process is the asynq handler: claim the job the task names and run it.
// It returns nil whenever the job record has been dealt with, so asynq
// never retries a task whose job ran; an error (Redis unreachable, Run
// stopping) makes asynq hand the task out again after retryDelay.
func (w *worker) process(actx context.Context, t *asynq.Task) error {
	id := string(t.Payload())
	task, _ := asynq.GetTaskID(actx)
	if !w.enter() {
		return errStopping
	}
	defer w.wg.Done()

	// The handler's context ends when Cancel reaches this worker (asynq's
	// cancel message ends actx; the upkeep loop's state check backs it
	// up), when Run stops or when the job is resumed elsewhere; its cause
	// is jobs.ErrCancelled after a Cancel, as with the embedded queue.
	jctx, cancel := context.WithCancelCause(context.WithoutCancel(actx))
	defer cancel(nil)

	// While the claim is in flight the job counts as this worker's, so
	// that resumeDead does not take it for one this worker lost.
	w.mu.Lock()
	w.claiming[id]++
	w.mu.Unlock()
	job, err := w.claim(actx, id, task)
	w.mu.Lock()
	if w.claiming[id]--; w.claiming[id] == 0 {
		delete(w.claiming, id)
	}
	var a *attempt
	if job != nil {
		a = &attempt{job: *job, cancel: cancel}
		w.active[a] = true
	}
	w.mu.Unlock()
	if job == nil {
		return err
	}
	defer func() {
		w.mu.Lock()
		delete(w.active, a)
		w.mu.Unlock()
	}()
	stopWatch := context.AfterFunc(actx, func() { cancel(w.whyDone(id, job.Attempts, actx)) })
	defer stopWatch()

	var out outcome
	if h := w.handlers[job.Type]; h == nil {
		out = outcome{err: fmt.Errorf("no handler for job type %q", job.Type), noHandler: true}
	} else {
		w.q.log.Debug("job started", "job", id, "type", job.Type, "attempt", job.Attempts, "worker", w.id)
		out = w.call(jctx, h, &taskView{w: w, job: *job})
	}
	w.finish(jctx, *job, out)
	return nil
}

// claim moves job id from queued to running for this worker, the start
// being asynq task task. It returns the job as claimed, or nil when the
// job is not queued (running elsewhere, finished, gone) or on error.
func (w *worker) claim(ctx context.Context, id, task string) (*jobs.Job, error) {
	q := w.q
	now := time.Now().UTC()
	res, err := claimScript.Run(ctx, q.c,
		[]string{q.jobKey(id), q.eventsKey(id), q.stateKey(jobs.Queued), q.stateKey(jobs.Running)},
		id, w.id, task, formatTime(now), stateEvent(now, jobs.Running)).Slice()
	if err != nil {
		return nil, fmt.Errorf("claim job %s: %w", id, err)
	}
	status, state, h, err := scriptAnswer(res)
	if err != nil {
		return nil, fmt.Errorf("claim job %s: %w", id, err)
	}
	switch status {
	case "ok":
	case "missing":
		q.log.Warn("task for a job that does not exist", "job", id, "task", task)
		return nil, nil
	default: // not queued: running elsewhere, or finished
		q.log.Debug("task for a job that is not queued", "job", id, "task", task, "state", state)
		return nil, nil
	}
	job, err := decodeJob(h)
	if err != nil {
		return nil, fmt.Errorf("claim job %s: %w", id, err)
	}
	return &job, nil
}

// whyDone returns the cause to give a handler whose asynq context ended:
// jobs.ErrCancelled if the job was cancelled, errLost if it left this
// attempt, otherwise actx's own cause (asynq lost the task's lease).
func (w *worker) whyDone(id string, attempts int, actx context.Context) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	vals, err := w.q.c.HMGet(ctx, w.q.jobKey(id), fState, fAttempts).Result()
	switch {
	case err != nil:
		return context.Cause(actx)
	case vals[0] == string(jobs.Cancelled):
		return jobs.ErrCancelled
	case vals[0] != string(jobs.Running) || vals[1] != itoa(attempts):
		return errLost
	}
	return context.Cause(actx)
}

// outcome is how a handler call ended.
type outcome struct {
	result    any
	err       error
	panicked  bool
	panicVal  any
	noHandler bool
}

// call runs h, turning a panic into an outcome.
func (w *worker) call(ctx context.Context, h jobs.Handler, t *taskView) (out outcome) {
	defer func() {
		if p := recover(); p != nil {
			w.q.log.Error("job handler panicked", "job", t.job.ID, "type", t.job.Type, "panic", p, "stack", string(debug.Stack()))
			out = outcome{panicked: true, panicVal: p}
		}
	}()
	res, err := h(ctx, t)
	return outcome{result: res, err: err}
}

// finish records the outcome of the attempt job.Attempts of job, unless
// the job left that attempt meanwhile (cancelled, or resumed elsewhere).
func (w *worker) finish(jctx context.Context, job jobs.Job, out outcome) {
	var result string
	if out.err == nil && !out.panicked && out.result != nil {
		b, err := json.Marshal(out.result)
		if err != nil {
			out.err = fmt.Errorf("encode result: %w", err)
		}
		result = string(b)
	}
	cancelled := errors.Is(context.Cause(jctx), jobs.ErrCancelled)

	now := time.Now().UTC()
	var (
		state  jobs.State
		fields []string
		events = []string{}
	)
	switch {
	case out.panicked:
		state, fields = jobs.Failed, []string{fError, fmt.Sprintf("panic: %v", out.panicVal)}
	case out.err == nil:
		state, fields = jobs.Succeeded, []string{fResult, result}
	case out.noHandler:
		state, fields = jobs.Failed, []string{fError, out.err.Error()}
	case cancelled || errors.Is(out.err, jobs.ErrCancelled):
		state = jobs.Cancelled
	case jctx.Err() != nil:
		// The context ended for another reason than a cancel (Run
		// stopping, asynq losing its lease): the job goes back to the
		// queue. If it was cancelled or resumed elsewhere, the script
		// leaves it alone.
		state = jobs.Queued
		fields = []string{fTask, taskID(job.ID, job.Attempts)}
		events = append(events, encodeEvent(now, EventRequeued, "worker stopped before the job finished", nil))
	default:
		state, fields = jobs.Failed, []string{fError, out.err.Error()}
	}
	fields = append(fields, fOwner, "")
	if state.Terminal() {
		fields = append(fields, fFinished, formatTime(now))
	}
	events = append([]string{stateEvent(now, state)}, events...)

	status, err := w.update(job, state, now, fields, events)
	if err != nil {
		// The job stays running under this worker; once its heartbeat
		// lapses (Run returns or the process dies) another worker
		// resumes it.
		w.q.log.Error("record job outcome", "job", job.ID, "state", state, "err", err)
		return
	}
	if status != "ok" {
		return
	}
	w.q.log.Debug("job ended", "job", job.ID, "state", state, "worker", w.id)
	if state == jobs.Queued {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := w.q.enqueueTask(ctx, job.ID, job.Type, taskID(job.ID, job.Attempts)); err != nil {
			w.q.log.Warn("enqueue task of requeued job; a worker's sweep will", "job", job.ID, "err", err)
		}
	}
}

// update runs updateScript for attempt job.Attempts, retrying for up to
// a lease while Redis cannot be reached. It returns the script's status.
func (w *worker) update(job jobs.Job, state jobs.State, now time.Time, fields, events []string) (string, error) {
	q := w.q
	args := []any{job.ID, itoa(job.Attempts), string(state), formatTime(now), len(fields) / 2}
	for _, f := range fields {
		args = append(args, f)
	}
	for _, e := range events {
		args = append(args, e)
	}
	keys := []string{q.jobKey(job.ID), q.eventsKey(job.ID), q.stateKey(jobs.Running), q.stateKey(state)}
	deadline := time.Now().Add(q.lease)
	delay := 50 * time.Millisecond
	for {
		ctx, cancel := context.WithTimeout(context.Background(), q.lease)
		res, err := updateScript.Run(ctx, q.c, keys, args...).Slice()
		cancel()
		if err == nil {
			status, _, _, err := scriptAnswer(res)
			return status, err
		}
		if time.Now().Add(delay).After(deadline) {
			return "", err
		}
		time.Sleep(delay)
		delay = min(2*delay, time.Second)
	}
}
