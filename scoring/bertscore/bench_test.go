package bertscore_test

import (
	"context"
	"testing"

	"github.com/cecbench/cecbench/scoring/bertscore"
	"github.com/cecbench/cecbench/scoring/punkt"
	"github.com/cecbench/cecbench/uselite"
)

// A 5-sentence generated explanation and its 5-sentence reference, the
// size of the causal explanations cecbench scores.
const (
	benchGenerated = "Burning coal, oil and gas releases carbon dioxide into the air. " +
		"The extra carbon dioxide traps heat that would otherwise escape to space. " +
		"As a result, the average surface temperature rises year after year. " +
		"Warmer air and water melt glaciers and expand the oceans. " +
		"Therefore sea levels climb and coastal towns flood more often."
	benchReference = "Fossil fuel combustion emits large amounts of CO2. " +
		"Carbon dioxide is a greenhouse gas that absorbs outgoing infrared radiation. " +
		"This enhanced greenhouse effect warms the lower atmosphere and the oceans. " +
		"Thermal expansion of seawater and melting land ice raise the sea level. " +
		"Higher seas make storm surges and coastal flooding more frequent."
)

// BenchmarkFiveSentencePair measures BERTScore of one 5+5-sentence pair in
// parts, with nothing cached: "token-states" is the encoder's forward pass
// over the 10 sentences, "match" is the greedy matching and weighting of
// their token vectors, and "scorer" is the whole Scorer.Score call
// (splitting, token states, matching).
func BenchmarkFiveSentencePair(b *testing.B) {
	enc := encoder(b)
	ctx := context.Background()
	splitter := punkt.English()
	gen, ref := splitter.Sentences(benchGenerated), splitter.Sentences(benchReference)
	if len(gen) != 5 || len(ref) != 5 {
		b.Fatalf("split into %d and %d sentences, want 5 and 5", len(gen), len(ref))
	}
	sentences := append(append([]string(nil), gen...), ref...)

	b.Run("token-states", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := enc.TokenStates(ctx, sentences); err != nil {
				b.Fatal(err)
			}
		}
	})

	states, err := uselite.BERTScoreEmbedder{Encoder: enc}.TokenStates(ctx, sentences)
	if err != nil {
		b.Fatal(err)
	}
	join := func(ms []bertscore.Tokens) bertscore.Tokens {
		t := bertscore.Tokens{Dim: ms[0].Dim}
		for _, m := range ms {
			t.IDs = append(t.IDs, m.IDs...)
			t.Vectors = append(t.Vectors, m.Vectors...)
		}
		return t
	}
	cand, refTok := join(states[:5]), join(states[5:])
	b.Run("match", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := bertscore.Compute(cand, refTok, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(cand.IDs)), "cand-tokens")
		b.ReportMetric(float64(len(refTok.IDs)), "ref-tokens")
	})

	s := useScorer(b)
	b.Run("scorer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Score(ctx, []string{benchGenerated}, []string{benchReference}, bertscore.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
