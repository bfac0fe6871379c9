package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/cecbench/cecbench/cputime"
	"github.com/cecbench/cecbench/scoring/punkt"
)

// allMetrics are the metric names /v1/metrics accepts.
var allMetrics = []string{"bleu", "sacrebleu", "rouge", "meteor", "bertscore", "cec"}

// HTTPReport is what `http -json` writes.
type HTTPReport struct {
	Pairs     int      `json:"pairs"`
	Metrics   []string `json:"metrics"`
	BodyBytes int      `json:"body_bytes"`
	// Sentences is the number of Punkt sentences in all texts of the
	// request; Distinct counts each text once.
	Sentences         int       `json:"sentences"`
	DistinctSentences int       `json:"distinct_sentences"`
	Requests          []Request `json:"requests"`
	// ColdSeconds is the first request's wall time, WarmSeconds the median
	// of the others'.
	ColdSeconds float64 `json:"cold_s"`
	WarmSeconds float64 `json:"warm_s"`
	// ByMetric are warm requests of the same pairs with one metric each
	// (-by-metric), which show where the warm time goes.
	ByMetric []Request `json:"by_metric,omitempty"`
	// Warnings counts the per-pair warnings of the first response.
	Warnings int `json:"warnings"`
	// Corpus is the first response's corpus object.
	Corpus json.RawMessage `json:"corpus"`
	// Checked, Mismatched and MaxAbsDiff compare the server's bleu, meteor
	// and rouge values with `local`'s (-values): pairs checked, pairs with
	// any value different, and the largest difference.
	Checked    int     `json:"values_checked"`
	Mismatched int     `json:"values_mismatched"`
	MaxAbsDiff float64 `json:"values_max_abs_diff"`
}

// Request is one timed POST /v1/metrics.
type Request struct {
	Name          string  `json:"name"`
	WallS         float64 `json:"wall_s"`
	ServerCPUS    float64 `json:"server_cpu_s"` // -1 when unknown
	ResponseBytes int     `json:"response_bytes"`
}

// metricsRequest is the body of POST /v1/metrics.
type metricsRequest struct {
	Pairs   []Pair   `json:"pairs"`
	Metrics []string `json:"metrics"`
}

// metricsResponse is the part of the answer the benchmark reads.
type metricsResponse struct {
	Pairs []struct {
		ID        string   `json:"id"`
		BLEU      *float64 `json:"bleu"`
		Rouge1    *float64 `json:"rouge1"`
		Rouge2    *float64 `json:"rouge2"`
		RougeL    *float64 `json:"rougeL"`
		RougeLsum *float64 `json:"rougeLsum"`
		METEOR    *float64 `json:"meteor"`
		CEC       *float64 `json:"cec"`
		BERTScore *struct {
			F1 float64 `json:"f1"`
		} `json:"bertscore"`
		Warnings []string `json:"warnings"`
	} `json:"pairs"`
	Corpus json.RawMessage `json:"corpus"`
}

func runHTTP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("metrics http", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rawURL := fs.String("url", "", "the server's base URL, e.g. http://127.0.0.1:8080 (required)")
	pairsPath := fs.String("pairs", "scripts/bench/metric_pairs.jsonl", "pairs, one {id, generated, reference} a line")
	n := fs.Int("n", 1535, "send the first n pairs")
	warm := fs.Int("warm", 3, "send the same request this many more times, with every sentence vector cached")
	serverPID := fs.Int("server-pid", 0, "the server's process id, to report its CPU time per request (0: not reported)")
	byMetric := fs.Bool("by-metric", false, "then send the pairs once per metric, with that metric alone")
	valuesPath := fs.String("values", "", "`local -json` output: check the server's bleu, meteor and rouge values against it")
	waitReady := fs.Duration("wait-ready", 60*time.Second, "wait this long for GET /readyz to answer 200")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up on a request after this long")
	jsonOut := fs.String("json", "", "write the results to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	base, err := url.Parse(*rawURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return fmt.Errorf("-url: want a base URL like http://127.0.0.1:8080, got %q", *rawURL)
	}
	pairs, err := readPairs(*pairsPath)
	if err != nil {
		return err
	}
	if *n < 1 || *n > len(pairs) {
		return fmt.Errorf("-n: want 1 to %d pairs, got %d", len(pairs), *n)
	}
	pairs = pairs[:*n]
	var want map[string]Values
	if *valuesPath != "" {
		var lr LocalReport
		data, err := os.ReadFile(*valuesPath)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, &lr); err != nil {
			return fmt.Errorf("%s: %w", *valuesPath, err)
		}
		want = make(map[string]Values, len(lr.Values))
		for _, v := range lr.Values {
			want[v.ID] = v
		}
	}

	body, err := json.Marshal(metricsRequest{Pairs: pairs, Metrics: allMetrics})
	if err != nil {
		return err
	}
	rep := HTTPReport{Pairs: len(pairs), Metrics: allMetrics, BodyBytes: len(body)}
	rep.Sentences, rep.DistinctSentences = countSentences(pairs)
	client := &http.Client{Timeout: *timeout}
	defer client.CloseIdleConnections()
	if err := ready(ctx, client, base, *waitReady); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "POST /v1/metrics: %d pairs, %d sentences (%d distinct), %d metrics, %.1f MiB body\n",
		rep.Pairs, rep.Sentences, rep.DistinctSentences, len(allMetrics), float64(len(body))/(1<<20))
	endpoint := base.JoinPath("/v1/metrics").String()
	var warmWall []float64
	timed := func(name string, body []byte) (Request, []byte, error) {
		cpu0, cpuErr := serverCPU(*serverPID)
		start := time.Now()
		resp, err := post(ctx, client, endpoint, body)
		wall := time.Since(start)
		if err != nil {
			return Request{}, nil, fmt.Errorf("%s request: %w", name, err)
		}
		r := Request{Name: name, WallS: wall.Seconds(), ServerCPUS: -1, ResponseBytes: len(resp)}
		if cpu1, err := serverCPU(*serverPID); cpuErr == nil && err == nil {
			r.ServerCPUS = (cpu1 - cpu0).Seconds()
		}
		cpu := "-"
		if r.ServerCPUS >= 0 {
			cpu = fmt.Sprintf("%.2f s", r.ServerCPUS)
		}
		fmt.Fprintf(stdout, "  %-9s %8.2f s wall, server CPU %s, %.1f MiB answer\n", name, r.WallS, cpu, float64(len(resp))/(1<<20))
		return r, resp, nil
	}
	for i := 0; i <= *warm; i++ {
		name := "cold"
		if i > 0 {
			name = fmt.Sprintf("warm %d", i)
		}
		r, resp, err := timed(name, body)
		if err != nil {
			return err
		}
		rep.Requests = append(rep.Requests, r)
		if i == 0 {
			rep.ColdSeconds = r.WallS
			if err := rep.check(resp, pairs, want); err != nil {
				return err
			}
		} else {
			warmWall = append(warmWall, r.WallS)
		}
	}
	rep.WarmSeconds = median(warmWall)
	if *byMetric {
		for _, m := range allMetrics {
			b, err := json.Marshal(metricsRequest{Pairs: pairs, Metrics: []string{m}})
			if err != nil {
				return err
			}
			r, _, err := timed(m, b)
			if err != nil {
				return err
			}
			rep.ByMetric = append(rep.ByMetric, r)
		}
	}
	if *jsonOut != "" {
		return writeJSON(*jsonOut, rep)
	}
	return nil
}

