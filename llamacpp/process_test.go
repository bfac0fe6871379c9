package llamacpp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// shell runs script with sh -c, sending its lines to a channel as well.
func shell(t *testing.T, ctx context.Context, script string) (*Process, <-chan string) {
	t.Helper()
	lines := make(chan string, 1000)
	p, err := Start(ctx, Spec{Path: "/bin/sh", Args: []string{"-c", script}, OnLine: func(l string) { lines <- l }})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = p.Stop(0) })
	return p, lines
}

// waitLine returns the first line with the prefix, failing after 10 s.
func waitLine(t *testing.T, lines <-chan string, prefix string) string {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case l := <-lines:
			if strings.HasPrefix(l, prefix) {
				return strings.TrimPrefix(l, prefix)
			}
		case <-timeout:
			t.Fatalf("no line starting with %q within 10s", prefix)
		}
	}
}

// waitPidLine reads a "prefix<pid>" line and returns the pid.
func waitPidLine(t *testing.T, lines <-chan string, prefix string) int {
	t.Helper()
	pid, err := strconv.Atoi(waitLine(t, lines, prefix))
	if err != nil {
		t.Fatalf("bad pid line: %v", err)
	}
	return pid
}

// alive reports whether pid is a live process: zombies count as gone.
func alive(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || (s[i+2] != 'Z' && s[i+2] != 'X')
}

