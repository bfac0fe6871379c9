package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLoopbackURL(t *testing.T) {
	ok := []string{"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://127.1.2.3:1", "http://[::1]:9000"}
	for _, raw := range ok {
		if _, err := loopbackURL(raw); err != nil {
			t.Errorf("loopbackURL(%q): %v", raw, err)
		}
	}
	bad := []string{
		"http://localhost:8080",   // a name, not an IP
		"http://10.0.0.1:8080",    // not loopback
		"http://0.0.0.0:8080",     // unspecified, not loopback
		"http://example.com:80",   // a name
		"https://127.0.0.1:8443",  // not http
		"http://127.0.0.1",        // no port
		"127.0.0.1:8080",          // no scheme
		"http://u:p@127.0.0.1:80", // user info
		"http://127.0.0.1:80/?q=1",
		"http://[::ffff:10.0.0.1]:80",
	}
	for _, raw := range bad {
		if u, err := loopbackURL(raw); err == nil {
			t.Errorf("loopbackURL(%q) = %v, want an error", raw, u)
		}
	}
}

func TestParseFlagsBounds(t *testing.T) {
	base := []string{"-url", "http://127.0.0.1:1"}
	bad := [][]string{
		{},
		{"-mode", "storm"},
		{"-c", "0"},
		{"-c", "100000"},
		{"-d", "0s"},
		{"-d", "11m"},
		{"-warmup", "2m"},
		{"-n", "-1"},
		{"-n", "999999999"},
		{"-timeout", "0s"},
		{"extra"},
	}
	for _, args := range bad {
		full := args
		if len(args) > 0 {
			full = append(append([]string{}, base...), args...)
		}
		if _, err := parseFlags(full, io.Discard); err == nil {
			t.Errorf("parseFlags(%q): want an error", full)
		}
	}
	cfg, err := parseFlags(append(base, "-mode", "cold"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.concurrency != 32 || cfg.mode != modeCold || cfg.requests != maxRequests {
		t.Errorf("defaults: %+v", cfg)
	}
}

// fakeServer is a stand-in for cecbench serve (the real one needs the
// encoder weights and both CPUs): it answers /healthz and /v1/cec with the
// texts split on ". " and records every sentence it is sent.
type fakeServer struct {
	mu        sync.Mutex
	sentences map[string]int
	requests  int
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/healthz":
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"status":"ok"}`)
	case r.Method == http.MethodPost && r.URL.Path == "/v1/cec":
		var b cecBody
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		split := func(s string) []string {
			parts := strings.SplitAfter(s, ". ")
			for i := range parts {
				parts[i] = strings.TrimSpace(parts[i])
			}
			return parts
		}
		out := cecSplit{GeneratedSentences: split(b.Generated), ReferenceSentences: split(b.Reference)}
		f.mu.Lock()
		f.requests++
		for _, s := range append(out.GeneratedSentences, out.ReferenceSentences...) {
			f.sentences[s]++
		}
		f.mu.Unlock()
		time.Sleep(time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	default:
		http.NotFound(w, r)
	}
}

func startFake(t *testing.T) (*fakeServer, string) {
	t.Helper()
	f := &fakeServer{sentences: map[string]int{}}
	srv := httptest.NewServer(f) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return f, srv.URL
}

// TestRunModesAgainstFakeServer runs the whole program in every mode
// against a local stand-in server and checks the report: requests were
// made, connections were kept alive (one per worker), and in cold mode no
// sentence was ever sent twice.
func TestRunModesAgainstFakeServer(t *testing.T) {
	for _, m := range []string{"healthz", "warm", "cold"} {
		t.Run(m, func(t *testing.T) {
			fake, url := startFake(t)
			out := filepath.Join(t.TempDir(), "report.json")
			var stdout, stderr bytes.Buffer
			args := []string{"-url", url, "-mode", m, "-c", "4", "-d", "300ms", "-warmup", "100ms", "-json", out}
			if err := run(context.Background(), args, os.Getenv, &stdout, &stderr); err != nil {
				t.Fatalf("run: %v; stderr: %s", err, stderr.String())
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var rep Report
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Mode != m || rep.Requests == 0 || rep.Errors != 0 || rep.RequestsPerSecond <= 0 || rep.P50ms <= 0 || rep.P99ms < rep.P50ms {
				t.Errorf("report: %+v", rep)
			}
			if rep.Connections != 4 {
				t.Errorf("opened %d connections for 4 workers: keep-alive is not working", rep.Connections)
			}
			if !strings.Contains(stdout.String(), m) {
				t.Errorf("stdout %q does not name the mode", stdout.String())
			}
			fake.mu.Lock()
			defer fake.mu.Unlock()
			switch m {
			case "warm":
				if len(fake.sentences) != 2*sentencesPerSide {
					t.Errorf("warm mode sent %d distinct sentences, want the same %d every time", len(fake.sentences), 2*sentencesPerSide)
				}
			case "cold":
				for s, n := range fake.sentences {
					if n != 1 {
						t.Fatalf("cold mode sent %q %d times", s, n)
					}
				}
				if got, want := len(fake.sentences), fake.requests*2*sentencesPerSide; got != want {
					t.Errorf("%d distinct sentences in %d requests, want %d", got, fake.requests, want)
				}
				if rep.NewSentences != uint64(len(fake.sentences)) {
					t.Errorf("report says %d new sentences, the server got %d", rep.NewSentences, len(fake.sentences))
				}
				if rep.SentencesPerSecond != 10*rep.RequestsPerSecond {
					t.Errorf("sentences/s %v, want 10 x %v", rep.SentencesPerSecond, rep.RequestsPerSecond)
				}
			}
		})
	}
}

func TestRunRequestLimit(t *testing.T) {
	_, url := startFake(t)
	var stdout bytes.Buffer
	out := filepath.Join(t.TempDir(), "r.json")
	args := []string{"-url", url, "-mode", "healthz", "-c", "2", "-d", "1m", "-warmup", "0s", "-n", "50", "-json", out}
	start := time.Now()
	if err := run(context.Background(), args, os.Getenv, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("-n 50 took %v: the request limit did not end the run", time.Since(start))
	}
	data, _ := os.ReadFile(out)
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Requests != 50 || rep.Seconds >= 60 {
		t.Errorf("%d requests in %vs, want 50 in less than the minute asked", rep.Requests, rep.Seconds)
	}
}

// TestRunReportsServerErrors checks that answers other than 200 fail the
// run with the server's message rather than being counted as throughput.
func TestRunReportsServerErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "the sentence encoder is still loading", http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	args := []string{"-url", srv.URL, "-mode", "warm", "-c", "2", "-d", "100ms", "-warmup", "0s"}
	err := run(context.Background(), args, os.Getenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "still loading") {
		t.Fatalf("run against a failing server: %v, want the 503 and its message", err)
	}
}

// TestRunRefusesSplitMismatch checks the probe: a server that splits the
// texts differently makes the derived sentences/s wrong, so the run stops.
func TestRunRefusesSplitMismatch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"generated_sentences":["a"],"reference_sentences":["b","c"]}`)
	}))
	t.Cleanup(srv.Close)
	args := []string{"-url", srv.URL, "-mode", "cold", "-c", "1", "-d", "100ms", "-warmup", "0s"}
	err := run(context.Background(), args, os.Getenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "1 + 2 sentences") {
		t.Fatalf("got %v, want a split mismatch error", err)
	}
}

// TestWaitReady checks that -wait-ready polls /readyz through 503s and
// gives up with the last error when the server never gets ready.
func TestWaitReady(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"status":"ready"}`)
	}))
	t.Cleanup(srv.Close)
	u, err := loopbackURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if err := waitReady(context.Background(), u, 10*time.Second); err != nil {
		t.Fatalf("waitReady: %v", err)
	}
	if calls != 3 {
		t.Errorf("%d /readyz calls, want 3", calls)
	}

	never := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(never.Close)
	u, _ = loopbackURL(never.URL)
	err = waitReady(context.Background(), u, time.Second)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("waitReady on a server that never gets ready: %v, want a 503 error", err)
	}
}
