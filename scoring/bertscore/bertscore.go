// Package bertscore computes BERTScore (Zhang et al., "BERTScore: Evaluating
// Text Generation with BERT", ICLR 2020) with the contextual token vectors
// of the configured encoder, by default Universal Sentence Encoder lite
// (use-lite-en@0.2.0, the output of its second and last transformer layer).
//
// The values are NOT those of the bert-score package with its default
// English model roberta-large (layer 17): a different encoder gives
// different token vectors, so the numbers differ and must not be compared
// with published roberta-large BERTScores. The signature says so
// ("note:not-roberta-large"); compare only scores with equal signatures.
//
// # Definition
//
// With x the candidate's tokens, y the reference's, every token vector
// scaled to unit length and w a token weight,
//
//	P = Σ_x w(x)·max_y cos(x, y) / Σ_x w(x)
//	R = Σ_y w(y)·max_x cos(x, y) / Σ_y w(y)
//	F = 2·P·R / (P + R), and 0 when P + R = 0.
//
// This is greedy_cos_idf of the bert-score package. Without IDF every
// weight is 1. With IDF, w(t) = ln((M+1)/(df(t)+1)) where M is the number
// of references of the request and df(t) the number of them that contain
// token t (bert-score's get_idf_dict; a token no reference has gets
// ln(M+1)). Duplicate references count each time, as in bert-score.
//
// Choices where this encoder differs from BERT-like models:
//   - Tokens. bert-score gives [CLS] and [SEP] weight 0. This tokenizer
//     has no special tokens: it puts "▁" before the text and every word,
//     and "▁" is either merged into a word piece ("▁Global") or stands
//     alone before a word that has no piece starting with it ("▁" "q" "q"
//     "q"). A lone "▁" is the start of a word, so every token counts,
//     including the first, as every word piece does in bert-score. With
//     IDF, such frequent pieces get low weights by themselves.
//   - Length. The encoder reads at most 128 tokens of a sequence, and it
//     was trained on sentences. So the Scorer splits each text into
//     sentences, takes the token vectors of each sentence (contextual
//     within its sentence) and scores the concatenation of all of them:
//     no token of a long text is dropped. A single sentence over 128
//     tokens keeps its first 128.
//   - Whitespace. Texts and sentences are stripped of leading and trailing
//     white space first (Python's str.strip, as bert-score's sent_encode).
//   - The max is over the other side's tokens only, so it can be
//     negative. bert-score takes it over a zero-padded batch (and over
//     [CLS] and [SEP]), which floors it at 0 when the other text is
//     shorter than the longest of its batch; contextual vectors of one
//     encoder are rarely opposed, so this almost never matters there.
//   - A side without tokens (empty or white space) gives P = R = F = 0
//     with a flag the caller turns into a warning (bert-score warns and
//     sets them to 0 too), also when rescaling.
//   - With IDF, a side whose tokens all have weight 0 (each occurs in every
//     reference, e.g. the reference of a one-pair request) would be 0/0;
//     that side is averaged with equal weights instead and flagged.
//
// # Rescaling
//
// Like bert-score's rescale_with_baseline, each of P, R and F is mapped to
// (s - b)/(1 - b) with b its baseline: the mean score of unrelated
// sentence pairs, computed for this encoder without IDF (bert-score uses
// one baseline for both IDF settings too). USELiteBaseline was computed
// from random pairs of Climate-FEVER evidence sentences of different
// claims by scripts/reference/bertscore_baseline; see baseline.go.
package bertscore

import (
	"errors"
	"fmt"
	"math"

	"github.com/cecbench/cecbench/matmul"
)

// Tokens is one text's token ids and contextual token vectors. It has the
// same fields as uselite.TokenMatrix, so one converts to the other.
type Tokens struct {
	// IDs are the vocabulary ids of the tokens, used for IDF weights.
	IDs []int
	// Dim is the length of one vector.
	Dim int
	// Vectors holds len(IDs) rows of Dim floats; row i belongs to IDs[i].
	// Rows need not be unit length.
	Vectors []float32
}

// Result is the BERTScore of one candidate against one reference.
type Result struct {
	Precision float64
	Recall    float64
	F1        float64
	// EmptyCandidate and EmptyReference report a side without tokens; the
	// three scores are then 0 and the caller should warn.
	EmptyCandidate bool
	EmptyReference bool
	// ZeroIDF reports that all IDF weights of a side were 0, so that side
	// was averaged with equal weights (see the package doc).
	ZeroIDF bool
}

// ErrShape is wrapped by errors about token matrices whose sizes do not
// fit together.
var ErrShape = errors.New("bertscore: token matrix shape")

