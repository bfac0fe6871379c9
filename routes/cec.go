package routes

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/scoring"
)

// CECPairRequest scores one generated explanation against its reference.
type CECPairRequest struct {
	// Generated is the student's explanation.
	Generated string `json:"generated" example:"Burning fossil fuels releases CO2. The extra CO2 traps heat, so temperatures rise."`
	// Reference is the teacher's explanation.
	Reference string `json:"reference" example:"Fossil fuel combustion emits carbon dioxide. Carbon dioxide is a greenhouse gas that traps heat. As a result, global temperatures increase."`
	// IncludeAlignment adds the per-sentence alignment (default true).
	IncludeAlignment *bool `json:"include_alignment,omitempty" example:"true"`
	// UncoveredThreshold is the similarity below which a reference sentence
	// is listed as uncovered (default 0.5).
	UncoveredThreshold *float64 `json:"uncovered_threshold,omitempty" example:"0.5"`
}

// CECBatchRequest scores many pairs (at most 1000) in one request.
type CECBatchRequest struct {
	Pairs []PairInput `json:"pairs"`
	// IncludeAlignment adds the per-sentence alignment (default true).
	IncludeAlignment *bool `json:"include_alignment,omitempty" example:"false"`
	// UncoveredThreshold: see CECPairRequest.
	UncoveredThreshold *float64 `json:"uncovered_threshold,omitempty" example:"0.5"`
}

// CECVectorsRequest scores precomputed sentence vectors: one vector per
// sentence, all of one dimension, finite numbers; [] means no sentences.
type CECVectorsRequest struct {
	GeneratedEmbeddings [][]float64 `json:"generated_embeddings"`
	ReferenceEmbeddings [][]float64 `json:"reference_embeddings"`
	// IncludeAlignment adds the per-sentence alignment (default true).
	IncludeAlignment *bool `json:"include_alignment,omitempty" example:"true"`
	// UncoveredThreshold: see CECPairRequest.
	UncoveredThreshold *float64 `json:"uncovered_threshold,omitempty" example:"0.5"`
}

// cecRequest is what POST /v1/cec decodes: any one of the three shapes.
type cecRequest struct {
	Generated           *string     `json:"generated"`
	Reference           *string     `json:"reference"`
	Pairs               []PairInput `json:"pairs"`
	GeneratedEmbeddings [][]float64 `json:"generated_embeddings"`
	ReferenceEmbeddings [][]float64 `json:"reference_embeddings"`
	IncludeAlignment    *bool       `json:"include_alignment"`
	UncoveredThreshold  *float64    `json:"uncovered_threshold"`
}

// PairInput is one pair of a batch.
type PairInput struct {
	ID        string `json:"id,omitempty" example:"claim-42"`
	Generated string `json:"generated" example:"Melting ice lowers albedo. Less sunlight is reflected, so warming speeds up."`
	Reference string `json:"reference" example:"As sea ice melts, darker ocean is exposed. The ocean absorbs more sunlight, which amplifies warming."`
}

// CECResult is the CEC of one pair.
type CECResult struct {
	// ID echoes the pair's id in a batch.
	ID       string  `json:"id,omitempty" example:"claim-42"`
	CEC      float64 `json:"cec" example:"0.71"`
	Forward  float64 `json:"forward" example:"0.74"`
	Backward float64 `json:"backward" example:"0.68"`
	// GeneratedSentences and ReferenceSentences are the split sentences
	// (absent for precomputed vectors).
	GeneratedSentences []string `json:"generated_sentences,omitempty"`
	ReferenceSentences []string `json:"reference_sentences,omitempty"`
	// Alignment is absent when include_alignment is false.
	Alignment *scoring.Alignment `json:"alignment,omitempty"`
	// Signature names the metric version, embedder, weights and splitter.
	Signature string   `json:"signature" example:"cec|v:1|emb:use-lite-en@0.2.0|weights:sha256.3855ea6772d2|split:punkt-en@nltk3.8|sim:cos|agg:mean-max"`
	Warnings  []string `json:"warnings"`
}

