package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"

	"github.com/cecbench/cecbench/cputime"
	"github.com/cecbench/cecbench/scoring/bleu"
	"github.com/cecbench/cecbench/scoring/meteor"
	"github.com/cecbench/cecbench/scoring/rouge"
	"github.com/cecbench/cecbench/scoring/treebank"
	"github.com/cecbench/cecbench/wordnet"
)

// LocalReport is what `local -json` writes.
type LocalReport struct {
	Runtime string         `json:"runtime"`
	Threads int            `json:"threads"`
	Pairs   int            `json:"pairs"`
	Kinds   map[string]int `json:"kinds"`
	Timings []Timing       `json:"timings"`
	Values  []Values       `json:"values"`
	// MorphyDiffer counts the pairs whose METEOR differs between NLTK
	// 3.8's recursive morphy and NLTK 3.9's one-suffix morphy.
	MorphyDiffer int `json:"meteor_morphy_differ"`
}

// Timing is the time per pair of one function over whole passes of all
// pairs. The Python side writes the same fields.
type Timing struct {
	Name     string    `json:"name"`
	What     string    `json:"what"`
	Passes   int       `json:"passes"`
	CPUus    float64   `json:"cpu_us_per_pair"`  // median pass
	WallUs   float64   `json:"wall_us_per_pair"` // median pass
	PassCPU  []float64 `json:"pass_cpu_s"`
	PassWall []float64 `json:"pass_wall_s"`
}

// Values are one pair's scores.
type Values struct {
	ID string `json:"id"`
	// BLEU is Hugging Face evaluate's, nil where it raises (BLEUError says
	// why).
	BLEU      *float64 `json:"bleu"`
	BLEUError string   `json:"bleu_error,omitempty"`
	// METEOR is NLTK 3.8's (recursive morphy); METEOROneSuffix NLTK 3.9's
	// morphy, the server's default.
	METEOR          float64 `json:"meteor"`
	METEOROneSuffix float64 `json:"meteor_one_suffix"`
	Rouge1          float64 `json:"rouge1"`
	Rouge2          float64 `json:"rouge2"`
	RougeL          float64 `json:"rougeL"`
	RougeLsum       float64 `json:"rougeLsum"`
}

// tokenFile is what -tokens-out writes for nltk_metrics.py.
type tokenFile struct {
	Pairs []tokenPair `json:"pairs"`
}

type tokenPair struct {
	ID             string   `json:"id"`
	Reference      string   `json:"reference"`
	Generated      string   `json:"generated"`
	Reference13a   []string `json:"reference_13a"`
	Generated13a   []string `json:"generated_13a"`
	ReferenceWords []string `json:"reference_words"` // treebank.WordTokenize
	GeneratedWords []string `json:"generated_words"`
}

