package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func encoder(perBatch map[int]float64) encoderReport {
	var r encoderReport
	for _, b := range []int{1, 16, 64} {
		if v, ok := perBatch[b]; ok {
			r.Results = append(r.Results, encoderResult{Batch: b, PerSecond: v, PassSize: 600})
		}
	}
	return r
}

func TestTargets(t *testing.T) {
	tests := []struct {
		name                string
		goS, tfS            float64
		warm, cold, healthz float64
		want                [3]bool
	}{
		{"all pass at the edges", 300, 100, 400, 240, 1000, [3]bool{true, true, true}},
		{"all fail just below", 299.9, 100, 399.9, 239.9, 1000, [3]bool{false, false, false}},
		{"encoder fast, http slow", 1000, 100, 10, 100, 1000, [3]bool{true, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := targets(encoder(map[int]float64{64: tt.goS}), encoder(map[int]float64{64: tt.tfS}),
				loadReport{RequestsPerSecond: tt.warm},
				loadReport{SentencesPerSecond: tt.cold},
				loadReport{RequestsPerSecond: tt.healthz})
			if len(got) != 3 {
				t.Fatalf("%d checks, want 3", len(got))
			}
			for i, c := range got {
				if c.ok != tt.want[i] {
					t.Errorf("check %q: ok = %v, want %v (%s)", c.name, c.ok, tt.want[i], c.how)
				}
			}
		})
	}
	// Errors in a run fail its target even when the numbers pass.
	got := targets(encoder(map[int]float64{64: 300}), encoder(map[int]float64{64: 1}),
		loadReport{RequestsPerSecond: 1000, Errors: 1}, loadReport{SentencesPerSecond: 1000, Errors: 2}, loadReport{RequestsPerSecond: 1})
	if got[1].ok || got[2].ok {
		t.Errorf("runs with errors passed: %+v", got)
	}
	// A missing batch-64 result fails rather than dividing by zero.
	got = targets(encoder(map[int]float64{1: 5}), encoder(map[int]float64{1: 5}), loadReport{}, loadReport{}, loadReport{})
	for _, c := range got {
		if c.ok {
			t.Errorf("check %q passed with no data", c.name)
		}
	}
}

func TestRunPrintsTablesAndStrictFails(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, v any) string {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	g := encoder(map[int]float64{1: 200, 16: 300, 64: 330})
	g.Runtime = "go"
	tf := encoder(map[int]float64{1: 45, 16: 30, 64: 110})
	tf.Runtime = "tfjs wasm"
	args := []string{
		"-go", write("go.json", g), "-tfjs", write("tfjs.json", tf),
		"-warm", write("warm.json", loadReport{Mode: "warm", RequestsPerSecond: 100, Concurrency: 32, Seconds: 10}),
		"-cold", write("cold.json", loadReport{Mode: "cold", RequestsPerSecond: 30, SentencesPerSecond: 300}),
		"-healthz", write("healthz.json", loadReport{Mode: "healthz", RequestsPerSecond: 10000}),
	}
	var out bytes.Buffer
	if err := run(t.Context(), args, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3.00x", "POST /v1/cec cold", "300.0", "PASS  Go encoder", "PASS  cold", "FAIL  warm"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(t.Context(), append(args, "-strict"), &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("-strict with a failing target: want an error")
	}
}

