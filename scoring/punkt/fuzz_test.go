package punkt

import (
	"strings"
	"testing"
)

// FuzzSentences checks that any input, valid UTF-8 or not, splits without
// panicking into spans that are ordered, non-empty, non-overlapping and
// within the text, with only whitespace outside them, and that Sentences
// returns exactly the text of those spans. The seeds are the hand-made hard
// cases of testdata/texts.json and a few more.
func FuzzSentences(f *testing.F) {
	for _, tt := range loadTexts(f) {
		if strings.HasPrefix(tt.ID, "hard-") {
			f.Add(tt.Text)
		}
	}
	for _, s := range []string{"\xff. \xfe", ". \x80)", "a.\xc3", "İ. x", "\u00a0.\u00a0A"} {
		f.Add(s)
	}
	tz := English()
	f.Fuzz(func(t *testing.T, text string) {
		spans := tz.SentenceSpans(text)
		checkSpans(t, text, spans, tz.Sentences(text))
	})
}
