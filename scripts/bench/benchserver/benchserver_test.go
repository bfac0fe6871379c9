package benchserver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// modelsDir is the repository's encoder weights (make models).
var modelsDir = filepath.Join("..", "..", "..", "models")

// buildCecbench builds ./cmd/cecbench into a temporary dir, or skips the
// test where that cannot be done here.
func buildCecbench(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no cecbench build")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build cecbench: %v", err)
	}
	if _, err := os.Stat(filepath.Join(modelsDir, "model-embeddings-en-0.2.0")); err != nil {
		t.Skipf("no encoder weights (make models): %v", err)
	}
	bin := filepath.Join(t.TempDir(), "cecbench")
	out, err := exec.Command(goCmd, "build", "-o", bin, "github.com/cecbench/cecbench/cmd/cecbench").CombinedOutput()
	if err != nil {
		t.Fatalf("go build cecbench: %v\n%s", err, out)
	}
	return bin
}

// TestRealServer starts the real `cecbench serve`, talks to it and stops
// it, and starts it with a flag it refuses.
func TestRealServer(t *testing.T) {
	bin := buildCecbench(t)
	dir := t.TempDir()
	logPath := filepath.Join(dir, "server.log")
	s, err := Start(t.Context(), Options{Bin: bin, Log: logPath,
		Args: []string{"--models-dir", modelsDir, "--data-dir", filepath.Join(dir, "data")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop(10 * time.Second) })
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || s.PID() <= 0 {
		t.Errorf("URL %q, pid %d", s.URL, s.PID())
	}
	resp, err := http.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz: status %d", resp.StatusCode)
	}
	if err := s.Stop(time.Minute); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if err := s.Stop(time.Minute); err != nil {
		t.Errorf("Stop again: %v", err)
	}
	if log, err := os.ReadFile(logPath); err != nil || len(log) == 0 {
		t.Errorf("the server's log: %d bytes, %v; want its JSON log", len(log), err)
	}

	_, err = Start(t.Context(), Options{Bin: bin, Args: []string{"--no-such-flag"}})
	if err == nil || !strings.Contains(err.Error(), "exited before listening") || !strings.Contains(err.Error(), "its log was discarded") {
		t.Errorf("Start with a bad flag: %v, want it to say the server exited before listening", err)
	}
}

// standIn writes a shell script that stands in for cecbench where the real
// one cannot show the behaviour: it records its arguments, one
// environment variable, writes a line to stderr, prints the listen line
// when $LISTEN is 1, and sleeps; when $IGNORE_TERM is 1 it ignores
// SIGTERM and waits for a child sleep, whose pid it records.
func standIn(t *testing.T) (bin, dir string) {
	t.Helper()
	dir = t.TempDir()
	bin = filepath.Join(dir, "cecbench")
	script := `#!/bin/sh
echo "$*|$FROM_ENV" >"$OUT/args"
echo "a log line" >&2
[ "$LISTEN" = 1 ] && echo "cecbench listening on http://127.0.0.1:9/"
if [ "$IGNORE_TERM" = 1 ]; then
	trap '' TERM
	sleep 600 &
	echo $! >"$OUT/child"
	wait
fi
exec sleep 600
`
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, dir
}

// gone waits up to 5 s for a process to be gone or a zombie.
func gone(pid int) bool {
	for range 100 {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return true
		}
		if _, rest, ok := strings.Cut(string(stat), ") "); ok && strings.HasPrefix(rest, "Z") {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// TestStopKillsTheGroupAfterGrace: a stand-in that ignores SIGTERM (the
// real server exits on it) is killed with its child once the grace has
// passed; the arguments, the environment and the log reach it.
func TestStopKillsTheGroupAfterGrace(t *testing.T) {
	bin, dir := standIn(t)
	logPath := filepath.Join(dir, "log")
	if err := os.WriteFile(logPath, []byte("before\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "OUT="+dir, "LISTEN=1", "IGNORE_TERM=1", "FROM_ENV=yes")
	s, err := Start(t.Context(), Options{Bin: bin, Args: []string{"--workers", "2"}, Env: env, Log: logPath})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop(0) })
	if s.URL != "http://127.0.0.1:9/" {
		t.Errorf("URL %q", s.URL)
	}
	var child int
	for range 100 { // the script writes the file after the listen line
		data, _ := os.ReadFile(filepath.Join(dir, "child"))
		if child, err = strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the stand-in's child pid: %v", err)
	}
	start := time.Now()
	err = s.Stop(300 * time.Millisecond)
	if want := fmt.Sprintf("cecbench serve (pid %d) did not exit within 0.3 s of SIGTERM; killed", s.PID()); err == nil || err.Error() != want {
		t.Errorf("Stop: %v, want %q", err, want)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("Stop returned after %s, before the grace", d)
	}
	if again := s.Stop(0); again != err {
		t.Errorf("Stop again: %v, want the first result %v", again, err)
	}
	if !gone(child) {
		t.Errorf("the stand-in's child %d outlived the kill of its group", child)
	}
	if args, _ := os.ReadFile(filepath.Join(dir, "args")); string(args) != "serve --addr 127.0.0.1:0 --workers 2|yes\n" {
		t.Errorf("the stand-in got %q", args)
	}
	if log, _ := os.ReadFile(logPath); string(log) != "before\na log line\n" {
		t.Errorf("log %q, want the stand-in's stderr appended", log)
	}
}

// TestStartGivesUpWhenCtxEnds: a stand-in that never prints the listen
// line is stopped when ctx ends.
func TestStartGivesUpWhenCtxEnds(t *testing.T) {
	bin, dir := standIn(t)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	_, err := Start(ctx, Options{Bin: bin, Env: append(os.Environ(), "OUT="+dir)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Start: %v, want the context's deadline", err)
	}
}

// TestStartFailsWithoutABinary: no binary, or one that does not exist, is
// an error, not a panic.
func TestStartFailsWithoutABinary(t *testing.T) {
	if _, err := Start(t.Context(), Options{}); err == nil {
		t.Error("no Bin: no error")
	}
	if _, err := Start(t.Context(), Options{Bin: filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Error("a missing binary: no error")
	}
}

func ExampleStart() {
	ctx := context.Background()
	s, err := Start(ctx, Options{
		Bin:  "bin/cecbench",
		Args: []string{"--models-dir", "./models", "--data-dir", "/tmp/bench-data", "--workers", "2"},
		Env:  append(os.Environ(), "CECBENCH_ADMIN_TOKEN=secret"),
		Log:  "/tmp/bench-server.log",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Stop(time.Minute)
	fmt.Println("serving at", s.URL, "as pid", s.PID())
}
