package scoring

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cecbench/cecbench/scoring/bleu"
	"github.com/cecbench/cecbench/scoring/rouge"
)

// Metric names accepted by Metrics.Compute.
const (
	MetricBLEU      = "bleu"
	MetricSacreBLEU = "sacrebleu"
	MetricROUGE     = "rouge"
	MetricMETEOR    = "meteor"
	MetricBERTScore = "bertscore"
	MetricCEC       = "cec"
)

// AllMetrics lists every metric, in the order results show them.
var AllMetrics = []string{MetricBLEU, MetricSacreBLEU, MetricROUGE, MetricMETEOR, MetricBERTScore, MetricCEC}

// METEORScorer scores a hypothesis against a reference with METEOR.
type METEORScorer interface {
	Score(reference, hypothesis string) float64
	Signature() string
}

// PRF is a precision, recall and F1 triple.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// Warnings say when a value is a convention rather than a measurement
	// (an empty side); they go into the pair's warnings.
	Warnings []string `json:"-"`
}

// BERTScoreOptions select BERTScore's variants.
type BERTScoreOptions struct {
	IDF     bool // weight tokens by IDF over the request's references
	Rescale bool // rescale with the encoder's baseline
}

// BERTScorer computes BERTScore for candidates against references.
type BERTScorer interface {
	Score(ctx context.Context, candidates, references []string, opts BERTScoreOptions) ([]PRF, error)
	Signature(opts BERTScoreOptions) string
}

// MetricsOptions choose the metrics and their variants.
type MetricsOptions struct {
	// Metrics names the metrics to compute; empty means all.
	Metrics []string
	// RougeUseStemmer stems with NLTK's Porter stemmer (default false, as
	// Hugging Face evaluate).
	RougeUseStemmer bool
	BERTScore       BERTScoreOptions
}

// wants reports whether the metric name was asked for.
func (o MetricsOptions) wants(name string) bool {
	return len(o.Metrics) == 0 || slices.Contains(o.Metrics, name)
}

// PairMetrics are the scores of one pair; a nil field was not asked for or
// is undefined for this pair (see Warnings).
type PairMetrics struct {
	ID        string   `json:"id,omitempty"`
	BLEU      *float64 `json:"bleu,omitempty"`
	SacreBLEU *float64 `json:"sacrebleu,omitempty"`
	Rouge1    *float64 `json:"rouge1,omitempty"`
	Rouge2    *float64 `json:"rouge2,omitempty"`
	RougeL    *float64 `json:"rougeL,omitempty"`
	RougeLsum *float64 `json:"rougeLsum,omitempty"`
	METEOR    *float64 `json:"meteor,omitempty"`
	BERTScore *PRF     `json:"bertscore,omitempty"`
	CEC       *float64 `json:"cec,omitempty"`
	Warnings  []string `json:"warnings"`
}

// MetricsResult holds per-pair scores, corpus-level scores (BLEU and
// sacreBLEU with their libraries' corpus formulas, means of the others)
// and the signature of every metric computed.
type MetricsResult struct {
	Pairs      []PairMetrics     `json:"pairs"`
	Corpus     PairMetrics       `json:"corpus"`
	Signatures map[string]string `json:"signatures"`
}

// Metrics computes the baseline text metrics and CEC for pairs.
type Metrics struct {
	cec       *Scorer
	meteor    METEORScorer
	meteorErr error
	bertscore BERTScorer
	maxChars  int
}

// ErrUnavailable is wrapped by errors about a metric this server cannot
// compute as configured (say, METEOR without a WordNet database).
var ErrUnavailable = errors.New("metric unavailable")

// MetricsConfig holds a Metrics' dependencies.
type MetricsConfig struct {
	CEC *Scorer // required
	// METEOR may be nil when METEORError says why it is unavailable.
	METEOR      METEORScorer
	METEORError error
	BERTScore   BERTScorer // required
	// MaxTextChars bounds each text (default 100000 characters).
	MaxTextChars int
}

