// Command metrics is the Go side of the text-metrics comparison of
// `make bench`. It has two subcommands.
//
// local times the project's BLEU (package scoring/bleu), METEOR
// (scoring/meteor) and ROUGE (scoring/rouge) on the pairs of
// scripts/bench/metric_pairs.jsonl, single-threaded (GOMAXPROCS 1), and
// records every pair's values, which scripts/bench/report compares with
// NLTK's. It also writes the tokens that scripts/bench/nltk_metrics.py needs
// (-tokens-out): the 13a tokens of both texts, because NLTK's sentence_bleu
// takes token lists and has no 13a tokenizer, so both sides time BLEU on the
// same tokens, and the word_tokenize tokens, which the Python side only
// compares with its own.
//
//	metrics local -pairs scripts/bench/metric_pairs.jsonl -tokens-out tokens.json -json go.json
//
// What is timed, per pair, each over whole passes of all pairs after a
// first pass that records the values (the median pass counts):
//
//   - bleu: bleu.Count(hypothesis 13a tokens, reference 13a tokens).HF(), as
//     NLTK's sentence_bleu([reference tokens], hypothesis tokens);
//   - bleu_text: bleu.HF(generated, reference), the 13a tokenizer included;
//   - meteor: (*meteor.Meteor).Score(reference, generated), word_tokenize
//     included, as single_meteor_score(word_tokenize(reference),
//     word_tokenize(generated));
//   - meteor_tokens: ScoreTokens on word_tokenize tokens computed before;
//   - meteor_first: the first Score pass on a new Meteor, whose per-word
//     cache (stems, WordNet synonyms) starts empty;
//   - rouge: rouge.Compute(reference, generated, false).
//
// METEOR is timed and compared with NLTK 3.8's own, recursive morphy (what
// Debian's python3-nltk runs); the values of the server's default, NLTK
// 3.9's one-suffix morphy, are recorded too (meteor_one_suffix).
//
// http sends one POST /v1/metrics request with the first -n pairs and every
// metric to a running server, then the same request again (-warm times),
// and reports the wall time and the server's CPU time of each: the first
// request embeds every sentence (nothing was cached), the next ones find
// every sentence vector in the embedding cache. With -values it checks that
// the server's bleu, meteor and rouge values equal those of `local`.
//
//	metrics http -url http://127.0.0.1:PORT -pairs scripts/bench/metric_pairs.jsonl -n 1535 -server-pid PID -json http.json
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

// Pair is one line of metric_pairs.jsonl.
type Pair struct {
	ID        string `json:"id"`
	Generated string `json:"generated"`
	Reference string `json:"reference"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "metrics bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const usage = "usage: metrics local|http [flags] (see the package comment)"
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "local":
		return runLocal(ctx, args[1:], stdout, stderr)
	case "http":
		return runHTTP(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help":
		fmt.Fprintln(stderr, usage)
		return nil
	}
	return fmt.Errorf("unknown subcommand %q; %s", args[0], usage)
}

// readPairs reads a JSONL file of pairs; every pair needs an id, and ids
// must be distinct.
func readPairs(path string) ([]Pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Pair
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var p Pair
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		if p.ID == "" || seen[p.ID] {
			return nil, fmt.Errorf("%s line %d: want a distinct, non-empty id, got %q", path, n, p.ID)
		}
		seen[p.ID] = true
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no pairs", path)
	}
	return out, nil
}

// writeJSON writes v as indented JSON to path.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// kinds counts the pairs by the prefix of their id (before the first "-").
func kinds(pairs []Pair) map[string]int {
	out := map[string]int{}
	for _, p := range pairs {
		k, _, _ := strings.Cut(p.ID, "-")
		out[k]++
	}
	return out
}
