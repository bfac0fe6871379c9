package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/cecbench/cecbench/openaichat/standin"
	"github.com/cecbench/cecbench/redistest"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/uselite/uselitetest"
)

// durabilityItems is how many Climate-FEVER claims the kill -9 tests
// explain: enough that the kill lands in the middle.
const durabilityItems = 60

// climateFeverHead returns the first n lines of the shared Climate-FEVER
// file and their items, skipping the test when the file is absent.
func climateFeverHead(t *testing.T, n int) ([]byte, []dataset.Item) {
	t.Helper()
	data, err := os.ReadFile("../../../shared/data/climate-fever/climate-fever.jsonl")
	if err != nil {
		t.Skipf("Climate-FEVER data not available: %v", err)
	}
	var head bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for i := 0; i < n && sc.Scan(); i++ {
		head.Write(sc.Bytes())
		head.WriteByte('\n')
	}
	items, _, err := dataset.Parse(bytes.NewReader(head.Bytes()), dataset.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return head.Bytes(), items
}

// killMidJob runs a teacher job, lets kill -9 one process in the middle,
// restarts it and checks the job resumes: it succeeds, its new dataset
// has every item exactly once, explained, and no item finished before the
// kill is asked of the teacher again.
func killMidJob(t *testing.T, a *api, teacher *standin.Server, kill func(), restart func()) {
	t.Helper()
	jsonl, items := climateFeverHead(t, durabilityItems)
	var ds struct {
		ID    string `json:"id"`
		Items int    `json:"items"`
	}
	a.do(http.MethodPost, "/v1/datasets?name=head", "application/x-ndjson", jsonl, http.StatusCreated, &ds)
	if ds.Items != durabilityItems {
		t.Fatalf("dataset has %d items, want %d", ds.Items, durabilityItems)
	}
	var job jobView
	a.post("/v1/teacher/jobs", map[string]any{
		"dataset_id":  ds.ID,
		"teacher":     map[string]string{"base_url": teacher.URL(), "model": "standin-teacher"},
		"concurrency": 2,
	}, &job, http.StatusAccepted)

	before := a.waitJob(job.ID, 60*time.Second, func(j jobView) bool { return j.Progress.Done >= durabilityItems/3 })
	kill()
	requestsAtKill := teacher.Requests()
	t.Logf("killed at %d/%d items, %d teacher requests", before.Progress.Done, before.Progress.Total, requestsAtKill)
	restart()

	done := a.waitJob(job.ID, 120*time.Second, func(j jobView) bool { return j.State != "queued" && j.State != "running" })
	if done.State != "succeeded" || done.Attempts != 2 {
		t.Fatalf("job after restart: %s, want succeeded in 2 attempts", done)
	}
	var res struct {
		DatasetID string `json:"dataset_id"`
		Items     int    `json:"items"`
		Generated int    `json:"generated"`
		Reused    int    `json:"reused"`
	}
	if err := json.Unmarshal(done.Result, &res); err != nil {
		t.Fatal(err)
	}
	if res.Items != durabilityItems || res.Generated+res.Reused != durabilityItems || res.Reused < before.Progress.Done {
		t.Errorf("result %+v: want %d items, generated + reused = items, reused >= %d done before the kill", res, durabilityItems, before.Progress.Done)
	}
	var out []dataset.Item
	resp, err := http.Get(a.base + "/v1/datasets/" + res.DatasetID + "/items?format=jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	for dec.More() {
		var it dataset.Item
		if err := dec.Decode(&it); err != nil {
			t.Fatal(err)
		}
		out = append(out, it)
	}
	seen := map[string]int{}
	for _, it := range out {
		seen[it.ID]++
		if it.Explanation == "" {
			t.Errorf("item %s has no explanation", it.ID)
		}
	}
	tmpl, _ := dataset.LookupTemplate(dataset.DefaultTemplate)
	repeats := 0
	for _, it := range items {
		if seen[it.ID] != 1 {
			t.Errorf("item %s is in the output %d times, want exactly once", it.ID, seen[it.ID])
		}
		switch n := teacher.RequestsFor(tmpl.Messages(it)[1].Content); {
		case n == 0:
			t.Errorf("item %s was never asked of the teacher", it.ID)
		case n > 1:
			repeats++
		}
	}
	if len(out) != durabilityItems {
		t.Errorf("output has %d items, want %d", len(out), durabilityItems)
	}
	// Only requests in flight at the kill (at most the concurrency) may
	// be asked again; everything stored before it is reused.
	if repeats > 2 || teacher.Requests() > durabilityItems+2 {
		t.Errorf("%d items asked twice, %d requests for %d items: finished work was not reused", repeats, teacher.Requests(), durabilityItems)
	}
}

// TestKill9ServerResumesTeacherJob kills the embedded server (its workers
// run in-process) in the middle of a teacher job and starts it again on
// the same data dir.
func TestKill9ServerResumesTeacherJob(t *testing.T) {
	teacher := standin.New(standin.Options{Delay: 40 * time.Millisecond})
	defer teacher.Close()
	env := map[string]string{"CECBENCH_MODELS_DIR": uselitetest.ModelsDir(t), "CECBENCH_DATA_DIR": t.TempDir()}
	args := []string{"serve", "--addr", "127.0.0.1:0"}
	srv := startProc(t, env, args...)
	a := api{t: t, base: srv.waitOutput("listen", 30*time.Second)}
	killMidJob(t, &a, teacher, srv.kill9, func() {
		// The restarted server listens on a new port.
		srv = startProc(t, env, args...)
		a.base = srv.waitOutput("listen", 30*time.Second)
	})
}

// TestKill9WorkerResumesTeacherJob runs the scaled-out way, an API-only
// server and a worker process on a real redis-server, and kills the
// worker in the middle of a teacher job; a new worker finishes it.
func TestKill9WorkerResumesTeacherJob(t *testing.T) {
	redis := redistest.Start(t)
	teacher := standin.New(standin.Options{Delay: 40 * time.Millisecond})
	defer teacher.Close()
	env := map[string]string{"CECBENCH_MODELS_DIR": uselitetest.ModelsDir(t), "CECBENCH_DATA_DIR": t.TempDir(), "REDIS_URL": redis.URL()}
	srv := startProc(t, env, "serve", "--addr", "127.0.0.1:0")
	a := api{t: t, base: srv.waitOutput("listen", 30*time.Second)}
	worker := startProc(t, env, "worker", "--workers", "2")
	worker.waitOutput("cecbench worker", 30*time.Second)
	killMidJob(t, &a, teacher, worker.kill9, func() {
		worker = startProc(t, env, "worker", "--workers", "2")
		worker.waitOutput("cecbench worker", 30*time.Second)
	})
}

// TestDatasetsImport imports the Climate-FEVER file from the command line
// with a progress bar, twice (the same dataset), and a server on the same
// data dir then serves it.
func TestDatasetsImport(t *testing.T) {
	climateFeverHead(t, 1) // skips without the data
	const path = "../../../shared/data/climate-fever/climate-fever.jsonl"
	dataDir := t.TempDir()
	env := envFrom(map[string]string{"CECBENCH_DATA_DIR": dataDir})
	var ids []string
	for i := 0; i < 2; i++ {
		var stdout, stderr syncBuffer
		if err := run(t.Context(), []string{"datasets", "import", "climate-fever", path, "--name", "cf"}, env, nil, &stdout, &stderr); err != nil {
			t.Fatalf("import: %v; stderr %s", err, stderr.String())
		}
		var d struct {
			ID     string         `json:"id"`
			Items  int            `json:"items"`
			Splits map[string]int `json:"splits"`
		}
		if err := json.Unmarshal([]byte(stdout.String()), &d); err != nil || d.Items != 1535 || d.Splits["train"] == 0 {
			t.Fatalf("import printed %s: %v", stdout.String(), err)
		}
		if !bytes.Contains([]byte(stderr.String()), []byte("100%")) {
			t.Errorf("no finished progress bar on stderr: %q", stderr.String())
		}
		ids = append(ids, d.ID)
	}
	if ids[0] != ids[1] {
		t.Errorf("the same file imported twice gave %s and %s", ids[0], ids[1])
	}
	var stderr syncBuffer
	err := run(t.Context(), []string{"datasets", "import", "simple", path}, env, nil, &syncBuffer{}, &stderr)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("climate-fever format")) {
		t.Errorf("wrong format: %v", err)
	}

	srv := startProc(t, map[string]string{"CECBENCH_MODELS_DIR": uselitetest.ModelsDir(t), "CECBENCH_DATA_DIR": dataDir}, "serve", "--addr", "127.0.0.1:0")
	a := api{t: t, base: srv.waitOutput("listen", 30*time.Second)}
	var d struct {
		Name  string `json:"name"`
		Items int    `json:"items"`
	}
	a.get("/v1/datasets/"+ids[0], &d)
	if d.Name != "cf" || d.Items != 1535 {
		t.Errorf("served dataset %+v", d)
	}
}
