// Package serverbench holds Go benchmarks of the cecbench server in
// process, without the network or a load generator sharing the CPUs: the
// per-request cost of GET /healthz and of POST /v1/cec with cached
// sentences, and of the CEC computation alone. Profile one with
//
//	go test -run '^$' -bench ServeCECWarm -cpuprofile cpu.prof ./scripts/bench/serverbench
package serverbench

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/server"
	"github.com/cecbench/cecbench/uselite/uselitetest"
)

// warmBody is a 5 + 5-sentence pair, like cmd/loadgen's warm mode.
const warmBody = `{"generated": "Burning coal, oil and gas releases carbon dioxide into the atmosphere. Carbon dioxide absorbs infrared radiation that the surface of the Earth emits. The trapped heat raises the average temperature of the air and the oceans. Warmer oceans expand and melting glaciers add water, so the sea level rises. Higher seas make coastal floods during storms more frequent and more severe.", "reference": "Fossil fuel combustion is the largest source of greenhouse gas emissions. Greenhouse gases such as carbon dioxide trap heat in the lower atmosphere. Global mean surface temperature has risen by about one degree since preindustrial times. Thermal expansion of seawater and the loss of land ice both raise global sea level. Rising sea level increases the reach of storm surges and the damage they cause."}`

// startServer runs a real server (encoder loaded, JSON log discarded) and
// returns its handler once it is ready.
func startServer(b *testing.B) http.Handler {
	b.Helper()
	cfg := server.Config{
		Addr:            "127.0.0.1:0",
		ModelsDir:       uselitetest.ModelsDir(b),
		DataDir:         b.TempDir(),
		MaxBodyBytes:    4 << 20,
		CacheMB:         256,
		BatchMax:        64,
		BatchWait:       2 * time.Millisecond,
		ShutdownTimeout: 5 * time.Second,
	}
	s, err := server.New(cfg, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, func(net.Addr) {}) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("server: %v", err)
		}
	})
	h := s.Handler()
	deadline := time.Now().Add(60 * time.Second)
	for {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		if w.Code == http.StatusOK {
			return h
		}
		if time.Now().After(deadline) {
			b.Fatalf("not ready: %d %s", w.Code, w.Body.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func serve(b *testing.B, h http.Handler, method, path, body string) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body.String())
	}
}

// BenchmarkServeHealthz is the per-request cost of the middleware chain
// and the handler for GET /healthz.
func BenchmarkServeHealthz(b *testing.B) {
	h := startServer(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			serve(b, h, http.MethodGet, "/healthz", "")
		}
	})
}

// BenchmarkServeCECWarm is the per-request cost of POST /v1/cec when all
// 10 sentences are cached: decoding, sentence splitting, cache lookups,
// CEC with alignment, encoding.
func BenchmarkServeCECWarm(b *testing.B) {
	h := startServer(b)
	serve(b, h, http.MethodPost, "/v1/cec", warmBody) // fill the cache
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			serve(b, h, http.MethodPost, "/v1/cec", warmBody)
		}
	})
}

// BenchmarkCEC5x5 is scoring.CEC alone on 5 + 5 unit 512-d vectors, the
// part of a warm /v1/cec request after the cache lookups.
func BenchmarkCEC5x5(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	vecs := func() [][]float64 {
		out := make([][]float64, 5)
		for i := range out {
			out[i] = make([]float64, 512)
			for j := range out[i] {
				out[i][j] = rng.NormFloat64() / 22.6
			}
		}
		return out
	}
	gen, ref := vecs(), vecs()
	b.ReportAllocs()
	for b.Loop() {
		scoring.CEC(gen, ref, scoring.DefaultUncoveredThreshold)
	}
}
