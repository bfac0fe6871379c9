package jobstest

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/cecbench/cecbench/jobs"
)

// testRestart crashes a backend while a handler is mid-way and jobs wait
// in the queue, and checks the new backend finishes them all.
func testRestart(t *testing.T, open func(t *testing.T) Backend, restart func(t *testing.T, old Backend) Backend) {
	old := open(t)

	// Before the crash every handler blocks until its context ends.
	started := make(chan string, 100)
	block := func(ctx context.Context, task jobs.Task) (any, error) {
		if err := task.Event(ctx, "step", "before crash", nil); err != nil {
			return nil, err
		}
		started <- task.Job().ID
		<-ctx.Done()
		return nil, ctx.Err()
	}
	stopOld := startRunner(t, old, map[string]jobs.Handler{"crash": block, "later": block})
	midway := mustEnqueue(t, old.Queue, "crash", map[string]int{"n": 1})
	for {
		if receive(t, "the handler to start", started) == midway.ID {
			break
		}
	}
	// More than any sane worker count, so some are still queued.
	var later []string
	for i := range 12 {
		later = append(later, mustEnqueue(t, old.Queue, "later", i).ID)
	}

	b := restart(t, old)
	stopOld()

	var mu sync.Mutex
	calls := map[string]int{}
	attempts := map[string]int{}
	finish := func(ctx context.Context, task jobs.Task) (any, error) {
		mu.Lock()
		calls[task.Job().ID]++
		attempts[task.Job().ID] = task.Job().Attempts
		mu.Unlock()
		if err := task.Event(ctx, "step", "after restart", nil); err != nil {
			return nil, err
		}
		return "done", nil
	}
	startRunner(t, b, map[string]jobs.Handler{"crash": finish, "later": finish})

	done := waitState(t, b.Queue, midway.ID, jobs.Succeeded)
	if done.Attempts != 2 {
		t.Errorf("the job cut short has attempts %d, want 2", done.Attempts)
	}
	es := mustEvents(t, b.Queue, midway.ID, 0, 0)
	checkSeqs(t, es, 1)
	if got, want := stateEvents(es), []string{"queued", "running", "queued", "running", "succeeded"}; !slices.Equal(got, want) {
		t.Errorf("state events of the job cut short %q, want %q", got, want)
	}
	var steps []string
	for _, e := range es {
		if e.Kind == "step" {
			steps = append(steps, e.Message)
		}
	}
	if want := []string{"before crash", "after restart"}; !slices.Equal(steps, want) {
		t.Errorf("step events %q, want %q", steps, want)
	}

	wasQueued := 0
	for _, id := range later {
		j := waitState(t, b.Queue, id, jobs.Succeeded)
		es := mustEvents(t, b.Queue, id, 0, 0)
		checkSeqs(t, es, 1)
		starts := 0
		for _, s := range stateEvents(es) {
			if s == string(jobs.Running) {
				starts++
			}
		}
		if j.Attempts != starts {
			t.Errorf("job %s: attempts %d but %d running events", id, j.Attempts, starts)
		}
		if starts == 1 {
			wasQueued++
		}
	}
	if wasQueued == 0 {
		t.Logf("every job had started before the crash; none ran from the queue")
	}

	mu.Lock()
	defer mu.Unlock()
	for _, id := range append([]string{midway.ID}, later...) {
		if calls[id] != 1 {
			t.Errorf("job %s ran %d times after the restart, want 1", id, calls[id])
		}
	}
	if attempts[midway.ID] != 2 {
		t.Errorf("the handler saw attempt %d of the job cut short, want 2", attempts[midway.ID])
	}
}
