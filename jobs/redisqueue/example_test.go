package redisqueue_test

import (
	"context"
	"fmt"
	"log"
	"os/signal"
	"syscall"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/jobs/redisqueue"
)

// An API process enqueues jobs; a worker process runs them until it is
// told to stop. Both build the queue the same way on the same Redis.
func ExampleNew() {
	opt, err := redis.ParseURL("redis://127.0.0.1:6379/0") // REDIS_URL
	if err != nil {
		log.Fatal(err)
	}
	c := redis.NewClient(opt)
	defer c.Close()
	q, err := redisqueue.New(c, redisqueue.Options{Concurrency: 4})
	if err != nil {
		log.Fatal(err)
	}

	// API process:
	j, err := q.Enqueue(context.Background(), "score", map[string]string{"run": "r1"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(j.State)

	// Worker process:
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	err = q.Run(ctx, map[string]jobs.Handler{
		"score": func(ctx context.Context, t jobs.Task) (any, error) {
			if err := t.SetProgress(ctx, jobs.Progress{Done: 0, Total: 10}); err != nil {
				return nil, err // jobs.ErrCancelled once the job is cancelled
			}
			return map[string]float64{"cec": 0.71}, nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
}