// NewMetrics validates cfg and returns a Metrics.
func NewMetrics(cfg MetricsConfig) (*Metrics, error) {
	if cfg.CEC == nil || cfg.BERTScore == nil || (cfg.METEOR == nil && cfg.METEORError == nil) {
		return nil, errors.New("scoring: MetricsConfig needs CEC, BERTScore and METEOR (or METEORError)")
	}
	setDefault(&cfg.MaxTextChars, 100000)
	return &Metrics{cec: cfg.CEC, meteor: cfg.METEOR, meteorErr: cfg.METEORError, bertscore: cfg.BERTScore, maxChars: cfg.MaxTextChars}, nil
}

// Validate checks the metric names and the size of the request before any
// work starts.
func (m *Metrics) Validate(pairs []Pair, opts MetricsOptions) error {
	for _, name := range opts.Metrics {
		if !slices.Contains(AllMetrics, name) {
			return &InvalidError{Field: "metrics", Reason: fmt.Sprintf("unknown metric %q; valid: %s", name, strings.Join(AllMetrics, ", "))}
		}
	}
	if m.meteor == nil && opts.wants(MetricMETEOR) {
		return fmt.Errorf("%w: meteor: %v (or leave meteor out of metrics)", ErrUnavailable, m.meteorErr)
	}
	if max := m.cec.Limits().MaxPairs; len(pairs) > max {
		return &LimitError{Field: "pairs", Limit: "max_pairs", Max: max, Got: len(pairs)}
	}
	for i, p := range pairs {
		for _, side := range []struct{ name, text string }{{"generated", p.Generated}, {"reference", p.Reference}} {
			if n := utf8.RuneCountInString(side.text); n > m.maxChars {
				return &LimitError{Field: fmt.Sprintf("pairs[%d].%s", i, side.name), Limit: "max_text_chars", Max: m.maxChars, Got: n}
			}
		}
	}
	return nil
}

// Compute scores every pair with the chosen metrics.
func (m *Metrics) Compute(ctx context.Context, pairs []Pair, opts MetricsOptions) (MetricsResult, error) {
	if err := m.Validate(pairs, opts); err != nil {
		return MetricsResult{}, err
	}
	want := opts.wants
	res := MetricsResult{Pairs: make([]PairMetrics, len(pairs))}
	for i, p := range pairs {
		res.Pairs[i] = PairMetrics{ID: p.ID, Warnings: []string{}}
	}
	m.lexical(pairs, res.Pairs, opts)
	if want(MetricBERTScore) {
		if err := m.addBERTScore(ctx, pairs, res.Pairs, opts.BERTScore); err != nil {
			return MetricsResult{}, err
		}
	}
	if want(MetricCEC) {
		scores, err := m.cec.Score(ctx, pairs, Options{})
		if err != nil {
			return MetricsResult{}, err
		}
		for i, s := range scores {
			v := s.Coherence.CEC
			res.Pairs[i].CEC = &v
			res.Pairs[i].Warnings = append(res.Pairs[i].Warnings, s.Warnings...)
		}
	}
	res.Corpus, res.Signatures = m.Corpus(pairs, res.Pairs, opts)
	return res, nil
}

// lexical computes BLEU, sacreBLEU, ROUGE and METEOR, spreading pairs over
// a few goroutines (they are independent and CPU-bound).
func (m *Metrics) lexical(pairs []Pair, out []PairMetrics, opts MetricsOptions) {
	const workers = 4
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(pairs); i += workers {
				m.lexicalPair(pairs[i], &out[i], opts)
			}
		}()
	}
	wg.Wait()
}

func (m *Metrics) lexicalPair(p Pair, out *PairMetrics, opts MetricsOptions) {
	want := opts.wants
	if want(MetricBLEU) {
		r, err := bleu.HF(p.Generated, p.Reference)
		if err != nil {
			out.Warnings = append(out.Warnings, "bleu is null: "+err.Error())
		} else {
			out.BLEU = &r.Score
		}
	}
	if want(MetricSacreBLEU) {
		v := bleu.Sacre(p.Generated, p.Reference).Score
		out.SacreBLEU = &v
	}
	if want(MetricROUGE) {
		s := rouge.Compute(p.Reference, p.Generated, opts.RougeUseStemmer)
		r1, r2, rl, rls := s.Rouge1.F, s.Rouge2.F, s.RougeL.F, s.RougeLsum.F
		out.Rouge1, out.Rouge2, out.RougeL, out.RougeLsum = &r1, &r2, &rl, &rls
	}
	if want(MetricMETEOR) {
		v := m.meteor.Score(p.Reference, p.Generated)
		out.METEOR = &v
	}
}

