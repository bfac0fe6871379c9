package jobstest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cecbench/cecbench/jobs"
)

type echoParams struct {
	Claim string `json:"claim"`
	N     int    `json:"n"`
}

func testEnqueueReturnsQueued(t *testing.T, b Backend) {
	ctx := context.Background()
	before := time.Now().Add(-time.Minute)
	params := echoParams{Claim: "CO2 warms", N: 3}
	j := mustEnqueue(t, b.Queue, "echo", params)
	if j.ID == "" || j.Type != "echo" || j.State != jobs.Queued {
		t.Errorf("Enqueue = id %q type %q state %q, want an id, echo, queued", j.ID, j.Type, j.State)
	}
	if !jsonEqual(t, j.Params, []byte(`{"claim":"CO2 warms","n":3}`)) {
		t.Errorf("Params = %s", j.Params)
	}
	if j.CreatedAt.Before(before) {
		t.Errorf("CreatedAt = %v, not set to now", j.CreatedAt)
	}
	if j.Attempts != 0 || j.StartedAt != nil || j.FinishedAt != nil {
		t.Errorf("a new job has attempts %d, started %v, finished %v", j.Attempts, j.StartedAt, j.FinishedAt)
	}
	got, err := b.Queue.Get(ctx, j.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.ID != j.ID || got.Type != j.Type || got.State != jobs.Queued || !jsonEqual(t, got.Params, j.Params) || !got.CreatedAt.Equal(j.CreatedAt) {
		t.Errorf("Get = %+v, want %+v", got, j)
	}
	other := mustEnqueue(t, b.Queue, "echo", nil)
	if other.ID == j.ID {
		t.Errorf("two jobs share id %s", j.ID)
	}
	if len(other.Params) != 0 && string(other.Params) != "null" {
		t.Errorf("Params of a job without params = %s", other.Params)
	}

	startRunner(t, b, map[string]jobs.Handler{
		"echo": func(ctx context.Context, task jobs.Task) (any, error) { return nil, nil },
	})
	waitState(t, b.Queue, j.ID, jobs.Succeeded)
	waitState(t, b.Queue, other.ID, jobs.Succeeded)
}

func testSucceeds(t *testing.T, b Backend) {
	seen := make(chan jobs.Job, 1)
	startRunner(t, b, map[string]jobs.Handler{
		"echo": func(ctx context.Context, task jobs.Task) (any, error) {
			seen <- task.Job()
			var p echoParams
			if err := json.Unmarshal(task.Job().Params, &p); err != nil {
				return nil, err
			}
			return map[string]any{"claim": p.Claim, "double": 2 * p.N}, nil
		},
	})
	j := mustEnqueue(t, b.Queue, "echo", echoParams{Claim: "x", N: 21})
	view := receive(t, "the handler to run", seen)
	if view.ID != j.ID || view.Type != "echo" || view.State != jobs.Running || view.Attempts != 1 || !jsonEqual(t, view.Params, j.Params) {
		t.Errorf("Task.Job() = %+v, want the running job %s with attempts 1", view, j.ID)
	}
	done := waitState(t, b.Queue, j.ID, jobs.Succeeded)
	if !jsonEqual(t, done.Result, []byte(`{"claim":"x","double":42}`)) {
		t.Errorf("Result = %s", done.Result)
	}
	if done.Error != "" {
		t.Errorf("Error = %q on success", done.Error)
	}
	if done.Attempts != 1 {
		t.Errorf("Attempts = %d, want 1", done.Attempts)
	}
	if done.StartedAt == nil || done.FinishedAt == nil {
		t.Fatalf("StartedAt %v, FinishedAt %v: want both set", done.StartedAt, done.FinishedAt)
	}
	if done.StartedAt.Before(done.CreatedAt) || done.FinishedAt.Before(*done.StartedAt) || done.UpdatedAt.Before(*done.FinishedAt) {
		t.Errorf("times out of order: created %v started %v finished %v updated %v", done.CreatedAt, *done.StartedAt, *done.FinishedAt, done.UpdatedAt)
	}
}

func testProgress(t *testing.T, b Backend) {
	ctx := context.Background()
	halfway, release := make(chan struct{}), make(chan struct{})
	startRunner(t, b, map[string]jobs.Handler{
		"steps": func(ctx context.Context, task jobs.Task) (any, error) {
			if err := task.SetProgress(ctx, jobs.Progress{Done: 1, Total: 3}); err != nil {
				return nil, err
			}
			close(halfway)
			select {
			case <-release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			return nil, task.SetProgress(ctx, jobs.Progress{Done: 3, Total: 3})
		},
	})
	j := mustEnqueue(t, b.Queue, "steps", nil)
	receive(t, "the first progress", halfway)
	mid, err := b.Queue.Get(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mid.State != jobs.Running || mid.Progress != (jobs.Progress{Done: 1, Total: 3}) {
		t.Errorf("while running: state %s progress %+v, want running 1/3", mid.State, mid.Progress)
	}
	close(release)
	done := waitState(t, b.Queue, j.ID, jobs.Succeeded)
	if done.Progress != (jobs.Progress{Done: 3, Total: 3}) {
		t.Errorf("final progress %+v, want 3/3", done.Progress)
	}
	var got []jobs.Progress
	for _, e := range mustEvents(t, b.Queue, j.ID, 0, 0) {
		if e.Kind != jobs.EventProgress {
			continue
		}
		var p jobs.Progress
		if err := json.Unmarshal(e.Data, &p); err != nil {
			t.Fatalf("progress event data %q: %v", e.Data, err)
		}
		got = append(got, p)
	}
	if want := []jobs.Progress{{Done: 1, Total: 3}, {Done: 3, Total: 3}}; !slices.Equal(got, want) {
		t.Errorf("progress events %+v, want %+v", got, want)
	}
}

func testEvents(t *testing.T, b Backend) {
	startRunner(t, b, map[string]jobs.Handler{
		"chatty": func(ctx context.Context, task jobs.Task) (any, error) {
			for i := range 3 {
				if err := task.Event(ctx, "item", fmt.Sprintf("item %d", i), map[string]int{"i": i}); err != nil {
					return nil, err
				}
			}
			return nil, task.Event(ctx, "log", "no data", nil)
		},
	})
	j := mustEnqueue(t, b.Queue, "chatty", nil)
	waitState(t, b.Queue, j.ID, jobs.Succeeded)

	all := mustEvents(t, b.Queue, j.ID, 0, 0)
	checkSeqs(t, all, 1)
	if got, want := stateEvents(all), []string{"queued", "running", "succeeded"}; !slices.Equal(got, want) {
		t.Errorf("state events %q, want %q", got, want)
	}
	var custom []jobs.Event
	for _, e := range all {
		if e.Kind == "item" || e.Kind == "log" {
			custom = append(custom, e)
		}
		if e.Time.IsZero() {
			t.Errorf("event %d has no time", e.Seq)
		}
	}
	if len(custom) != 4 {
		t.Fatalf("custom events %+v, want 3 items and a log", custom)
	}
	for i, e := range custom[:3] {
		if e.Kind != "item" || e.Message != fmt.Sprintf("item %d", i) || !jsonEqual(t, e.Data, fmt.Appendf(nil, `{"i":%d}`, i)) {
			t.Errorf("custom event %d = %+v", i, e)
		}
	}
	if log := custom[3]; log.Message != "no data" || (len(log.Data) != 0 && string(log.Data) != "null") {
		t.Errorf("event without data = %+v", log)
	}
	// The custom events sit between running and succeeded.
	running := slices.IndexFunc(all, func(e jobs.Event) bool { return e.Kind == jobs.EventState && e.Message == "running" })
	succeeded := slices.IndexFunc(all, func(e jobs.Event) bool { return e.Kind == jobs.EventState && e.Message == "succeeded" })
	if first := slices.IndexFunc(all, func(e jobs.Event) bool { return e.Kind == "item" }); first < running || succeeded < first {
		t.Errorf("custom events not between running and succeeded: %+v", all)
	}

	n := int64(len(all))
	tests := []struct {
		name     string
		after    int64
		limit    int
		firstSeq int64
		count    int64
	}{
		{"first page", 0, 2, 1, 2},
		{"middle page", 2, 3, 3, 3},
		{"rest", 2, 0, 3, n - 2},
		{"limit above count", 0, 1000, 1, n},
		{"after last", n, 0, 0, 0},
		{"after beyond", n + 10, 5, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := mustEvents(t, b.Queue, j.ID, tt.after, tt.limit)
			if int64(len(es)) != tt.count {
				t.Fatalf("Events(after %d, limit %d) gave %d events, want %d", tt.after, tt.limit, len(es), tt.count)
			}
			checkSeqs(t, es, tt.firstSeq)
		})
	}
}

func testHandlerError(t *testing.T, b Backend) {
	startRunner(t, b, map[string]jobs.Handler{
		"fails": func(ctx context.Context, task jobs.Task) (any, error) {
			return "ignored", errors.New("teacher endpoint: bad input")
		},
	})
	j := mustEnqueue(t, b.Queue, "fails", nil)
	done := waitState(t, b.Queue, j.ID, jobs.Failed)
	if !strings.Contains(done.Error, "teacher endpoint: bad input") {
		t.Errorf("Error = %q, want the handler's message", done.Error)
	}
	if done.Attempts != 1 || done.FinishedAt == nil {
		t.Errorf("attempts %d finished %v, want 1 and set", done.Attempts, done.FinishedAt)
	}
	if got := stateEvents(mustEvents(t, b.Queue, j.ID, 0, 0)); !slices.Equal(got, []string{"queued", "running", "failed"}) {
		t.Errorf("state events %q", got)
	}
}

func testHandlerPanic(t *testing.T, b Backend) {
	startRunner(t, b, map[string]jobs.Handler{
		"panics": func(ctx context.Context, task jobs.Task) (any, error) {
			panic("kaboom in handler")
		},
		"ok": func(ctx context.Context, task jobs.Task) (any, error) { return "fine", nil },
	})
	// More panics than any sane worker count: every worker must survive.
	var panicked []jobs.Job
	for range 8 {
		panicked = append(panicked, mustEnqueue(t, b.Queue, "panics", nil))
	}
	for _, j := range panicked {
		done := waitState(t, b.Queue, j.ID, jobs.Failed)
		if !strings.Contains(done.Error, "panic") || !strings.Contains(done.Error, "kaboom in handler") {
			t.Errorf("Error = %q, want it to mention the panic and its value", done.Error)
		}
	}
	ok := mustEnqueue(t, b.Queue, "ok", nil)
	waitState(t, b.Queue, ok.ID, jobs.Succeeded)
}

func testUnknownType(t *testing.T, b Backend) {
	startRunner(t, b, map[string]jobs.Handler{
		"known": func(ctx context.Context, task jobs.Task) (any, error) { return nil, nil },
	})
	j := mustEnqueue(t, b.Queue, "no-such-type", nil)
	done := waitState(t, b.Queue, j.ID, jobs.Failed)
	if !strings.Contains(done.Error, "no handler") || !strings.Contains(done.Error, "no-such-type") {
		t.Errorf("Error = %q, want it to say there is no handler for no-such-type", done.Error)
	}
}
