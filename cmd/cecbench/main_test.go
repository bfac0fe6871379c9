package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cecbench/cecbench/uselite"
	"github.com/cecbench/cecbench/uselite/uselitetest"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of run.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

var listenLine = regexp.MustCompile(`listening on (http://\S+)`)

// TestServeEndToEnd boots the real program on port 0, waits for readiness
// and scores a pair over HTTP, then shuts it down like SIGTERM would.
func TestServeEndToEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	env := envFrom(map[string]string{
		"CECBENCH_MODELS_DIR": uselitetest.ModelsDir(t),
		"CECBENCH_DATA_DIR":   t.TempDir(),
	})
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, env, strings.NewReader(""), &stdout, &stderr)
	}()

	var base string
	deadline := time.Now().Add(30 * time.Second)
	for base == "" {
		if m := listenLine.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no listen line; stderr: %s", stderr.String())
		}
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v; stderr: %s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready in time: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}

	body := `{"generated": "Deforestation removes trees. Fewer trees absorb less CO2.", "reference": "Cutting forests reduces carbon uptake. More CO2 stays in the air."}`
	resp, err := http.Post(base+"/v1/cec", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		CEC       float64 `json:"cec"`
		Signature string  `json:"signature"`
	}
	err = json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || r.CEC <= 0 || r.CEC > 1 || !strings.HasPrefix(r.Signature, "cec|v:1|emb:use-lite-en@0.2.0") {
		t.Fatalf("POST /v1/cec: %d %+v %v", resp.StatusCode, r, err)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("no X-Request-ID header")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run after shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not return after its context was cancelled")
	}
	if !strings.Contains(stderr.String(), `"msg":"request"`) || !strings.Contains(stderr.String(), `"path":"/v1/cec"`) {
		t.Errorf("no structured request log line in stderr")
	}
}

func TestServeWithoutModelsNamesTheFix(t *testing.T) {
	var stdout, stderr syncBuffer
	env := envFrom(map[string]string{"CECBENCH_MODELS_DIR": t.TempDir(), "CECBENCH_DATA_DIR": t.TempDir()})
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0"}, env, strings.NewReader(""), &stdout, &stderr)
	if !errors.Is(err, uselite.ErrModelNotInstalled) || !strings.Contains(err.Error(), "make models") {
		t.Fatalf("err = %v, want one naming `make models`", err)
	}
}

func TestServeWithCorruptModelNamesTheFix(t *testing.T) {
	src := uselite.ModelDir(uselitetest.ModelsDir(t))
	modelsDir := t.TempDir()
	dst := uselite.ModelDir(modelsDir)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "group1-shard3of7" {
			data[1000] ^= 0xff
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr syncBuffer
	err = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--models-dir", modelsDir}, envFrom(map[string]string{"CECBENCH_DATA_DIR": t.TempDir()}), strings.NewReader(""), &stdout, &stderr)
	if !errors.Is(err, uselite.ErrModelNotInstalled) || !strings.Contains(err.Error(), "group1-shard3of7") {
		t.Fatalf("err = %v, want one naming the corrupt shard and the fix", err)
	}
}

func TestBadConfigIsAnError(t *testing.T) {
	var stdout, stderr syncBuffer
	err := run(context.Background(), []string{"serve"}, envFrom(map[string]string{"CECBENCH_BATCH_WAIT": "soon", "CECBENCH_DATA_DIR": t.TempDir()}), strings.NewReader(""), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "CECBENCH_BATCH_WAIT") {
		t.Fatalf("err = %v, want one naming CECBENCH_BATCH_WAIT", err)
	}
	if err := run(context.Background(), []string{"bogus"}, envFrom(nil), strings.NewReader(""), &stdout, &stderr); err == nil {
		t.Fatal("unknown command accepted")
	}
}

func TestScoreFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "pairs.jsonl")
	out := filepath.Join(dir, "scores.jsonl")
	lines := `{"id": "p1", "generated": "Oceans absorb heat. They expand as they warm.", "reference": "Warming oceans expand. Thermal expansion raises sea level."}
{"id": "p2", "generated": "", "reference": "Glaciers melt."}

{"id": "p3", "generated": "Glaciers melt.", "reference": "Glaciers melt."}
`
	if err := os.WriteFile(in, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	env := envFrom(map[string]string{"CECBENCH_MODELS_DIR": uselitetest.ModelsDir(t)})
	if err := run(context.Background(), []string{"score", "--in", in, "--out", out, "--alignment"}, env, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("score: %v; stderr: %s", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	type scoreOut struct {
		ID        string          `json:"id"`
		CEC       float64         `json:"cec"`
		Warnings  []string        `json:"warnings"`
		Alignment json.RawMessage `json:"alignment"`
	}
	var got []scoreOut
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r scoreOut
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != 3 || got[0].ID != "p1" || got[1].CEC != 0 || len(got[1].Warnings) != 1 || got[2].CEC < 0.999999 || got[0].Alignment == nil {
		t.Fatalf("scores %+v", got)
	}
	if e := stderr.String(); !strings.Contains(e, "3/3 100%") || !strings.Contains(e, "n=3 mean=") {
		t.Errorf("stderr lacks the progress bar or the summary: %q", e)
	}
}

func TestScoreFileBadLineNamesIt(t *testing.T) {
	in := filepath.Join(t.TempDir(), "pairs.jsonl")
	if err := os.WriteFile(in, []byte(`{"generated": "a", "reference": "b"}`+"\n"+`{"generated": "a"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	err := run(context.Background(), []string{"score", "--in", in}, envFrom(nil), strings.NewReader(""), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want one naming line 2", err)
	}
}
