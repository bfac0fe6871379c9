package treebank

import (
	"slices"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/scoring/punkt"
)

// explanation is a five-sentence causal explanation, the kind of text that
// METEOR tokenizes: quotes, contractions, numbers, brackets, abbreviations.
const explanation = `Burning fossil fuels releases CO2, which traps heat in the atmosphere. ` +
	`As a result, global temperatures have risen by about 1.1°C since 1850 (IPCC, 2021). ` +
	`Warmer air holds more water vapour, so heavy rainfall becomes "more frequent and intense." ` +
	`Sea ice doesn't reflect as much sunlight once it melts; the U.S. Arctic coast is already losing ice. ` +
	`That's why scientists say the claim's reasoning holds -- the evidence supports it.`

// BenchmarkWordTokenize tokenizes a five-sentence explanation.
func BenchmarkWordTokenize(b *testing.B) {
	if n := len(punkt.English().Sentences(explanation)); n != 5 {
		b.Fatalf("explanation has %d sentences, want 5", n)
	}
	b.SetBytes(int64(len(explanation)))
	for b.Loop() {
		WordTokenize(explanation)
	}
}

// adversarialUnit exercises every rule at once; it starts and ends with a
// space, so that repeating it repeats its tokens.
const adversarialUnit = ` "can't" 'a ''x'' (y) [z]... --- 'tis, wanna gonna D'ye more'n ` +
	`“q” «g» ‘s’ 1,000 a,b a:b $5 50% x?! *y* it's they'll ' ' '' """ ` + "```" + ` cannotcannot .'") `

// adversarial returns at least n bytes of adversarialUnit repeated, and
// the number of repeats.
func adversarial(n int) (string, int) {
	k := n/len(adversarialUnit) + 1
	return strings.Repeat(adversarialUnit, k), k
}

// TestLargeInput tokenizes 1 MB of adversarial text as one sentence and
// checks that the result is the unit's tokens repeated: the output grows
// linearly with the input.
func TestLargeInput(t *testing.T) {
	unit := TokenizeSentence(adversarialUnit)
	if len(unit) < 60 {
		t.Fatalf("unit has only %d tokens: %q", len(unit), unit)
	}
	text, k := adversarial(1 << 20)
	got := TokenizeSentence(text)
	if len(got) != k*len(unit) {
		t.Fatalf("%d tokens, want %d x %d", len(got), k, len(unit))
	}
	for i := 0; i < len(got); i += len(unit) {
		if !slices.Equal(got[i:i+len(unit)], unit) {
			t.Fatalf("repeat %d: %q, want %q", i/len(unit), got[i:i+len(unit)], unit)
		}
	}
	checkTokens(t, text, WordTokenize(text))
}

// BenchmarkTokenizeSentence1MB tokenizes 1 MB of adversarial text as one
// sentence, to show that the time per byte does not grow with the input
// (compare with BenchmarkTokenizeSentence64KB).
func BenchmarkTokenizeSentence1MB(b *testing.B) { benchmarkAdversarial(b, 1<<20) }

// BenchmarkTokenizeSentence64KB is BenchmarkTokenizeSentence1MB on 64 KB.
func BenchmarkTokenizeSentence64KB(b *testing.B) { benchmarkAdversarial(b, 1<<16) }

func benchmarkAdversarial(b *testing.B, n int) {
	text, _ := adversarial(n)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		TokenizeSentence(text)
	}
}

// BenchmarkWordTokenize1MB tokenizes 1 MB of adversarial text with
// sentence splitting.
func BenchmarkWordTokenize1MB(b *testing.B) {
	text, _ := adversarial(1 << 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		WordTokenize(text)
	}
}
