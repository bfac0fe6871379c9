package wordnet

import "testing"

// BenchmarkOpen measures loading the whole database.
func BenchmarkOpen(b *testing.B) {
	dir := testDir(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSynonymIDs looks up every word of the reference file once per
// iteration: what METEOR does for each stem it has not seen before.
func BenchmarkSynonymIDs(b *testing.B) {
	words := loadNLTKWords(b)
	w := openTest(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, word := range words {
			w.SynonymIDs(word.Word)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}
