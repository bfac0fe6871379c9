package punkt

import (
	"strings"
	"testing"
)

// BenchmarkSentences splits one Climate-FEVER claim with its evidence
// sentences, the kind of text the scorers split.
func BenchmarkSentences(b *testing.B) {
	var text string
	for _, tt := range loadTexts(b) {
		if strings.HasPrefix(tt.ID, "climate-fever-") {
			text = tt.Text
			break
		}
	}
	if text == "" {
		b.Fatal("no Climate-FEVER text in testdata/texts.json")
	}
	tz := English()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tz.Sentences(text)
	}
}

// BenchmarkSentences1MB splits 1 MB of prose, to show that the time per
// byte does not grow with the input.
func BenchmarkSentences1MB(b *testing.B) {
	text := largeText(1 << 20)
	tz := English()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tz.Sentences(text)
	}
}
