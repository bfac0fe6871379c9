package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cecbench/cecbench/cputime"
)

// load is one run: a client with cfg.concurrency keep-alive connections
// and the requests of one mode.
type load struct {
	cfg    config
	client *http.Client
	dials  atomic.Int64
	pool   *pool
}

func newLoad(cfg config, sentences sentenceFunc) *load {
	l := &load{cfg: cfg, pool: newPool(sentences, cfg.start)}
	l.client = loopbackClient(cfg.concurrency, cfg.timeout, func() { l.dials.Add(1) })
	return l
}

// loopbackClient returns an HTTP/1.1 client that keeps up to conns
// connections alive, dials only loopback IP addresses, uses no proxy and
// follows no redirect. onDial, if not nil, is called for every new
// connection.
func loopbackClient(conns int, timeout time.Duration, onDial func()) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy: nil, // never through a proxy: the target is loopback
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil || !isLoopback(host) {
				return nil, fmt.Errorf("refusing to dial %s: not a loopback address", addr)
			}
			if onDial != nil {
				onDial()
			}
			return dialer.DialContext(ctx, network, addr)
		},
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a redirect is an error here, not a new target
		},
	}
}

// waitReady polls GET /readyz until it answers 200 or d has passed.
func waitReady(ctx context.Context, base *url.URL, d time.Duration) error {
	c := loopbackClient(1, 2*time.Second, nil)
	defer c.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	endpoint := base.JoinPath("/readyz").String()
	var last error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return err
		}
		resp, err := c.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		if last == nil || ctx.Err() == nil {
			last = err // keep the server's last answer over the deadline's own error
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready after %s: %w", endpoint, d, last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// phase is the outcome of a run's requests.
type phase struct {
	latencies  []time.Duration // of the requests that succeeded inside the measured window
	errors     int             // failed requests, warm-up included
	firstError error
	window     time.Duration // the duration asked for, or less when the request limit ended it
	client     time.Duration // CPU time of this process in the window
	server     time.Duration // CPU time of the server (-server-pid) in the window
}

// run probes, then warms up and measures in one stretch of back-to-back
// requests, and reports.
func (l *load) run(ctx context.Context) (Report, error) {
	defer l.client.CloseIdleConnections()
	req, err := newRequester(l.cfg.mode, l.cfg.base, l.pool)
	if err != nil {
		return Report{}, err
	}
	if err := l.probe(ctx, req); err != nil {
		return Report{}, err
	}
	m := l.phase(ctx, req)
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	rep := Report{
		Mode:                l.cfg.mode.String(),
		Concurrency:         l.cfg.concurrency,
		Errors:              m.errors,
		SentencesPerRequest: l.cfg.mode.sentencesPerRequest(),
		Connections:         l.dials.Load(),
	}
	if m.firstError != nil {
		rep.FirstError = m.firstError.Error()
	}
	if l.cfg.mode == modeCold {
		rep.NewSentences = l.pool.handedOut(l.cfg.start)
	}
	summarize(&rep, m.latencies, m.window)
	if n := len(m.latencies); n > 0 {
		rep.ClientCPUus = float64(m.client.Microseconds()) / float64(n)
		rep.ServerCPUus = float64(m.server.Microseconds()) / float64(n)
	}
	return rep, nil
}

// phase runs cfg.concurrency workers that send requests back to back for
// cfg.warmup and then cfg.duration, and waits for the last ones. The
// measured window is the duration after the warm-up: the requests that end
// inside it count (the server is busy when it opens, as in a steady
// state), up to cfg.requests of them; CPU times are read when it opens
// and when it closes.
func (l *load) phase(ctx context.Context, r *requester) phase {
	start := time.Now()
	from := start.Add(l.cfg.warmup)
	deadline := from.Add(l.cfg.duration)
	limit := int64(l.cfg.requests)

	var cpuMu sync.Mutex
	var stopCPU func() (client, server time.Duration)
	closed := false
	var out phase
	openTimer := time.AfterFunc(l.cfg.warmup, func() {
		cpuMu.Lock()
		defer cpuMu.Unlock()
		if !closed {
			stopCPU = l.startCPU()
		}
	})
	closeWindow := func() {
		cpuMu.Lock()
		defer cpuMu.Unlock()
		if stopCPU != nil {
			out.client, out.server = stopCPU()
			stopCPU = nil
		}
		closed = true
	}
	closeTimer := time.AfterFunc(l.cfg.warmup+l.cfg.duration, closeWindow)

	var recorded atomic.Int64
	var lastEnd atomic.Int64 // unix nanoseconds of the limit-th recorded request
	results := make([]phase, l.cfg.concurrency)
	var wg sync.WaitGroup
	for w := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := &results[w]
			for ctx.Err() == nil && time.Now().Before(deadline) && recorded.Load() < limit {
				t0 := time.Now()
				_, _, err := l.do(ctx, r, false)
				t1 := time.Now()
				switch {
				case err != nil:
					res.errors++
					if res.firstError == nil {
						res.firstError = err
					}
				case t1.After(from) && !t1.After(deadline):
					n := recorded.Add(1)
					if n > limit {
						continue
					}
					res.latencies = append(res.latencies, t1.Sub(t0))
					if n == limit {
						lastEnd.Store(t1.UnixNano())
						closeWindow()
					}
				}
			}
		}()
	}
	wg.Wait()
	openTimer.Stop()
	closeTimer.Stop()
	closeWindow()

	out.window = l.cfg.duration
	if end := lastEnd.Load(); end != 0 {
		// The request limit, not the clock, closed the window.
		out.window = time.Unix(0, end).Sub(from)
	}
	for _, res := range results {
		out.latencies = append(out.latencies, res.latencies...)
		out.errors += res.errors
		if out.firstError == nil {
			out.firstError = res.firstError
		}
	}
	return out
}

