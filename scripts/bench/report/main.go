// Command report prints the tables and the PASS/FAIL target lines of
// `make bench` from the JSON files the benchmark steps write:
// scripts/bench/encoder (-go), scripts/tfjs/bench.js (-tfjs) and
// cmd/loadgen in each mode (-warm, -cold, -healthz); and for the text
// metrics scripts/bench/metrics local (-metrics-go), nltk_metrics.py
// (-metrics-nltk) and scripts/bench/metrics http (-metrics-http, optional).
// Each group of files is optional, but a group is given whole.
//
// Usage:
//
//	report -go go.json -tfjs tfjs.json -warm warm.json -cold cold.json -healthz healthz.json \
//		-metrics-go metrics-go.json -metrics-nltk metrics-nltk.json [-metrics-http metrics-http.json] [-strict]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
)

// The targets.
const (
	targetEncoderRatio = 3.0  // Go encoder / TF.js sentences/s at batch targetBatch
	targetColdShare    = 0.80 // cold /v1/cec sentences/s / Go encoder sentences/s at targetBatch
	targetWarmShare    = 0.40 // warm /v1/cec requests/s / GET /healthz requests/s
	targetBatch        = 64
)

// encoderReport is what scripts/bench/encoder and bench.js write.
type encoderReport struct {
	Runtime string          `json:"runtime"`
	Threads int             `json:"threads"`
	Results []encoderResult `json:"results"`
}

// encoderResult is the throughput at one batch size.
type encoderResult struct {
	Batch     int     `json:"batch"`
	Passes    int     `json:"passes"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"sentences_per_s"`
	PassSize  int     `json:"pass_sentences"`
}

func (r encoderReport) at(batch int) (float64, bool) {
	for _, x := range r.Results {
		if x.Batch == batch {
			return x.PerSecond, true
		}
	}
	return 0, false
}

// loadReport is what cmd/loadgen -json writes.
type loadReport struct {
	Mode               string  `json:"mode"`
	Concurrency        int     `json:"concurrency"`
	Seconds            float64 `json:"seconds"`
	Requests           int     `json:"requests"`
	Errors             int     `json:"errors"`
	RequestsPerSecond  float64 `json:"requests_per_s"`
	P50ms              float64 `json:"p50_ms"`
	P99ms              float64 `json:"p99_ms"`
	SentencesPerSecond float64 `json:"sentences_per_s"`
	Connections        int64   `json:"connections"`
	Pool               string  `json:"pool"`
	ClientCPUus        float64 `json:"client_cpu_us_per_request"`
	ServerCPUus        float64 `json:"server_cpu_us_per_request"`
}

