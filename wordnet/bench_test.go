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
