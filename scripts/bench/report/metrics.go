package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// The text-metrics targets.
const (
	targetMetricRatio = 50.0 // NLTK CPU time per pair / Go CPU time per pair
	valueTolerance    = 1e-9 // the exactness bar on 0..1 scales
	toleranceText     = "1e-9"
)

// metricTiming is a timing that scripts/bench/metrics and
// nltk_metrics.py write.
type metricTiming struct {
	Name   string  `json:"name"`
	What   string  `json:"what"`
	Passes int     `json:"passes"`
	CPUus  float64 `json:"cpu_us_per_pair"`
	WallUs float64 `json:"wall_us_per_pair"`
}

// goMetrics is what `metrics local -json` writes.
type goMetrics struct {
	Runtime      string         `json:"runtime"`
	Threads      int            `json:"threads"`
	Pairs        int            `json:"pairs"`
	Kinds        map[string]int `json:"kinds"`
	Timings      []metricTiming `json:"timings"`
	MorphyDiffer int            `json:"meteor_morphy_differ"`
	Values       []struct {
		ID              string   `json:"id"`
		BLEU            *float64 `json:"bleu"`
		METEOR          float64  `json:"meteor"`
		METEOROneSuffix float64  `json:"meteor_one_suffix"`
	} `json:"values"`
}

// nltkMetrics is what nltk_metrics.py writes.
type nltkMetrics struct {
	Runtime         string         `json:"runtime"`
	Pairs           int            `json:"pairs"`
	TokenMismatches int            `json:"word_tokenize_mismatches"`
	Timings         []metricTiming `json:"timings"`
	Values          []struct {
		ID              string  `json:"id"`
		BLEU            float64 `json:"bleu"`
		BLEUWarned      bool    `json:"bleu_warned"`
		METEOR          float64 `json:"meteor"`
		METEOROneSuffix float64 `json:"meteor_one_suffix"`
	} `json:"values"`
}

// httpMetrics is what `metrics http -json` writes.
type httpMetrics struct {
	Pairs             int      `json:"pairs"`
	Metrics           []string `json:"metrics"`
	BodyBytes         int      `json:"body_bytes"`
	Sentences         int      `json:"sentences"`
	DistinctSentences int      `json:"distinct_sentences"`
	Requests          []struct {
		Name       string  `json:"name"`
		WallS      float64 `json:"wall_s"`
		ServerCPUS float64 `json:"server_cpu_s"`
	} `json:"requests"`
	ColdSeconds float64 `json:"cold_s"`
	WarmSeconds float64 `json:"warm_s"`
	ByMetric    []struct {
		Name       string  `json:"name"`
		WallS      float64 `json:"wall_s"`
		ServerCPUS float64 `json:"server_cpu_s"`
	} `json:"by_metric"`
	Warnings   int             `json:"warnings"`
	Corpus     json.RawMessage `json:"corpus"`
	Checked    int             `json:"values_checked"`
	Mismatched int             `json:"values_mismatched"`
	MaxAbsDiff float64         `json:"values_max_abs_diff"`
}

func timingOf(ts []metricTiming, name string) (metricTiming, bool) {
	for _, t := range ts {
		if t.Name == name {
			return t, true
		}
	}
	return metricTiming{}, false
}

// valueCheck is the comparison of one metric's values.
type valueCheck struct {
	compared   int     // pairs compared
	mismatches int     // pairs differing by more than valueTolerance (or undefined on one side only)
	identical  int     // pairs with bit-identical values
	maxDiff    float64 // over the pairs compared
	// BLEU only: pairs where NLTK warned (an order without a match: HF
	// gives 0, NLTK a value below 1e-70), and where HF raises (an empty
	// side: NLTK returns 0).
	warned, undefined int
}

func (c *valueCheck) add(a, b float64) {
	c.compared++
	d := math.Abs(a - b)
	c.maxDiff = max(c.maxDiff, d)
	if a == b {
		c.identical++
	}
	if !(d <= valueTolerance) {
		c.mismatches++
	}
}

func (c valueCheck) ok() bool { return c.mismatches == 0 && c.compared > 0 }

// metricComparison holds the value checks of BLEU and METEOR.
type metricComparison struct {
	bleu, meteor, meteorOneSuffix valueCheck
}

// compareValues compares Go's values with NLTK's pair by pair; the two
// files must list the same pairs in the same order.
func compareValues(g goMetrics, n nltkMetrics) (metricComparison, error) {
	var c metricComparison
	if len(g.Values) != len(n.Values) || len(g.Values) == 0 {
		return c, fmt.Errorf("go has %d pair values, nltk %d: run both on the same pairs", len(g.Values), len(n.Values))
	}
	for i, gv := range g.Values {
		nv := n.Values[i]
		if gv.ID != nv.ID {
			return c, fmt.Errorf("pair %d is %q in the go results, %q in nltk's", i, gv.ID, nv.ID)
		}
		switch {
		case gv.BLEU == nil:
			// HF raises; NLTK returns 0 for an empty side.
			c.bleu.undefined++
			if nv.BLEU != 0 {
				c.bleu.mismatches++
			}
		case nv.BLEUWarned:
			c.bleu.warned++
			c.bleu.add(*gv.BLEU, nv.BLEU)
		default:
			c.bleu.add(*gv.BLEU, nv.BLEU)
		}
		c.meteor.add(gv.METEOR, nv.METEOR)
		c.meteorOneSuffix.add(gv.METEOROneSuffix, nv.METEOROneSuffix)
	}
	return c, nil
}