// CECBatchResponse is the answer to a batch.
type CECBatchResponse struct {
	Results   []CECResult     `json:"results"`
	Summary   scoring.Summary `json:"summary"`
	Signature string          `json:"signature"`
}

// cec godoc
//
//	@Summary		Causal Explanation Coherence of a pair
//	@Description	Scores a generated explanation against a reference with CEC: both are split into sentences (Punkt, NLTK English), each sentence is embedded, forward = mean over generated sentences of the best cosine with a reference sentence, backward = the same from the reference side, cec = their mean.
//	@Description	The alignment gives each sentence's best match on the other side and lists `uncovered` reference sentences (best similarity below `uncovered_threshold`).
//	@Description	This endpoint also accepts the bodies of /v1/cec/batch (`pairs`, answered like /v1/cec/batch) and /v1/cec/vectors (`generated_embeddings`, `reference_embeddings`); send one shape per request.
//	@Description	Empty or whitespace-only text is not an error: cec is 0 with a warning. Limits: 4 MiB body, 512 sentences a text, 10000 characters a sentence.
//	@Tags			scoring
//	@Accept			json
//	@Produce		json
//	@Param			request	body		CECPairRequest	true	"the two explanations"
//	@Success		200		{object}	CECResult
//	@Failure		400		{object}	Problem	"malformed JSON or an unknown field"
//	@Failure		413		{object}	Problem	"body over the limit"
//	@Failure		422		{object}	Problem	"wrong types, a missing field, a limit exceeded"
//	@Failure		503		{object}	Problem	"encoder still loading"
//	@Router			/v1/cec [post]
func (h *handlers) cec(c echo.Context) error {
	var req cecRequest
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	hasPair := req.Generated != nil || req.Reference != nil
	hasVectors := req.GeneratedEmbeddings != nil || req.ReferenceEmbeddings != nil
	switch {
	case req.Pairs != nil && (hasPair || hasVectors), hasPair && hasVectors:
		return &scoring.InvalidError{Reason: "send one of: generated + reference, pairs, or generated_embeddings + reference_embeddings; not several"}
	case req.Pairs != nil:
		return h.scoreBatch(c, CECBatchRequest{Pairs: req.Pairs, IncludeAlignment: req.IncludeAlignment, UncoveredThreshold: req.UncoveredThreshold})
	case hasVectors:
		return h.scoreVectors(c, CECVectorsRequest{GeneratedEmbeddings: req.GeneratedEmbeddings, ReferenceEmbeddings: req.ReferenceEmbeddings, IncludeAlignment: req.IncludeAlignment, UncoveredThreshold: req.UncoveredThreshold})
	case req.Generated == nil:
		return &scoring.InvalidError{Field: "generated", Reason: "is required (or send pairs, or generated_embeddings + reference_embeddings)"}
	case req.Reference == nil:
		return &scoring.InvalidError{Field: "reference", Reason: "is required"}
	}
	scorer, err := h.d.Backend.Scorer()
	if err != nil {
		return err
	}
	opts := scoring.Options{UncoveredThreshold: req.UncoveredThreshold}
	res, err := scorer.Score(c.Request().Context(), []scoring.Pair{{Generated: *req.Generated, Reference: *req.Reference}}, opts)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, NewCECResult(res[0], withAlignment(req.IncludeAlignment)))
}

