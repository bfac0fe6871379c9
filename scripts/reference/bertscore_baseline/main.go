// Command bertscore_baseline computes the BERTScore rescaling baseline of
// the pure-Go encoder and writes it as Go source (scoring/bertscore's
// baseline.go), the way bert-score computes its baselines
// (get_rescale_baseline.py): the mean P, R and F, without IDF, of pairs of
// unrelated sentences of fewer than 32 words. Here the sentences are
// Climate-FEVER evidence sentences and a pair takes two of different claims
// (and different texts), drawn with a seeded PCG generator.
//
// Usage, from the repository root:
//
//	go run ./scripts/reference/bertscore_baseline -out scoring/bertscore/baseline.go
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/cecbench/cecbench/scoring/bertscore"
	"github.com/cecbench/cecbench/scoring/punkt"
	"github.com/cecbench/cecbench/uselite"
)

// splitterID names punkt.English in signatures, as the server does.
const splitterID = "punkt-en@nltk3.8"

// maxWords is bert-score's sentence filter: fewer than 32 words, counted
// by splitting on single spaces.
const maxWords = 32

// scoreChunk is how many pairs one Scorer call gets (progress is printed
// after each).
const scoreChunk = 1000

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bertscore_baseline:", err)
		os.Exit(1)
	}
}

// sentence is one evidence sentence and the claim it belongs to.
type sentence struct {
	text  string
	claim int
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bertscore_baseline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", filepath.Join("..", "shared", "data", "climate-fever", "climate-fever.jsonl"), "Climate-FEVER claims, one JSON object a line")
	modelsDir := fs.String("models-dir", "", "models directory (default $CECBENCH_MODELS_DIR, else ./models)")
	pairs := fs.Int("pairs", 10000, "number of random sentence pairs")
	seed := fs.Uint64("seed", 1, "seed of the PCG generator that draws the pairs")
	out := fs.String("out", "", "write the Go file here instead of stdout")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *pairs < 2 {
		return fmt.Errorf("-pairs must be at least 2, got %d", *pairs)
	}
	if *modelsDir == "" {
		*modelsDir = getenv("CECBENCH_MODELS_DIR")
	}
	if *modelsDir == "" {
		*modelsDir = "models"
	}

	raw, err := os.ReadFile(*data)
	if err != nil {
		return fmt.Errorf("read Climate-FEVER: %w", err)
	}
	sents, err := evidenceSentences(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", *data, err)
	}
	cands, refs, err := drawPairs(sents, *pairs, *seed)
	if err != nil {
		return err
	}

	dir := uselite.ModelDir(*modelsDir)
	if err := uselite.Verify(dir); err != nil {
		return err
	}
	enc, err := uselite.Load(dir)
	if err != nil {
		return err
	}
	scorer, err := bertscore.NewScorer(bertscore.Config{
		Embedder:   uselite.BERTScoreEmbedder{Encoder: enc},
		Model:      enc.ID(),
		Layer:      uselite.TokenStatesLayer,
		Splitter:   punkt.English(),
		SplitterID: splitterID,
	})
	if err != nil {
		return err
	}
	var p, r, f stats
	for start := 0; start < len(cands); start += scoreChunk {
		end := min(start+scoreChunk, len(cands))
		res, err := scorer.Score(ctx, cands[start:end], refs[start:end], bertscore.Options{})
		if err != nil {
			return err
		}
		for _, x := range res {
			if x.EmptyCandidate || x.EmptyReference {
				return errors.New("a sampled sentence has no tokens")
			}
			p.add(x.Precision)
			r.add(x.Recall)
			f.add(x.F1)
		}
		fmt.Fprintf(stderr, "%d/%d pairs: mean P %.6f R %.6f F %.6f\n", end, len(cands), p.mean(), r.mean(), f.mean())
	}

	sum := sha256.Sum256(raw)
	src, err := render(params{
		ID:       fmt.Sprintf("climate-fever-evidence-%dpairs-seed%d", *pairs, *seed),
		Model:    enc.ID(),
		Layer:    uselite.TokenStatesLayer,
		Pairs:    *pairs,
		Seed:     *seed,
		Pool:     len(sents),
		DataFile: filepath.Base(*data),
		DataSHA:  hex.EncodeToString(sum[:])[:12],
		P:        p, R: r, F: f,
	})
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(src)
		return err
	}
	return os.WriteFile(*out, src, 0o644)
}

