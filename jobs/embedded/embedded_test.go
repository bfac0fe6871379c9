package embedded_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/jobs/embedded"
	"github.com/cecbench/cecbench/jobs/jobstest"
)

// files remembers the bbolt file under each queue the tests open, for
// the crash simulation.
var files sync.Map // *embedded.Queue -> *bbolt.DB

// openAt opens the file at path (closed at the end of the test) and a
// queue with two workers on it.
func openAt(t *testing.T, path string, opts embedded.Options) (*embedded.Queue, *bbolt.DB) {
	t.Helper()
	db, err := boltdb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if opts.Workers == 0 {
		opts.Workers = 2
	}
	q, err := embedded.New(db, opts)
	if err != nil {
		t.Fatal(err)
	}
	files.Store(q, db)
	return q, db
}

func openBackend(t *testing.T) jobstest.Backend {
	q, _ := openAt(t, filepath.Join(t.TempDir(), "cecbench.db"), embedded.Options{})
	return jobstest.Backend{Queue: q, Runner: q}
}

// crashCopy copies db as it is now, in one read transaction, to a new
// file: exactly what the disk holds if the process is killed at this
// moment (every committed transaction, nothing after). The old queue
// goes on running on the old file, where its writes no longer matter.
func crashCopy(t *testing.T, db *bbolt.DB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "after-crash.db")
	if err := db.View(func(tx *bbolt.Tx) error { return tx.CopyFile(path, 0o600) }); err != nil {
		t.Fatal(err)
	}
	return path
}

func restartBackend(t *testing.T, old jobstest.Backend) jobstest.Backend {
	db, ok := files.Load(old.Queue.(*embedded.Queue))
	if !ok {
		t.Fatal("restart of a backend the test did not open")
	}
	q, _ := openAt(t, crashCopy(t, db.(*bbolt.DB)), embedded.Options{})
	return jobstest.Backend{Queue: q, Runner: q}
}

func TestConformance(t *testing.T) {
	jobstest.Run(t, openBackend, restartBackend)
}

// run starts q.Run with handlers and returns a function that stops it
// and waits for it to return.
func run(t *testing.T, q *embedded.Queue, handlers map[string]jobs.Handler) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- q.Run(ctx, handlers) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-errc:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("Run did not return")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// await polls job id until it is in state s.
func await(t *testing.T, q *embedded.Queue, id string, s jobs.State) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		j, err := q.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State == s {
			return j
		}
		if j.State.Terminal() || time.Now().After(deadline) {
			t.Fatalf("job %s is %s (error %q), want %s", id, j.State, j.Error, s)
		}
		time.Sleep(time.Millisecond)
	}
}

func kinds(t *testing.T, q *embedded.Queue, id string) []string {
	t.Helper()
	es, err := q.Events(context.Background(), id, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		s := e.Kind
		if e.Kind == jobs.EventState {
			s += ":" + e.Message
		}
		out = append(out, s)
	}
	return out
}

