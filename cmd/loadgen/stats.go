package main

import (
	"fmt"
	"slices"
	"time"
)

// percentile returns the p-th percentile (0 <= p <= 100) of sorted by the
// nearest-rank method: the smallest value with at least p% of the values
// at or below it. It returns 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if p <= 0 {
		return sorted[0]
	}
	if p >= 100 {
		return sorted[n-1]
	}
	// rank = ceil(p/100 * n), computed in integers of basis points so that
	// p = 50 with n = 10 gives exactly 5, not 5.000000001.
	bp := int64(p*100 + 0.5)
	rank := (bp*int64(n) + 9999) / 10000
	return sorted[max(rank, 1)-1]
}

// Report is the result of one run, as printed and as -json writes it.
type Report struct {
	Mode                string  `json:"mode"`
	Concurrency         int     `json:"concurrency"`
	Seconds             float64 `json:"seconds"`
	Requests            int     `json:"requests"` // succeeded in the measured window
	Errors              int     `json:"errors"`
	FirstError          string  `json:"first_error,omitempty"`
	RequestsPerSecond   float64 `json:"requests_per_s"`
	P50ms               float64 `json:"p50_ms"`
	P90ms               float64 `json:"p90_ms"`
	P99ms               float64 `json:"p99_ms"`
	Maxms               float64 `json:"max_ms"`
	SentencesPerRequest int     `json:"sentences_per_request"`
	SentencesPerSecond  float64 `json:"sentences_per_s"`
	NewSentences        uint64  `json:"new_sentences,omitempty"`             // cold mode: handed out, warm-up included
	Pool                string  `json:"pool,omitempty"`                      // cold mode: where the new sentences come from
	Connections         int64   `json:"connections"`                         // TCP connections opened, warm-up included
	ClientCPUus         float64 `json:"client_cpu_us_per_request,omitempty"` // loadgen's own CPU time per request
	ServerCPUus         float64 `json:"server_cpu_us_per_request,omitempty"` // with -server-pid: the server's
}

// summarize fills the throughput and latency fields from the latencies of
// the requests that succeeded in a window of length window.
func summarize(r *Report, lat []time.Duration, window time.Duration) {
	slices.Sort(lat)
	r.Requests = len(lat)
	r.Seconds = window.Seconds()
	r.RequestsPerSecond = float64(len(lat)) / window.Seconds()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	r.P50ms = ms(percentile(lat, 50))
	r.P90ms = ms(percentile(lat, 90))
	r.P99ms = ms(percentile(lat, 99))
	r.Maxms = ms(percentile(lat, 100))
	r.SentencesPerSecond = r.RequestsPerSecond * float64(r.SentencesPerRequest)
}

// String is the one-line summary loadgen prints.
func (r Report) String() string {
	s := fmt.Sprintf("%-8s c=%d %5.1fs %8d req %10.1f req/s  p50 %8.2fms  p90 %8.2fms  p99 %8.2fms  max %8.2fms  errors %d  conns %d",
		r.Mode, r.Concurrency, r.Seconds, r.Requests, r.RequestsPerSecond, r.P50ms, r.P90ms, r.P99ms, r.Maxms, r.Errors, r.Connections)
	if r.ClientCPUus > 0 || r.ServerCPUus > 0 {
		s += fmt.Sprintf("  cpu/req: loadgen %.0fus server %.0fus", r.ClientCPUus, r.ServerCPUus)
	}
	if r.Mode == modeCold.String() {
		s += fmt.Sprintf("  %.1f new sentences/s (%d new sentences in all; pool: %s)", r.SentencesPerSecond, r.NewSentences, r.Pool)
	}
	return s
}