// metricRow is one line of the text-metrics table.
type metricRow struct {
	label      string
	goName     string
	nltkName   string // "" when NLTK has no counterpart
	valuesNote string
}

func ratio(g, n metricTiming, gok, nok bool) (float64, bool) {
	if !gok || !nok || g.CPUus <= 0 {
		return 0, false
	}
	return n.CPUus / g.CPUus, true
}

func printMetrics(w io.Writer, g goMetrics, n nltkMetrics, c metricComparison) {
	var kinds []string
	for k, v := range g.Kinds {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, v))
	}
	slices.Sort(kinds)
	fmt.Fprintf(w, "\nText metrics: the same %d pairs of scripts/bench/metric_pairs.jsonl (%s) through the Go packages and NLTK\n", g.Pairs, strings.Join(kinds, ", "))
	fmt.Fprintf(w, "  time per pair, single-threaded (go: %s, GOMAXPROCS %d; %s), median of whole passes after a values pass\n", g.Runtime, g.Threads, n.Runtime)
	fmt.Fprintf(w, "  %-34s %10s %11s %8s %10s %11s  %s\n", "metric", "go cpu us", "nltk cpu us", "ratio", "go wall us", "nltk wall us", "values identical to NLTK's")
	yesNo := func(v valueCheck) string {
		word := "no"
		if v.ok() {
			word = "yes"
		}
		return fmt.Sprintf("%s (max diff %.1e, %d mismatches)", word, v.maxDiff, v.mismatches)
	}
	rows := []metricRow{
		{"BLEU (13a tokens given)", "bleu", "bleu", yesNo(c.bleu)},
		{"METEOR (word_tokenize included)", "meteor", "meteor", yesNo(c.meteor)},
		{"METEOR (tokens given)", "meteor_tokens", "meteor_tokens", "same values"},
		{"METEOR first pass (cold caches)", "meteor_first", "meteor_first", "-"},
		{"BLEU (13a tokenization included)", "bleu_text", "", "no NLTK 13a tokenizer"},
		{"ROUGE-1/2/L/Lsum", "rouge", "", "not compared: rouge-score cannot run here"},
	}
	num := func(v float64, ok bool) string {
		if !ok {
			return "-"
		}
		return fmt.Sprintf("%.1f", v)
	}
	for _, r := range rows {
		gt, gok := timingOf(g.Timings, r.goName)
		nt, nok := timingOf(n.Timings, r.nltkName)
		rs := "-"
		if x, ok := ratio(gt, nt, gok, nok); ok {
			rs = fmt.Sprintf("%.1fx", x)
		}
		fmt.Fprintf(w, "  %-34s %10s %11s %8s %10s %11s  %s\n", r.label,
			num(gt.CPUus, gok), num(nt.CPUus, nok), rs, num(gt.WallUs, gok), num(nt.WallUs, nok), r.valuesNote)
	}
	fmt.Fprintf(w, "  ratio = NLTK CPU us / Go CPU us per pair, the same scope on both sides (the targets use BLEU with the 13a tokens\n")
	fmt.Fprintf(w, "  given and METEOR with word_tokenize included); wall times are on a shared machine\n")
	fmt.Fprintf(w, "  BLEU: Go = bleu.Count(...).HF() (Hugging Face evaluate), NLTK = sentence_bleu([ref], hyp) (no smoothing);\n")
	fmt.Fprintf(w, "    %d pairs compared (%d bit-identical, max diff %.1e), of which %d where NLTK warns of an order without a\n",
		c.bleu.compared, c.bleu.identical, c.bleu.maxDiff, c.bleu.warned)
	fmt.Fprintf(w, "    match (HF gives 0, NLTK < 1e-70); %d pairs where HF raises (an empty side; NLTK returns 0)\n", c.bleu.undefined)
	fmt.Fprintf(w, "  METEOR: Go = meteor.New(wordnet, NLTK 3.8 recursive morphy).Score, NLTK = single_meteor_score(word_tokenize(ref),\n")
	fmt.Fprintf(w, "    word_tokenize(hyp)) as Debian ships it: %d pairs, %d bit-identical, max diff %.1e; the server's default\n", c.meteor.compared, c.meteor.identical, c.meteor.maxDiff)
	fmt.Fprintf(w, "    (NLTK 3.9 one-suffix morphy) against NLTK with that morphy: %s; the variants differ on %d pairs\n", yesNo(c.meteorOneSuffix), g.MorphyDiffer)
	fmt.Fprintf(w, "  word_tokenize: the Go tokens differ from NLTK's on %d of %d pairs\n", n.TokenMismatches, n.Pairs)
	fmt.Fprintf(w, "  ROUGE: Go only; rouge-score (Google's reference) is not packaged in Debian and cannot be installed here\n")
}