// cecBatch godoc
//
//	@Summary		CEC of many pairs
//	@Description	Scores up to 1000 pairs in one request. `results` come in request order with ids echoed; `summary` has n, mean, sd (n-1) and a 95% percentile bootstrap CI of the mean (2000 resamples, fixed seed). Sentences of all pairs are embedded together. The same body is accepted by POST /v1/cec.
//	@Tags			scoring
//	@Accept			json
//	@Produce		json
//	@Param			request	body		CECBatchRequest	true	"the pairs"
//	@Success		200		{object}	CECBatchResponse
//	@Failure		400		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		422		{object}	Problem	"more than 1000 pairs, wrong types, a limit exceeded"
//	@Failure		503		{object}	Problem
//	@Router			/v1/cec/batch [post]
func (h *handlers) cecBatch(c echo.Context) error {
	var req CECBatchRequest
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	if req.Pairs == nil {
		return &scoring.InvalidError{Field: "pairs", Reason: "is required: a list of {id, generated, reference}"}
	}
	return h.scoreBatch(c, req)
}

// cecVectors godoc
//
//	@Summary		CEC of precomputed sentence vectors
//	@Description	Scores sentence vectors you embedded yourself (one vector per sentence, all of one dimension, finite numbers, at most 512 per side; [] for no sentences). The signature says `emb:client-provided`. The same body is accepted by POST /v1/cec.
//	@Tags			scoring
//	@Accept			json
//	@Produce		json
//	@Param			request	body		CECVectorsRequest	true	"the vectors"
//	@Success		200		{object}	CECResult
//	@Failure		400		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		422		{object}	Problem	"dimensions differ, non-finite numbers, a missing side"
//	@Router			/v1/cec/vectors [post]
func (h *handlers) cecVectors(c echo.Context) error {
	var req CECVectorsRequest
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	return h.scoreVectors(c, req)
}

func (h *handlers) scoreBatch(c echo.Context, req CECBatchRequest) error {
	scorer, err := h.d.Backend.Scorer()
	if err != nil {
		return err
	}
	pairs := make([]scoring.Pair, len(req.Pairs))
	for i, p := range req.Pairs {
		pairs[i] = scoring.Pair{ID: p.ID, Generated: p.Generated, Reference: p.Reference}
	}
	res, err := scorer.Score(c.Request().Context(), pairs, scoring.Options{UncoveredThreshold: req.UncoveredThreshold})
	if err != nil {
		return err
	}
	out := CECBatchResponse{Results: make([]CECResult, len(res)), Signature: scorer.Signature().String()}
	values := make([]float64, len(res))
	for i, r := range res {
		out.Results[i] = NewCECResult(r, withAlignment(req.IncludeAlignment))
		values[i] = r.Coherence.CEC
	}
	out.Summary = scoring.Summarize(values)
	return c.JSON(http.StatusOK, out)
}

func (h *handlers) scoreVectors(c echo.Context, req CECVectorsRequest) error {
	if req.GeneratedEmbeddings == nil {
		return &scoring.InvalidError{Field: "generated_embeddings", Reason: "is required with reference_embeddings (use [] for no sentences)"}
	}
	if req.ReferenceEmbeddings == nil {
		return &scoring.InvalidError{Field: "reference_embeddings", Reason: "is required with generated_embeddings (use [] for no sentences)"}
	}
	scorer, err := h.d.Backend.Scorer()
	if err != nil {
		return err
	}
	res, err := scorer.ScoreVectors(req.GeneratedEmbeddings, req.ReferenceEmbeddings, scoring.Options{UncoveredThreshold: req.UncoveredThreshold})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, NewCECResult(res, withAlignment(req.IncludeAlignment)))
}

func withAlignment(flag *bool) bool { return flag == nil || *flag }

// NewCECResult shapes a scoring result as the API answers it.
func NewCECResult(r scoring.Result, withAlignment bool) CECResult {
	out := CECResult{
		ID:                 r.ID,
		CEC:                r.Coherence.CEC,
		Forward:            r.Coherence.Forward,
		Backward:           r.Coherence.Backward,
		GeneratedSentences: r.GeneratedSentences,
		ReferenceSentences: r.ReferenceSentences,
		Signature:          r.Signature.String(),
		Warnings:           r.Warnings,
	}
	if withAlignment {
		a := r.Coherence.Align
		out.Alignment = &a
	}
	return out
}
