// Command encoder measures the throughput of the pure-Go sentence encoder
// (package uselite) on the benchmark sentences, exactly as
// scripts/tfjs/bench.js measures the TF.js reference runtime: for each batch
// size, a warm-up over the first 64 sentences, then whole passes over every
// sentence in consecutive chunks of the batch size until at least
// -min-seconds have passed.
//
// Usage, from the repository root:
//
//	go run ./scripts/bench/encoder -models-dir ./models -json go.json
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cecbench/cecbench/uselite"
)

// warmupSentences is how many of the first sentences the warm-up embeds
// (in chunks of the batch size), the same in bench.js.
const warmupSentences = 64

// Result is the throughput at one batch size. bench.js writes the same
// fields.
type Result struct {
	Batch     int     `json:"batch"`
	Sentences int     `json:"sentences"` // embedded in the measured passes
	Passes    int     `json:"passes"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"sentences_per_s"`
	PassSize  int     `json:"pass_sentences"` // sentences in one pass
}

// Report is what -json writes.
type Report struct {
	Runtime string   `json:"runtime"`
	Threads int      `json:"threads"`
	Results []Result `json:"results"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "encoder bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("encoder", flag.ContinueOnError)
	fs.SetOutput(stderr)
	modelsDir := fs.String("models-dir", "./models", "directory holding the encoder weights (make models)")
	sentencesPath := fs.String("sentences", "scripts/bench/sentences.json", "JSON array of sentences to embed")
	batchList := fs.String("batches", "1,16,64", "comma-separated batch sizes")
	minSeconds := fs.Float64("min-seconds", 3, "measure each batch size for at least this long (whole passes)")
	maxPasses := fs.Int("max-passes", 1000, "stop after this many passes even if -min-seconds has not passed")
	jsonOut := fs.String("json", "", "also write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	batches, err := parseBatches(*batchList)
	if err != nil {
		return err
	}
	sentences, err := readSentences(*sentencesPath)
	if err != nil {
		return err
	}
	enc, err := uselite.Load(uselite.ModelDir(*modelsDir))
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tokenStats(enc, sentences))
	rep := Report{Runtime: "go", Threads: runtime.GOMAXPROCS(0)}
	for _, bs := range batches {
		res, err := measure(ctx, enc, sentences, bs, time.Duration(*minSeconds*float64(time.Second)), *maxPasses)
		if err != nil {
			return fmt.Errorf("batch %d: %w", bs, err)
		}
		fmt.Fprintf(stdout, "go     batch %3d: %8.1f sentences/s (%d passes of %d sentences in %.2fs)\n",
			bs, res.PerSecond, res.Passes, res.PassSize, res.Seconds)
		rep.Results = append(rep.Results, res)
	}
	if *jsonOut != "" {
		data, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(*jsonOut, append(data, '\n'), 0o644)
	}
	return nil
}

// measure warms up, then embeds every sentence in chunks of bs, pass after
// pass, until minTime has passed (at least one pass, at most maxPasses).
func measure(ctx context.Context, enc *uselite.Encoder, sentences []string, bs int, minTime time.Duration, maxPasses int) (Result, error) {
	if err := embedChunks(ctx, enc, sentences[:min(warmupSentences, len(sentences))], bs); err != nil {
		return Result{}, err
	}
	start := time.Now()
	passes := 0
	for passes < max(1, maxPasses) {
		if err := embedChunks(ctx, enc, sentences, bs); err != nil {
			return Result{}, err
		}
		passes++
		if time.Since(start) >= minTime {
			break
		}
	}
	secs := time.Since(start).Seconds()
	n := passes * len(sentences)
	return Result{Batch: bs, Sentences: n, Passes: passes, Seconds: secs, PerSecond: float64(n) / secs, PassSize: len(sentences)}, nil
}

func embedChunks(ctx context.Context, enc *uselite.Encoder, sentences []string, bs int) error {
	for start := 0; start < len(sentences); start += bs {
		chunk := sentences[start:min(start+bs, len(sentences))]
		vecs, err := enc.Embed(ctx, chunk)
		if err != nil {
			return err
		}
		if len(vecs) != len(chunk) {
			return fmt.Errorf("got %d vectors for %d sentences", len(vecs), len(chunk))
		}
	}
	return nil
}

// tokenStats describes the sentences in tokens, which is what the
// encoder's cost depends on (at most 128 tokens count).
func tokenStats(enc *uselite.Encoder, sentences []string) string {
	const maxTokens = 128 // the model's clip
	n := make([]int, len(sentences))
	total, clipped := 0, 0
	for i, s := range sentences {
		n[i] = len(enc.Tokenize(s))
		if n[i] > maxTokens {
			clipped++
		}
		total += min(n[i], maxTokens)
	}
	slices.Sort(n)
	return fmt.Sprintf("%d sentences: %d to %d tokens, median %d, mean %.1f after the clip to %d (%d clipped)",
		len(n), n[0], n[len(n)-1], n[len(n)/2], float64(total)/float64(len(n)), maxTokens, clipped)
}

func parseBatches(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-batches: %q is not a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func readSentences(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s []string
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: want a JSON array of strings: %w", path, err)
	}
	if len(s) == 0 {
		return nil, fmt.Errorf("%s: no sentences", path)
	}
	return s, nil
}
