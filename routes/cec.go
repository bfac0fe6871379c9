package routes

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/scoring"
)

// CECRequest is the body of POST /v1/cec. Send exactly one of: a pair
// (generated + reference), a batch (pairs), or precomputed sentence
// vectors (generated_embeddings + reference_embeddings).
type CECRequest struct {
	// Generated is the student's explanation.
	Generated *string `json:"generated,omitempty" example:"Burning fossil fuels releases CO2. The extra CO2 traps heat, so temperatures rise."`
	// Reference is the teacher's explanation.
	Reference *string `json:"reference,omitempty" example:"Fossil fuel combustion emits carbon dioxide. Carbon dioxide is a greenhouse gas that traps heat. As a result, global temperatures increase."`
	// Pairs scores many pairs in one request (at most 1000).
	Pairs []PairInput `json:"pairs,omitempty"`
	// IncludeAlignment adds the per-sentence alignment (default true).
	IncludeAlignment *bool `json:"include_alignment,omitempty" example:"true"`
	// GeneratedEmbeddings are sentence vectors of the generated text.
	GeneratedEmbeddings [][]float64 `json:"generated_embeddings,omitempty"`
	// ReferenceEmbeddings are sentence vectors of the reference.
	ReferenceEmbeddings [][]float64 `json:"reference_embeddings,omitempty"`
	// UncoveredThreshold is the similarity below which a reference sentence
	// is listed as uncovered (default 0.5).
	UncoveredThreshold *float64 `json:"uncovered_threshold,omitempty" example:"0.5"`
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

// CECResponse documents both answers of POST /v1/cec in one schema: a
// pair or vectors get the CECResult fields, a batch gets results, summary
// and signature. It exists for the OpenAPI spec only.
type CECResponse struct {
	CECResult
	Results []CECResult      `json:"results,omitempty"`
	Summary *scoring.Summary `json:"summary,omitempty"`
}

// CECBatchResponse is the answer to a batch.
type CECBatchResponse struct {
	Results   []CECResult     `json:"results"`
	Summary   scoring.Summary `json:"summary"`
	Signature string          `json:"signature"`
}

// cec godoc
//
//	@Summary		Causal Explanation Coherence
//	@Description	Scores a generated explanation against a reference with CEC: both are split into sentences (Punkt, NLTK English), each sentence is embedded, and forward = mean over generated sentences of the best cosine with a reference sentence, backward = the same from the reference side, cec = their mean.
//	@Description	Three request shapes: one pair (`generated`, `reference`) -> a CECResult; a batch (`pairs`, up to 1000) -> `results` in order with a `summary` (n, mean, sd, 95% bootstrap CI, fixed seed); precomputed sentence vectors (`generated_embeddings`, `reference_embeddings`) -> a CECResult without sentences.
//	@Description	Empty or whitespace-only text is not an error: cec is 0 with a warning. Limits: 4 MiB body, 1000 pairs, 512 sentences a text, 10000 characters a sentence.
//	@Tags			scoring
//	@Accept			json
//	@Produce		json
//	@Param			request	body		CECRequest	true	"a pair, a batch, or precomputed vectors"
//	@Success		200		{object}	CECResponse	"a pair or vectors: the CECResult fields; a batch: results, summary, signature"
//	@Failure		400		{object}	Problem	"malformed JSON or an unknown field"
//	@Failure		413		{object}	Problem	"body over the limit"
//	@Failure		422		{object}	Problem	"wrong types, bad vectors, a limit exceeded"
//	@Failure		503		{object}	Problem	"encoder still loading"
//	@Router			/v1/cec [post]
func (h *handlers) cec(c echo.Context) error {
	var req CECRequest
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	opts := scoring.Options{UncoveredThreshold: req.UncoveredThreshold}
	withAlignment := req.IncludeAlignment == nil || *req.IncludeAlignment
	hasPair := req.Generated != nil || req.Reference != nil
	hasVectors := req.GeneratedEmbeddings != nil || req.ReferenceEmbeddings != nil
	switch {
	case req.Pairs != nil && (hasPair || hasVectors), hasPair && hasVectors:
		return &scoring.InvalidError{Reason: "send one of: generated + reference, pairs, or generated_embeddings + reference_embeddings; not several"}
	case req.Pairs != nil:
		return h.cecBatch(c, req.Pairs, opts, withAlignment)
	case hasVectors:
		return h.cecVectors(c, req, opts, withAlignment)
	case req.Generated == nil:
		return &scoring.InvalidError{Field: "generated", Reason: "is required (or send pairs, or generated_embeddings + reference_embeddings)"}
	case req.Reference == nil:
		return &scoring.InvalidError{Field: "reference", Reason: "is required"}
	}
	scorer, err := h.d.Backend.Scorer()
	if err != nil {
		return err
	}
	res, err := scorer.Score(c.Request().Context(), []scoring.Pair{{Generated: *req.Generated, Reference: *req.Reference}}, opts)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, NewCECResult(res[0], withAlignment))
}

func (h *handlers) cecBatch(c echo.Context, in []PairInput, opts scoring.Options, withAlignment bool) error {
	scorer, err := h.d.Backend.Scorer()
	if err != nil {
		return err
	}
	pairs := make([]scoring.Pair, len(in))
	for i, p := range in {
		pairs[i] = scoring.Pair{ID: p.ID, Generated: p.Generated, Reference: p.Reference}
	}
	res, err := scorer.Score(c.Request().Context(), pairs, opts)
	if err != nil {
		return err
	}
	out := CECBatchResponse{Results: make([]CECResult, len(res))}
	values := make([]float64, len(res))
	for i, r := range res {
		out.Results[i] = NewCECResult(r, withAlignment)
		values[i] = r.Coherence.CEC
		out.Signature = r.Signature.String()
	}
	out.Summary = scoring.Summarize(values)
	return c.JSON(http.StatusOK, out)
}

func (h *handlers) cecVectors(c echo.Context, req CECRequest, opts scoring.Options, withAlignment bool) error {
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
	res, err := scorer.ScoreVectors(req.GeneratedEmbeddings, req.ReferenceEmbeddings, opts)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, NewCECResult(res, withAlignment))
}

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
