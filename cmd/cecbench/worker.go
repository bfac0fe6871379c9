package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cecbench/cecbench/llamacpp"
	"github.com/cecbench/cecbench/server"
)

// worker runs job workers against Redis until ctx is done: the processes
// that take jobs while API replicas (`serve`) only queue them.
func worker(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg server.Config
	fs := newFlagSet("worker", stderr)
	cfg.RegisterQueueFlags(fs, 2)
	cfg.RegisterModelFlags(fs)
	fs.StringVar(&cfg.DataDir, "data-dir", "./data", "directory for fine-tuning work files and the models jobs make, shared with the API servers (env CECBENCH_DATA_DIR)")
	if err := cfg.ApplyEnv(fs, getenv); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.RedisURL == "" {
		return errors.New("worker needs REDIS_URL (or --redis-url): with the embedded store, `cecbench serve` runs the workers itself")
	}
	if cfg.Workers < 1 {
		return errors.New("worker needs --workers of at least 1")
	}
	log, closeLog := server.NewLogger(stderr, 200*time.Millisecond)
	defer closeLog()
	st, err := server.OpenStores(cfg.RedisURL, "", cfg.Workers, log)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(stdout, "cecbench worker: %d workers on %s\n", cfg.Workers, st.Backend)
	scorer, closeEngine := server.LazyScorer(cfg)
	defer closeEngine()
	err = st.Runner.Run(ctx, st.Handlers(server.WorkerDeps{
		Getenv:   os.Getenv,
		DataDir:  cfg.DataDir,
		Binaries: llamacpp.FindBinaries(os.Getenv, llamacpp.DefaultDirs(os.Getenv)...),
		Scorer:   scorer,
	}))
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
