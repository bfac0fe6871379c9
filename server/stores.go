package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/jobs/embedded"
	"github.com/cecbench/cecbench/jobs/redisqueue"
	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/kv/boltkv"
	"github.com/cecbench/cecbench/kv/rediskv"
	"github.com/cecbench/cecbench/leaderboard"
	"github.com/cecbench/cecbench/llamacpp"
	"github.com/cecbench/cecbench/openaichat"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/evaluate"
	"github.com/cecbench/cecbench/training/finetune"
	"github.com/cecbench/cecbench/training/models"
	"github.com/cecbench/cecbench/training/teacher"
)

// DBFile is the embedded store's file name in the data directory.
const DBFile = "cecbench.db"

// redisPrefix starts every key cecbench writes to Redis.
const redisPrefix = "cecbench:"

// Stores is where cecbench keeps its data and its jobs: the embedded
// bbolt file in the data directory with in-process workers, or Redis
// (asynq) when a Redis URL is configured.
type Stores struct {
	KV     kv.Store
	Queue  jobs.Queue
	Runner jobs.Runner
	// Backend names the choice: "embedded" or "redis".
	Backend string
	close   func() error
}

// OpenStores opens the stores cfg names. workers is the number of jobs
// one process runs at once.
func OpenStores(redisURL, dataDir string, workers int, log *slog.Logger) (*Stores, error) {
	if redisURL != "" {
		return openRedis(redisURL, workers, log)
	}
	if dataDir == "" {
		return nil, errors.New("data-dir must not be empty without a Redis URL: the embedded store lives there")
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	db, err := boltdb.Open(filepath.Join(dataDir, DBFile))
	if err != nil {
		return nil, err
	}
	q, err := embedded.New(db, embedded.Options{Workers: workers, Log: log})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Stores{KV: boltkv.New(db), Queue: q, Runner: q, Backend: "embedded", close: db.Close}, nil
}

func openRedis(url string, workers int, log *slog.Logger) (*Stores, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w (want redis://[user:password@]host:port/db)", err)
	}
	client := redis.NewClient(opt)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("REDIS_URL: cannot reach Redis at %s: %w", opt.Addr, err)
	}
	q, err := redisqueue.New(client, redisqueue.Options{Prefix: redisPrefix, Concurrency: workers, Log: log})
	if err != nil {
		client.Close()
		return nil, err
	}
	return &Stores{KV: rediskv.New(client, redisPrefix), Queue: q, Runner: q, Backend: "redis", close: client.Close}, nil
}

// Close releases the stores.
func (s *Stores) Close() error { return s.close() }

// WorkerDeps is what the job handlers need beyond the stores.
type WorkerDeps struct {
	// Getenv reads the environment (teacher API keys).
	Getenv func(string) string
	// DataDir holds fine-tuning scratch files (DataDir/finetune) and the
	// models jobs make (DataDir/gguf).
	DataDir  string
	Binaries llamacpp.Binaries
	// Scorer returns the metrics engine for evaluation jobs.
	Scorer func() (evaluate.Scorer, error)
}

// Handlers returns the handler of every job type cecbench runs.
func (s *Stores) Handlers(d WorkerDeps) map[string]jobs.Handler {
	datasets := catalog.Open(s.KV)
	registry := models.Open(s.KV)
	return map[string]jobs.Handler{
		jobs.NoopType: jobs.Noop,
		teacher.JobType: teacher.Handler(teacher.JobDeps{
			Datasets: datasets,
			Store:    s.KV,
			NewChat: func(e teacher.Endpoint, apiKey string, onRetry func(int, time.Duration, error)) teacher.Chat {
				return openaichat.New(openaichat.Options{BaseURL: e.BaseURL, APIKey: apiKey, OnRetry: onRetry})
			},
			Getenv: d.Getenv,
		}),
		finetune.JobType: finetune.Handler(finetune.JobDeps{
			Lookup:   finetune.Lookup{Models: registry, Datasets: datasets},
			Registry: registry,
			Store:    s.KV,
			Binaries: d.Binaries,
			WorkDir:  filepath.Join(d.DataDir, "finetune"),
			ModelDir: filepath.Join(d.DataDir, "gguf"),
		}),
		leaderboard.ScoreJobType: leaderboard.Handler(leaderboard.HandlerDeps{
			Store:    s.KV,
			Datasets: datasets,
			Scorer: func() (leaderboard.Scorer, error) {
				sc, err := d.Scorer()
				if err != nil {
					return nil, err
				}
				return sc, nil
			},
		}),
		evaluate.JobType: evaluate.Handler(evaluate.JobDeps{
			Models:   registry,
			Datasets: datasets,
			Store:    s.KV,
			Binaries: d.Binaries,
			Scorer:   d.Scorer,
		}),
	}
}