// evidenceSentences returns the evidence sentences of every claim, in file
// order, that have fewer than maxWords words.
func evidenceSentences(raw []byte) ([]sentence, error) {
	var out []sentence
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<24)
	claim := 0
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var c struct {
			Evidences []struct {
				Evidence string `json:"evidence"`
			} `json:"evidences"`
		}
		if err := json.Unmarshal(line, &c); err != nil {
			return nil, fmt.Errorf("claim %d: %w", claim+1, err)
		}
		for _, e := range c.Evidences {
			text := strings.TrimSpace(e.Evidence)
			if text != "" && len(strings.Split(text, " ")) < maxWords {
				out = append(out, sentence{text: text, claim: claim})
			}
		}
		claim++
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// drawPairs draws n pairs of sentences of different claims and different
// texts. Indices are PCG outputs modulo the pool size (the bias is below
// 2^-50), so the pairs depend on nothing but the seed and the data.
func drawPairs(sents []sentence, n int, seed uint64) (cands, refs []string, err error) {
	claims := make(map[int]bool)
	for _, s := range sents {
		claims[s.claim] = true
	}
	if len(claims) < 2 {
		return nil, nil, fmt.Errorf("need sentences of at least 2 claims, have %d", len(claims))
	}
	rng := rand.NewPCG(seed, seed)
	pick := func() sentence { return sents[rng.Uint64()%uint64(len(sents))] }
	for len(cands) < n {
		a, b := pick(), pick()
		if a.claim == b.claim || a.text == b.text {
			continue
		}
		cands = append(cands, a.text)
		refs = append(refs, b.text)
	}
	return cands, refs, nil
}

// stats accumulates a mean and a standard error.
type stats struct {
	n         int
	sum, sum2 float64
}

func (s *stats) add(x float64) {
	s.n++
	s.sum += x
	s.sum2 += x * x
}

func (s stats) mean() float64 { return s.sum / float64(s.n) }

// stderr is the standard error of the mean (sample SD with n-1 over √n).
func (s stats) stderr() float64 {
	m := s.mean()
	v := (s.sum2 - float64(s.n)*m*m) / float64(s.n-1)
	return math.Sqrt(max(v, 0) / float64(s.n))
}

// params is what the generated file records.
type params struct {
	ID, Model         string
	Layer, Pairs      int
	Seed              uint64
	Pool              int
	DataFile, DataSHA string
	P, R, F           stats
}

// render writes the Go file. Means are rounded to 6 decimals, far below
// their standard errors, so that the kernels of other CPUs (last-bit float
// differences) regenerate the same file.
func render(p params) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, `// Code generated by scripts/reference/bertscore_baseline; DO NOT EDIT.
// Regenerate from the repository root (about a minute on 2 cores) with:
//
//	go run ./scripts/reference/bertscore_baseline -pairs %d -seed %d -out scoring/bertscore/baseline.go

package bertscore

// USELiteBaseline is the rescaling baseline of %s, layer %d:
// the mean BERTScore without IDF of %d random pairs of Climate-FEVER
// evidence sentences of different claims, drawn with seed %d from the %d
// evidence sentences of fewer than %d words in %s (sha256
// %s...). Standard errors of the means: P %.4f, R %.4f,
// F %.4f.
var USELiteBaseline = Baseline{
	ID:        %q,
	Model:     %q,
	Layer:     %d,
	Precision: %.6f,
	Recall:    %.6f,
	F1:        %.6f,
}
`, p.Pairs, p.Seed,
		p.Model, p.Layer, p.Pairs, p.Seed, p.Pool, maxWords, p.DataFile, p.DataSHA,
		p.P.stderr(), p.R.stderr(), p.F.stderr(),
		p.ID, p.Model, p.Layer, p.P.mean(), p.R.mean(), p.F.mean())
	return format.Source(b.Bytes())
}
