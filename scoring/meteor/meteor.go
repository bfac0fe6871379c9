// Package meteor computes METEOR exactly as NLTK 3.8's
// nltk.translate.meteor_score.single_meteor_score(reference, hypothesis)
// does with its defaults (preprocess=str.lower, PorterStemmer(), WordNet 3.0,
// alpha=0.9, beta=3, gamma=0.5), on the tokens of NLTK's word_tokenize
// (package treebank).
//
// NLTK aligns the two token lists in three stages, each on the words the
// previous ones left unmatched:
//
//  1. exact: the lower-cased words are compared;
//  2. stem: the words are replaced by their Porter stems (NLTK_EXTENSIONS
//     mode, package porter) and compared;
//  3. WordNet: a reference word matches a hypothesis word when its stem is
//     one of the lemma names (without multi-word names) of the synsets that
//     wordnet.synsets finds for the hypothesis word's stem: the stems, not
//     the words, are looked up, because stage 2 hands its stemmed lists on.
//
// Each stage is greedy in NLTK's order: hypothesis words from last to first,
// each taking the last still unmatched reference word that fits. With m
// matches among t hypothesis and r reference tokens, precision P = m/t,
// recall R = m/r, Fmean = P*R / (alpha*P + (1-alpha)*R), and with c chunks
// (runs of matches adjacent in both texts, in hypothesis order) the score is
// (1 - gamma*(c/m)^beta) * Fmean; it is 0 when either side has no tokens or
// nothing matches.
//
// Which synsets a stem has depends on the morphy variant of the WordNet
// given to New (package wordnet): NLTK 3.9's one-suffix morphy, the
// default, is what the project's reference values use; NLTK 3.8's recursive
// morphy is available too. They give the same score on almost every pair.
package meteor

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/cecbench/cecbench/scoring/treebank"
	"github.com/cecbench/cecbench/wordnet"
)

// Signature names everything a METEOR value depends on, in the project's
// sacreBLEU-like signature style.
const Signature = "meteor|impl:nltk-3.8+morphy-3.9|alpha:0.9|beta:3|gamma:0.5|wordnet:3.0|stem:porter-nltk|tok:nltk-word_tokenize"

// NLTK's defaults for single_meteor_score. They are variables, not
// constants, so that 1-alpha is computed in float64 arithmetic as Python
// does (0.09999999999999998), not exactly as a Go constant expression
// would be (0.1).
var (
	defaultAlpha = 0.9
	defaultBeta  = 3.0
	defaultGamma = 0.5
)

// Meteor computes METEOR scores. Its configuration is fixed at New; it
// memoises what it computes per distinct token (lower-casing, stem, WordNet
// synonyms) in a bounded cache, which changes no result. It is safe for
// concurrent use.
type Meteor struct {
	wn                 *wordnet.WordNet
	alpha, beta, gamma float64
	gen                atomic.Pointer[generation]
	maxWords           int64     // cache entries before a new generation starts
	scratch            sync.Pool // *aligner
}

// New returns a Meteor that finds synonyms in wn. With a nil wn the WordNet
// stage matches nothing, which is not NLTK's METEOR; Signature assumes
// WordNet 3.0.
func New(wn *wordnet.WordNet) *Meteor {
	m := &Meteor{wn: wn, alpha: defaultAlpha, beta: defaultBeta, gamma: defaultGamma, maxWords: maxCachedWords}
	m.gen.Store(new(generation))
	m.scratch.New = func() any { return new(aligner) }
	return m
}

// Score returns the METEOR score of hypothesis against reference, as
// single_meteor_score(word_tokenize(reference), word_tokenize(hypothesis)).
func (m *Meteor) Score(reference, hypothesis string) float64 {
	a := m.scratch.Get().(*aligner)
	// The token lists live in the pooled aligner; they are cleared after
	// use so that it does not keep the texts alive.
	a.refTokens = treebank.AppendWordTokenize(a.refTokens[:0], reference)
	a.hypTokens = treebank.AppendWordTokenize(a.hypTokens[:0], hypothesis)
	matches, chunks := a.align(m, a.refTokens, a.hypTokens)
	score := m.formula(len(a.hypTokens), len(a.refTokens), matches, chunks)
	clear(a.refTokens)
	clear(a.hypTokens)
	a.release()
	m.scratch.Put(a)
	return score
}

// ScoreTokens returns the METEOR score of the hypothesis tokens against the
// reference tokens, as single_meteor_score(reference, hypothesis). The score
// is in [0, 1]; it is 0 when either list is empty or no word matches.
func (m *Meteor) ScoreTokens(reference, hypothesis []string) float64 {
	a := m.scratch.Get().(*aligner)
	matches, chunks := a.align(m, reference, hypothesis)
	a.release()
	m.scratch.Put(a)
	return m.formula(len(hypothesis), len(reference), matches, chunks)
}

// formula is single_meteor_score's arithmetic, operation by operation, with
// its ZeroDivisionError cases returning 0.
func (m *Meteor) formula(translationLength, referenceLength, matches, chunks int) float64 {
	if translationLength == 0 || referenceLength == 0 || matches == 0 {
		return 0
	}
	precision := float64(matches) / float64(translationLength)
	recall := float64(matches) / float64(referenceLength)
	fmean := (precision * recall) / (m.alpha*precision + (1-m.alpha)*recall)
	fragFrac := float64(chunks) / float64(matches)
	penalty := m.gamma * math.Pow(fragFrac, m.beta)
	return (1 - penalty) * fmean
}
