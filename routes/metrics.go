package routes

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/scoring"
)

// MetricsComputer computes the text metrics and CEC for pairs.
type MetricsComputer interface {
	Compute(ctx context.Context, pairs []scoring.Pair, opts scoring.MetricsOptions) (scoring.MetricsResult, error)
}

// MetricsRequest is the body of POST /v1/metrics.
type MetricsRequest struct {
	// Pairs to score (at most 1000).
	Pairs []PairInput `json:"pairs"`
	// Metrics to compute; all when absent: bleu, sacrebleu, rouge, meteor, bertscore, cec.
	Metrics []string       `json:"metrics,omitempty" example:"bleu,sacrebleu,rouge,meteor,bertscore,cec"`
	Options MetricsOptions `json:"options"`
}

// MetricsOptions tune the metrics.
type MetricsOptions struct {
	// RougeUseStemmer stems tokens with NLTK's Porter stemmer (default false, as Hugging Face evaluate).
	RougeUseStemmer bool `json:"rouge_use_stemmer" example:"false"`
	// BERTScoreIDF weights tokens by IDF over the request's references.
	BERTScoreIDF bool `json:"bertscore_idf" example:"false"`
	// BERTScoreRescale rescales P, R, F1 with the encoder's baseline.
	BERTScoreRescale bool `json:"bertscore_rescale" example:"false"`
}

// metrics godoc
//
//	@Summary		BLEU, sacreBLEU, ROUGE, METEOR, BERTScore and CEC
//	@Description	Scores every pair with the chosen metrics, equal to the reference implementations: `bleu` = Hugging Face evaluate "bleu" (13a, max order 4, no smoothing; null with a warning where it raises, e.g. empty text), `sacrebleu` = sacreBLEU 2.x sentence_bleu (0..100, exp smoothing, effective order), `rouge1/2/L/Lsum` = rouge-score 0.1.2 F-measure, `meteor` = NLTK single_meteor_score on word_tokenize tokens (WordNet 3.0), `bertscore` = greedy matching of the encoder's contextual token vectors (not roberta-large BERTScore: values differ), `cec`.
//	@Description	`corpus` holds corpus-level bleu and sacrebleu (the libraries' corpus formulas, not means) and the means of the others; `signatures` names every metric's implementation and settings.
//	@Tags			scoring
//	@Accept			json
//	@Produce		json
//	@Param			request	body		MetricsRequest	true	"pairs, metrics and options"
//	@Success		200		{object}	scoring.MetricsResult
//	@Failure		400		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		422		{object}	Problem	"unknown metric (the valid ones are listed), a limit exceeded, wrong types"
//	@Failure		503		{object}	Problem
//	@Router			/v1/metrics [post]
func (h *handlers) metrics(c echo.Context) error {
	var req MetricsRequest
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	if req.Pairs == nil {
		return &scoring.InvalidError{Field: "pairs", Reason: "is required: a list of {id, generated, reference}"}
	}
	m, err := h.d.Backend.Metrics()
	if err != nil {
		return err
	}
	pairs := make([]scoring.Pair, len(req.Pairs))
	for i, p := range req.Pairs {
		pairs[i] = scoring.Pair{ID: p.ID, Generated: p.Generated, Reference: p.Reference}
	}
	res, err := m.Compute(c.Request().Context(), pairs, scoring.MetricsOptions{
		Metrics:         req.Metrics,
		RougeUseStemmer: req.Options.RougeUseStemmer,
		BERTScore:       scoring.BERTScoreOptions{IDF: req.Options.BERTScoreIDF, Rescale: req.Options.BERTScoreRescale},
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
