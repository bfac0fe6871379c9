// Package jobstest is the conformance suite every jobs.Queue and
// jobs.Runner implementation passes: call Run from the implementation's
// tests.
package jobstest

import (
	"context"
	"encoding/json"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/cecbench/cecbench/jobs"
)

// Backend is one implementation under test: the Queue the API uses and
// the Runner the workers use, on the same storage.
type Backend struct {
	// Queue is what the API would use.
	Queue jobs.Queue
	// Runner is what a worker would use; the suite starts it itself.
	Runner jobs.Runner
}

// Timeouts of the polling helpers; generous, since polls end as soon as
// the condition holds.
const (
	waitTimeout  = 10 * time.Second
	pollInterval = time.Millisecond
)

// Run runs every conformance test. open returns a fresh, empty backend
// (its cleanup registered with t.Cleanup). restart, if not nil,
// simulates a crash: it abandons old's processes without letting running
// handlers finish or update state (as kill -9 would) and returns a new
// Backend on the same storage. After restart returns, the suite stops
// the old Runner (cancels its context and waits for Run to return); that
// must not change the new backend's storage, since the old processes
// are dead.
func Run(t *testing.T, open func(t *testing.T) Backend, restart func(t *testing.T, old Backend) Backend) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, b Backend)
	}{
		{"EnqueueReturnsQueued", testEnqueueReturnsQueued},
		{"Succeeds", testSucceeds},
		{"Progress", testProgress},
		{"Events", testEvents},
		{"HandlerError", testHandlerError},
		{"HandlerPanic", testHandlerPanic},
		{"UnknownType", testUnknownType},
		{"CancelQueued", testCancelQueued},
		{"CancelRunning", testCancelRunning},
		{"CancelFinished", testCancelFinished},
		{"NotFound", testNotFound},
		{"List", testList},
		{"ManyJobs", testManyJobs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
	t.Run("Restart", func(t *testing.T) {
		if restart == nil {
			t.Skip("the backend cannot simulate a crash")
		}
		testRestart(t, open, restart)
	})
}

// startRunner runs b.Runner with handlers in a goroutine and returns a
// function that stops it (cancel, then wait for Run to return); the stop
// is also registered with t.Cleanup.
func startRunner(t *testing.T, b Backend, handlers map[string]jobs.Handler) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.Runner.Run(ctx, handlers) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-errc:
				if err != nil {
					t.Errorf("Runner.Run returned %v", err)
				}
			case <-time.After(waitTimeout):
				t.Errorf("Runner.Run did not return %v after its context was cancelled", waitTimeout)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitFor polls cond until it holds, failing t after waitTimeout.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", waitTimeout, what)
		}
		time.Sleep(pollInterval)
	}
}

// waitState polls job id until it is in state s and returns it; it fails
// t if the job ends in another state.
func waitState(t *testing.T, q jobs.Queue, id string, s jobs.State) jobs.Job {
	t.Helper()
	var j jobs.Job
	waitFor(t, "job "+id+" to be "+string(s), func() bool {
		var err error
		j, err = q.Get(context.Background(), id)
		if err != nil {
			t.Fatalf("Get(%s): %v", id, err)
		}
		if j.State != s && j.State.Terminal() {
			t.Fatalf("job %s ended %s (error %q), want %s", id, j.State, j.Error, s)
		}
		return j.State == s
	})
	return j
}

// receive waits for a value on ch, failing t after waitTimeout.
func receive[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitTimeout):
		t.Fatalf("timed out after %v waiting for %s", waitTimeout, what)
		panic("unreachable")
	}
}

func mustEnqueue(t *testing.T, q jobs.Queue, typ string, params any) jobs.Job {
	t.Helper()
	j, err := q.Enqueue(context.Background(), typ, params)
	if err != nil {
		t.Fatalf("Enqueue(%s): %v", typ, err)
	}
	return j
}

func mustEvents(t *testing.T, q jobs.Queue, id string, after int64, limit int) []jobs.Event {
	t.Helper()
	es, err := q.Events(context.Background(), id, after, limit)
	if err != nil {
		t.Fatalf("Events(%s, %d, %d): %v", id, after, limit, err)
	}
	return es
}

// stateEvents returns the messages (new states) of the state events.
func stateEvents(es []jobs.Event) []string {
	var out []string
	for _, e := range es {
		if e.Kind == jobs.EventState {
			out = append(out, e.Message)
		}
	}
	return out
}

// checkSeqs fails t unless es are numbered from first without gaps.
func checkSeqs(t *testing.T, es []jobs.Event, first int64) {
	t.Helper()
	for i, e := range es {
		if want := first + int64(i); e.Seq != want {
			t.Fatalf("event %d has seq %d, want %d (events %+v)", i, e.Seq, want, es)
		}
	}
}

// jsonEqual reports whether a and b hold the same JSON value.
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("bad JSON %q: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("bad JSON %q: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}
