// Package jobs is the one model of long-running work in cecbench: a job
// with a type, a state, progress, a result or an error, and an
// append-only event log, and the interfaces a queue implements for the API
// (Queue) and for the processes that do the work (Runner). Two
// implementations exist: jobs/embedded (in-process workers, state in an
// on-disk bbolt file) and jobs/redisqueue (asynq on Redis, any number of
// `cecbench worker` processes). jobs/jobstest is the conformance suite
// both pass.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// State is where a job is in its life.
type State string

// The states. A job starts queued, becomes running when a worker takes
// it, and ends in one of the three terminal states. A running job whose
// worker dies is queued again and resumes (Attempts counts the starts).
const (
	Queued    State = "queued"
	Running   State = "running"
	Succeeded State = "succeeded"
	Failed    State = "failed"
	Cancelled State = "cancelled"
)

// States lists every state, in life order.
var States = []State{Queued, Running, Succeeded, Failed, Cancelled}

// Terminal reports whether s is final.
func (s State) Terminal() bool { return s == Succeeded || s == Failed || s == Cancelled }

// Valid reports whether s is one of States.
func (s State) Valid() bool {
	for _, v := range States {
		if s == v {
			return true
		}
	}
	return false
}

// Progress counts a job's units of work (items, steps): Done of Total;
// Total is 0 until the job knows it.
type Progress struct {
	Done  int64 `json:"done"`
	Total int64 `json:"total"`
}

// Job is a job as the API shows it.
type Job struct {
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	State    State           `json:"state"`
	Progress Progress        `json:"progress"`
	Params   json.RawMessage `json:"params,omitempty" swaggertype:"object"`
	Result   json.RawMessage `json:"result,omitempty" swaggertype:"object"`
	Error    string          `json:"error,omitempty"`
	// Attempts is how many times a worker started the job (more than 1
	// after a worker died and the job resumed).
	Attempts   int        `json:"attempts"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// Event kinds written by the queues themselves; handlers add their own
// (for example "item", "retry", "log").
const (
	EventState    = "state"    // Message is the new state
	EventProgress = "progress" // Data is a Progress
)

// Event is one entry of a job's append-only log.
type Event struct {
	// Seq numbers a job's events from 1 without gaps.
	Seq     int64           `json:"seq"`
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Message string          `json:"message,omitempty"`
	Data    json.RawMessage `json:"data,omitempty" swaggertype:"object"`
}

// Filter selects jobs for List; zero fields match everything.
type Filter struct {
	Type  string
	State State
	// Limit caps the answer (newest first); 0 means 100.
	Limit int
}

// Errors the implementations return (wrapped or as is).
var (
	ErrNotFound = errors.New("job not found")
	// ErrFinished: the job is already in a terminal state (cancel).
	ErrFinished = errors.New("job already finished")
	// ErrCancelled is what Task methods return once the job is
	// cancelled; a handler returning it (or ctx.Err() after a cancel)
	// leaves the job cancelled, not failed.
	ErrCancelled = errors.New("job cancelled")
)

// Queue is what the API uses: create, read and cancel jobs.
type Queue interface {
	// Enqueue stores a new queued job of typ with params (marshalled to
	// JSON) and hands it to the workers. Once it returns without error
	// the job is durable: it will run even if every process dies now.
	Enqueue(ctx context.Context, typ string, params any) (Job, error)
	Get(ctx context.Context, id string) (Job, error)
	// List returns jobs matching f, newest first.
	List(ctx context.Context, f Filter) ([]Job, error)
	// Events returns up to limit events with Seq > after, in order
	// (limit 0 means 1000).
	Events(ctx context.Context, id string, after int64, limit int) ([]Event, error)
	// Cancel stops a queued or running job: a queued one never starts,
	// a running one has its handler's context cancelled. It returns the
	// job as it is after the call; ErrFinished if it had already ended.
	Cancel(ctx context.Context, id string) (Job, error)
}

// Handler does the work of one job type. The result is marshalled to JSON
// into Job.Result on success. Returning an error fails the job with its
// message (or cancels it, see ErrCancelled). A handler must be safe to
// run again for the same job after a crash: it is, in effect, resumed.
type Handler func(ctx context.Context, t Task) (result any, err error)

// Task is a running job as its handler sees it.
type Task interface {
	// Job returns the job as it was when the worker took it.
	Job() Job
	// SetProgress records progress and appends a progress event.
	SetProgress(ctx context.Context, p Progress) error
	// Event appends an event (data marshalled to JSON; nil for none).
	Event(ctx context.Context, kind, message string, data any) error
}

// Runner is what a worker process uses: it takes queued jobs and runs the
// handler of their type until ctx is done. A job of a type with no
// handler fails with an error saying so.
type Runner interface {
	Run(ctx context.Context, handlers map[string]Handler) error
}