// check is one target line.
type check struct {
	name string
	ok   bool
	how  string
}

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	goPath := fs.String("go", "", "scripts/bench/encoder -json output")
	tfjsPath := fs.String("tfjs", "", "scripts/tfjs/bench.js --json output")
	warmPath := fs.String("warm", "", "loadgen -mode warm -json output")
	coldPath := fs.String("cold", "", "loadgen -mode cold -json output")
	healthPath := fs.String("healthz", "", "loadgen -mode healthz -json output")
	metricsGoPath := fs.String("metrics-go", "", "scripts/bench/metrics local -json output")
	metricsNLTKPath := fs.String("metrics-nltk", "", "scripts/bench/nltk_metrics.py --out output")
	metricsHTTPPath := fs.String("metrics-http", "", "scripts/bench/metrics http -json output (optional)")
	strict := fs.Bool("strict", false, "exit with status 1 when a target fails")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	encoderGroup := []string{*goPath, *tfjsPath, *warmPath, *coldPath, *healthPath}
	metricsGroup := []string{*metricsGoPath, *metricsNLTKPath}
	haveEncoder, haveMetrics := anySet(encoderGroup), anySet(metricsGroup) || *metricsHTTPPath != ""
	if !haveEncoder && !haveMetrics {
		return errors.New("give -go, -tfjs, -warm, -cold and -healthz, or -metrics-go and -metrics-nltk, or both")
	}
	var checks []check
	if haveEncoder {
		if !allSet(encoderGroup) {
			return errors.New("-go, -tfjs, -warm, -cold and -healthz are all required")
		}
		var goRep, tfRep encoderReport
		var warm, cold, health loadReport
		for _, f := range []struct {
			path string
			v    any
		}{{*goPath, &goRep}, {*tfjsPath, &tfRep}, {*warmPath, &warm}, {*coldPath, &cold}, {*healthPath, &health}} {
			if err := readJSON(f.path, f.v); err != nil {
				return err
			}
		}
		printEncoder(stdout, goRep, tfRep)
		printHTTP(stdout, []loadReport{warm, cold, health})
		checks = targets(goRep, tfRep, warm, cold, health)
	}
	if haveMetrics {
		if !allSet(metricsGroup) {
			return errors.New("-metrics-go and -metrics-nltk are both required")
		}
		var g goMetrics
		var n nltkMetrics
		if err := readJSON(*metricsGoPath, &g); err != nil {
			return err
		}
		if err := readJSON(*metricsNLTKPath, &n); err != nil {
			return err
		}
		c, err := compareValues(g, n)
		if err != nil {
			return err
		}
		printMetrics(stdout, g, n, c)
		var h *httpMetrics
		if *metricsHTTPPath != "" {
			h = new(httpMetrics)
			if err := readJSON(*metricsHTTPPath, h); err != nil {
				return err
			}
			printMetricsHTTP(stdout, *h)
		}
		checks = append(checks, metricTargets(g, n, c, h)...)
	}
	fmt.Fprintln(stdout, "\nTargets")
	failed := 0
	for _, c := range checks {
		word := "PASS"
		if !c.ok {
			word = "FAIL"
			failed++
		}
		fmt.Fprintf(stdout, "%s  %s: %s\n", word, c.name, c.how)
	}
	if failed > 0 && *strict {
		return fmt.Errorf("%d of %d targets failed", failed, len(checks))
	}
	return nil
}

func anySet(paths []string) bool {
	return slices.ContainsFunc(paths, func(p string) bool { return p != "" })
}

func allSet(paths []string) bool { return !slices.Contains(paths, "") }

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func printEncoder(w io.Writer, goRep, tfRep encoderReport) {
	n := 0
	if len(goRep.Results) > 0 {
		n = goRep.Results[0].PassSize
	}
	fmt.Fprintf(w, "\nEncoder throughput: the same %d Climate-FEVER evidence sentences, in chunks of the batch size, after a warm-up\n", n)
	fmt.Fprintf(w, "  %-6s %18s %18s %9s\n", "batch", goRep.Runtime+" s/s", tfRep.Runtime+" s/s", "go/tfjs")
	for _, g := range goRep.Results {
		t, ok := tfRep.at(g.Batch)
		ratio := "-"
		if ok && t > 0 {
			ratio = fmt.Sprintf("%.2fx", g.PerSecond/t)
		}
		fmt.Fprintf(w, "  %-6d %18.1f %18.1f %9s\n", g.Batch, g.PerSecond, t, ratio)
	}
	fmt.Fprintf(w, "  (s/s = sentences/s; go used %d threads (GOMAXPROCS), tfjs %d)\n", goRep.Threads, tfRep.Threads)
}

