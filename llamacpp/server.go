package llamacpp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// healthPollInterval is how often StartServer asks /health while the model
// loads.
const healthPollInterval = 100 * time.Millisecond

// Server is a running llama-server that has loaded its model.
type Server struct {
	URL     string // http://host:port, without a trailing slash
	Process *Process
}

// StartServer runs llama-server (bin) with the options and waits until its
// GET /health answers 200 (it answers 503 while the model loads). It fails,
// with the log tail, when the program exits first (an *ExitError is
// wrapped) or when o.LoadTimeout (DefaultLoadTimeout when 0) passes, in
// which case it kills the server. Host "" means DefaultHost, port 0 a free
// port. onLine, which may be nil, gets each log line. When ctx is done the
// server is stopped.
func StartServer(ctx context.Context, bin string, o ServerOptions, onLine func(string)) (*Server, error) {
	if bin == "" {
		return nil, fmt.Errorf("start llama-server: no program path (set LLAMA_SERVER_BIN): %w", ErrNotInstalled)
	}
	if o.Host == "" {
		o.Host = DefaultHost
	}
	if o.Port == 0 {
		port, err := freePort(o.Host)
		if err != nil {
			return nil, fmt.Errorf("start llama-server: pick a free port on %s: %w", o.Host, err)
		}
		o.Port = port
	}
	timeout := o.LoadTimeout
	if timeout <= 0 {
		timeout = DefaultLoadTimeout
	}
	p, err := Start(ctx, Spec{Path: bin, Args: o.Args(), OnLine: onLine})
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + net.JoinHostPort(clientHost(o.Host), strconv.Itoa(o.Port)), Process: p}
	if err := s.waitReady(ctx, timeout); err != nil {
		return nil, fmt.Errorf("start llama-server with model %q: %w", o.Model, err)
	}
	return s, nil
}

// Stop stops the server (SIGTERM, then SIGKILL after DefaultGrace) and
// waits for it. It returns nil when the server ended because of the stop,
// and the server's *ExitError when it had failed on its own before.
func (s *Server) Stop() error {
	if err := s.Process.Stop(DefaultGrace); err != nil {
		return err
	}
	err := s.Process.Wait()
	var ee *ExitError
	if errors.As(err, &ee) && ee.Stopped {
		return nil
	}
	return err
}

// waitReady polls GET /health until it answers 200, the process exits, the
// timeout passes or ctx is done; in the last two cases it stops the server.
func (s *Server) waitReady(ctx context.Context, timeout time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(healthPollInterval)
	defer tick.Stop()
	last := "no answer yet"
	for {
		code, err := s.health(ctx, client)
		switch {
		case code == http.StatusOK:
			return nil
		case err != nil:
			last = err.Error()
		default:
			last = "status " + strconv.Itoa(code)
		}
		select {
		case <-s.Process.Done():
			if err := s.Process.Wait(); err != nil {
				return err
			}
			return fmt.Errorf("llama-server exited with status 0 before it was ready: %s",
				strings.Join(s.Process.Tail(), "\n"))
		case <-deadline.C:
			_ = s.Process.Stop(DefaultGrace)
			return fmt.Errorf("llama-server did not load its model within %v (last /health: %s); killed it; last output:\n%s",
				timeout, last, strings.Join(s.Process.Tail(), "\n"))
		case <-ctx.Done():
			_ = s.Process.Stop(DefaultGrace)
			return fmt.Errorf("llama-server was loading its model: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// health asks GET /health once and returns the status code.
func (s *Server) health(ctx context.Context, client *http.Client) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/health", nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	return resp.StatusCode, nil
}

// freePort asks the kernel for a free TCP port on host. Another program may
// take it before llama-server binds it; llama-server then exits with an error.
func freePort(host string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// clientHost is the address a client on this machine uses to reach a server
// listening on host: loopback for the wildcard addresses.
func clientHost(host string) string {
	switch host {
	case "0.0.0.0":
		return "127.0.0.1"
	case "::", "[::]":
		return "::1"
	}
	return strings.Trim(host, "[]")
}
