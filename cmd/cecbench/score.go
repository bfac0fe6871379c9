package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cecbench/cecbench/progress"
	"github.com/cecbench/cecbench/routes"
	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/server"
)

// scoreLine is one input line of `cecbench score`.
type scoreLine struct {
	ID        string  `json:"id"`
	Generated *string `json:"generated"`
	Reference *string `json:"reference"`
}

func score(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var cfg server.Config
	fs := newFlagSet("score", stderr)
	cfg.RegisterModelFlags(fs)
	in := fs.String("in", "", `JSONL file of {"id", "generated", "reference"} lines ("-" for stdin)`)
	out := fs.String("out", "-", `where to write one JSON result a line ("-" for stdout)`)
	withAlignment := fs.Bool("alignment", false, "include the per-sentence alignment in every result")
	chunk := fs.Int("chunk", 64, "pairs scored together")
	metricNames := fs.String("metrics", "", "comma-separated metrics to compute instead of CEC alone: bleu,sacrebleu,rouge,meteor,bertscore,cec")
	rougeStem := fs.Bool("rouge-stemmer", false, "ROUGE with NLTK's Porter stemmer (with --metrics)")
	compare := fs.String("compare", "", "print the paired statistics of two score files per metric: --compare a.jsonl b.jsonl")
	if err := cfg.ParseFlags(fs, args, getenv); err != nil {
		return err
	}
	if *compare != "" {
		if fs.NArg() != 1 {
			return errors.New("score: --compare takes two files: --compare a.jsonl b.jsonl")
		}
		return compareFiles(*compare, fs.Arg(0), stdout)
	}
	if *in == "" {
		return errors.New("score: --in is required (a JSONL file of pairs, or - for stdin)")
	}
	if *chunk < 1 {
		return errors.New("score: --chunk must be at least 1")
	}
	pairs, err := readPairs(*in, stdin)
	if err != nil {
		return err
	}
	eng, err := server.LoadEngine(cfg, nil)
	if err != nil {
		return err
	}
	defer eng.Close()

	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("score: %w", err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if *metricNames != "" {
		opts := scoring.MetricsOptions{Metrics: strings.Split(*metricNames, ","), RougeUseStemmer: *rougeStem}
		if err := scoreMetrics(ctx, eng, pairs, opts, *chunk, enc, stderr); err != nil {
			return err
		}
		return bw.Flush()
	}
	bar := progress.New(stderr, "scoring", len(pairs))
	values := make([]float64, 0, len(pairs))
	for start := 0; start < len(pairs); start += *chunk {
		end := min(start+*chunk, len(pairs))
		res, err := eng.Scorer.Score(ctx, pairs[start:end], scoring.Options{})
		if err != nil {
			return fmt.Errorf("score lines %d-%d: %w", start+1, end, err)
		}
		for _, r := range res {
			if err := enc.Encode(routes.NewCECResult(r, *withAlignment)); err != nil {
				return err
			}
			values = append(values, r.Coherence.CEC)
		}
		bar.Add(end - start)
	}
	bar.Finish()
	if err := bw.Flush(); err != nil {
		return err
	}
	s := scoring.Summarize(values)
	fmt.Fprintf(stderr, "n=%d mean=%.4f sd=%.4f ci95=[%.4f, %.4f] signature=%s\n", s.N, s.Mean, s.SD, s.CI95[0], s.CI95[1], eng.Scorer.Signature())
	return nil
}

// scoreMetrics writes one line of metrics per pair, then the corpus-level
// scores and the signatures to stderr.
func scoreMetrics(ctx context.Context, eng *server.Engine, pairs []scoring.Pair, opts scoring.MetricsOptions, chunk int, enc *json.Encoder, stderr io.Writer) error {
	if err := eng.Metrics.Validate(nil, opts); err != nil {
		return fmt.Errorf("score: %w", err)
	}
	bar := progress.New(stderr, "scoring", len(pairs))
	all := make([]scoring.PairMetrics, 0, len(pairs))
	for start := 0; start < len(pairs); start += chunk {
		end := min(start+chunk, len(pairs))
		res, err := eng.Metrics.Compute(ctx, pairs[start:end], opts)
		if err != nil {
			return fmt.Errorf("score lines %d-%d: %w", start+1, end, err)
		}
		for _, p := range res.Pairs {
			if err := enc.Encode(p); err != nil {
				return err
			}
		}
		all = append(all, res.Pairs...)
		bar.Add(end - start)
	}
	bar.Finish()
	corpus, sigs := eng.Metrics.Corpus(pairs, all, opts)
	out, err := json.Marshal(map[string]any{"corpus": corpus, "signatures": sigs})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s\n", out)
	return nil
}

// readPairs reads and validates every line before any scoring starts, so
// a bad line fails fast with its line number.
func readPairs(name string, stdin io.Reader) ([]scoring.Pair, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("score: %w", err)
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	var pairs []scoring.Pair
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var l scoreLine
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			return nil, fmt.Errorf("%s line %d: %v", name, n, err)
		}
		if l.Generated == nil || l.Reference == nil {
			return nil, fmt.Errorf(`%s line %d: "generated" and "reference" are required`, name, n)
		}
		pairs = append(pairs, scoring.Pair{ID: l.ID, Generated: *l.Generated, Reference: *l.Reference})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return pairs, nil
}