func printHTTP(w io.Writer, reps []loadReport) {
	c, secs := 0, 0.0
	if len(reps) > 0 {
		c, secs = reps[0].Concurrency, reps[0].Seconds
	}
	fmt.Fprintf(w, "\nHTTP: cmd/loadgen, %d keep-alive connections, %.0fs measured after a warm-up, one server process\n", c, secs)
	fmt.Fprintf(w, "  %-20s %11s %8s %8s %12s %6s %6s %14s %14s\n",
		"mode", "requests/s", "p50 ms", "p99 ms", "sentences/s", "errors", "conns", "server cpu/req", "loadgen cpu/req")
	names := map[string]string{"warm": "POST /v1/cec warm", "cold": "POST /v1/cec cold", "healthz": "GET /healthz"}
	us := func(v float64) string {
		if v <= 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f us", v)
	}
	byMode := map[string]loadReport{}
	for _, r := range reps {
		byMode[r.Mode] = r
		sps := "-"
		if r.Mode == "cold" {
			sps = fmt.Sprintf("%.1f", r.SentencesPerSecond)
		}
		fmt.Fprintf(w, "  %-20s %11.1f %8.2f %8.2f %12s %6d %6d %14s %14s\n",
			names[r.Mode], r.RequestsPerSecond, r.P50ms, r.P99ms, sps, r.Errors, r.Connections, us(r.ServerCPUus), us(r.ClientCPUus))
	}
	fmt.Fprintln(w, "  warm: the same 5+5-sentence pair every time; cold: 10 sentences never sent before in every request")
	if r := byMode["cold"]; r.Pool != "" {
		fmt.Fprintf(w, "  cold sentences: %s\n", r.Pool)
	}
	fmt.Fprintln(w, "  cpu/req: CPU time (user + system, all threads) per request in the measured window; the server and")
	fmt.Fprintln(w, "  loadgen share the machine's CPUs, so requests/s of cheap requests is partly the load generator's")
	if warm, health := byMode["warm"], byMode["healthz"]; warm.ServerCPUus > 0 && health.ServerCPUus > 0 {
		fmt.Fprintf(w, "  server CPU alone: a warm /v1/cec costs %.1fx a /healthz, so with the CPUs to itself the server would do warm at %.0f%% of its /healthz rate\n",
			warm.ServerCPUus/health.ServerCPUus, 100*health.ServerCPUus/warm.ServerCPUus)
	}
}

// targets computes the three targets of the benchmark.
func targets(goRep, tfRep encoderReport, warm, cold, health loadReport) []check {
	var out []check
	g, gok := goRep.at(targetBatch)
	t, tok := tfRep.at(targetBatch)
	c := check{name: fmt.Sprintf("Go encoder >= %.0fx TF.js sentences/s at batch %d", targetEncoderRatio, targetBatch)}
	if gok && tok && t > 0 {
		c.ok = g >= targetEncoderRatio*t
		c.how = fmt.Sprintf("%.1f / %.1f = %.2fx", g, t, g/t)
	} else {
		c.how = fmt.Sprintf("no batch-%d result", targetBatch)
	}
	out = append(out, c)

	c = check{name: fmt.Sprintf("cold /v1/cec sentences/s >= %.0f%% of the Go encoder's batch-%d sentences/s", 100*targetColdShare, targetBatch)}
	if gok && g > 0 {
		c.ok = cold.SentencesPerSecond >= targetColdShare*g && cold.Errors == 0
		c.how = fmt.Sprintf("%.1f / %.1f = %.0f%%", cold.SentencesPerSecond, g, 100*cold.SentencesPerSecond/g)
	} else {
		c.how = fmt.Sprintf("no Go batch-%d result", targetBatch)
	}
	out = append(out, c)

	c = check{name: fmt.Sprintf("warm /v1/cec requests/s >= %.0f%% of GET /healthz requests/s", 100*targetWarmShare)}
	if health.RequestsPerSecond > 0 {
		c.ok = warm.RequestsPerSecond >= targetWarmShare*health.RequestsPerSecond && warm.Errors == 0
		c.how = fmt.Sprintf("%.1f / %.1f = %.0f%%", warm.RequestsPerSecond, health.RequestsPerSecond, 100*warm.RequestsPerSecond/health.RequestsPerSecond)
	} else {
		c.how = "no /healthz result"
	}
	out = append(out, c)
	return out
}
