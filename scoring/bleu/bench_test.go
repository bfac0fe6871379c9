package bleu

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// A 5-sentence pair like the explanations cecbench scores.
const (
	benchHyp = "Burning fossil fuels releases carbon dioxide into the atmosphere. " +
		"The extra CO2 traps outgoing infrared radiation, so the surface warms by about 1.1 °C. " +
		"Warmer oceans expand and glaciers melt, which raises sea levels. " +
		"Higher seas make coastal floods more frequent during storms. " +
		"As a result, low-lying communities face greater risks (IPCC AR6, 2021)."
	benchRef = "Fossil fuel combustion emits carbon dioxide, a greenhouse gas. " +
		"Carbon dioxide absorbs infrared radiation and traps heat, warming the surface by roughly 1.1°C since 1880. " +
		"Thermal expansion of seawater and melting glaciers raise the sea level. " +
		"Rising seas increase the frequency of coastal flooding in storms. " +
		"Consequently, low-lying coastal communities are at greater risk."
)

func BenchmarkTokenize13a(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Tokenize13a(benchHyp)
	}
}

func BenchmarkHF(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HF(benchHyp, benchRef); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSacre(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Sacre(benchHyp, benchRef)
	}
}

// BenchmarkPairStats is both scores of one pair, as the API computes them.
func BenchmarkPairStats(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		hf, sacre := PairStats(benchHyp, benchRef)
		if _, err := hf.HF(); err != nil {
			b.Fatal(err)
		}
		sacre.Sacre(true)
	}
}

// BenchmarkCount is the statistics of one pair, on its given 13a tokens.
func BenchmarkCount(b *testing.B) {
	hyp, ref := Tokenize13a(benchHyp), Tokenize13a(benchRef)
	b.ReportAllocs()
	for b.Loop() {
		Count(hyp, ref)
	}
}

// BenchmarkCountPairs is Count then HF over every pair of
// scripts/bench/metric_pairs.jsonl, on 13a tokens computed beforehand, as
// `make bench` times its "bleu" line; it reports the time per pair.
func BenchmarkCountPairs(b *testing.B) {
	const path = "../../scripts/bench/metric_pairs.jsonl"
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("no pairs to time: %v", err)
	}
	var hyps, refs [][]string
	for line := range bytes.Lines(data) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var p struct{ Generated, Reference string }
		if err := json.Unmarshal(line, &p); err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		hyps = append(hyps, Tokenize13a(p.Generated))
		refs = append(refs, Tokenize13a(p.Reference))
	}
	if len(hyps) == 0 {
		b.Skipf("%s has no pairs", path)
	}
	b.ReportAllocs()
	var sum float64
	for b.Loop() {
		for i := range hyps {
			r, _ := Count(hyps[i], refs[i]).HF()
			sum += r.Score
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(hyps)), "ns/pair")
	benchSink = sum
}

var benchSink float64
