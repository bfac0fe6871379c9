// Package redistest starts a real redis-server for tests: one private
// server per call, on a free port of 127.0.0.1, with its data in a
// temporary directory, stopped when the test ends.
//
// The tests of the Redis adapters (kv/rediskv, jobs/redisqueue) use it
// instead of a stand-in. redis-server must be on PATH (Debian:
// apt-get install redis-server; .ci/run installs it); without it the
// tests that need it are skipped with a message saying so.
package redistest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// readyTimeout is how long Start waits for the server to answer PING.
const readyTimeout = 10 * time.Second

// Server is a running redis-server owned by one test.
type Server struct {
	addr string
	dir  string
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // the process's exit error, valid once done is closed

	stopOnce sync.Once
}

// Start runs a fresh redis-server for t and returns once it answers
// PING. The server keeps an append-only file (fsync every second) and no
// RDB snapshots, in a directory that is removed after the test. Stop is
// registered with t.Cleanup. Start skips t when redis-server is not on
// PATH and fails it when the server does not come up within 10 s.
func Start(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server is not on PATH: install Debian's redis-server package " +
			"(apt-get install redis-server) to run the Redis tests; CI (.ci/run) installs it")
	}
	s, err := Launch(t.TempDir())
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// Launch is Start outside a test (benchmarks): a fresh redis-server
// keeping its files in dir, on a free port. The caller calls Stop.
func Launch(dir string) (*Server, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("redis-server is not on PATH: install Debian's redis-server package: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// Another process can take the free port between the probe and
	// redis-server's bind; try a few ports before giving up.
	var lastErr error
	for try := 0; try < 3; try++ {
		port, err := freePort()
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		s, err := start(bin, dir, port)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

// start launches redis-server on port and waits until it answers PING.
func start(bin, dir string, port int) (*Server, error) {
	logFile := filepath.Join(dir, "redis.log")
	cmd := exec.Command(bin,
		"--port", strconv.Itoa(port),
		"--bind", "127.0.0.1",
		"--dir", dir,
		"--logfile", logFile,
		"--daemonize", "no",
		"--save", "",
		"--appendonly", "yes",
		"--appendfsync", "everysec",
	)
	cmd.Dir = dir
	setProcAttr(cmd)
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	s := &Server{
		addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		dir:  dir,
		cmd:  cmd,
		done: make(chan struct{}),
	}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()

	deadline := time.Now().Add(readyTimeout)
	for {
		select {
		case <-s.done:
			return nil, fmt.Errorf("redis-server exited before answering PING (%v): %s%s",
				s.err, strings.TrimSpace(stderr.String()), logTail(logFile))
		default:
		}
		if err := ping(s.addr); err == nil {
			return s, nil
		} else if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("redis-server on %s did not answer PING within %v: %v%s",
				s.addr, readyTimeout, err, logTail(logFile))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Addr returns the server's host:port.
func (s *Server) Addr() string { return s.addr }

// URL returns the server's address as a redis:// URL for database 0, the
// form REDIS_URL takes.
func (s *Server) URL() string { return "redis://" + s.addr + "/0" }

// Stop kills the server's process group and waits for it to exit. It is
// safe to call more than once; Start registers it with t.Cleanup.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		killGroup(s.cmd)
		<-s.done
	})
}

// freePort asks the kernel for a port that is free right now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// ping sends one inline PING and expects +PONG.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return err
	}
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if line = strings.TrimSpace(line); line != "+PONG" {
		return errors.New("PING answered " + strconv.Quote(line))
	}
	return nil
}

// logTail returns the end of the server's log file for an error message.
func logTail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return ""
	}
	const max = 2000
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return "\nredis-server log (end):\n" + string(b)
}
