package llamacpp

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRealServerMissingModel(t *testing.T) {
	bin := needProgram(t, "llama-server")
	model := filepath.Join(t.TempDir(), "missing.gguf")
	start := time.Now()
	s, err := StartServer(context.Background(), bin, ServerOptions{Model: model, Threads: 2}, nil)
	if s != nil {
		_ = s.Stop()
	}
	var ee *ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v, want an *ExitError", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("failed after %v, want fast", d)
	}
	tail := strings.Join(ee.Tail, "\n")
	if ee.Program != "llama-server" || ee.Code == 0 || !strings.Contains(tail, "failed to open GGUF file") || !strings.Contains(tail, model) {
		t.Errorf("ExitError = %v, want llama-server's status and a tail saying the model file cannot be opened", ee)
	}
}

func TestRealServerCompletion(t *testing.T) {
	bin := needProgram(t, "llama-server")
	model := tinyModel(t)
	var logged []string
	var mu sync.Mutex
	s, err := StartServer(context.Background(), bin, ServerOptions{
		Model: model, CtxSize: realCtx, Threads: 2, Parallel: 1, Seed: 1, Alias: "tiny", LoadTimeout: 30 * time.Second,
	}, func(l string) {
		mu.Lock()
		logged = append(logged, l)
		mu.Unlock()
	})
	if err != nil {
		t.Fatalf("StartServer: %v", err)
	}
	pid := s.Process.Pid()
	defer func() { _ = s.Stop() }()

	resp, err := http.Get(s.URL + "/health")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /health = %v, %v; want 200", resp, err)
	}
	resp.Body.Close()

	body := `{"prompt": "The climate is", "n_predict": 8, "seed": 1}`
	resp, err = http.Post(s.URL+"/completion", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST /completion: %v", err)
	}
	defer resp.Body.Close()
	var out struct {
		Content         string `json:"content"`
		TokensPredicted int    `json:"tokens_predicted"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /completion = %d, %v", resp.StatusCode, err)
	}
	if strings.TrimSpace(out.Content) == "" || out.TokensPredicted == 0 {
		t.Errorf("completion = %+v, want some text", out)
	}
	t.Logf("completion: %q", out.Content)

	start := time.Now()
	if err := s.Stop(); err != nil {
		t.Errorf("Stop = %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Stop took %v, want llama-server to end promptly on SIGTERM", d)
	}
	t.Logf("after Stop, Wait = %v", s.Process.Wait())
	assertGone(t, pid)
	mu.Lock()
	defer mu.Unlock()
	if len(logged) == 0 {
		t.Error("no log line reached onLine")
	}
}