func printMetricsHTTP(w io.Writer, h httpMetrics) {
	fmt.Fprintf(w, "\n/v1/metrics: one request of %d five-sentence pairs (one per Climate-FEVER claim), metrics %s\n", h.Pairs, strings.Join(h.Metrics, ","))
	fmt.Fprintf(w, "  %.1f MiB body, %d sentences (%d distinct); a fresh server (--max-body-bytes 33554432 --max-pairs 2000)\n",
		float64(h.BodyBytes)/(1<<20), h.Sentences, h.DistinctSentences)
	fmt.Fprintf(w, "  %-10s %9s %14s\n", "request", "wall s", "server cpu s")
	for _, r := range h.Requests {
		cpu := "-"
		if r.ServerCPUS >= 0 {
			cpu = fmt.Sprintf("%.2f", r.ServerCPUS)
		}
		fmt.Fprintf(w, "  %-10s %9.2f %14s\n", r.Name, r.WallS, cpu)
	}
	fmt.Fprintf(w, "  cold: every sentence new to the embedding cache (and every word new to METEOR's cache); warm: the same request\n")
	fmt.Fprintf(w, "  again, every sentence vector cached. cold %.2f s, warm %.2f s (median)\n", h.ColdSeconds, h.WarmSeconds)
	if len(h.ByMetric) > 0 {
		var parts []string
		for _, r := range h.ByMetric {
			parts = append(parts, fmt.Sprintf("%s %.2f", r.Name, r.WallS))
		}
		fmt.Fprintf(w, "  warm, one metric per request (wall s): %s\n", strings.Join(parts, ", "))
	}
	if h.Checked > 0 {
		fmt.Fprintf(w, "  the server's bleu, meteor and rouge values equal the Go packages' on %d of %d pairs (max diff %.1e)\n",
			h.Checked-h.Mismatched, h.Checked, h.MaxAbsDiff)
	}
	if len(h.Corpus) > 0 {
		fmt.Fprintf(w, "  corpus: %s\n", compactJSON(h.Corpus))
	}
}

// compactJSON shortens the corpus object for printing: numbers to 4
// decimals.
func compactJSON(raw json.RawMessage) string {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return string(raw)
	}
	var parts []string
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case float64:
			parts = append(parts, fmt.Sprintf("%s %.4f", prefix, x))
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(strings.TrimPrefix(prefix+"."+k, "."), x[k])
			}
		}
	}
	walk("", m)
	return strings.Join(parts, ", ")
}

// metricTargets are the text-metrics target lines.
func metricTargets(g goMetrics, n nltkMetrics, c metricComparison, h *httpMetrics) []check {
	var out []check
	for _, t := range []struct{ label, name, scope string }{
		{"BLEU", "bleu", "sentence_bleu, the 13a tokens given to both"},
		{"METEOR", "meteor", "single_meteor_score(word_tokenize(...)), tokenization included on both sides"},
	} {
		ch := check{name: fmt.Sprintf("%s >= %.0fx faster per pair than NLTK (CPU time; %s)", t.label, targetMetricRatio, t.scope)}
		gt, gok := timingOf(g.Timings, t.name)
		nt, nok := timingOf(n.Timings, t.name)
		if x, ok := ratio(gt, nt, gok, nok); ok {
			ch.ok = x >= targetMetricRatio
			ch.how = fmt.Sprintf("%.1f / %.1f us = %.1fx", nt.CPUus, gt.CPUus, x)
		} else {
			ch.how = "no timing"
		}
		out = append(out, ch)
	}
	out = append(out, check{
		name: fmt.Sprintf("BLEU values equal NLTK's sentence_bleu (within %s) where Hugging Face's is defined, NLTK 0 where it raises", toleranceText),
		ok:   c.bleu.ok(),
		how: fmt.Sprintf("%d mismatches; max diff %.1e over %d pairs (%d where NLTK warns); %d undefined",
			c.bleu.mismatches, c.bleu.maxDiff, c.bleu.compared, c.bleu.warned, c.bleu.undefined),
	})
	out = append(out, check{
		name: fmt.Sprintf("METEOR values equal NLTK's within %s on every pair (NLTK 3.8's morphy; and 3.9's, the server default)", toleranceText),
		ok:   c.meteor.ok() && c.meteorOneSuffix.ok(),
		how: fmt.Sprintf("%d + %d mismatches; max diff %.1e / %.1e over %d pairs",
			c.meteor.mismatches, c.meteorOneSuffix.mismatches, c.meteor.maxDiff, c.meteorOneSuffix.maxDiff, c.meteor.compared),
	})
	if h != nil && h.Checked > 0 {
		out = append(out, check{
			name: "/v1/metrics answers the Go packages' bleu, meteor and rouge values",
			ok:   h.Mismatched == 0,
			how:  fmt.Sprintf("%d of %d pairs differ (max diff %.1e)", h.Mismatched, h.Checked, h.MaxAbsDiff),
		})
	}
	return out
}
