// Package benchserver runs a `cecbench serve` child process for a
// benchmark program: on a free loopback port, in a process group of its
// own, its JSON log appended to a file or discarded; Start returns once
// it prints the line saying where it listens, and Stop ends it with
// SIGTERM, then SIGKILL to its group after a grace period.
package benchserver

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"syscall"
	"time"
)

// listenTimeout is how long Start waits for the listen line;
// abandonGrace is the Stop grace of a server Start gives up on.
const (
	listenTimeout = time.Minute
	abandonGrace  = 30 * time.Second
)

// listenLine is what `cecbench serve` prints once it listens.
var listenLine = regexp.MustCompile(`listening on (http://\S+)`)

// Options say how to start the server.
type Options struct {
	// Bin is the cecbench binary.
	Bin string
	// Args follow `serve --addr 127.0.0.1:0` on its command line.
	Args []string
	// Env is its environment, as exec.Cmd's Env; nil: this process's.
	Env []string
	// Log is the file its stderr (its JSON log) is appended to, created
	// when missing; empty: discarded.
	Log string
}

// Server is one running `cecbench serve` child. Its methods are for the
// goroutine that started it.
type Server struct {
	// URL is its base URL, as its listen line says: http://127.0.0.1:PORT.
	URL string

	cmd     *exec.Cmd
	exited  chan error // receives Wait's result once
	stopped bool
	stopErr error
}

// Start starts `cecbench serve --addr 127.0.0.1:0 ARGS...` and returns
// once the server prints where it listens. When it does not within a
// minute, or ctx ends first, Start stops it (SIGTERM, SIGKILL 30 s later)
// and fails. Past Start the child is not tied to ctx: end it with Stop.
// It runs in a process group of its own, so that a Ctrl-C in the
// terminal reaches only this program, which stops it.
func Start(ctx context.Context, o Options) (*Server, error) {
	if o.Bin == "" {
		return nil, errors.New("no cecbench binary (Options.Bin)")
	}
	cmd := exec.Command(o.Bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, o.Args...)...)
	cmd.Env = o.Env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logNote := "its log was discarded"
	if o.Log != "" {
		f, err := os.OpenFile(o.Log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		defer f.Close() // the child keeps its own descriptor
		cmd.Stderr = f
		logNote = "its log is in " + o.Log
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{cmd: cmd, exited: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listenLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, stdout) // keep the pipe drained
		s.exited <- cmd.Wait()
	}()
	timeout := time.NewTimer(listenTimeout)
	defer timeout.Stop()
	select {
	case s.URL = <-found:
		return s, nil
	case err := <-s.exited:
		s.stopped = true
		return nil, fmt.Errorf("cecbench serve exited before listening (%v); %s", err, logNote)
	case <-timeout.C:
		s.Stop(abandonGrace)
		return nil, fmt.Errorf("cecbench serve printed no listen line in %s", durationText(listenTimeout))
	case <-ctx.Done():
		s.Stop(abandonGrace)
		return nil, ctx.Err()
	}
}

// PID is the server's process id (and its process group's).
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Stop sends SIGTERM and waits for the process; it fails unless the
// process exits cleanly within grace, after which its whole process group
// is killed. Calling it again returns the first result.
func (s *Server) Stop(grace time.Duration) error {
	if s.stopped {
		return s.stopErr
	}
	s.stopped = true
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case err := <-s.exited:
		if err != nil {
			s.stopErr = fmt.Errorf("cecbench serve (pid %d) on SIGTERM: %w", s.PID(), err)
		}
	case <-timer.C:
		_ = syscall.Kill(-s.PID(), syscall.SIGKILL)
		<-s.exited
		s.stopErr = fmt.Errorf("cecbench serve (pid %d) did not exit within %s of SIGTERM; killed", s.PID(), durationText(grace))
	}
	return s.stopErr
}

// durationText is d in seconds, as "30 s".
func durationText(d time.Duration) string { return fmt.Sprintf("%g s", d.Seconds()) }
