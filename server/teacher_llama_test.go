package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cecbench/cecbench/gguf/testmodel"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/llamacpp"
	"github.com/cecbench/cecbench/llamacpp/llamatest"
	"github.com/cecbench/cecbench/routes"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/teacher"
)

// firstLines returns the first n lines of b, each ending in a newline.
func firstLines(b []byte, n int) []byte {
	var out bytes.Buffer
	for _, line := range bytes.SplitAfterN(b, []byte("\n"), n+1)[:n] {
		out.Write(bytes.TrimRight(line, "\n"))
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// TestTeacherJobWithLlamaServer runs a teacher job against a real
// OpenAI-compatible chat API: llama-server serving a tiny random llama
// model. The model's GGUF has no chat template, and llama-server's
// /v1/chat/completions then formats the messages with its chatml
// default, so the teacher client needs nothing model-specific.
func TestTeacherJobWithLlamaServer(t *testing.T) {
	bin := llamatest.Program(t, "llama-server")
	ts := newTestServer(t, false)
	ts.startWorkers(t)

	cfg := testmodel.DefaultConfig()
	cfg.Context = 1024 // room for the system prompt, the claim and its evidence
	modelPath := filepath.Join(t.TempDir(), "tiny-teacher.gguf")
	if err := testmodel.Write(modelPath, cfg); err != nil {
		t.Fatal(err)
	}
	const alias = "tiny-teacher"
	srv, err := llamacpp.StartServer(context.Background(), bin, llamacpp.ServerOptions{Model: modelPath,
		CtxSize: 2 * cfg.Context, Parallel: 2, Threads: 2, Seed: 1, Alias: alias, LoadTimeout: 30 * time.Second}, nil)
	if err != nil {
		t.Fatalf("start llama-server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("stop llama-server: %v", err)
		}
	})

	rec := ts.send(t, http.MethodPost, "/v1/datasets?name=cf-small", "application/x-ndjson", firstLines(climateFever(t), 10))
	if rec.Code != http.StatusCreated {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	d := decode[catalog.Dataset](t, rec)
	if d.Items != 10 || d.Format != "climate-fever" {
		t.Fatalf("uploaded %+v", d)
	}

	start := time.Now()
	body := fmt.Sprintf(`{"dataset_id":%q,"limit":3,"max_tokens":16,"concurrency":2,"teacher":{"base_url":%q,"model":%q}}`,
		d.ID, srv.URL+"/v1", alias)
	rec = ts.do(t, http.MethodPost, "/v1/teacher/jobs", body)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("POST /v1/teacher/jobs: %d %s", rec.Code, rec.Body)
	}
	j := ts.waitJobFor(t, decode[jobs.Job](t, rec).ID, 60*time.Second)
	if j.State != jobs.Succeeded {
		t.Fatalf("teacher job %s: %s", j.State, j.Error)
	}
	var res teacher.JobResult
	if err := json.Unmarshal(j.Result, &res); err != nil {
		t.Fatal(err)
	}
	u := res.Usage
	t.Logf("3 explanations in %v: %d prompt and %d completion tokens", time.Since(start).Round(time.Millisecond), u.PromptTokens, u.CompletionTokens)
	if res.Items != 3 || res.Generated != 3 || res.Reused != 0 || res.ParentID != d.ID {
		t.Errorf("result %+v, want 3 items generated from %s", res, d.ID)
	}
	if u.PromptTokens <= 0 || u.CompletionTokens <= 0 || u.CompletionTokens > 3*16 || u.TotalTokens != u.PromptTokens+u.CompletionTokens {
		t.Errorf("usage %+v: want prompt and completion tokens, at most 16 completion tokens an item", u)
	}
	if j.Progress != (jobs.Progress{Done: 3, Total: 3}) {
		t.Errorf("progress %+v", j.Progress)
	}

	v := decode[catalog.Dataset](t, ts.do(t, http.MethodGet, "/v1/datasets/"+res.DatasetID, ""))
	if v.Parent != d.ID || v.Items != 10 || v.Explained != 3 || v.Teacher == nil || v.Teacher.Model != alias ||
		v.Teacher.BaseURL != srv.URL+"/v1" || v.Teacher.MaxTokens != 16 {
		t.Errorf("new version %+v (teacher %+v)", v, v.Teacher)
	}
	page := decode[routes.ItemPage](t, ts.do(t, http.MethodGet, "/v1/datasets/"+res.DatasetID+"/items", ""))
	explained := 0
	for i, it := range page.Items {
		switch {
		case i < 3 && strings.TrimSpace(it.Explanation) == "":
			t.Errorf("item %d (%s) has no explanation", i, it.ID)
		case i < 3:
			explained++
			t.Logf("item %s: %q", it.ID, it.Explanation)
		case it.Explanation != "":
			t.Errorf("item %d (%s) is past the limit but has explanation %q", i, it.ID, it.Explanation)
		}
	}
	if explained != 3 || page.Total != 10 {
		t.Errorf("%d explained items of %d", explained, page.Total)
	}
}