// check returns an error when t's vectors do not hold len(IDs) rows of Dim.
func (t Tokens) check(side string) error {
	if (t.Dim <= 0 && len(t.IDs) > 0) || len(t.Vectors) != len(t.IDs)*t.Dim {
		return fmt.Errorf("%w: %s has %d ids, dimension %d and %d floats", ErrShape, side, len(t.IDs), t.Dim, len(t.Vectors))
	}
	return nil
}

// Compute returns the BERTScore of cand against ref: Greedy, then
// Match.Score. idf nil weighs every token 1; otherwise idf gives the
// weights (see NewIDF). It fails only when a matrix is malformed or the two
// have different dimensions.
func Compute(cand, ref Tokens, idf *IDF) (Result, error) {
	m, err := Greedy(cand, ref)
	if err != nil {
		return Result{}, err
	}
	return m.Score(idf), nil
}

// Match is the greedy matching of one candidate against one reference: for
// every token of each side, its best cosine with any token of the other.
// It keeps the ids for the weights but no vectors, so a Scorer can match
// many pairs first and weigh them once the IDF of all references is known.
type Match struct {
	CandIDs  []int
	RefIDs   []int
	CandBest []float64 // CandBest[i] = max over reference tokens y of cos(x_i, y)
	RefBest  []float64 // RefBest[j] = max over candidate tokens x of cos(x, y_j)
}

// Greedy matches cand against ref. It fails only when a matrix is
// malformed or the two have different dimensions.
func Greedy(cand, ref Tokens) (Match, error) {
	if err := cand.check("candidate"); err != nil {
		return Match{}, err
	}
	if err := ref.check("reference"); err != nil {
		return Match{}, err
	}
	n, m := len(cand.IDs), len(ref.IDs)
	res := Match{CandIDs: cand.IDs, RefIDs: ref.IDs}
	if n == 0 || m == 0 {
		return res, nil
	}
	if cand.Dim != ref.Dim {
		return Match{}, fmt.Errorf("%w: candidate dimension %d, reference %d", ErrShape, cand.Dim, ref.Dim)
	}
	// sim[i·m+j] = cos(x_i, y_j): float32 dot products of unit rows.
	sim := make([]float32, n*m)
	matmul.MulBT(sim, unitRows(cand), unitRows(ref), n, cand.Dim, m)

	res.CandBest = make([]float64, n)
	res.RefBest = make([]float64, m)
	for j := range res.RefBest {
		res.RefBest[j] = math.Inf(-1)
	}
	for i := 0; i < n; i++ {
		best := math.Inf(-1)
		for j, v := range sim[i*m : (i+1)*m] {
			c := float64(v)
			best = max(best, c)
			res.RefBest[j] = max(res.RefBest[j], c)
		}
		res.CandBest[i] = best
	}
	return res, nil
}

// Score weighs the matches into P, R and F; idf nil weighs every token 1.
func (m Match) Score(idf *IDF) Result {
	if len(m.CandIDs) == 0 || len(m.RefIDs) == 0 {
		return Result{EmptyCandidate: len(m.CandIDs) == 0, EmptyReference: len(m.RefIDs) == 0}
	}
	var res Result
	var zeroP, zeroR bool
	res.Precision, zeroP = weightedMean(m.CandBest, m.CandIDs, idf)
	res.Recall, zeroR = weightedMean(m.RefBest, m.RefIDs, idf)
	res.ZeroIDF = zeroP || zeroR
	if s := res.Precision + res.Recall; s != 0 {
		res.F1 = 2 * res.Precision * res.Recall / s
	}
	return res
}

// weightedMean returns Σ w(id_i)·v_i / Σ w(id_i), with weight 1 when idf is
// nil. When idf gives every id weight 0 it returns the plain mean and true.
func weightedMean(v []float64, ids []int, idf *IDF) (float64, bool) {
	var sum, wsum float64
	if idf != nil {
		for i, id := range ids {
			w := idf.Weight(id)
			sum += w * v[i]
			wsum += w
		}
		if wsum > 0 {
			return sum / wsum, false
		}
		sum = 0
	}
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v)), idf != nil
}

// unitRows returns t's rows scaled to unit length (norms in float64); a
// zero row stays zero, so its cosine with anything is 0.
func unitRows(t Tokens) []float32 {
	out := make([]float32, len(t.Vectors))
	for r := range t.IDs {
		row := t.Vectors[r*t.Dim : (r+1)*t.Dim]
		var sq float64
		for _, v := range row {
			sq += float64(v) * float64(v)
		}
		if sq == 0 {
			continue
		}
		inv := 1 / math.Sqrt(sq)
		o := out[r*t.Dim : (r+1)*t.Dim]
		for j, v := range row {
			o[j] = float32(float64(v) * inv)
		}
	}
	return out
}
