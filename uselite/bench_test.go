package uselite

import (
	"context"
	"fmt"
	"testing"
)

// benchSentences are Climate-FEVER claims of 13 to 21 tokens (17.6 on
// average), the sentence lengths CEC scoring embeds most.
var benchSentences = []string{
	"Global warming is driving polar bears toward extinction",
	"Ironic' study finds more CO2 has slightly cooled the planet",
	"The Great Barrier Reef is experiencing the most widespread bleaching ever recorded",
	"Sea level rise has been slow and a constant, pre-dating industrialization",
	"Volcanoes Melting West Antarctic Glaciers, Not Global Warming",
	"Ice berg melts, ocean level remains the same.",
	"CO2 does not cause climate change, it RESPONDS to it [...]",
	"[NASA] has been adjusting temperatures from the past[...]",
	"Cold weather to grip world as solar minimum to deepen, NASA says",
	"The science is clear, climate change is making extreme weather events, including tornadoes, worse.",
	"Burping cows are more damaging to the climate than all the cars on this planet.",
	"[S]unspot activity on the surface of our star has dropped to a new low.",
	"The \u00adatmospheric residency time of carbon dioxide is five years",
	"Sea-level rise does not seem to depend on ocean temperature, and certainly not on CO2",
	"They were going to be gone by now, but now they're setting records",
	"Increases in atmospheric CO2 followed increases in temperature.",
}

// BenchmarkEmbed measures Embed on batches of 1, 16 and 64 Climate-FEVER
// claims and reports sentences/s (the reference runtime, TF.js on WASM SIMD
// in Node, does about 104 sentences/s at batch 64 on the 2-core dev machine).
func BenchmarkEmbed(b *testing.B) {
	enc := testEncoder(b)
	for _, size := range []int{1, 16, 64} {
		batch := make([]string, size)
		for i := range batch {
			batch[i] = benchSentences[i%len(benchSentences)]
		}
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := enc.Embed(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "sentences/s")
		})
	}
}

// BenchmarkTokenize measures the tokenizer alone.
func BenchmarkTokenize(b *testing.B) {
	enc := testEncoder(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		enc.Tokenize(benchSentences[i%len(benchSentences)])
	}
}