// assertGone fails unless every pid is gone within 2 s.
func assertGone(t *testing.T, pids ...int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for _, pid := range pids {
		for alive(pid) {
			if time.Now().After(deadline) {
				t.Errorf("process %d is still running", pid)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// exitError asserts err is an *ExitError.
func exitError(t *testing.T, err error) *ExitError {
	t.Helper()
	var ee *ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v (%T), want an *ExitError", err, err)
	}
	return ee
}

func TestProcessOutputLines(t *testing.T) {
	var got []string
	p, err := Start(context.Background(), Spec{
		Path:   "/bin/sh",
		Args:   []string{"-c", `printf 'one\ntwo\rthree \r\n\033[31mred\033[0m\n\n'; printf 'err\n' >&2; printf 'last'`},
		OnLine: func(l string) { got = append(got, l) }, // one goroutine: no lock needed
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(); err != nil {
		t.Fatalf("Wait = %v", err)
	}
	want := []string{"one", "two", "three", "red", "err", "last"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
	if tail := p.Tail(); !reflect.DeepEqual(tail, want) {
		t.Errorf("Tail = %q, want %q", tail, want)
	}
}

func TestProcessEnvAndDir(t *testing.T) {
	dir := t.TempDir()
	p, err := Start(context.Background(), Spec{Path: "/bin/sh", Args: []string{"-c", `echo "$CECBENCH_X"; pwd`},
		Env: []string{"CECBENCH_X=hello"}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if got, want := p.Tail(), []string{"hello", dir}; !reflect.DeepEqual(got, want) {
		t.Errorf("output = %q, want %q", got, want)
	}
}

func TestProcessExitError(t *testing.T) {
	tests := []struct {
		name      string
		script    string
		tailLines int
		wantCode  int
		wantTail  []string
	}{
		{"status with tail", `echo loading; echo 'error: no such model' >&2; exit 3`, 0, 3, []string{"loading", "error: no such model"}},
		{"tail keeps the last lines", `for i in 1 2 3 4 5 6; do echo $i; done; exit 1`, 2, 1, []string{"5", "6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Start(context.Background(), Spec{Path: "/bin/sh", Args: []string{"-c", tt.script}, TailLines: tt.tailLines})
			if err != nil {
				t.Fatal(err)
			}
			ee := exitError(t, p.Wait())
			if ee.Program != "sh" || ee.Code != tt.wantCode || ee.Signal != "" || ee.Stopped || !reflect.DeepEqual(ee.Tail, tt.wantTail) {
				t.Errorf("ExitError = %+v, want sh, code %d, tail %q", ee, tt.wantCode, tt.wantTail)
			}
			want := "sh exited with status " + strconv.Itoa(tt.wantCode) + ": " + strings.Join(tt.wantTail, "\n")
			if ee.Error() != want {
				t.Errorf("Error() = %q, want %q", ee.Error(), want)
			}
		})
	}
}

func TestStopTerminates(t *testing.T) {
	p, lines := shell(t, context.Background(), `echo started; exec sleep 60`)
	waitLine(t, lines, "started")
	start := time.Now()
	if err := p.Stop(5 * time.Second); err != nil {
		t.Fatalf("Stop = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Stop took %v, want a prompt exit on SIGTERM", d)
	}
	ee := exitError(t, p.Wait())
	if ee.Signal != "SIGTERM" || ee.Code != -1 || !ee.Stopped {
		t.Errorf("ExitError = %+v, want SIGTERM, code -1, stopped", ee)
	}
	assertGone(t, p.Pid())
}

func TestStopKillsAfterGraceWithGrandchildren(t *testing.T) {
	// sh and its background sleep both ignore SIGTERM.
	p, lines := shell(t, context.Background(), `trap "" TERM; sleep 60 & echo child=$!; wait`)
	child := waitPidLine(t, lines, "child=")
	const grace = 300 * time.Millisecond
	start := time.Now()
	if err := p.Stop(grace); err != nil {
		t.Fatalf("Stop = %v", err)
	}
	if d := time.Since(start); d < grace || d > grace+3*time.Second {
		t.Errorf("Stop took %v, want about the %v grace", d, grace)
	}
	ee := exitError(t, p.Wait())
	if ee.Signal != "SIGKILL" || !ee.Stopped {
		t.Errorf("ExitError = %+v, want SIGKILL, stopped", ee)
	}
	if !strings.Contains(ee.Error(), "killed by SIGKILL after being stopped") {
		t.Errorf("Error() = %q", ee.Error())
	}
	assertGone(t, p.Pid(), child)
}

func TestExitKillsLeftoverChildren(t *testing.T) {
	// The background sleep keeps the output open: Wait must not wait for it.
	p, lines := shell(t, context.Background(), `sleep 60 & echo child=$!`)
	child := waitPidLine(t, lines, "child=")
	done := make(chan error, 1)
	go func() { done <- p.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Wait = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not return within 5s of sh's exit")
	}
	assertGone(t, child)
}

func TestWaitDoesNotHangOnEscapedHolder(t *testing.T) {
	// setsid leaves the group: the holder of the output is not ours to kill.
	p, lines := shell(t, context.Background(), `setsid sh -c 'echo escaped=$$; exec sleep 60' & sleep 0.5`)
	escaped := waitPidLine(t, lines, "escaped=")
	t.Cleanup(func() {
		if proc, err := os.FindProcess(escaped); err == nil {
			_ = proc.Kill()
		}
	})
	start := time.Now()
	if err := p.Wait(); err != nil {
		t.Errorf("Wait = %v", err)
	}
	if d := time.Since(start); d > outputDrainTimeout+3*time.Second {
		t.Errorf("Wait took %v", d)
	}
}

func TestContextCancelStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, lines := shell(t, ctx, `echo started; exec sleep 60`)
	waitLine(t, lines, "started")
	cancel()
	select {
	case <-p.Done():
	case <-time.After(3 * time.Second):
		t.Fatal("process still running 3s after the context was cancelled")
	}
	if ee := exitError(t, p.Wait()); !ee.Stopped || ee.Signal != "SIGTERM" {
		t.Errorf("ExitError = %+v, want stopped by SIGTERM", ee)
	}
}

func TestStopIdempotentAndConcurrent(t *testing.T) {
	p, lines := shell(t, context.Background(), `trap "" TERM; echo started; while :; do sleep 0.05; done`)
	waitLine(t, lines, "started")
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, grace := range []time.Duration{time.Minute, 200 * time.Millisecond, time.Minute, 0} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- p.Stop(grace)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Stop = %v", err)
		}
	}
	if err := p.Stop(time.Second); err != nil {
		t.Errorf("Stop after exit = %v", err)
	}
	if ee := exitError(t, p.Wait()); ee.Signal != "SIGKILL" {
		t.Errorf("ExitError = %+v, want SIGKILL (the shortest grace wins)", ee)
	}
}

func TestStopAfterExitIsNoop(t *testing.T) {
	p, _ := shell(t, context.Background(), `exit 0`)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if err := p.Stop(time.Second); err != nil {
		t.Errorf("Stop = %v", err)
	}
	if err := p.Wait(); err != nil {
		t.Errorf("Wait after Stop = %v, want still nil", err)
	}
}

func TestStartErrors(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		spec Spec
		want string
	}{
		{"no path", context.Background(), Spec{}, "Path is empty"},
		{"missing program", context.Background(), Spec{Path: filepath.Join(t.TempDir(), "llama-server")}, "start llama-server"},
		{"cancelled context", cancelled, Spec{Path: "/bin/true"}, "context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Start(tt.ctx, tt.spec)
			if err == nil || !strings.Contains(err.Error(), tt.want) || p != nil {
				t.Errorf("Start = %v, %v; want nil and an error containing %q", p, err, tt.want)
			}
		})
	}
}
