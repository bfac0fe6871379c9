package bertscore

import "math"

// IDF holds the document frequencies of tokens over a corpus of
// references, as bert-score's get_idf_dict counts them: each reference is
// one document and a token counts once per document however often it
// occurs there.
type IDF struct {
	docs int
	df   map[int]int
}

// NewIDF counts the documents of each token over refs, the token ids of
// each reference (duplicates count as separate documents).
func NewIDF(refs [][]int) *IDF {
	d := &IDF{docs: len(refs), df: make(map[int]int)}
	seen := make(map[int]bool)
	for _, ids := range refs {
		clear(seen)
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				d.df[id]++
			}
		}
	}
	return d
}

// Docs returns the number of documents M.
func (d *IDF) Docs() int { return d.docs }

// Weight returns ln((M+1)/(df+1)) for token id, with df = 0 (so ln(M+1))
// for a token no document has. It is 0 for a token in every document.
func (d *IDF) Weight(id int) float64 {
	return math.Log(float64(d.docs+1) / float64(d.df[id]+1))
}