// startCPU notes the CPU time used so far by this process and by the
// server (with -server-pid); the function it returns gives what each used
// since, or 0 where it cannot be read.
func (l *load) startCPU() func() (client, server time.Duration) {
	c0, cerr := cputime.Self()
	var s0 time.Duration
	serr := errNoServerPID
	if l.cfg.serverPID > 0 {
		s0, serr = cputime.Process(l.cfg.serverPID)
	}
	return func() (client, server time.Duration) {
		if cerr == nil {
			if c1, err := cputime.Self(); err == nil {
				client = c1 - c0
			}
		}
		if serr == nil {
			if s1, err := cputime.Process(l.cfg.serverPID); err == nil {
				server = s1 - s0
			}
		}
		return client, server
	}
}

var errNoServerPID = errors.New("no -server-pid")

// probe sends one request and, for /v1/cec, checks how the server split
// the texts.
func (l *load) probe(ctx context.Context, r *requester) error {
	body, _, err := l.do(ctx, r, true)
	if err != nil {
		return fmt.Errorf("first request: %w", err)
	}
	if l.cfg.mode != modeHealthz {
		if err := checkSplit(body); err != nil {
			return fmt.Errorf("first request: %w", err)
		}
	}
	return nil
}

// do sends one request and reads the whole answer (so the connection is
// reused); keep says whether to return the body.
func (l *load) do(ctx context.Context, r *requester, keep bool) ([]byte, int, error) {
	req, err := r.next()
	if err != nil {
		return nil, 0, err
	}
	resp, err := l.client.Do(req.WithContext(ctx))
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	var body []byte
	if keep || resp.StatusCode != http.StatusOK {
		body, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	} else {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, resp.StatusCode, &statusError{method: req.Method, path: req.URL.Path, code: resp.StatusCode, body: string(body)}
	}
	return body, resp.StatusCode, nil
}

// statusError is an answer other than 200.
type statusError struct {
	method, path string
	code         int
	body         string
}

func (e *statusError) Error() string {
	b := e.body
	if len(b) > 300 {
		b = b[:300] + "..."
	}
	return fmt.Sprintf("%s %s: status %d: %s", e.method, e.path, e.code, b)
}

var _ error = (*statusError)(nil)
