// Package teacher generates the teacher's causal explanations for a
// dataset's items: it renders each item with the versioned prompt
// template, asks an OpenAI-compatible chat-completions endpoint (the Chat
// interface; package openaichat implements it) and keeps every answer in a
// kv.Store under a key derived from the item's content, the teacher and
// the template, so a rerun (or a resumed job) never pays twice for the
// same explanation.
package teacher

import (
	"context"

	"github.com/cecbench/cecbench/training/dataset"
)

// Request is one chat-completions request to the teacher.
type Request struct {
	Model    string
	Messages []dataset.Message
	// Temperature is sent as is; 0 asks for greedy decoding.
	Temperature float64
	// MaxTokens caps the answer's length; 0 leaves it to the server.
	MaxTokens int
}

// Usage counts the tokens of one or more requests, as the API reports them.
type Usage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

// Add returns the sum of u and v.
func (u Usage) Add(v Usage) Usage {
	return Usage{
		PromptTokens:     u.PromptTokens + v.PromptTokens,
		CompletionTokens: u.CompletionTokens + v.CompletionTokens,
		TotalTokens:      u.TotalTokens + v.TotalTokens,
	}
}

// Response is the teacher's answer to a Request.
type Response struct {
	Content string
	Usage   Usage
}

// Chat is a chat-completions endpoint. Complete returns the first choice's
// content; it does its own retrying, so an error it returns is final.
// Package openaichat implements it for any OpenAI-compatible server.
type Chat interface {
	Complete(ctx context.Context, r Request) (Response, error)
}

// Config says which teacher to ask and how.
type Config struct {
	// BaseURL and Model identify the teacher (both are part of the cache
	// key; BaseURL is compared without a trailing slash).
	BaseURL string `json:"base_url"`
	Model   string `json:"model"`
	// Template is the prompt template version; empty means
	// dataset.DefaultTemplate.
	Template    string  `json:"template,omitempty"`
	Temperature float64 `json:"temperature"`
	MaxTokens   int     `json:"max_tokens,omitempty"`
	// Concurrency is how many requests may be in flight at once; 0 or
	// less means DefaultConcurrency.
	Concurrency int `json:"concurrency,omitempty"`
}

// DefaultConcurrency is the number of parallel requests when
// Config.Concurrency is not set.
const DefaultConcurrency = 4

// templateVersion is the template version cfg names.
func (cfg Config) templateVersion() string {
	if cfg.Template == "" {
		return dataset.DefaultTemplate
	}
	return cfg.Template
}

// Stats sums up a Generate run.
type Stats struct {
	// Generated counts the items explained by a new request in this run.
	Generated int `json:"generated"`
	// Reused counts the items that needed no request: their explanation
	// was already stored, or another item of the same run with the same
	// cache key asked for it.
	Reused int `json:"reused"`
	// Usage is the tokens spent by this run's requests (reused
	// explanations cost nothing).
	Usage Usage `json:"usage"`
}
