package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cecbench/cecbench/wordnet"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const testPairs = `{"id":"c5-1","generated":"The car was quick. It was red.","reference":"The automobile was fast. It was red."}
{"id":"edge-00","generated":"","reference":"Sea levels rise."}

{"id":"short-2-1","generated":"Sea","reference":"Sea levels rise."}
`

func TestReadPairs(t *testing.T) {
	pairs, err := readPairs(writeFile(t, "p.jsonl", testPairs))
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 3 || pairs[1].Generated != "" || pairs[2].ID != "short-2-1" {
		t.Errorf("pairs = %+v", pairs)
	}
	if k := kinds(pairs); k["c5"] != 1 || k["edge"] != 1 || k["short"] != 1 {
		t.Errorf("kinds = %v", k)
	}
	for name, bad := range map[string]string{
		"unknown field": `{"id":"a","generated":"x","reference":"y","kind":"z"}`,
		"duplicate id":  `{"id":"a","generated":"x","reference":"y"}` + "\n" + `{"id":"a","generated":"x","reference":"y"}`,
		"no id":         `{"generated":"x","reference":"y"}`,
		"empty":         "\n",
	} {
		if _, err := readPairs(writeFile(t, "bad.jsonl", bad)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestMedianAndMeasure(t *testing.T) {
	if m := median([]float64{3, 1, 2}); m != 2 {
		t.Errorf("median of 3 = %v", m)
	}
	if m := median([]float64{4, 1, 2, 3}); m != 2.5 {
		t.Errorf("median of 4 = %v", m)
	}
	if m := median(nil); m != 0 {
		t.Errorf("median of none = %v", m)
	}
	calls := 0
	tm, err := measure(t.Context(), "spin", "busy loop", 10, 3, 0, func() {
		calls++
		for end := time.Now().Add(2 * time.Millisecond); time.Now().Before(end); {
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 3 || tm.Passes != 3 || len(tm.PassCPU) != 3 {
		t.Errorf("%d calls, %d passes, want 3", calls, tm.Passes)
	}
	// 2ms of busy loop per pass over 10 pairs: about 200us per pair.
	if tm.WallUs < 190 || tm.CPUus <= 0 {
		t.Errorf("wall %.1f us/pair, CPU %.1f us/pair; want about 200 and above 0", tm.WallUs, tm.CPUus)
	}
}

func TestLocalWritesValuesAndTokens(t *testing.T) {
	if _, err := wordnet.Open(wordnet.DefaultDir); err != nil {
		t.Skipf("no WordNet (Debian's wordnet-base): %v", err)
	}
	dir := t.TempDir()
	pairs := writeFile(t, "p.jsonl", testPairs)
	tokens, out := filepath.Join(dir, "tokens.json"), filepath.Join(dir, "go.json")
	var stdout bytes.Buffer
	err := run(t.Context(), []string{"local", "-pairs", pairs, "-passes", "1", "-min-seconds", "0",
		"-tokens-out", tokens, "-json", out}, &stdout, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var rep LocalReport
	readJSONFile(t, out, &rep)
	if rep.Pairs != 3 || len(rep.Values) != 3 || rep.Threads != 1 {
		t.Fatalf("report: %d pairs, %d values, %d threads", rep.Pairs, len(rep.Values), rep.Threads)
	}
	v := rep.Values
	if v[0].BLEU == nil || v[1].BLEU != nil || v[1].BLEUError == "" || v[2].BLEU == nil || *v[2].BLEU != 0 {
		t.Errorf("bleu values %+v: want a score, undefined (empty hypothesis), 0 (one word)", v)
	}
	// "automobile" and "car" share a synset; "fast" and "quick" too.
	if v[0].METEOR <= 0.8 || v[0].METEOR != v[0].METEOROneSuffix || v[1].METEOR != 0 {
		t.Errorf("meteor values %+v", v)
	}
	names := map[string]bool{}
	for _, tm := range rep.Timings {
		names[tm.Name] = true
	}
	for _, n := range []string{"bleu", "bleu_text", "meteor", "meteor_tokens", "meteor_first", "rouge"} {
		if !names[n] {
			t.Errorf("no %s timing", n)
		}
	}
	data, err := os.ReadFile(tokens)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("null")) {
		t.Error("the tokens file has null where Python wants an empty list")
	}
	var tf tokenFile
	readJSONFile(t, tokens, &tf)
	if got := strings.Join(tf.Pairs[0].Reference13a, " "); got != "The automobile was fast . It was red ." {
		t.Errorf("13a tokens %q", got)
	}
}

func readJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

// fakeMetrics stands in for cecbench's /v1/metrics (the real server needs
// the encoder weights): it answers every pair with fixed values, or a
// problem when the request has too many pairs.
func fakeMetrics(t *testing.T, maxPairs int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/readyz":
			return
		case "/v1/metrics":
		default:
			http.NotFound(w, r)
			return
		}
		requests.Add(1)
		var req metricsRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Metrics) == 0 {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if len(req.Pairs) > maxPairs {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			io.WriteString(w, `{"title":"limit","status":422,"detail":"pairs: limit max_pairs is 1, got 2"}`)
			return
		}
		type pm struct {
			ID        string             `json:"id"`
			BLEU      *float64           `json:"bleu"`
			Rouge1    float64            `json:"rouge1"`
			Rouge2    float64            `json:"rouge2"`
			RougeL    float64            `json:"rougeL"`
			RougeLsum float64            `json:"rougeLsum"`
			METEOR    float64            `json:"meteor"`
			CEC       float64            `json:"cec"`
			BERTScore map[string]float64 `json:"bertscore"`
			Warnings  []string           `json:"warnings"`
		}
		var out struct {
			Pairs  []pm           `json:"pairs"`
			Corpus map[string]any `json:"corpus"`
		}
		half := 0.5
		for _, p := range req.Pairs {
			out.Pairs = append(out.Pairs, pm{ID: p.ID, BLEU: &half, Rouge1: 0.5, Rouge2: 0.5, RougeL: 0.5, RougeLsum: 0.5,
				METEOR: 0.5, CEC: 0.5, BERTScore: map[string]float64{"f1": 0.5}, Warnings: []string{}})
		}
		out.Corpus = map[string]any{"bleu": 0.5, "bertscore": map[string]float64{"f1": 0.5}}
		json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

func TestHTTPColdWarmAndValueCheck(t *testing.T) {
	srv, requests := fakeMetrics(t, 10)
	pairs := writeFile(t, "p.jsonl", testPairs)
	half := 0.5
	values := LocalReport{Values: []Values{
		{ID: "c5-1", BLEU: &half, METEOR: 0.1, METEOROneSuffix: 0.5, Rouge1: 0.5, Rouge2: 0.5, RougeL: 0.5, RougeLsum: 0.5},
		{ID: "edge-00", BLEU: &half, METEOROneSuffix: 0.25, Rouge1: 0.5, Rouge2: 0.5, RougeL: 0.5, RougeLsum: 0.5},
	}}
	valuesPath := filepath.Join(t.TempDir(), "go.json")
	if err := writeJSON(valuesPath, values); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "http.json")
	var stdout bytes.Buffer
	err := run(t.Context(), []string{"http", "-url", srv.URL, "-pairs", pairs, "-n", "2", "-warm", "2",
		"-by-metric", "-values", valuesPath, "-json", out}, &stdout, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if n := requests.Load(); n != 3+int32(len(allMetrics)) {
		t.Errorf("%d requests, want 1 cold + 2 warm + one per metric", n)
	}
	var rep HTTPReport
	readJSONFile(t, out, &rep)
	if rep.Pairs != 2 || len(rep.Requests) != 3 || len(rep.ByMetric) != len(allMetrics) || rep.ByMetric[4].Name != "bertscore" || rep.Requests[0].Name != "cold" || rep.ColdSeconds <= 0 || rep.WarmSeconds <= 0 {
		t.Errorf("report %+v", rep)
	}
	// The second pair's meteor (0.5 from the server, 0.25 from local)
	// differs; the first pair's matches the one-suffix value.
	if rep.Checked != 2 || rep.Mismatched != 1 || rep.MaxAbsDiff != 0.25 {
		t.Errorf("checked %d, mismatched %d, max diff %v; want 2, 1, 0.25", rep.Checked, rep.Mismatched, rep.MaxAbsDiff)
	}
	if rep.Sentences != 5 || rep.DistinctSentences != 4 {
		t.Errorf("%d sentences, %d distinct; want 5 and 4", rep.Sentences, rep.DistinctSentences)
	}
	if !strings.Contains(stdout.String(), "cold") {
		t.Errorf("output: %s", stdout.String())
	}
}

func TestHTTPReportsTheServersRefusal(t *testing.T) {
	srv, _ := fakeMetrics(t, 1)
	pairs := writeFile(t, "p.jsonl", testPairs)
	err := run(t.Context(), []string{"http", "-url", srv.URL, "-pairs", pairs, "-n", "2"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "max_pairs is 1") {
		t.Errorf("err = %v, want the problem's detail", err)
	}
	for _, args := range [][]string{
		{"http", "-pairs", pairs},
		{"http", "-url", srv.URL, "-pairs", pairs, "-n", "4"},
		{"nope"},
		{},
	} {
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%q: want an error", args)
		}
	}
}
