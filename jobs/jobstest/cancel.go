package jobstest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/cecbench/cecbench/jobs"
)

func testCancelQueued(t *testing.T, b Backend) {
	ctx := context.Background()
	j := mustEnqueue(t, b.Queue, "work", nil)
	got, err := b.Queue.Cancel(ctx, j.ID)
	if err != nil {
		t.Fatalf("Cancel of a queued job: %v", err)
	}
	if got.ID != j.ID || got.State != jobs.Cancelled {
		t.Errorf("Cancel returned %s in state %s, want %s cancelled", got.ID, got.State, j.ID)
	}

	var mu sync.Mutex
	var ran []string
	startRunner(t, b, map[string]jobs.Handler{
		"work": func(ctx context.Context, task jobs.Task) (any, error) {
			mu.Lock()
			ran = append(ran, task.Job().ID)
			mu.Unlock()
			return nil, nil
		},
	})
	// Jobs queued after the cancelled one have run, so the runner had
	// its chance to take it.
	for range 3 {
		later := mustEnqueue(t, b.Queue, "work", nil)
		waitState(t, b.Queue, later.ID, jobs.Succeeded)
	}
	mu.Lock()
	defer mu.Unlock()
	if slices.Contains(ran, j.ID) {
		t.Errorf("the cancelled job ran")
	}
	final := waitState(t, b.Queue, j.ID, jobs.Cancelled)
	if final.Attempts != 0 || final.StartedAt != nil {
		t.Errorf("cancelled job has attempts %d, started %v", final.Attempts, final.StartedAt)
	}
	if got := stateEvents(mustEvents(t, b.Queue, j.ID, 0, 0)); !slices.Equal(got, []string{"queued", "cancelled"}) {
		t.Errorf("state events %q, want queued, cancelled", got)
	}
}

// testCancelRunning cancels running handlers that then end in each way a
// handler may (give up with ctx.Err(), return ErrCancelled, or finish
// anyway) and checks that, once the runner has recorded whatever they
// returned, every job is cancelled and nothing written late landed.
func testCancelRunning(t *testing.T, b Backend) {
	ctx := context.Background()
	started := make(chan string, 1)
	stopped := make(chan error, 1)   // context.Cause seen by the handler
	afterward := make(chan error, 1) // what SetProgress says after the cancel
	stop := startRunner(t, b, map[string]jobs.Handler{
		"long": func(ctx context.Context, task jobs.Task) (any, error) {
			var mode string
			if err := json.Unmarshal(task.Job().Params, &mode); err != nil {
				return nil, err
			}
			started <- task.Job().ID
			<-ctx.Done()
			stopped <- context.Cause(ctx)
			afterward <- task.SetProgress(context.Background(), jobs.Progress{Done: 1})
			switch mode {
			case "ctx-err":
				return nil, ctx.Err()
			case "err-cancelled":
				return nil, fmt.Errorf("stopping: %w", jobs.ErrCancelled)
			default:
				return "finished anyway", nil
			}
		},
	})
	modes := []string{"ctx-err", "err-cancelled", "finish-anyway"}
	var ids []string
	for _, mode := range modes {
		j := mustEnqueue(t, b.Queue, "long", mode)
		ids = append(ids, j.ID)
		if id := receive(t, "the handler to start", started); id != j.ID {
			t.Fatalf("handler started job %s, want %s", id, j.ID)
		}
		got, err := b.Queue.Cancel(ctx, j.ID)
		if err != nil {
			t.Fatalf("%s: Cancel of a running job: %v", mode, err)
		}
		if got.State != jobs.Cancelled && got.State != jobs.Running {
			t.Errorf("%s: Cancel returned state %s, want cancelled (or still running)", mode, got.State)
		}
		receive(t, "the handler's context to be cancelled", stopped)
		if err := receive(t, "SetProgress after the cancel", afterward); !errors.Is(err, jobs.ErrCancelled) {
			t.Errorf("%s: SetProgress after the cancel = %v, want ErrCancelled", mode, err)
		}
		waitState(t, b.Queue, j.ID, jobs.Cancelled)
	}
	stop() // Run has returned: every handler's return has been dealt with

	for i, id := range ids {
		final, err := b.Queue.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if final.State != jobs.Cancelled || len(final.Result) != 0 || final.Progress != (jobs.Progress{}) {
			t.Errorf("%s: job ended %s, result %s, progress %+v; want cancelled, nothing written after the cancel", modes[i], final.State, final.Result, final.Progress)
		}
		states := stateEvents(mustEvents(t, b.Queue, id, 0, 0))
		if !slices.Equal(states, []string{"queued", "running", "cancelled"}) {
			t.Errorf("%s: state events %q, want queued, running, cancelled", modes[i], states)
		}
		if _, err := b.Queue.Cancel(ctx, id); !errors.Is(err, jobs.ErrFinished) {
			t.Errorf("%s: second Cancel = %v, want ErrFinished", modes[i], err)
		}
	}
}

func testCancelFinished(t *testing.T, b Backend) {
	ctx := context.Background()
	startRunner(t, b, map[string]jobs.Handler{
		"ok":   func(ctx context.Context, task jobs.Task) (any, error) { return 1, nil },
		"fail": func(ctx context.Context, task jobs.Task) (any, error) { return nil, errors.New("no") },
	})
	tests := []struct {
		typ  string
		want jobs.State
	}{
		{"ok", jobs.Succeeded},
		{"fail", jobs.Failed},
	}
	for _, tt := range tests {
		t.Run(string(tt.want), func(t *testing.T) {
			j := mustEnqueue(t, b.Queue, tt.typ, nil)
			waitState(t, b.Queue, j.ID, tt.want)
			if _, err := b.Queue.Cancel(ctx, j.ID); !errors.Is(err, jobs.ErrFinished) {
				t.Errorf("Cancel of a %s job = %v, want ErrFinished", tt.want, err)
			}
			if after, err := b.Queue.Get(ctx, j.ID); err != nil || after.State != tt.want {
				t.Errorf("after Cancel: state %s, err %v; want %s unchanged", after.State, err, tt.want)
			}
		})
	}
}

func testNotFound(t *testing.T, b Backend) {
	ctx := context.Background()
	startRunner(t, b, nil)
	mustEnqueue(t, b.Queue, "exists", nil)
	ids := []string{"no-such-job", "0190b5e2-7c3a-7d6e-8f00-000000000000", ""}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			if _, err := b.Queue.Get(ctx, id); !errors.Is(err, jobs.ErrNotFound) {
				t.Errorf("Get = %v, want ErrNotFound", err)
			}
			if _, err := b.Queue.Events(ctx, id, 0, 0); !errors.Is(err, jobs.ErrNotFound) {
				t.Errorf("Events = %v, want ErrNotFound", err)
			}
			if _, err := b.Queue.Cancel(ctx, id); !errors.Is(err, jobs.ErrNotFound) {
				t.Errorf("Cancel = %v, want ErrNotFound", err)
			}
		})
	}
}
