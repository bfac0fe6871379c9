package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"syscall"
	"time"
)

// maxPairs is the server's --max-pairs here: above the 1,535 pairs, so
// that -per-request 1535 sends the whole file in one request.
const maxPairs = 2000

// listenLine is what `cecbench serve` prints once it listens.
var listenLine = regexp.MustCompile(`listening on (http://\S+)`)

// server is one `cecbench serve` process.
type server struct {
	url     string
	cmd     *exec.Cmd
	exited  chan error // receives Wait's result once
	stopped bool
	stopErr error
}

// startServer starts `cecbench serve` on a free loopback port with the
// given Qdrant and data dir, and waits until /readyz says "ready".
func startServer(ctx context.Context, o options, qdrantURL, dataDir string) (*server, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	cmd := exec.Command(o.bin, "serve", "--addr", "127.0.0.1:0", "--models-dir", o.modelsDir,
		"--data-dir", dataDir, "--qdrant-url", qdrantURL, "--max-pairs", fmt.Sprint(maxPairs),
		"--max-body-bytes", fmt.Sprint(64<<20), "--request-timeout", "0", "--rate-limit", "0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a Ctrl-C here is ours to pass on
	if o.serverLog != "" {
		f, err := os.OpenFile(o.serverLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		defer f.Close() // the child keeps its own descriptor
		cmd.Stderr = f
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, exited: make(chan error, 1)}
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
	select {
	case s.url = <-found:
	case err := <-s.exited:
		s.stopped = true
		return nil, fmt.Errorf("cecbench serve exited before listening (%v); -server-log FILE keeps its log", err)
	case <-time.After(time.Minute):
		s.stop()
		return nil, errors.New("cecbench serve printed no listen line in a minute")
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	}
	fmt.Printf("server:  %s (pid %d, data dir new)\n", s.url, cmd.Process.Pid)
	if err := waitReady(ctx, s.url, o.waitReady); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// stop sends SIGTERM and waits for the process; it fails unless the
// process exits cleanly within 30 s (it is killed then). Calling it again
// returns the first result.
func (s *server) stop() error {
	if s.stopped {
		return s.stopErr
	}
	s.stopped = true
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exited:
		if err != nil {
			s.stopErr = fmt.Errorf("cecbench serve (pid %d) on SIGTERM: %w", s.cmd.Process.Pid, err)
		}
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.exited
		s.stopErr = fmt.Errorf("cecbench serve (pid %d) did not exit within 30 s of SIGTERM; killed", s.cmd.Process.Pid)
	}
	return s.stopErr
}

// waitReady polls GET /readyz until it answers 200 with status "ready"
// (not "degraded": the shared cache must work), or d has passed.
func waitReady(ctx context.Context, base string, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var last string
	for {
		status, err := readyStatus(ctx, base)
		if err == nil && status == "ready" {
			return nil
		}
		last = status
		if err != nil {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s/readyz not ready after %s: %s", base, d, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// readyStatus is the status field of one GET /readyz answered 200.
func readyStatus(ctx context.Context, base string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	var st struct {
		Status string `json:"status"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return "", err
	}
	return st.Status, nil
}
