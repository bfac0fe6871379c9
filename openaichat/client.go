// Package openaichat is the OpenAI-compatible chat-completions client the
// teacher uses (any server speaking POST {base}/chat/completions: OpenAI,
// vLLM, Ollama, llama.cpp's llama-server). It is built on
// github.com/openai/openai-go with the SDK's own retries turned off and
// cecbench's in their place: per-attempt timeouts, exponential backoff
// with jitter, Retry-After, and errors that say what happened.
package openaichat

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/openai/openai-go"
	"github.com/openai/openai-go/option"

	"github.com/cecbench/cecbench/training/teacher"
)

// Defaults for the zero fields of Options.
const (
	DefaultBaseURL    = "https://api.openai.com/v1"
	DefaultTimeout    = 2 * time.Minute
	DefaultMaxRetries = 6
	DefaultBaseDelay  = 500 * time.Millisecond
	DefaultMaxDelay   = 30 * time.Second
	// MaxRetryAfter caps how long a server's Retry-After can make the
	// client wait before one retry.
	MaxRetryAfter = 5 * time.Minute
)

// Options configures a Client. Nothing is read from the environment.
type Options struct {
	// BaseURL is the API root, the part before /chat/completions, for
	// example http://host:port/v1. Empty means DefaultBaseURL.
	BaseURL string
	// APIKey is sent as "Authorization: Bearer <key>" when not empty.
	APIKey string
	// Timeout bounds each attempt (not the whole call, which ctx bounds);
	// 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt is retried: 0 means
	// DefaultMaxRetries, a negative number means no retry.
	MaxRetries int
	// BaseDelay and MaxDelay bound the backoff between attempts; 0 means
	// DefaultBaseDelay and DefaultMaxDelay.
	BaseDelay, MaxDelay time.Duration
	// HTTPClient sends the requests; nil means a new http.Client with
	// the default transport.
	HTTPClient *http.Client
	// OnRetry, when not nil, is called before each wait with the number
	// of the attempt that failed (from 1), the wait and its error.
	OnRetry func(attempt int, wait time.Duration, err error)
}

// Client is an OpenAI-compatible chat-completions client. It is safe for
// concurrent use.
type Client struct {
	opts    Options
	service openai.ChatCompletionService
	// err is a configuration error found by New, returned by Complete.
	err error
}

var _ teacher.Chat = (*Client)(nil)

