package routes

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/scoring"
)

// Limits of POST /v1/embeddings.
const (
	maxEmbeddingInputs    = 1000
	maxEmbeddingInputChar = 10000
)

// EmbeddingsRequest is the OpenAI-compatible body of POST /v1/embeddings.
type EmbeddingsRequest struct {
	// Input is a string or an array of strings (token arrays are not supported).
	Input json.RawMessage `json:"input" swaggertype:"array,string" example:"Rising CO2 traps heat.,Warmer oceans expand."`
	// Model may be empty, "default", or the served model's id.
	Model string `json:"model,omitempty" example:"use-lite-en@0.2.0"`
	// EncodingFormat is "float" (default) or "base64" (little-endian float32).
	EncodingFormat string `json:"encoding_format,omitempty" example:"float"`
	// Dimensions, when set, must equal the model's dimension (512).
	Dimensions *int `json:"dimensions,omitempty"`
	// User is accepted and ignored, as OpenAI clients send it.
	User string `json:"user,omitempty"`
}

// EmbeddingsResponse is the OpenAI-compatible answer.
type EmbeddingsResponse struct {
	Object string          `json:"object" example:"list"`
	Data   []EmbeddingData `json:"data"`
	Model  string          `json:"model" example:"use-lite-en@0.2.0"`
	Usage  EmbeddingsUsage `json:"usage"`
}

// EmbeddingData is one vector. Embedding is an array of numbers, or a
// base64 string when encoding_format is base64.
type EmbeddingData struct {
	Object    string `json:"object" example:"embedding"`
	Embedding any    `json:"embedding" swaggertype:"array,number"`
	Index     int    `json:"index" example:"0"`
}

// EmbeddingsUsage counts the tokens the model read.
type EmbeddingsUsage struct {
	PromptTokens int `json:"prompt_tokens" example:"12"`
	TotalTokens  int `json:"total_tokens" example:"12"`
}

// embeddings godoc
//
//	@Summary		Embeddings (OpenAI-compatible)
//	@Description	Embeds one text or a list of texts with the server's sentence encoder (512-d unit vectors). Works with OpenAI clients: `input` string or array, `encoding_format` float or base64. At most 1000 inputs of at most 10000 characters.
//	@Tags			embeddings
//	@Accept			json
//	@Produce		json
//	@Param			request	body		EmbeddingsRequest	true	"texts to embed"
//	@Success		200		{object}	EmbeddingsResponse
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem	"unknown model"
//	@Failure		413		{object}	Problem
//	@Failure		422		{object}	Problem
//	@Failure		503		{object}	Problem
//	@Router			/v1/embeddings [post]
func (h *handlers) embeddings(c echo.Context) error {
	var req EmbeddingsRequest
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	texts, err := embeddingInputs(req.Input)
	if err != nil {
		return err
	}
	if req.EncodingFormat != "" && req.EncodingFormat != "float" && req.EncodingFormat != "base64" {
		return &scoring.InvalidError{Field: "encoding_format", Reason: `must be "float" or "base64"`}
	}
	emb, err := h.d.Backend.Embedder()
	if err != nil {
		return err
	}
	if req.Model != "" && req.Model != "default" && req.Model != emb.ID() {
		return &RequestError{Kind: ErrNotFound, Detail: fmt.Sprintf("model %q is not served here; use %q (or leave model out)", req.Model, emb.ID())}
	}
	if req.Dimensions != nil && *req.Dimensions != emb.Dim() {
		return &scoring.InvalidError{Field: "dimensions", Reason: fmt.Sprintf("this model has %d dimensions and cannot shorten them", emb.Dim())}
	}
	vecs, err := emb.Embed(c.Request().Context(), texts)
	if err != nil {
		return err
	}
	out := EmbeddingsResponse{Object: "list", Model: emb.ID(), Data: make([]EmbeddingData, len(vecs))}
	for i, v := range vecs {
		var e any = v
		if req.EncodingFormat == "base64" {
			e = float32Base64(v)
		}
		out.Data[i] = EmbeddingData{Object: "embedding", Embedding: e, Index: i}
	}
	n := emb.CountTokens(texts)
	out.Usage = EmbeddingsUsage{PromptTokens: n, TotalTokens: n}
	return c.JSON(http.StatusOK, out)
}

// embeddingInputs accepts a string or an array of strings.
func embeddingInputs(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, &scoring.InvalidError{Field: "input", Reason: "is required: a string or an array of strings"}
	}
	var texts []string
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		texts = []string{one}
	} else if err := json.Unmarshal(raw, &texts); err != nil {
		return nil, &RequestError{Kind: ErrWrongType, Detail: "input: expected a string or an array of strings (token arrays are not supported)"}
	}
	if len(texts) == 0 {
		return nil, &scoring.InvalidError{Field: "input", Reason: "must not be an empty array"}
	}
	if len(texts) > maxEmbeddingInputs {
		return nil, &scoring.LimitError{Field: "input", Limit: "max_inputs", Max: maxEmbeddingInputs, Got: len(texts)}
	}
	for i, t := range texts {
		if n := utf8.RuneCountInString(t); n > maxEmbeddingInputChar {
			return nil, &scoring.LimitError{Field: fmt.Sprintf("input[%d]", i), Limit: "max_input_chars", Max: maxEmbeddingInputChar, Got: n}
		}
	}
	return texts, nil
}

// float32Base64 encodes v as OpenAI does for encoding_format=base64.
func float32Base64(v []float32) string {
	buf := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(x))
	}
	return base64.StdEncoding.EncodeToString(buf)
}