// list returns s, or an empty slice for nil, which JSON writes as [].
func list(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// sink keeps the timed results alive so that nothing is optimised away.
var sink float64

func runLocal(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("metrics local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pairsPath := fs.String("pairs", "scripts/bench/metric_pairs.jsonl", "pairs, one {id, generated, reference} a line")
	wnDir := fs.String("wordnet-dir", wordnet.DefaultDir, "WordNet 3.0 database (Debian's wordnet-base)")
	minPasses := fs.Int("passes", 5, "timed passes over all pairs per function, at least")
	minSeconds := fs.Float64("min-seconds", 1, "time each function for at least this long (whole passes)")
	tokensOut := fs.String("tokens-out", "", "write texts and tokens for nltk_metrics.py to this file")
	jsonOut := fs.String("json", "", "write timings and values to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	pairs, err := readPairs(*pairsPath)
	if err != nil {
		return err
	}
	wn, err := wordnet.Open(*wnDir)
	if err != nil {
		return err
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)

	n := len(pairs)
	ref13, gen13 := make([][]string, n), make([][]string, n)
	refWords, genWords := make([][]string, n), make([][]string, n)
	for i, p := range pairs {
		ref13[i], gen13[i] = bleu.Tokenize13a(p.Reference), bleu.Tokenize13a(p.Generated)
		refWords[i], genWords[i] = treebank.WordTokenize(p.Reference), treebank.WordTokenize(p.Generated)
	}
	if *tokensOut != "" {
		tf := tokenFile{Pairs: make([]tokenPair, n)}
		for i, p := range pairs {
			tf.Pairs[i] = tokenPair{ID: p.ID, Reference: p.Reference, Generated: p.Generated,
				Reference13a: list(ref13[i]), Generated13a: list(gen13[i]), ReferenceWords: list(refWords[i]), GeneratedWords: list(genWords[i])}
		}
		if err := writeJSON(*tokensOut, tf); err != nil {
			return err
		}
	}

	rep := LocalReport{Runtime: runtime.Version(), Threads: runtime.GOMAXPROCS(0), Pairs: n, Kinds: kinds(pairs), Values: make([]Values, n)}
	vals := rep.Values
	minTime := time.Duration(*minSeconds * float64(time.Second))
	timeIt := func(name, what string, pass func()) error {
		t, err := measure(ctx, name, what, n, *minPasses, minTime, pass)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "go     %-14s %9.2f us/pair CPU, %9.2f us/pair wall (median of %d passes)\n", name, t.CPUus, t.WallUs, t.Passes)
		rep.Timings = append(rep.Timings, t)
		return nil
	}

	// BLEU: the values pass, then the timed passes.
	for i, p := range pairs {
		vals[i].ID = p.ID
		r, err := bleu.Count(gen13[i], ref13[i]).HF()
		if err != nil {
			if !errors.Is(err, bleu.ErrUndefined) {
				return fmt.Errorf("pair %s: bleu: %w", p.ID, err)
			}
			vals[i].BLEUError = err.Error()
			continue
		}
		vals[i].BLEU = &r.Score
	}
	if err := timeIt("bleu", "bleu.Count(13a tokens).HF(), the 13a tokens given", func() {
		for i := range pairs {
			r, _ := bleu.Count(gen13[i], ref13[i]).HF()
			sink += r.Score
		}
	}); err != nil {
		return err
	}
	if err := timeIt("bleu_text", "bleu.HF(generated, reference), 13a tokenization included", func() {
		for _, p := range pairs {
			r, _ := bleu.HF(p.Generated, p.Reference)
			sink += r.Score
		}
	}); err != nil {
		return err
	}

	// METEOR, NLTK 3.8's morphy: the first pass on a new Meteor records the
	// values and is timed on its own.
	m := meteor.New(wn.WithMorphy(wordnet.MorphyRecursive))
	first, err := measure(ctx, "meteor_first", "first Score pass on a new Meteor (empty per-word cache), word_tokenize included", n, 1, 0, func() {
		for i, p := range pairs {
			vals[i].METEOR = m.Score(p.Reference, p.Generated)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "go     %-14s %9.2f us/pair CPU, %9.2f us/pair wall (one pass)\n", first.Name, first.CPUus, first.WallUs)
	rep.Timings = append(rep.Timings, first)
	if err := timeIt("meteor", "Meteor.Score(reference, generated), word_tokenize included", func() {
		for _, p := range pairs {
			sink += m.Score(p.Reference, p.Generated)
		}
	}); err != nil {
		return err
	}
	if err := timeIt("meteor_tokens", "Meteor.ScoreTokens on word_tokenize tokens computed before", func() {
		for i := range pairs {
			sink += m.ScoreTokens(refWords[i], genWords[i])
		}
	}); err != nil {
		return err
	}
	one := meteor.New(wn)
	for i, p := range pairs {
		vals[i].METEOROneSuffix = one.Score(p.Reference, p.Generated)
		if vals[i].METEOROneSuffix != vals[i].METEOR {
			rep.MorphyDiffer++
		}
	}

	// ROUGE.
	for i, p := range pairs {
		s := rouge.Compute(p.Reference, p.Generated, false)
		vals[i].Rouge1, vals[i].Rouge2, vals[i].RougeL, vals[i].RougeLsum = s.Rouge1.F, s.Rouge2.F, s.RougeL.F, s.RougeLsum.F
	}
	if err := timeIt("rouge", "rouge.Compute(reference, generated, false): rouge1, rouge2, rougeL, rougeLsum", func() {
		for _, p := range pairs {
			sink += rouge.Compute(p.Reference, p.Generated, false).RougeL.F
		}
	}); err != nil {
		return err
	}

	if *jsonOut != "" {
		return writeJSON(*jsonOut, rep)
	}
	return nil
}

// measure runs pass (one pass over all n pairs) at least minPasses times
// and until minTime has passed, and returns the median pass's CPU and wall
// time per pair. The CPU time is the whole process's, which with
// GOMAXPROCS 1 is the pass's own work plus the garbage collector's.
func measure(ctx context.Context, name, what string, n, minPasses int, minTime time.Duration, pass func()) (Timing, error) {
	t := Timing{Name: name, What: what}
	start := time.Now()
	for t.Passes < max(1, minPasses) || time.Since(start) < minTime {
		if err := ctx.Err(); err != nil {
			return t, err
		}
		runtime.GC()
		c0, err := cputime.Self()
		if err != nil {
			return t, err
		}
		w0 := time.Now()
		pass()
		wall := time.Since(w0)
		c1, err := cputime.Self()
		if err != nil {
			return t, err
		}
		t.PassCPU = append(t.PassCPU, (c1 - c0).Seconds())
		t.PassWall = append(t.PassWall, wall.Seconds())
		t.Passes++
	}
	t.CPUus = median(t.PassCPU) / float64(n) * 1e6
	t.WallUs = median(t.PassWall) / float64(n) * 1e6
	return t, nil
}

// median returns the median of xs (the mean of the middle two for an even
// count), 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
