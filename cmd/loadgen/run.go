package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
)

// Bounds on what one run may ask for.
const (
	maxConcurrency = 512
	maxDuration    = 10 * time.Minute
	maxWarmup      = time.Minute
	maxRequests    = 5_000_000 // also bounds the memory the latencies take
)

// config is what the flags set.
type config struct {
	base        *url.URL
	mode        mode
	concurrency int
	duration    time.Duration
	warmup      time.Duration
	requests    int // 0: no limit but maxRequests
	timeout     time.Duration
	start       uint64 // first index of the unique-sentence pool (cold mode)
	waitReady   time.Duration
	sentences   string // cold mode: JSON file of base sentences; "" for the built-in templates
	serverPID   int    // 0, or the server process whose CPU time to report
	jsonOut     string
}

func run(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if cfg.waitReady > 0 {
		if err := waitReady(ctx, cfg.base, cfg.waitReady); err != nil {
			return err
		}
	}
	src, desc := sentenceFunc(templateSentence), fmt.Sprintf("built-in templates (%d shapes)", len(templates))
	if cfg.mode == modeCold && cfg.sentences != "" {
		c, dropped, err := loadCorpus(cfg.sentences)
		if err != nil {
			return err
		}
		src = c.sentence
		desc = fmt.Sprintf("%d sentences of %s tagged %q (%d dropped: the splitter would not keep them whole)",
			len(c.bases), cfg.sentences, corpusTag, dropped)
	}
	l := newLoad(cfg, src)
	rep, err := l.run(ctx)
	if err != nil {
		return err
	}
	if cfg.mode == modeCold {
		rep.Pool = desc
	}
	fmt.Fprintln(stdout, rep.String())
	if cfg.jsonOut != "" {
		data, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(cfg.jsonOut, append(data, '\n'), 0o644); err != nil {
			return err
		}
	}
	if rep.Errors > 0 {
		return fmt.Errorf("%d requests failed (warm-up included); first: %s", rep.Errors, rep.FirstError)
	}
	return nil
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rawURL := fs.String("url", "", "base URL of the server, on a loopback IP, e.g. http://127.0.0.1:8080 (required)")
	modeName := fs.String("mode", "warm", "warm, cold or healthz")
	c := fs.Int("c", 32, fmt.Sprintf("concurrent keep-alive connections (1 to %d)", maxConcurrency))
	d := fs.Duration("d", 10*time.Second, fmt.Sprintf("measured duration (at most %s)", maxDuration))
	w := fs.Duration("warmup", 2*time.Second, fmt.Sprintf("unmeasured warm-up before it (at most %s)", maxWarmup))
	n := fs.Int("n", 0, fmt.Sprintf("stop after this many measured requests (0: only -d; at most %d)", maxRequests))
	timeout := fs.Duration("timeout", 30*time.Second, "per-request timeout")
	start := fs.Uint64("pool-start", 0, "first index into the unique-sentence pool (cold mode); change it to reuse a server")
	jsonOut := fs.String("json", "", "also write the report as JSON to this file")
	serverPID := fs.Int("server-pid", 0, "also report the CPU time this process (the server, on this machine) used in the measured window")
	sentences := fs.String("sentences", "", "cold mode: JSON array of real sentences to make unique ones from (default: built-in templates)")
	ready := fs.Duration("wait-ready", 0, fmt.Sprintf("first wait up to this long for GET /readyz to answer 200 (at most %s)", maxWarmup*2))
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	cfg := config{
		concurrency: *c, duration: *d, warmup: *w, requests: *n,
		timeout: *timeout, start: *start, jsonOut: *jsonOut, waitReady: *ready, sentences: *sentences, serverPID: *serverPID,
	}
	var errs []error
	if *rawURL == "" {
		errs = append(errs, errors.New("-url is required"))
	} else if u, err := loopbackURL(*rawURL); err != nil {
		errs = append(errs, err)
	} else {
		cfg.base = u
	}
	if m, err := parseMode(*modeName); err != nil {
		errs = append(errs, err)
	} else {
		cfg.mode = m
	}
	if cfg.concurrency < 1 || cfg.concurrency > maxConcurrency {
		errs = append(errs, fmt.Errorf("-c must be between 1 and %d", maxConcurrency))
	}
	if cfg.duration <= 0 || cfg.duration > maxDuration {
		errs = append(errs, fmt.Errorf("-d must be more than 0 and at most %s", maxDuration))
	}
	if cfg.warmup < 0 || cfg.warmup > maxWarmup {
		errs = append(errs, fmt.Errorf("-warmup must be between 0 and %s", maxWarmup))
	}
	if cfg.requests < 0 || cfg.requests > maxRequests {
		errs = append(errs, fmt.Errorf("-n must be between 0 and %d", maxRequests))
	}
	if cfg.requests == 0 {
		cfg.requests = maxRequests
	}
	if cfg.waitReady < 0 || cfg.waitReady > 2*maxWarmup {
		errs = append(errs, fmt.Errorf("-wait-ready must be between 0 and %s", 2*maxWarmup))
	}
	if cfg.serverPID < 0 {
		errs = append(errs, errors.New("-server-pid must not be negative"))
	}
	if cfg.timeout <= 0 {
		errs = append(errs, errors.New("-timeout must be positive"))
	}
	return cfg, errors.Join(errs...)
}

// loopbackURL parses raw and accepts only http URLs whose host is a
// loopback IP literal (127.0.0.0/8 or ::1) with a port.
func loopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("-url: %w", err)
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("-url %q: only http:// is supported", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("-url %q: give only scheme, host and port", raw)
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil || port == "" {
		return nil, fmt.Errorf("-url %q: want http://127.0.0.1:PORT", raw)
	}
	if !isLoopback(host) {
		return nil, fmt.Errorf("-url %q: loadgen only targets loopback IP addresses (127.0.0.1, ::1), not %q", raw, host)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// isLoopback reports whether host is a loopback IP literal. Names, even
// "localhost", are refused: what they resolve to is not ours to trust.
func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
