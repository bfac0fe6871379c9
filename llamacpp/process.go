package llamacpp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// DefaultGrace is how long Stop waits after SIGTERM before SIGKILL when a
// Process's context is done.
const DefaultGrace = 5 * time.Second

// outputDrainTimeout bounds the wait for the end of the output once the
// process group is gone: a process that left the group (setsid) may still
// hold the output pipe open, and Wait must not hang on it.
const outputDrainTimeout = 2 * time.Second

// Spec is one program run.
type Spec struct {
	Path string   // the program
	Args []string // its arguments, without the program name
	Env  []string // "KEY=value" entries added to os.Environ()
	Dir  string   // working directory; "" means the current one

	// OnLine gets each output line, stdout and stderr merged, from one
	// goroutine, in order. Lines are split at '\n' and at '\r'; ANSI escape
	// sequences and trailing blanks are stripped and empty lines dropped.
	OnLine func(line string)

	// TailLines is how many last lines the Process keeps for Tail and
	// ExitError (DefaultTailLines when 0).
	TailLines int
}

// Process is a running program in its own process group. When the program
// exits, whatever it left running in its group is killed, so nothing it
// started outlives it.
type Process struct {
	program string // base name of Spec.Path, for errors
	onLine  func(string)
	cmd     *exec.Cmd
	tail    *tail

	mu       sync.Mutex
	exited   bool // the leader has exited: no more signals to its group
	stopped  bool // Stop was called while it ran
	termSent bool

	leaderExited chan struct{} // closed when exited becomes true
	done         chan struct{} // closed when the process is reaped and its output delivered
	err          error         // Wait's result, set before done is closed
}

// Start runs s.Path in a new process group. When ctx is done before the
// program exits, the Process is stopped with Stop(DefaultGrace).
func Start(ctx context.Context, s Spec) (*Process, error) {
	if s.Path == "" {
		return nil, errors.New("llamacpp: start: Spec.Path is empty")
	}
	program := filepath.Base(s.Path)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("start %s: %w", program, err)
	}
	out, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: output pipe: %w", program, err)
	}
	cmd := exec.Command(s.Path, s.Args...)
	cmd.Env = append(os.Environ(), s.Env...)
	cmd.Dir = s.Dir
	cmd.Stdout, cmd.Stderr = w, w
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = cmd.Start()
	w.Close() // the child holds its own copy
	if err != nil {
		out.Close()
		return nil, fmt.Errorf("start %s: %w", program, err)
	}
	p := &Process{
		program:      program,
		onLine:       s.OnLine,
		cmd:          cmd,
		tail:         newTail(s.TailLines),
		leaderExited: make(chan struct{}),
		done:         make(chan struct{}),
	}
	readerDone := make(chan struct{})
	go p.read(out, readerDone)
	go p.supervise(out, readerDone)
	if ctx.Done() != nil {
		go func() {
			select {
			case <-ctx.Done():
				_ = p.Stop(DefaultGrace)
			case <-p.done:
			}
		}()
	}
	return p, nil
}

// Pid is the program's process id, which is also its process group id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Done is closed once the program has exited and its output has been
// delivered; Wait then returns at once.
func (p *Process) Done() <-chan struct{} { return p.done }

// Wait waits for the program to exit and its output to be delivered. It
// returns nil on exit status 0, else an *ExitError.
func (p *Process) Wait() error {
	<-p.done
	return p.err
}

// Tail returns the last output lines, oldest first.
func (p *Process) Tail() []string { return p.tail.get() }

// Stop sends SIGTERM to the program's process group, then SIGKILL to the
// group if the program has not exited after grace (at once when grace <= 0),
// and returns once it has exited and its output is delivered. Stopping a
// program that has exited does nothing; Stop is safe to call more than once
// and from several goroutines. It fails only when a signal cannot be sent.
func (p *Process) Stop(grace time.Duration) error {
	sig := unix.SIGTERM
	if grace <= 0 {
		sig = unix.SIGKILL
	}
	p.mu.Lock()
	var err error
	if !p.exited && (sig == unix.SIGKILL || !p.termSent) {
		p.stopped = true
		p.termSent = true
		err = p.signalGroup(sig)
	}
	p.mu.Unlock()
	if err != nil {
		return err
	}
	if sig == unix.SIGTERM {
		timer := time.NewTimer(grace)
		defer timer.Stop()
		select {
		case <-p.leaderExited:
		case <-timer.C:
			p.mu.Lock()
			if !p.exited {
				err = p.signalGroup(unix.SIGKILL)
			}
			p.mu.Unlock()
			if err != nil {
				return err
			}
		}
	}
	<-p.done
	return nil
}

// signalGroup sends sig to the process group; p.mu must be held and the
// leader not yet exited (so its pid, the group id, cannot have been reused).
func (p *Process) signalGroup(sig unix.Signal) error {
	err := unix.Kill(-p.Pid(), sig)
	if err != nil && !errors.Is(err, unix.ESRCH) {
		return fmt.Errorf("stop %s: send %s to process group %d: %w", p.program, unix.SignalName(sig), p.Pid(), err)
	}
	return nil
}

// markExited records that the leader has exited and kills what is left of
// its process group. It is idempotent.
func (p *Process) markExited() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exited {
		return
	}
	_ = p.signalGroup(unix.SIGKILL)
	p.exited = true
	close(p.leaderExited)
}

// read delivers the output lines until the pipe ends or is closed.
func (p *Process) read(out *os.File, done chan<- struct{}) {
	defer close(done)
	defer out.Close()
	lines := &lineSplitter{emit: func(line string) {
		p.tail.add(line)
		if p.onLine != nil {
			p.onLine(line)
		}
	}}
	_, _ = io.Copy(lines, out)
	lines.Flush()
}

// supervise waits for the program, cleans up its process group, waits for
// its output and then publishes the result.
func (p *Process) supervise(out *os.File, readerDone <-chan struct{}) {
	if leaderWaitable(p.Pid()) {
		// The leader is a zombie: its pid, the group id, is still ours.
		p.markExited()
	}
	werr := p.cmd.Wait()
	p.markExited()
	select {
	case <-readerDone:
	case <-time.After(outputDrainTimeout):
		out.Close() // someone outside the group holds the pipe open
		<-readerDone
	}
	p.err = p.exitError(werr)
	close(p.done)
}

// exitError turns cmd.Wait's error into Wait's.
func (p *Process) exitError(werr error) error {
	if werr == nil {
		return nil
	}
	var ee *exec.ExitError
	if !errors.As(werr, &ee) {
		return fmt.Errorf("wait for %s: %w", p.program, werr)
	}
	p.mu.Lock()
	stopped := p.stopped
	p.mu.Unlock()
	e := &ExitError{Program: p.program, Code: ee.ExitCode(), Stopped: stopped, Tail: p.tail.get()}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		e.Code = -1
		e.Signal = unix.SignalName(ws.Signal())
	}
	return e
}