func (m *Metrics) addBERTScore(ctx context.Context, pairs []Pair, out []PairMetrics, opts BERTScoreOptions) error {
	cands := make([]string, len(pairs))
	refs := make([]string, len(pairs))
	for i, p := range pairs {
		cands[i], refs[i] = p.Generated, p.Reference
	}
	scores, err := m.bertscore.Score(ctx, cands, refs, opts)
	if err != nil {
		return fmt.Errorf("bertscore: %w", err)
	}
	for i := range out {
		s := scores[i]
		out[i].BERTScore = &s
		out[i].Warnings = append(out[i].Warnings, s.Warnings...)
	}
	return nil
}

// Corpus returns the corpus-level scores of pairs whose per-pair scores are
// scored (from one or several Compute calls), and the signatures of the
// lexical metrics and CEC.
func (m *Metrics) Corpus(pairs []Pair, scored []PairMetrics, opts MetricsOptions) (PairMetrics, map[string]string) {
	want := opts.wants
	res := &MetricsResult{Pairs: scored, Corpus: PairMetrics{Warnings: []string{}}, Signatures: map[string]string{}}
	hyps := make([]string, len(pairs))
	refs := make([]string, len(pairs))
	for i, p := range pairs {
		hyps[i], refs[i] = p.Generated, p.Reference
	}
	c := &res.Corpus
	if want(MetricBLEU) {
		res.Signatures[MetricBLEU] = bleu.HFSignature
		if r, err := bleu.HFCorpus(hyps, refs); err != nil {
			c.Warnings = append(c.Warnings, "corpus bleu is null: "+err.Error())
		} else {
			c.BLEU = &r.Score
		}
	}
	if want(MetricSacreBLEU) {
		res.Signatures[MetricSacreBLEU] = bleu.SacreSignature
		res.Signatures["sacrebleu_corpus"] = bleu.SacreCorpusSignature
		if r, err := bleu.SacreCorpus(hyps, refs); err != nil {
			c.Warnings = append(c.Warnings, "corpus sacrebleu is null: "+err.Error())
		} else {
			c.SacreBLEU = &r.Score
		}
	}
	if want(MetricROUGE) {
		res.Signatures[MetricROUGE] = rouge.Signature(opts.RougeUseStemmer)
		c.Rouge1 = meanOf(res.Pairs, func(p PairMetrics) *float64 { return p.Rouge1 })
		c.Rouge2 = meanOf(res.Pairs, func(p PairMetrics) *float64 { return p.Rouge2 })
		c.RougeL = meanOf(res.Pairs, func(p PairMetrics) *float64 { return p.RougeL })
		c.RougeLsum = meanOf(res.Pairs, func(p PairMetrics) *float64 { return p.RougeLsum })
	}
	if want(MetricMETEOR) {
		res.Signatures[MetricMETEOR] = m.meteor.Signature()
		c.METEOR = meanOf(res.Pairs, func(p PairMetrics) *float64 { return p.METEOR })
	}
	if want(MetricBERTScore) {
		res.Signatures[MetricBERTScore] = m.bertscore.Signature(opts.BERTScore)
		p := meanOf(res.Pairs, func(p PairMetrics) *float64 { return &p.BERTScore.Precision })
		r := meanOf(res.Pairs, func(p PairMetrics) *float64 { return &p.BERTScore.Recall })
		f := meanOf(res.Pairs, func(p PairMetrics) *float64 { return &p.BERTScore.F1 })
		if p != nil {
			c.BERTScore = &PRF{Precision: *p, Recall: *r, F1: *f}
		}
	}
	if want(MetricCEC) {
		res.Signatures[MetricCEC] = m.cec.Signature().String()
		c.CEC = meanOf(res.Pairs, func(p PairMetrics) *float64 { return p.CEC })
	}
	return res.Corpus, res.Signatures
}

// meanOf averages the non-nil values get returns; nil when there are none.
func meanOf(pairs []PairMetrics, get func(PairMetrics) *float64) *float64 {
	var sum float64
	n := 0
	for _, p := range pairs {
		if v := get(p); v != nil {
			sum += *v
			n++
		}
	}
	if n == 0 {
		return nil
	}
	m := sum / float64(n)
	return &m
}
