// Package evaluate runs evaluation jobs: a student model (a base model
// with an optional LoRA adapter) served by llama-server writes an
// explanation for each item of a dataset split, with the prompt it was
// trained on, and the explanations are scored against the teacher's with
// CEC and the baseline metrics.
package evaluate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/training/dataset"
)

// JobType is the job type of evaluation runs.
const JobType = "eval"

// ErrInvalidParams: an evaluation job's parameters are wrong (the API
// answers 422).
var ErrInvalidParams = errors.New("invalid evaluation job")

// JobParams are an evaluation job's parameters, as posted and as stored.
type JobParams struct {
	// Model is a registered model's name or a GGUF path. An adapter's
	// name stands for its base model with the adapter.
	Model string `json:"model" example:"tinyllama-1.1b-f32"`
	// Adapter is a LoRA adapter (registered name or GGUF path) applied
	// to Model.
	Adapter string `json:"adapter,omitempty" example:"tinyllama-1.1b-f32.lora-r16.0193a1b2c3d4"`
	// AdapterScale multiplies the adapter (default 1).
	AdapterScale float64 `json:"adapter_scale,omitempty" example:"1"`
	// Selection: the split (default test) whose explained items are
	// evaluated, their teacher explanations the references, prompted
	// with the template the student was trained on.
	dataset.Selection
	// MaxTokens caps each explanation (default 256).
	MaxTokens   int     `json:"max_tokens,omitempty" example:"256"`
	Temperature float64 `json:"temperature,omitempty" example:"0"`
	Seed        int     `json:"seed,omitempty" example:"42"`
	// ContextLength is llama-server's context per slot (default 2048,
	// capped by the model's own).
	ContextLength int `json:"context_length,omitempty" example:"2048"`
	GPULayers     int `json:"gpu_layers" example:"0"`
	// Concurrency is how many items are generated at once, each in its
	// own llama-server slot (default 2).
	Concurrency int `json:"concurrency,omitempty" example:"2"`
	// Limit takes only the first Limit items of the split; 0 for all.
	Limit int `json:"limit,omitempty" example:"0"`
	// Metrics names the metrics; empty means all.
	Metrics         []string `json:"metrics,omitempty" example:"bleu,rouge,meteor,cec"`
	RougeUseStemmer bool     `json:"rouge_use_stemmer,omitempty" example:"false"`
}

// Normalize fills in the defaults and checks each field.
func (p *JobParams) Normalize() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidParams, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(p.Model) == "" {
		return bad("model is required: a registered model's name (GET /v1/models) or a GGUF path the server can read")
	}
	if err := p.Selection.Normalize(dataset.Test); err != nil {
		return bad("%v", err)
	}
	if p.AdapterScale == 0 {
		p.AdapterScale = 1
	}
	if p.MaxTokens == 0 {
		p.MaxTokens = 256
	}
	if p.ContextLength == 0 {
		p.ContextLength = 2048
	}
	if p.Concurrency == 0 {
		p.Concurrency = 2
	}
	if p.Seed == 0 {
		p.Seed = 42
	}
	for _, m := range p.Metrics {
		if !slices.Contains(scoring.AllMetrics, m) {
			return bad("metrics: unknown metric %q; valid: %s", m, strings.Join(scoring.AllMetrics, ", "))
		}
	}
	switch {
	case math.IsNaN(p.AdapterScale) || p.AdapterScale < -10 || p.AdapterScale > 10:
		return bad("adapter_scale %v: want -10 to 10", p.AdapterScale)
	case p.MaxTokens < 1 || p.MaxTokens > 8192:
		return bad("max_tokens %d: want 1 to 8192", p.MaxTokens)
	case math.IsNaN(p.Temperature) || p.Temperature < 0 || p.Temperature > 2:
		return bad("temperature %v: want 0 to 2", p.Temperature)
	case p.Seed < 0:
		return bad("seed %d: want 0 or more", p.Seed)
	case p.ContextLength < 64 || p.ContextLength > 131072:
		return bad("context_length %d: want 64 to 131072 tokens", p.ContextLength)
	case p.GPULayers < 0 || p.GPULayers > 10000:
		return bad("gpu_layers %d: want 0 (CPU only) to 10000", p.GPULayers)
	case p.Concurrency < 1 || p.Concurrency > 64:
		return bad("concurrency %d: want 1 to 64", p.Concurrency)
	case p.Limit < 0:
		return bad("limit %d: want 0 (all items) or more", p.Limit)
	}
	return nil
}

// metricsOptions are the scoring options the job asks for.
func (p JobParams) metricsOptions() scoring.MetricsOptions {
	return scoring.MetricsOptions{Metrics: p.Metrics, RougeUseStemmer: p.RougeUseStemmer}
}
