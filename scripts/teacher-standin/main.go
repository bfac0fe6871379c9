// Command teacher-standin serves the teacher STAND-IN (package
// openaichat/standin) on a fixed address for demos: an OpenAI-compatible
// chat-completions endpoint that answers with deterministic, template-built
// cause-and-effect explanations instead of a paid teacher model. It is not
// a model. It prints its base URL and serves until interrupted.
//
//	go run ./scripts/teacher-standin --addr 127.0.0.1:8089
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cecbench/cecbench/openaichat/standin"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "teacher-standin:", err)
		os.Exit(1)
	}
}

// run parses the flags, starts the stand-in and serves until ctx is done.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("teacher-standin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8089", "listen address (host:port; port 0 picks a free one)")
	apiKey := fs.String("api-key", getenv("TEACHER_STANDIN_API_KEY"), "when set, require \"Authorization: Bearer <key>\" (default $TEACHER_STANDIN_API_KEY)")
	delay := fs.Duration("delay", 0, "delay before every answer, to imitate a slow teacher")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *delay < 0 || *delay > time.Hour {
		return fmt.Errorf("--delay %s: want 0 to 1h", *delay)
	}
	s, err := standin.Listen(*addr, standin.Options{APIKey: *apiKey, Delay: *delay})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(stdout, "teacher STAND-IN (not a real model) serving chat completions at %s\n", s.URL())
	<-ctx.Done()
	fmt.Fprintf(stdout, "stopped after %d requests\n", s.Requests())
	return nil
}