// New returns a client for o, with its defaults filled in. An unusable
// BaseURL is reported by every Complete call.
func New(o Options) *Client {
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	switch {
	case o.MaxRetries == 0:
		o.MaxRetries = DefaultMaxRetries
	case o.MaxRetries < 0:
		o.MaxRetries = 0
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = DefaultBaseDelay
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	if o.MaxDelay < o.BaseDelay {
		o.MaxDelay = o.BaseDelay
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
	}
	c := &Client{opts: o}
	if u, err := url.Parse(o.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.err = fmt.Errorf("openaichat: base URL %q is not an http(s) URL", o.BaseURL)
		return c
	}
	// openai.NewClient would read OPENAI_* environment variables; the
	// service alone takes only the options given here.
	sdk := []option.RequestOption{
		option.WithBaseURL(o.BaseURL),
		option.WithHTTPClient(o.HTTPClient),
		option.WithMaxRetries(0),
	}
	if o.APIKey != "" {
		sdk = append(sdk, option.WithAPIKey(o.APIKey))
	}
	c.service = openai.NewChatCompletionService(sdk...)
	return c
}

// Complete sends r and returns the first choice's content and the
// server's token usage. Temperature is always sent (0 is greedy);
// MaxTokens is sent as max_tokens when positive.
//
// A failed attempt is retried (up to Options.MaxRetries times) when it may
// succeed later: HTTP 408, 409, 429 and 5xx other than 501, a timed-out
// attempt, a connection error, and an answer that does not decode or has
// no choices. Other HTTP errors (400, 401, 403, 404, 422, ...) fail at
// once with a *StatusError. Between attempts it waits a random time
// between BaseDelay and an exponentially growing cap (at most MaxDelay),
// or, on 429 and 503, what the server's Retry-After says (up to
// MaxRetryAfter). When ctx is done it returns ctx's error at once. After
// the last attempt the error says how many attempts were made and wraps
// the last attempt's error.
func (c *Client) Complete(ctx context.Context, r teacher.Request) (teacher.Response, error) {
	if c.err != nil {
		return teacher.Response{}, c.err
	}
	params, err := newParams(r)
	if err != nil {
		return teacher.Response{}, err
	}
	attempts := c.opts.MaxRetries + 1
	for attempt := 1; ; attempt++ {
		resp, failure := c.attempt(ctx, params)
		if failure == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return teacher.Response{}, fmt.Errorf("openaichat: chat completion: %w", context.Cause(ctx))
		}
		if !failure.retryable {
			return teacher.Response{}, fmt.Errorf("openaichat: chat completion: %w", failure.err)
		}
		if attempt >= attempts {
			return teacher.Response{}, fmt.Errorf("openaichat: chat completion failed after %d attempts: %w", attempt, failure.err)
		}
		wait := c.backoff(attempt)
		if failure.hasRetryAfter {
			wait = failure.retryAfter
		}
		if c.opts.OnRetry != nil {
			c.opts.OnRetry(attempt, wait, failure.err)
		}
		if err := sleep(ctx, wait); err != nil {
			return teacher.Response{}, fmt.Errorf("openaichat: chat completion (waiting to retry after attempt %d: %v): %w", attempt, failure.err, err)
		}
	}
}

// newParams turns r into the SDK's request body.
func newParams(r teacher.Request) (openai.ChatCompletionNewParams, error) {
	p := openai.ChatCompletionNewParams{
		Model:       r.Model,
		Temperature: openai.Float(r.Temperature),
	}
	if r.Model == "" {
		return p, errors.New("openaichat: request has no model")
	}
	if len(r.Messages) == 0 {
		return p, errors.New("openaichat: request has no messages")
	}
	if r.MaxTokens > 0 {
		p.MaxTokens = openai.Int(int64(r.MaxTokens))
	}
	for _, m := range r.Messages {
		switch strings.ToLower(m.Role) {
		case "system":
			p.Messages = append(p.Messages, openai.SystemMessage(m.Content))
		case "user":
			p.Messages = append(p.Messages, openai.UserMessage(m.Content))
		case "assistant":
			p.Messages = append(p.Messages, openai.AssistantMessage(m.Content))
		case "developer":
			p.Messages = append(p.Messages, openai.DeveloperMessage(m.Content))
		default:
			return p, fmt.Errorf("openaichat: unsupported message role %q", m.Role)
		}
	}
	return p, nil
}

// attempt makes one request, bounded by the per-attempt timeout, and
// classifies its failure.
func (c *Client) attempt(ctx context.Context, params openai.ChatCompletionNewParams) (teacher.Response, *failure) {
	actx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	var raw *http.Response
	res, err := c.service.New(actx, params, option.WithResponseInto(&raw))
	if err != nil {
		return teacher.Response{}, classify(ctx, actx, raw, err, c.opts.Timeout)
	}
	if res == nil {
		return teacher.Response{}, &failure{err: errMalformed("empty body"), retryable: true}
	}
	if len(res.Choices) == 0 {
		return teacher.Response{}, &failure{err: errMalformed("no choices"), retryable: true}
	}
	return teacher.Response{
		Content: res.Choices[0].Message.Content,
		Usage: teacher.Usage{
			PromptTokens:     res.Usage.PromptTokens,
			CompletionTokens: res.Usage.CompletionTokens,
			TotalTokens:      res.Usage.TotalTokens,
		},
	}, nil
}

// sleep waits for d or until ctx is done, whichever comes first, and
// returns ctx's error in the second case.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