// check reads the first answer: one result per pair in order, every metric
// present, and (with want) the server's values equal to the library's.
func (rep *HTTPReport) check(resp []byte, pairs []Pair, want map[string]Values) error {
	var mr metricsResponse
	if err := json.Unmarshal(resp, &mr); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	if len(mr.Pairs) != len(pairs) {
		return fmt.Errorf("answer has %d pairs, want %d", len(mr.Pairs), len(pairs))
	}
	rep.Corpus = mr.Corpus
	for i, p := range mr.Pairs {
		if p.ID != pairs[i].ID {
			return fmt.Errorf("answer pair %d has id %q, want %q", i, p.ID, pairs[i].ID)
		}
		rep.Warnings += len(p.Warnings)
		if p.METEOR == nil || p.Rouge1 == nil || p.CEC == nil || p.BERTScore == nil {
			return fmt.Errorf("answer pair %s lacks meteor, rouge, cec or bertscore", p.ID)
		}
		w, ok := want[p.ID]
		if !ok {
			continue
		}
		rep.Checked++
		diff := 0.0
		same := (p.BLEU == nil) == (w.BLEU == nil)
		if same && p.BLEU != nil {
			diff = math.Abs(*p.BLEU - *w.BLEU)
		}
		for _, d := range [][2]float64{
			{*p.METEOR, w.METEOROneSuffix}, {*p.Rouge1, w.Rouge1}, {deref(p.Rouge2), w.Rouge2},
			{deref(p.RougeL), w.RougeL}, {deref(p.RougeLsum), w.RougeLsum},
		} {
			diff = max(diff, math.Abs(d[0]-d[1]))
		}
		rep.MaxAbsDiff = max(rep.MaxAbsDiff, diff)
		if !same || diff != 0 {
			rep.Mismatched++
		}
	}
	return nil
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// countSentences counts the Punkt sentences of every text, and of every
// distinct text once.
func countSentences(pairs []Pair) (all, distinct int) {
	tok := punkt.English()
	seen := map[string]bool{}
	for _, p := range pairs {
		for _, t := range []string{p.Reference, p.Generated} {
			for _, s := range tok.Sentences(t) {
				all++
				if !seen[s] {
					seen[s] = true
					distinct++
				}
			}
		}
	}
	return all, distinct
}

// serverCPU returns the server's CPU time, or an error when pid is 0 or
// its CPU time cannot be read.
func serverCPU(pid int) (time.Duration, error) {
	if pid <= 0 {
		return 0, errors.New("no server pid")
	}
	return cputime.Process(pid)
}

// post sends body and returns the answer, or an error that quotes a
// problem+json answer's detail.
func post(ctx context.Context, c *http.Client, endpoint string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var problem struct {
			Detail string `json:"detail"`
		}
		if json.Unmarshal(data, &problem) == nil && problem.Detail != "" {
			return nil, fmt.Errorf("status %d: %s", resp.StatusCode, problem.Detail)
		}
		return nil, fmt.Errorf("status %d: %s", resp.StatusCode, strings.TrimSpace(string(data[:min(len(data), 300)])))
	}
	return data, nil
}

// ready polls GET /readyz until it answers 200 or d has passed.
func ready(ctx context.Context, c *http.Client, base *url.URL, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	endpoint := base.JoinPath("/readyz").String()
	var last error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return err
		}
		resp, err := c.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready after %s: %w", endpoint, d, last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
