package server

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cecbench/cecbench/gguf/testmodel"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/llamacpp/llamatest"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/finetune"
)

// registerTinyModel writes a tiny random llama model, registers it as
// name and returns its path.
func registerTinyModel(t *testing.T, ts *testServer, name string, cfg testmodel.Config) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".gguf")
	if err := testmodel.Write(path, cfg); err != nil {
		t.Fatal(err)
	}
	rec := ts.do(t, http.MethodPost, "/v1/models", fmt.Sprintf(`{"name":%q,"path":%q}`, name, path))
	if rec.Code != http.StatusCreated {
		t.Fatalf("register %s: %d %s", name, rec.Code, rec.Body)
	}
	return path
}

// processesMentioning returns "pid: command line" for each process whose
// command line holds one of needles (the test's own process excluded).
func processesMentioning(t *testing.T, needles ...string) []string {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Skipf("no /proc to look for left-over processes: %v", err)
	}
	self := os.Getpid()
	var found []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || len(b) == 0 {
			continue // gone meanwhile, or a zombie (no command line)
		}
		cmdline := string(bytes.ReplaceAll(bytes.TrimRight(b, "\x00"), []byte{0}, []byte{' '}))
		for _, n := range needles {
			if strings.Contains(cmdline, n) {
				found = append(found, fmt.Sprintf("%d: %s", pid, cmdline))
				break
			}
		}
	}
	return found
}

// waitGone waits up to d for check to return nothing; it returns what
// check last returned.
func waitGone(d time.Duration, check func() []string) []string {
	deadline := time.Now().Add(d)
	for {
		left := check()
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestFinetuneCancelStopsTheTrainer: cancelling a fine-tuning job while
// llama-finetune trains ends the job cancelled and leaves no trainer
// process and no scratch files behind.
func TestFinetuneCancelStopsTheTrainer(t *testing.T) {
	ts := newTestServer(t, false)
	ts.binaries = llamatest.Binaries(t, "llama-finetune")
	ts.startWorkers(t)
	modelPath := registerTinyModel(t, ts, "tiny-cancel", testmodel.DefaultConfig())
	d := explainedDataset(t, ts, 24, 0)

	// 500 epochs: minutes of training, unless the cancel stops it.
	job := ts.postJob(t, "/v1/finetune/jobs", finetune.JobParams{BaseModel: "tiny-cancel", Selection: dataset.Selection{DatasetID: d.ID},
		Epochs: 500, LearningRate: 1e-4, ContextLength: 256, LoRARank: 4, Threads: 2})
	scratch := filepath.Join(ts.cfg.DataDir, "finetune", job.ID)

	// Training runs once the loss curve has points.
	deadline := time.Now().Add(30 * time.Second)
	for {
		rec := ts.do(t, http.MethodGet, "/v1/finetune/jobs/"+job.ID+"/metrics", "")
		if rec.Code == http.StatusOK && len(decode[finetune.Metrics](t, rec).Points) > 0 {
			break
		}
		if j := decode[jobs.Job](t, ts.do(t, http.MethodGet, "/v1/jobs/"+job.ID, "")); j.State.Terminal() {
			t.Fatalf("the job ended before training reported progress: %s %s", j.State, j.Error)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no training metrics after 30 s (last answer %d %s)", rec.Code, rec.Body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if running := processesMentioning(t, scratch); len(running) == 0 {
		t.Fatalf("no process mentions the job's scratch dir %s while it trains", scratch)
	}

	cancelled := time.Now()
	rec := ts.do(t, http.MethodPost, "/v1/jobs/"+job.ID+"/cancel", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("cancel: %d %s", rec.Code, rec.Body)
	}
	j := ts.waitJobFor(t, job.ID, 5*time.Second)
	if j.State != jobs.Cancelled {
		t.Fatalf("job %s (%s), want cancelled", j.State, j.Error)
	}
	left := waitGone(10*time.Second, func() []string { return processesMentioning(t, scratch, modelPath) })
	if len(left) > 0 {
		t.Fatalf("%v after the cancel, processes are left:\n%s", time.Since(cancelled).Round(time.Millisecond), strings.Join(left, "\n"))
	}
	t.Logf("cancelled after %d progress reports; the trainer was gone %v after the cancel",
		len(decode[finetune.Metrics](t, ts.do(t, http.MethodGet, "/v1/finetune/jobs/"+job.ID+"/metrics", "")).Points),
		time.Since(cancelled).Round(time.Millisecond))
	if files := waitGone(5*time.Second, func() []string { return existing(scratch) }); len(files) > 0 {
		t.Errorf("the cancelled job's scratch dir is still there: %v", files)
	}
	list, _ := os.ReadDir(filepath.Join(ts.cfg.DataDir, "gguf"))
	if len(list) != 0 {
		t.Errorf("the cancelled job left models: %v", list)
	}
}

// existing returns path when it exists.
func existing(path string) []string {
	if _, err := os.Stat(path); err == nil {
		return []string{path}
	}
	return nil
}

// failingTrainer is a fault-injection stand-in for llama-finetune: it
// prints what a real trainer prints before an assertion aborts it, to
// stderr, and exits with status 3.
const failingTrainer = `#!/bin/sh
echo "load: loading model from $2" >&2
echo "llama_model_load: something" >&2
echo "GGML_ASSERT(x) failed" >&2
exit 3
`

// TestFinetuneFailureKeepsTheLogTail: a trainer that fails makes the job
// fail with its exit status and its last output lines in the job's error.
func TestFinetuneFailureKeepsTheLogTail(t *testing.T) {
	ts := newTestServer(t, false)
	trainer := filepath.Join(t.TempDir(), "llama-finetune")
	if err := os.WriteFile(trainer, []byte(failingTrainer), 0o755); err != nil {
		t.Fatal(err)
	}
	ts.binaries.Finetune = trainer
	ts.startWorkers(t)
	modelPath := registerTinyModel(t, ts, "tiny-fail", testmodel.DefaultConfig())
	d := explainedDataset(t, ts, 24, 0)

	job := ts.postJob(t, "/v1/finetune/jobs", finetune.JobParams{BaseModel: "tiny-fail", Selection: dataset.Selection{DatasetID: d.ID},
		Epochs: 2, ContextLength: 256})
	j := ts.waitJobFor(t, job.ID, 20*time.Second)
	if j.State != jobs.Failed {
		t.Fatalf("job %s, want failed", j.State)
	}
	t.Logf("job error: %s", j.Error)
	for _, want := range []string{"llama-finetune failed", "exited with status 3", "load: loading model from " + modelPath,
		"llama_model_load: something", "GGML_ASSERT(x) failed"} {
		if !strings.Contains(j.Error, want) {
			t.Errorf("job error %q does not hold %q", j.Error, want)
		}
	}
	if files := existing(filepath.Join(ts.cfg.DataDir, "finetune", job.ID)); len(files) > 0 {
		t.Errorf("the failed job's scratch dir is still there: %v", files)
	}
	if rec := ts.do(t, http.MethodGet, "/v1/finetune/jobs/"+job.ID+"/metrics", ""); rec.Code != http.StatusNotFound {
		t.Errorf("metrics of a job whose trainer reported nothing: %d %s, want 404", rec.Code, rec.Body)
	}
}
