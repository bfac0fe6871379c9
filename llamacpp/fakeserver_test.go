package llamacpp

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// fakeServerEnv makes the test binary act as a fake llama-server: "ok"
// answers /health 503 for a while and then 200, "loading" answers 503
// forever, "fail" exits with status 1 at once.
const fakeServerEnv = "LLAMACPP_TEST_FAKE_SERVER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeServerEnv); mode != "" {
		fakeServer(mode)
		return
	}
	os.Exit(m.Run())
}

// fakeServer serves /health on --host and --port like llama-server.
func fakeServer(mode string) {
	fs := flag.NewFlagSet("llama-server", flag.ContinueOnError)
	host := fs.String("host", "127.0.0.1", "")
	port := fs.String("port", "8080", "")
	fs.String("m", "", "")
	fs.String("ngl", "0", "")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	fmt.Println("main: loading model")
	if mode == "fail" {
		fmt.Fprintln(os.Stderr, "llama_model_load: error loading model: no such file")
		os.Exit(1)
	}
	ready := time.Now().Add(300 * time.Millisecond)
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		if mode == "loading" || time.Now().Before(ready) {
			http.Error(w, `{"error":{"code":503,"message":"Loading model"}}`, http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, `{"status":"ok"}`)
	})
	fmt.Fprintln(os.Stderr, "main: server is listening on http://"+net.JoinHostPort(*host, *port))
	if err := http.ListenAndServe(net.JoinHostPort(*host, *port), nil); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// startFake runs StartServer on the test binary as a fake llama-server.
func startFake(t *testing.T, ctx context.Context, mode string, o ServerOptions) (*Server, error) {
	t.Helper()
	t.Setenv(fakeServerEnv, mode)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	s, err := StartServer(ctx, exe, o, nil)
	if s != nil {
		t.Cleanup(func() { _ = s.Stop() })
	}
	return s, err
}

func TestStartServerWaitsForHealth(t *testing.T) {
	start := time.Now()
	s, err := startFake(t, context.Background(), "ok", ServerOptions{Model: "m.gguf"})
	if err != nil {
		t.Fatalf("StartServer: %v", err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("ready after %v, before /health said 200", d)
	}
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %q", s.URL)
	}
	resp, err := http.Get(s.URL + "/health")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /health = %v, %v", resp, err)
	}
	resp.Body.Close()
	if err := s.Stop(); err != nil {
		t.Errorf("Stop = %v", err)
	}
	assertGone(t, s.Process.Pid())
}

func TestStartServerProgramFails(t *testing.T) {
	_, err := startFake(t, context.Background(), "fail", ServerOptions{Model: "missing.gguf"})
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != 1 {
		t.Fatalf("err = %v, want an *ExitError with status 1", err)
	}
	if !strings.Contains(err.Error(), "error loading model") || !strings.Contains(err.Error(), "missing.gguf") {
		t.Errorf("err = %v, want the model and the log tail", err)
	}
}

func TestStartServerLoadTimeout(t *testing.T) {
	start := time.Now()
	_, err := startFake(t, context.Background(), "loading", ServerOptions{LoadTimeout: 500 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "did not load its model within 500ms") ||
		!strings.Contains(err.Error(), "status 503") || !strings.Contains(err.Error(), "server is listening") {
		t.Fatalf("err = %v, want a timeout with the last status and log", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("StartServer took %v", d)
	}
}

func TestStartServerContextCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := startFake(t, ctx, "loading", ServerOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's", err)
	}
}

func TestStartServerNoProgram(t *testing.T) {
	if _, err := StartServer(context.Background(), "", ServerOptions{}, nil); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("err = %v, want ErrNotInstalled", err)
	}
}

func TestClientHost(t *testing.T) {
	tests := map[string]string{"0.0.0.0": "127.0.0.1", "::": "::1", "[::1]": "::1", "localhost": "localhost", "10.0.0.2": "10.0.0.2"}
	for in, want := range tests {
		if got := clientHost(in); got != want {
			t.Errorf("clientHost(%q) = %q, want %q", in, got, want)
		}
	}
}
