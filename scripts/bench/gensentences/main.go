// Command gensentences writes scripts/bench/sentences.json: a deterministic
// selection of distinct Climate-FEVER evidence sentences of varied lengths,
// the input of the encoder throughput benchmark (Go and TF.js embed the
// same list).
//
// The selection: every distinct evidence text (trimmed, at least minChars
// characters) sorted by length then text, n of them taken at evenly spaced
// ranks (so the lengths follow the dataset's own spread, shortest and
// longest included), then ordered by the sha256 of the text so that every
// batch mixes short and long sentences.
//
// Usage, from the repository root:
//
//	go run ./scripts/bench/gensentences -in PATH/climate-fever.jsonl -out scripts/bench/sentences.json
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"unicode/utf8"
)

// minChars drops fragments too short to be sentences.
const minChars = 20

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensentences:", err)
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gensentences", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "Climate-FEVER climate-fever.jsonl (required)")
	out := fs.String("out", "scripts/bench/sentences.json", "where to write the JSON array of sentences")
	n := fs.Int("n", 600, "how many sentences")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *in == "" {
		return errors.New("-in is required (the Climate-FEVER climate-fever.jsonl)")
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	all, err := evidences(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", *in, err)
	}
	picked, err := selectSentences(all, *n)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(picked, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d of %d distinct evidence sentences to %s\n", len(picked), len(all), *out)
	return nil
}

// evidences returns the distinct trimmed evidence texts of a Climate-FEVER
// JSONL stream, in first-seen order.
func evidences(r io.Reader) ([]string, error) {
	var claim struct {
		Evidences []struct {
			Evidence string `json:"evidence"`
		} `json:"evidences"`
	}
	seen := map[string]bool{}
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		claim.Evidences = nil
		if err := json.Unmarshal(sc.Bytes(), &claim); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		for _, e := range claim.Evidences {
			t := strings.TrimSpace(e.Evidence)
			if utf8.RuneCountInString(t) < minChars || seen[t] {
				continue
			}
			seen[t] = true
			out = append(out, t)
		}
	}
	return out, sc.Err()
}

// selectSentences takes n of the distinct texts at evenly spaced length
// ranks and orders them by sha256.
func selectSentences(texts []string, n int) ([]string, error) {
	if n <= 0 || n > len(texts) {
		return nil, fmt.Errorf("want between 1 and %d sentences, got %d", len(texts), n)
	}
	byLen := slices.Clone(texts)
	slices.SortFunc(byLen, func(a, b string) int {
		if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	picked := make([]string, n)
	for i := range picked {
		idx := 0
		if n > 1 {
			idx = i * (len(byLen) - 1) / (n - 1)
		}
		picked[i] = byLen[idx]
	}
	hash := func(s string) string { h := sha256.Sum256([]byte(s)); return string(h[:]) }
	slices.SortFunc(picked, func(a, b string) int { return strings.Compare(hash(a), hash(b)) })
	return picked, nil
}
