package jobstest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/cecbench/cecbench/jobs"
)

func testList(t *testing.T, b Backend) {
	ctx := context.Background()
	list := func(t *testing.T, f jobs.Filter) []string {
		t.Helper()
		js, err := b.Queue.List(ctx, f)
		if err != nil {
			t.Fatalf("List(%+v): %v", f, err)
		}
		ids := make([]string, len(js))
		for i, j := range js {
			ids[i] = j.ID
		}
		return ids
	}

	// Before any runner: a queued job.
	queued := mustEnqueue(t, b.Queue, "later", nil)
	if got := list(t, jobs.Filter{State: jobs.Queued}); !slices.Equal(got, []string{queued.ID}) {
		t.Errorf("queued jobs = %q, want [%s]", got, queued.ID)
	}

	startRunner(t, b, map[string]jobs.Handler{
		"later": func(ctx context.Context, task jobs.Task) (any, error) { return nil, nil },
		"ok":    func(ctx context.Context, task jobs.Task) (any, error) { return nil, nil },
		"bad":   func(ctx context.Context, task jobs.Task) (any, error) { return nil, errors.New("bad") },
		"block": func(ctx context.Context, task jobs.Task) (any, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		},
	})
	waitState(t, b.Queue, queued.ID, jobs.Succeeded)
	run := func(typ string, want jobs.State) string {
		j := mustEnqueue(t, b.Queue, typ, nil)
		waitState(t, b.Queue, j.ID, want)
		return j.ID
	}
	ok1 := run("ok", jobs.Succeeded)
	bad1 := run("bad", jobs.Failed)
	ok2 := run("ok", jobs.Succeeded)
	ok3 := run("ok", jobs.Succeeded)
	block := run("block", jobs.Running)
	cancelled := mustEnqueue(t, b.Queue, "block", nil).ID
	if _, err := b.Queue.Cancel(ctx, cancelled); err != nil {
		t.Fatal(err)
	}
	waitState(t, b.Queue, cancelled, jobs.Cancelled)

	newestFirst := []string{cancelled, block, ok3, ok2, bad1, ok1, queued.ID}
	tests := []struct {
		name string
		f    jobs.Filter
		want []string
	}{
		{"all", jobs.Filter{}, newestFirst},
		{"limit", jobs.Filter{Limit: 2}, newestFirst[:2]},
		{"type", jobs.Filter{Type: "ok"}, []string{ok3, ok2, ok1}},
		{"type and limit", jobs.Filter{Type: "ok", Limit: 1}, []string{ok3}},
		{"succeeded", jobs.Filter{State: jobs.Succeeded}, []string{ok3, ok2, ok1, queued.ID}},
		{"failed", jobs.Filter{State: jobs.Failed}, []string{bad1}},
		{"running", jobs.Filter{State: jobs.Running}, []string{block}},
		{"cancelled", jobs.Filter{State: jobs.Cancelled}, []string{cancelled}},
		{"queued", jobs.Filter{State: jobs.Queued}, []string{}},
		{"type and state", jobs.Filter{Type: "block", State: jobs.Running}, []string{block}},
		{"no match", jobs.Filter{Type: "ok", State: jobs.Failed}, []string{}},
		{"unknown type", jobs.Filter{Type: "nothing"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := list(t, tt.f); !slices.Equal(got, tt.want) {
				t.Errorf("List(%+v) = %q, want %q", tt.f, got, tt.want)
			}
		})
	}
}
