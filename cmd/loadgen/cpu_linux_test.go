package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestRunReportsCPUPerRequest points -server-pid at this process (the
// stand-in server runs in it) and checks both CPU columns are filled.
func TestRunReportsCPUPerRequest(t *testing.T) {
	_, url := startFake(t)
	out := filepath.Join(t.TempDir(), "r.json")
	args := []string{"-url", url, "-mode", "warm", "-c", "4", "-d", "500ms", "-warmup", "0s",
		"-server-pid", strconv.Itoa(os.Getpid()), "-json", out}
	var stdout bytes.Buffer
	if err := run(context.Background(), args, os.Getenv, &stdout, &stdout); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.ClientCPUus <= 0 || rep.ServerCPUus <= 0 {
		t.Errorf("cpu per request: client %v server %v, want both > 0", rep.ClientCPUus, rep.ServerCPUus)
	}
}
