package embedded_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/jobs/embedded"
)

func ExampleNew() {
	dir, err := os.MkdirTemp("", "cecbench-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := boltdb.Open(filepath.Join(dir, "cecbench.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	q, err := embedded.New(db, embedded.Options{Workers: 2})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- q.Run(ctx, map[string]jobs.Handler{
			"square": func(ctx context.Context, t jobs.Task) (any, error) {
				var n int
				if err := json.Unmarshal(t.Job().Params, &n); err != nil {
					return nil, err
				}
				return n * n, t.SetProgress(ctx, jobs.Progress{Done: 1, Total: 1})
			},
		})
	}()
	defer func() {
		stop()
		<-done // Run returns once the running handlers have
	}()

	j, err := q.Enqueue(ctx, "square", 12)
	if err != nil {
		log.Fatal(err)
	}
	for j.State != jobs.Succeeded {
		time.Sleep(time.Millisecond)
		if j, err = q.Get(ctx, j.ID); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(j.State, string(j.Result), j.Attempts)
	// Output: succeeded 144 1
}
