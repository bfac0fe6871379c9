package bertscore

// Baseline holds the scores BERTScore gives unrelated text with one
// encoder, for rescaling: the means of P, R and F over random sentence
// pairs, computed without IDF as bert-score computes its baselines.
type Baseline struct {
	// ID names how the baseline was computed; it goes into signatures.
	ID string
	// Model is the embedder id the baseline belongs to.
	Model string
	// Layer is the encoder layer whose token vectors were used.
	Layer int
	// Precision, Recall and F1 are the mean scores of the random pairs.
	Precision float64
	Recall    float64
	F1        float64
}

// Rescale maps each of r's scores s to (s - b)/(1 - b) with b the baseline
// of that score, as bert-score's rescale_with_baseline does. A result with
// an empty side keeps its zeros (bert-score would give -b/(1-b)).
func (b Baseline) Rescale(r Result) Result {
	if r.EmptyCandidate || r.EmptyReference {
		return r
	}
	r.Precision = (r.Precision - b.Precision) / (1 - b.Precision)
	r.Recall = (r.Recall - b.Recall) / (1 - b.Recall)
	r.F1 = (r.F1 - b.F1) / (1 - b.F1)
	return r
}
