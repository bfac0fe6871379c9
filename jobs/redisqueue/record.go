package redisqueue

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/cecbench/cecbench/jobs"
)

// The fields of a job's hash. Times are RFC 3339 with nanoseconds in UTC
// ("" when unset); owner and task are the queue's own bookkeeping.
const (
	fID        = "id"
	fType      = "type"
	fState     = "state"
	fParams    = "params"
	fResult    = "result"
	fError     = "error"
	fAttempts  = "attempts"
	fCreated   = "created"
	fCreatedMS = "created_ms" // score of the job in the sorted sets
	fUpdated   = "updated"
	fStarted   = "started"
	fFinished  = "finished"
	fDone      = "done"
	fTotal     = "total"
	// fOwner is the id of the Run whose worker runs the job ("" unless
	// running).
	fOwner = "owner"
	// fTask is the asynq task id that wakes a worker for the job while
	// it is queued, and the one that started it while it runs.
	fTask = "task"
)

// Event kinds this queue writes besides jobs.EventState and
// jobs.EventProgress (the same names as jobs/embedded).
const (
	// EventResumed is logged when the worker running a job stopped
	// renewing its heartbeat (the process died) and the job is queued
	// again for another worker.
	EventResumed = "resumed"
	// EventRequeued is logged when Run stops while a job runs and its
	// handler gives up; the job goes back to the queue.
	EventRequeued = "requeued"
)

// formatTime is how times are stored.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// storedEvent is an event as stored in the list: its Seq is its place.
type storedEvent struct {
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Message string          `json:"message,omitempty"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// encodeEvent returns the stored form of an event.
func encodeEvent(now time.Time, kind, message string, data json.RawMessage) string {
	b, err := json.Marshal(storedEvent{Time: now.UTC(), Kind: kind, Message: message, Data: data})
	if err != nil {
		// Only invalid JSON in data fails, and callers pass the output
		// of json.Marshal.
		panic(fmt.Sprintf("redisqueue: encode event: %v", err))
	}
	return string(b)
}

// stateEvent is the stored event of a move to state s.
func stateEvent(now time.Time, s jobs.State) string {
	return encodeEvent(now, jobs.EventState, string(s), nil)
}

// decodeEvent parses a stored event with sequence number seq.
func decodeEvent(s string, seq int64) (jobs.Event, error) {
	var e storedEvent
	if err := json.Unmarshal([]byte(s), &e); err != nil {
		return jobs.Event{}, fmt.Errorf("decode event %d: %w", seq, err)
	}
	return jobs.Event{Seq: seq, Time: e.Time, Kind: e.Kind, Message: e.Message, Data: e.Data}, nil
}

// newRecord returns the hash fields of a new queued job.
func newRecord(j jobs.Job, task string) map[string]any {
	return map[string]any{
		fID:        j.ID,
		fType:      j.Type,
		fState:     string(j.State),
		fParams:    string(j.Params),
		fResult:    "",
		fError:     "",
		fAttempts:  0,
		fCreated:   formatTime(j.CreatedAt),
		fCreatedMS: j.CreatedAt.UnixMilli(),
		fUpdated:   formatTime(j.UpdatedAt),
		fStarted:   "",
		fFinished:  "",
		fDone:      0,
		fTotal:     0,
		fOwner:     "",
		fTask:      task,
	}
}

// pairs turns a flat field, value, field, value... answer (HGETALL as a
// script returns it) into a map.
func pairs(vals []any) (map[string]string, error) {
	if len(vals)%2 != 0 {
		return nil, fmt.Errorf("odd number of hash fields (%d)", len(vals))
	}
	m := make(map[string]string, len(vals)/2)
	for i := 0; i < len(vals); i += 2 {
		k, ok1 := vals[i].(string)
		v, ok2 := vals[i+1].(string)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("hash field %d is %T=%T, want strings", i/2, vals[i], vals[i+1])
		}
		m[k] = v
	}
	return m, nil
}

// decodeJob turns a job's hash into a jobs.Job.
func decodeJob(h map[string]string) (jobs.Job, error) {
	j := jobs.Job{
		ID:    h[fID],
		Type:  h[fType],
		State: jobs.State(h[fState]),
		Error: h[fError],
	}
	if !j.State.Valid() {
		return jobs.Job{}, fmt.Errorf("job %s: unknown state %q", j.ID, j.State)
	}
	if p := h[fParams]; p != "" {
		j.Params = json.RawMessage(p)
	}
	if r := h[fResult]; r != "" {
		j.Result = json.RawMessage(r)
	}
	var err error
	num := func(f string) int64 {
		if err != nil || h[f] == "" {
			return 0
		}
		var n int64
		n, err = strconv.ParseInt(h[f], 10, 64)
		return n
	}
	j.Attempts = int(num(fAttempts))
	j.Progress = jobs.Progress{Done: num(fDone), Total: num(fTotal)}
	tm := func(f string) *time.Time {
		if err != nil || h[f] == "" {
			return nil
		}
		var t time.Time
		t, err = time.Parse(time.RFC3339Nano, h[f])
		return &t
	}
	if t := tm(fCreated); t != nil {
		j.CreatedAt = *t
	}
	if t := tm(fUpdated); t != nil {
		j.UpdatedAt = *t
	}
	j.StartedAt = tm(fStarted)
	j.FinishedAt = tm(fFinished)
	if err != nil {
		return jobs.Job{}, fmt.Errorf("decode job %s: %w", j.ID, err)
	}
	return j, nil
}
