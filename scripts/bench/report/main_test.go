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
