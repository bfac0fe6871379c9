package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// newBareServer is a Server with no encoder, for the middleware tests:
// the embedded store in a temporary directory, no workers, the limits
// set by configure.
func newBareServer(t *testing.T, log *slog.Logger, configure func(*Config)) *Server {
	t.Helper()
	cfg := Config{ModelsDir: "not-loaded-by-these-tests", DataDir: t.TempDir(), MaxBodyBytes: 1 << 20, MaxDatasetBytes: 1 << 20, BatchMax: 1}
	if configure != nil {
		configure(&cfg)
	}
	if log == nil {
		log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	s, err := New(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// request sends one request through h; header lines are "Name: value".
func request(t *testing.T, h http.Handler, method, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for _, line := range header {
		name, value, ok := strings.Cut(line, ": ")
		if !ok {
			t.Fatalf("header %q: want Name: value", line)
		}
		req.Header.Set(name, value)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// problemOf decodes a problem+json answer, failing when it is not one.
func problemOf(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json; body %s", ct, rec.Body)
	}
	var p map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem body %q: %v", rec.Body, err)
	}
	return p
}

func TestRequestIDKeptWhenSaneElseGenerated(t *testing.T) {
	s := newBareServer(t, nil, nil)
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	tests := []struct {
		name, incoming string
		kept           bool
	}{
		{"none", "", false},
		{"uuid", "0b5c1b9e-2f0c-4f5e-9d65-3d1f2a7c9e11", true},
		{"trace style", "Root=1-67891233-abcdef012345678912345678;Parent=x", false}, // ';' is not allowed
		{"dotted", "svc.api:req/42+retry=1_a", true},
		{"space", "two words", false},
		{"quote", `id"injected`, false},
		{"too long", strings.Repeat("a", 129), false},
		{"longest kept", strings.Repeat("a", 128), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec *httptest.ResponseRecorder
			if tt.incoming == "" {
				rec = request(t, s.Handler(), http.MethodGet, "/healthz")
			} else {
				rec = request(t, s.Handler(), http.MethodGet, "/healthz", "X-Request-ID: "+tt.incoming)
			}
			got := rec.Header().Get("X-Request-ID")
			if tt.kept && got != tt.incoming {
				t.Errorf("X-Request-ID %q, want the incoming %q", got, tt.incoming)
			}
			if !tt.kept && !generated.MatchString(got) {
				t.Errorf("X-Request-ID %q, want 32 fresh hex digits", got)
			}
		})
	}
	a := request(t, s.Handler(), http.MethodGet, "/healthz").Header().Get("X-Request-ID")
	b := request(t, s.Handler(), http.MethodGet, "/healthz").Header().Get("X-Request-ID")
	if a == b {
		t.Errorf("two requests got the same generated id %q", a)
	}
}

func TestEveryRequestLogLineCarriesTheRequestID(t *testing.T) {
	var out lockedBuilder
	s := newBareServer(t, slog.New(slog.NewJSONHandler(&out, nil)), func(c *Config) { c.RateLimit, c.RateBurst = 0.01, 1 })
	h := s.Handler()
	ok := request(t, h, http.MethodGet, "/healthz", "X-Request-ID: kept-1")
	missing := request(t, h, http.MethodGet, "/v1/nope", "Authorization: Bearer k")
	limited := request(t, h, http.MethodGet, "/v1/nope", "Authorization: Bearer k")
	if limited.Code != http.StatusTooManyRequests {
		t.Fatalf("second request of a burst of 1: status %d, want 429", limited.Code)
	}
	want := []struct {
		id     string
		status int
	}{
		{"kept-1", ok.Code},
		{missing.Header().Get("X-Request-ID"), http.StatusNotFound},
		{limited.Header().Get("X-Request-ID"), http.StatusTooManyRequests},
	}
	if p := problemOf(t, missing); p["request_id"] != want[1].id {
		t.Errorf("problem request_id %v, header %q", p["request_id"], want[1].id)
	}
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q is not JSON: %v", line, err)
		}
		if rec["msg"] == "request" {
			lines = append(lines, rec)
		}
	}
	if len(lines) != len(want) {
		t.Fatalf("%d request lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		if lines[i]["request_id"] != w.id || lines[i]["status"] != float64(w.status) {
			t.Errorf("line %d: request_id %v status %v, want %q %d", i, lines[i]["request_id"], lines[i]["status"], w.id, w.status)
		}
		for _, field := range []string{"time", "level", "method", "path", "bytes", "ms"} {
			if _, ok := lines[i][field]; !ok {
				t.Errorf("line %d has no %q: %v", i, field, lines[i])
			}
		}
	}
}
