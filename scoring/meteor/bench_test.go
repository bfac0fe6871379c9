package meteor

import (
	"math"
	"testing"

	"github.com/cecbench/cecbench/scoring/treebank"
)

// benchPair returns the first five-sentence pair of the reference file: two
// Climate-FEVER claims' five evidence sentences each, on which NLTK takes
// about 7 ms (scripts/reference/meteor.py --time prints it).
func benchPair(b *testing.B) (*Meteor, nltkPair) {
	b.Helper()
	p := firstPair(b, "five_sentences")
	m := New(openWordNet(b))
	if got := m.Score(p.Reference, p.Hypothesis); math.Abs(got-p.Meteor) > tolerance {
		b.Fatalf("%s: Score = %.17g, NLTK %.17g", p.ID, got, p.Meteor)
	}
	return m, p
}

// BenchmarkScore times Score on a five-sentence pair: word_tokenize of both
// texts and METEOR, with the per-token cache warm.
func BenchmarkScore(b *testing.B) {
	m, p := benchPair(b)
	b.ReportAllocs()
	for b.Loop() {
		m.Score(p.Reference, p.Hypothesis)
	}
}

// BenchmarkScoreTokens times METEOR alone on the same pair's tokens.
func BenchmarkScoreTokens(b *testing.B) {
	m, p := benchPair(b)
	rt, ht := treebank.WordTokenize(p.Reference), treebank.WordTokenize(p.Hypothesis)
	b.ReportAllocs()
	for b.Loop() {
		m.ScoreTokens(rt, ht)
	}
}

// BenchmarkScoreCold times METEOR on the pair with an empty cache each
// time: the cost of words never seen before (stemming, WordNet lookups).
func BenchmarkScoreCold(b *testing.B) {
	m, p := benchPair(b)
	rt, ht := treebank.WordTokenize(p.Reference), treebank.WordTokenize(p.Hypothesis)
	b.ReportAllocs()
	for b.Loop() {
		m.gen.Store(new(generation))
		m.ScoreTokens(rt, ht)
	}
}

// BenchmarkReferencePairs scores all pairs of the reference file (claims,
// evidence sentences, five-sentence texts, edge cases) with a fresh Meteor
// each time, so that words are stemmed and looked up in WordNet on first
// sight as in a one-off batch; it reports the time per pair.
func BenchmarkReferencePairs(b *testing.B) {
	pairs := nltkReference(b).Pairs
	wn := openWordNet(b)
	b.ReportAllocs()
	for b.Loop() {
		m := New(wn)
		for _, p := range pairs {
			m.Score(p.Reference, p.Hypothesis)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pairs)), "ns/pair")
}

// BenchmarkReferencePairsWarm is BenchmarkReferencePairs with one Meteor
// whose cache has seen every pair.
func BenchmarkReferencePairsWarm(b *testing.B) {
	pairs := nltkReference(b).Pairs
	m := New(openWordNet(b))
	for _, p := range pairs {
		m.Score(p.Reference, p.Hypothesis)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pairs {
			m.Score(p.Reference, p.Hypothesis)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pairs)), "ns/pair")
}
