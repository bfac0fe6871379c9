package redisqueue

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/hibiken/asynq"
)

// How the queue uses asynq: tasks only wake a worker for a job, the job
// record decides what happens.
const (
	// taskTimeout is the asynq timeout of a task. A job runs as long as
	// it needs (its worker's heartbeat, not a deadline, says it is
	// alive), so the timeout is effectively never reached.
	taskTimeout = 10 * 365 * 24 * time.Hour
	// taskMaxRetry keeps asynq from ever archiving a task: a task is
	// retried when asynq recovers it from a dead worker or its context
	// was cancelled, and each retry only looks at the job record.
	taskMaxRetry = math.MaxInt32
	// retryDelay is how soon asynq hands out a retried task again.
	retryDelay = time.Second
	// taskCheckInterval is how often an idle worker polls its queue
	// (asynq's default is 1 s): an idle worker takes a new job within it,
	// at the cost of 50 cheap Redis calls a second per idle process.
	taskCheckInterval = 20 * time.Millisecond
	// forwardInterval is how often asynq moves due retried tasks back to
	// the queue (asynq's default is 5 s).
	forwardInterval = time.Second
)

// taskType is the asynq type name of the tasks of jobs of type typ: the
// job type, which asynq's tools show.
func taskType(typ string) string {
	if strings.TrimSpace(typ) == "" {
		return "job"
	}
	return typ
}

// enqueueTask puts the asynq task with id task for job id in the queue.
// A task with that id that exists already is fine: it does the same.
func (q *Queue) enqueueTask(ctx context.Context, id, typ, task string) error {
	_, err := q.client.EnqueueContext(ctx, asynq.NewTask(taskType(typ), []byte(id)),
		asynq.TaskID(task),
		asynq.Queue(q.queue),
		asynq.MaxRetry(taskMaxRetry),
		asynq.Timeout(taskTimeout),
	)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	return err
}

// newServer returns the asynq server of one Run.
func (q *Queue) newServer() *asynq.Server {
	return asynq.NewServerFromRedisClient(q.c, asynq.Config{
		Concurrency:              q.concurrency,
		Queues:                   map[string]int{q.queue: 1},
		TaskCheckInterval:        taskCheckInterval,
		DelayedTaskCheckInterval: forwardInterval,
		RetryDelayFunc:           func(int, error, *asynq.Task) time.Duration { return retryDelay },
		// Run waits for its handlers itself before it shuts the server
		// down; this only bounds asynq's own wait.
		ShutdownTimeout: 5 * time.Second,
		Logger:          asynqLogger{q.log},
		LogLevel:        asynq.WarnLevel,
	})
}
