package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// asMainEnv makes the test binary run main instead of the tests, so a
// test can start the real program as a separate process (and kill it).
const asMainEnv = "CECBENCH_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// proc is the program running as a child process.
type proc struct {
	t              *testing.T
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	exited         chan struct{}
}

// startProc starts `cecbench args...` with env added to this process's
// environment; the process group is killed at the end of the test.
func startProc(t *testing.T, env map[string]string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], args...)
	p.cmd.Env = append(os.Environ(), asMainEnv+"=1")
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() { p.kill9() })
	return p
}

// kill9 sends SIGKILL to the process group and waits for the exit.
func (p *proc) kill9() {
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	<-p.exited
}

// waitFor polls the output until re matches, failing after timeout.
func (p *proc) waitOutput(substr string, timeout time.Duration) string {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if m := listenLine.FindStringSubmatch(p.stdout.String()); substr == "listen" && m != nil {
			return m[1]
		}
		if substr != "listen" && strings.Contains(p.stdout.String(), substr) {
			return substr
		}
		select {
		case <-p.exited:
			p.t.Fatalf("%v exited early: stdout %s\nstderr %s", p.cmd.Args[1:], p.stdout.String(), p.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%v: no %q in %s; stderr %s", p.cmd.Args[1:], substr, timeout, p.stderr.String())
		}
	}
}

// api is a small JSON client of a running server.
type api struct {
	t    *testing.T
	base string
}

// do sends body (JSON unless contentType says otherwise) and decodes the
// answer into out, failing unless the status is want.
func (a api) do(method, path, contentType string, body []byte, want int, out any) {
	a.t.Helper()
	req, err := http.NewRequest(method, a.base+path, bytes.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		a.t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			a.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
}

func (a api) post(path string, in, out any, want int) {
	a.t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		a.t.Fatal(err)
	}
	a.do(http.MethodPost, path, "application/json", b, want, out)
}

func (a api) get(path string, out any) {
	a.t.Helper()
	a.do(http.MethodGet, path, "", nil, http.StatusOK, out)
}

// waitJob polls the job until ok says yes, failing after timeout.
func (a api) waitJob(id string, timeout time.Duration, ok func(jobView) bool) jobView {
	a.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var j jobView
		a.get("/v1/jobs/"+id, &j)
		if ok(j) {
			return j
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("job %s: condition not met in %s; last %+v", id, timeout, j)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// jobView is the part of a job the tests read.
type jobView struct {
	ID       string `json:"id"`
	State    string `json:"state"`
	Attempts int    `json:"attempts"`
	Error    string `json:"error"`
	Progress struct {
		Done  int `json:"done"`
		Total int `json:"total"`
	} `json:"progress"`
	Result json.RawMessage `json:"result"`
}

func (j jobView) String() string {
	return fmt.Sprintf("%s %s %d/%d attempts %d %s", j.ID, j.State, j.Progress.Done, j.Progress.Total, j.Attempts, j.Error)
}