func blockUntilDone(ctx context.Context, _ jobs.Task) (any, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestResumeOnNew checks New queues again a job a dead process left
// running, with an event saying so, and that it then runs to the end.
func TestResumeOnNew(t *testing.T) {
	ctx := context.Background()
	q, db := openAt(t, filepath.Join(t.TempDir(), "cecbench.db"), embedded.Options{})
	run(t, q, map[string]jobs.Handler{"train": blockUntilDone})
	j, err := q.Enqueue(ctx, "train", nil)
	if err != nil {
		t.Fatal(err)
	}
	await(t, q, j.ID, jobs.Running)

	q2, _ := openAt(t, crashCopy(t, db), embedded.Options{})
	resumed, err := q2.Get(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if resumed.State != jobs.Queued || resumed.Attempts != 1 {
		t.Errorf("after New: state %s attempts %d, want queued 1", resumed.State, resumed.Attempts)
	}
	want := []string{"state:queued", "state:running", "state:queued", embedded.EventResumed}
	if got := kinds(t, q2, j.ID); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	es, _ := q2.Events(ctx, j.ID, 3, 1)
	if len(es) != 1 || es[0].Message != "resumed after restart" {
		t.Errorf("resume event %+v", es)
	}

	run(t, q2, map[string]jobs.Handler{"train": func(ctx context.Context, task jobs.Task) (any, error) {
		return task.Job().Attempts, nil
	}})
	done := await(t, q2, j.ID, jobs.Succeeded)
	if done.Attempts != 2 || string(done.Result) != "2" {
		t.Errorf("attempts %d result %s, want 2 and 2", done.Attempts, done.Result)
	}
}

// TestStopRequeues checks that stopping Run puts a job whose handler
// gives up back in the queue, and that a handler finishing anyway
// succeeds.
func TestStopRequeues(t *testing.T) {
	ctx := context.Background()
	q, _ := openAt(t, filepath.Join(t.TempDir(), "cecbench.db"), embedded.Options{})
	started := make(chan struct{}, 2)
	stop := run(t, q, map[string]jobs.Handler{
		"gives-up": func(ctx context.Context, task jobs.Task) (any, error) {
			started <- struct{}{}
			return blockUntilDone(ctx, task)
		},
		"finishes": func(ctx context.Context, _ jobs.Task) (any, error) {
			started <- struct{}{}
			<-ctx.Done()
			return "finished anyway", nil
		},
	})
	givesUp, _ := q.Enqueue(ctx, "gives-up", nil)
	finishes, _ := q.Enqueue(ctx, "finishes", nil)
	for range 2 {
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatal("handlers did not start")
		}
	}
	stop()

	j := await(t, q, givesUp.ID, jobs.Queued)
	if j.Error != "" || j.FinishedAt != nil {
		t.Errorf("requeued job has error %q finished %v", j.Error, j.FinishedAt)
	}
	want := []string{"state:queued", "state:running", "state:queued", embedded.EventRequeued}
	if got := kinds(t, q, givesUp.ID); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	await(t, q, finishes.ID, jobs.Succeeded)

	run(t, q, map[string]jobs.Handler{"gives-up": func(context.Context, jobs.Task) (any, error) { return nil, nil }})
	if j := await(t, q, givesUp.ID, jobs.Succeeded); j.Attempts != 2 {
		t.Errorf("attempts %d, want 2", j.Attempts)
	}
}

func TestEnqueueDurable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cecbench.db")
	db, err := boltdb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	q, err := embedded.New(db, embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	j, err := q.Enqueue(ctx, "score", map[string]string{"run": "r1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	q2, _ := openAt(t, path, embedded.Options{})
	got, err := q2.Get(ctx, j.ID)
	if err != nil {
		t.Fatalf("Get after reopen: %v", err)
	}
	if got.State != jobs.Queued || string(got.Params) != `{"run":"r1"}` {
		t.Errorf("after reopen: %+v", got)
	}
	run(t, q2, map[string]jobs.Handler{"score": func(context.Context, jobs.Task) (any, error) { return nil, nil }})
	await(t, q2, j.ID, jobs.Succeeded)
}

func TestRunTwice(t *testing.T) {
	q, _ := openAt(t, filepath.Join(t.TempDir(), "cecbench.db"), embedded.Options{})
	run(t, q, map[string]jobs.Handler{"block": blockUntilDone})
	j, err := q.Enqueue(context.Background(), "block", nil)
	if err != nil {
		t.Fatal(err)
	}
	await(t, q, j.ID, jobs.Running) // the first Run is active
	if err := q.Run(context.Background(), nil); err == nil {
		t.Fatal("a second Run was accepted while the first runs")
	}
}

func TestNewOptions(t *testing.T) {
	db, err := boltdb.Open(filepath.Join(t.TempDir(), "cecbench.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tests := []struct {
		name    string
		db      *bbolt.DB
		opts    embedded.Options
		wantErr bool
	}{
		{"defaults", db, embedded.Options{}, false},
		{"workers", db, embedded.Options{Workers: 8}, false},
		{"negative workers", db, embedded.Options{Workers: -1}, true},
		{"nil db", nil, embedded.Options{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := embedded.New(tt.db, tt.opts)
			if (err != nil) != tt.wantErr {
				t.Errorf("New error = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}

func TestNowOption(t *testing.T) {
	at := time.Date(2025, 5, 26, 12, 0, 0, 0, time.UTC)
	q, _ := openAt(t, filepath.Join(t.TempDir(), "cecbench.db"), embedded.Options{Now: func() time.Time { return at }})
	j, err := q.Enqueue(context.Background(), "x", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !j.CreatedAt.Equal(at) || !j.UpdatedAt.Equal(at) {
		t.Errorf("created %v updated %v, want %v", j.CreatedAt, j.UpdatedAt, at)
	}
}

func TestEnqueueInvalid(t *testing.T) {
	q, _ := openAt(t, filepath.Join(t.TempDir(), "cecbench.db"), embedded.Options{})
	ctx := context.Background()
	tests := []struct {
		name   string
		typ    string
		params any
	}{
		{"empty type", "", nil},
		{"params that do not encode", "x", make(chan int)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := q.Enqueue(ctx, tt.typ, tt.params); err == nil {
				t.Error("Enqueue succeeded")
			}
		})
	}
	if js, err := q.List(ctx, jobs.Filter{}); err != nil || len(js) != 0 {
		t.Errorf("List after failed enqueues = %d jobs, %v", len(js), err)
	}
	if _, err := q.List(ctx, jobs.Filter{State: "sleeping"}); err == nil {
		t.Error("List with an unknown state succeeded")
	}
}

// TestResultThatDoesNotEncode checks such a job fails rather than
// succeeding without its result.
func TestResultThatDoesNotEncode(t *testing.T) {
	q, _ := openAt(t, filepath.Join(t.TempDir(), "cecbench.db"), embedded.Options{})
	run(t, q, map[string]jobs.Handler{"x": func(context.Context, jobs.Task) (any, error) { return make(chan int), nil }})
	j, err := q.Enqueue(context.Background(), "x", nil)
	if err != nil {
		t.Fatal(err)
	}
	if done := await(t, q, j.ID, jobs.Failed); done.Error == "" {
		t.Error("no error message")
	}
}
