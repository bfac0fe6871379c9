package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cecbench/cecbench/scripts/bench/benchserver"
)

// serverOptions say how to start the server.
type serverOptions struct {
	bin       string
	modelsDir string
	dataDir   string
	workers   int
	// scoringDeadline is --scoring-deadline; 0 leaves the default.
	scoringDeadline time.Duration
	adminToken      string
	log             string // append its JSON log here; empty: discard
}

// buildCecbench builds ./cmd/cecbench into dir and returns the binary.
func buildCecbench(ctx context.Context, goCmd, dir string, stderr io.Writer) (string, error) {
	bin := filepath.Join(dir, "cecbench")
	cmd := exec.CommandContext(ctx, goCmd, "build", "-o", bin, "./cmd/cecbench")
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/cecbench (run from the repository root, or give -cecbench BINARY): %w", err)
	}
	return bin, nil
}

// stopGrace is how long the started server may take to exit on SIGTERM.
const stopGrace = 60 * time.Second

// startServer starts `cecbench serve` on a free loopback port with a new
// data dir, the given workers and the operator's token in its
// environment (never a flag), and returns once it listens.
func startServer(ctx context.Context, o serverOptions) (*benchserver.Server, error) {
	if err := os.MkdirAll(o.dataDir, 0o755); err != nil {
		return nil, err
	}
	args := []string{"--models-dir", o.modelsDir, "--data-dir", o.dataDir, "--workers", strconv.Itoa(o.workers)}
	if o.scoringDeadline > 0 {
		args = append(args, "--scoring-deadline", o.scoringDeadline.String())
	}
	return benchserver.Start(ctx, benchserver.Options{Bin: o.bin, Args: args, Log: o.log,
		Env: append(withoutEnv(os.Environ(), "CECBENCH_ADMIN_TOKEN"), "CECBENCH_ADMIN_TOKEN="+o.adminToken)})
}

// withoutEnv drops the variable name from env.
func withoutEnv(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// memory is a process's resident set size now and its peak (VmRSS and
// VmHWM of /proc/PID/status), in bytes.
type memory struct {
	RSS, HWM int64
}

// readMemory reads /proc/PID/status.
func readMemory(pid int) (memory, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	return parseStatus(string(data))
}

// parseStatus reads VmRSS and VmHWM (in kB) of a /proc/PID/status text.
func parseStatus(s string) (memory, error) {
	var m memory
	var seen int
	for _, line := range strings.Split(s, "\n") {
		name, rest, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return memory{}, fmt.Errorf("/proc status: %s: want a number of kB, got %q", name, strings.TrimSpace(rest))
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return memory{}, fmt.Errorf("/proc status: %s: %w", name, err)
		}
		if name == "VmRSS" {
			m.RSS = kb << 10
		} else {
			m.HWM = kb << 10
		}
		seen++
	}
	if seen != 2 {
		return memory{}, errors.New("/proc status: no VmRSS or VmHWM line")
	}
	return m, nil
}
