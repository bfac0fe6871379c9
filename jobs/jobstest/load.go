package jobstest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cecbench/cecbench/jobs"
)

func testManyJobs(t *testing.T, b Backend) {
	const n = 200
	var (
		mu          sync.Mutex
		calls       = map[string]int{}
		inFlight    atomic.Int64
		maxInFlight atomic.Int64
	)
	startRunner(t, b, map[string]jobs.Handler{
		"count": func(ctx context.Context, task jobs.Task) (any, error) {
			cur := inFlight.Add(1)
			defer inFlight.Add(-1)
			for {
				m := maxInFlight.Load()
				if cur <= m || maxInFlight.CompareAndSwap(m, cur) {
					break
				}
			}
			mu.Lock()
			calls[task.Job().ID]++
			mu.Unlock()
			var i int
			if err := json.Unmarshal(task.Job().Params, &i); err != nil {
				return nil, err
			}
			return i * i, nil
		},
	})

	// Enqueue from several goroutines at once, as API requests would.
	ids := make([]string, n)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < n; i += 8 {
				j, err := b.Queue.Enqueue(context.Background(), "count", i)
				if err != nil {
					t.Errorf("Enqueue %d: %v", i, err)
					return
				}
				ids[i] = j.ID
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for i, id := range ids {
		j := waitState(t, b.Queue, id, jobs.Succeeded)
		if !jsonEqual(t, j.Result, fmt.Appendf(nil, "%d", i*i)) {
			t.Errorf("job %d result %s, want %d", i, j.Result, i*i)
		}
		if j.Attempts != 1 {
			t.Errorf("job %d attempts %d, want 1", i, j.Attempts)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(calls) != n {
		t.Errorf("handler saw %d jobs, want %d", len(calls), n)
	}
	for id, c := range calls {
		if c != 1 {
			t.Errorf("job %s ran %d times", id, c)
		}
	}
	t.Logf("at most %d jobs ran at once", maxInFlight.Load())
}