// metricFiles writes the JSON of a small text-metrics run: Go and NLTK
// timings with the given CPU us per pair, and three pairs' values.
func metricFiles(t *testing.T, goBLEU, nltkBLEU, goMETEOR, nltkMETEOR float64, meteorDiff float64) (goPath, nltkPath string) {
	t.Helper()
	dir := t.TempDir()
	g := map[string]any{
		"runtime": "go1.26", "threads": 1, "pairs": 3, "kinds": map[string]int{"c5": 2, "edge": 1},
		"timings": []map[string]any{
			{"name": "bleu", "cpu_us_per_pair": goBLEU, "wall_us_per_pair": goBLEU},
			{"name": "meteor", "cpu_us_per_pair": goMETEOR, "wall_us_per_pair": goMETEOR},
			{"name": "rouge", "cpu_us_per_pair": 7.0, "wall_us_per_pair": 7.0},
		},
		"values": []map[string]any{
			{"id": "c5-1", "bleu": 0.25, "meteor": 0.5 + meteorDiff, "meteor_one_suffix": 0.5},
			{"id": "c5-2", "bleu": 0.0, "meteor": 0.1, "meteor_one_suffix": 0.1},
			{"id": "edge-00", "bleu": nil, "meteor": 0.0, "meteor_one_suffix": 0.0},
		},
	}
	n := map[string]any{
		"runtime": "python 3.11, nltk 3.8", "pairs": 3,
		"timings": []map[string]any{
			{"name": "bleu", "cpu_us_per_pair": nltkBLEU, "wall_us_per_pair": nltkBLEU},
			{"name": "meteor", "cpu_us_per_pair": nltkMETEOR, "wall_us_per_pair": nltkMETEOR},
		},
		"values": []map[string]any{
			{"id": "c5-1", "bleu": 0.25 + 1e-16, "meteor": 0.5, "meteor_one_suffix": 0.5},
			{"id": "c5-2", "bleu": 1e-78, "bleu_warned": true, "meteor": 0.1, "meteor_one_suffix": 0.1},
			{"id": "edge-00", "bleu": 0, "meteor": 0.0, "meteor_one_suffix": 0.0},
		},
	}
	for _, f := range []struct {
		path *string
		name string
		v    any
	}{{&goPath, "go.json", g}, {&nltkPath, "nltk.json", n}} {
		data, err := json.Marshal(f.v)
		if err != nil {
			t.Fatal(err)
		}
		*f.path = filepath.Join(dir, f.name)
		if err := os.WriteFile(*f.path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return goPath, nltkPath
}

func TestMetricsSectionAlone(t *testing.T) {
	goPath, nltkPath := metricFiles(t, 2, 100, 10, 400, 0)
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-metrics-go", goPath, "-metrics-nltk", nltkPath, "-strict"}, &out, &out); err == nil {
		t.Error("-strict with METEOR at 40x: want an error")
	}
	for _, want := range []string{
		"BLEU (13a tokens given)", "50.0x", "PASS  BLEU >= 50x", "FAIL  METEOR >= 50x", "40.0x",
		"PASS  BLEU values", "PASS  METEOR values", "ROUGE-1/2/L/Lsum", "rouge-score cannot run here",
		"1 where NLTK warns", "1 pairs where HF raises",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "Encoder throughput") {
		t.Error("printed the encoder section without its files")
	}
}

func TestMetricsValueMismatchesFail(t *testing.T) {
	goPath, nltkPath := metricFiles(t, 1, 100, 1, 100, 2e-9)
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-metrics-go", goPath, "-metrics-nltk", nltkPath}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "FAIL  METEOR values") || !strings.Contains(out.String(), "PASS  METEOR >= 50x") {
		t.Errorf("a METEOR difference of 2e-9 passed:\n%s", out.String())
	}
}

func TestCompareValues(t *testing.T) {
	var g goMetrics
	var n nltkMetrics
	if err := json.Unmarshal([]byte(`{"values":[{"id":"a","bleu":null},{"id":"b","bleu":0.5}]}`), &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"values":[{"id":"a","bleu":0.1},{"id":"b","bleu":0.5}]}`), &n); err != nil {
		t.Fatal(err)
	}
	c, err := compareValues(g, n)
	if err != nil {
		t.Fatal(err)
	}
	if c.bleu.ok() || c.bleu.undefined != 1 || c.bleu.mismatches != 1 || c.bleu.compared != 1 {
		t.Errorf("HF undefined where NLTK is 0.1 must be a mismatch: %+v", c.bleu)
	}
	n.Values[1].ID = "c"
	if _, err := compareValues(g, n); err == nil {
		t.Error("different ids: want an error")
	}
	n.Values = n.Values[:1]
	if _, err := compareValues(g, n); err == nil {
		t.Error("different counts: want an error")
	}
}

func TestGroupsAreGivenWhole(t *testing.T) {
	goPath, _ := metricFiles(t, 1, 1, 1, 1, 0)
	for _, args := range [][]string{{}, {"-metrics-go", goPath}, {"-go", goPath}} {
		if err := run(t.Context(), args, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
			t.Errorf("%q: want an error", args)
		}
	}
}
