// Command loadgen is the HTTP load generator of `make bench`: it holds a
// fixed number of keep-alive connections to a cecbench server on a loopback
// address, sends one kind of request on each for a fixed time after a
// warm-up, and reports requests/s and latency percentiles.
//
// Modes:
//
//	warm     POST /v1/cec with the same 5-sentence generated + 5-sentence
//	         reference pair every time (every sentence cached after warm-up)
//	cold     POST /v1/cec where all 10 sentences of every request are new
//	         (never sent before in this run, so never cached): with
//	         -sentences FILE, real sentences with a unique source number in
//	         front ("Source 7: ..."); without, built-in Climate-FEVER-like
//	         templates with a unique place and number
//	healthz  GET /healthz
//
// Only requests that end in the measured window count. On Linux it also
// reports its own CPU time per request and, with -server-pid, the
// server's (from /proc), since both share the machine's CPUs.
//
// It refuses any URL whose host is not a loopback IP address, never follows
// redirects, ignores proxy settings, and is bounded in connections,
// duration and request count.
//
// Usage:
//
//	loadgen -url http://127.0.0.1:8080 -mode warm -c 32 -d 10s [-warmup 2s] [-wait-ready 60s] [-sentences FILE]
//	        [-server-pid PID] [-json out.json]
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}
