package openaichat

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cecbench/cecbench/openaichat/standin"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/teacher"
)

// These tests talk to standin, the in-process STAND-IN for a paid teacher
// API (no real model runs here).

const user = "Claim: Sea levels are rising.\nEvidence:\n1. The oceans are warming.\nLabel: SUPPORTS"

func request() teacher.Request {
	return teacher.Request{
		Model: "teacher-standin",
		Messages: []dataset.Message{
			{Role: "system", Content: "You explain claims."},
			{Role: "user", Content: user},
		},
		Temperature: 0,
		MaxTokens:   256,
	}
}

// retries records OnRetry calls.
type retries struct {
	mu    sync.Mutex
	waits []time.Duration
	errs  []error
}

func (r *retries) on(attempt int, wait time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if attempt != len(r.waits)+1 {
		panic("OnRetry attempts out of order")
	}
	r.waits = append(r.waits, wait)
	r.errs = append(r.errs, err)
}

func (r *retries) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.waits)
}

// newClient returns a client of s with fast test backoff.
func newClient(t testing.TB, s *standin.Server, o Options) (*Client, *retries) {
	t.Helper()
	r := &retries{}
	o.BaseURL = s.URL()
	if o.BaseDelay == 0 {
		o.BaseDelay = 10 * time.Millisecond
	}
	if o.MaxDelay == 0 {
		o.MaxDelay = 40 * time.Millisecond
	}
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	o.OnRetry = r.on
	return New(o), r
}

// faultOnce injects f into the first request only.
func faultOnce(f standin.Fault) func(int, standin.ChatRequest) standin.Fault {
	return func(n int, _ standin.ChatRequest) standin.Fault {
		if n == 1 {
			return f
		}
		return standin.Fault{}
	}
}

func TestCompleteReturnsContentAndUsage(t *testing.T) {
	s := standin.New(standin.Options{APIKey: "sk-test"})
	defer s.Close()
	c, r := newClient(t, s, Options{APIKey: "sk-test"})
	res, err := c.Complete(context.Background(), request())
	if err != nil {
		t.Fatal(err)
	}
	if res.Content != standin.Explain(user) {
		t.Errorf("content %q", res.Content)
	}
	prompt := int64(len(strings.Fields(user)) + 3)
	completion := int64(len(strings.Fields(res.Content)))
	if res.Usage != (teacher.Usage{PromptTokens: prompt, CompletionTokens: completion, TotalTokens: prompt + completion}) {
		t.Errorf("usage %+v", res.Usage)
	}
	if s.Requests() != 1 || s.RequestsFor(user) != 1 || r.count() != 0 {
		t.Errorf("%d requests, %d retries", s.Requests(), r.count())
	}
}

func TestCompleteSendsMaxTokens(t *testing.T) {
	s := standin.New(standin.Options{})
	defer s.Close()
	c, _ := newClient(t, s, Options{})
	req := request()
	req.MaxTokens = 4
	res, err := c.Complete(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(res.Content)); n != 4 || res.Usage.CompletionTokens != 4 {
		t.Errorf("max_tokens 4: %d words, usage %+v", n, res.Usage)
	}
}

func TestCompleteHonoursRetryAfter(t *testing.T) {
	for _, kind := range []standin.FaultKind{standin.RateLimited, standin.Unavailable} {
		s := standin.New(standin.Options{Fault: faultOnce(standin.Fault{Kind: kind, RetryAfter: time.Second})})
		c, r := newClient(t, s, Options{})
		start := time.Now()
		_, err := c.Complete(context.Background(), request())
		elapsed := time.Since(start)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if elapsed < time.Second {
			t.Errorf("fault %d: retried after %s, before the 1s Retry-After", kind, elapsed)
		}
		if r.count() != 1 || r.waits[0] != time.Second || s.Requests() != 2 {
			t.Errorf("fault %d: waits %v, %d requests", kind, r.waits, s.Requests())
		}
		var se *StatusError
		if !errors.As(r.errs[0], &se) || (se.Status != 429 && se.Status != 503) {
			t.Errorf("fault %d: retry error %v", kind, r.errs[0])
		}
	}
}

func TestCompleteRetriesTransientFailures(t *testing.T) {
	cases := map[string]standin.Fault{
		"500":       {Kind: standin.ServerError},
		"503":       {Kind: standin.Unavailable},
		"429":       {Kind: standin.RateLimited},
		"malformed": {Kind: standin.Malformed},
		"slow":      {Kind: standin.Slow, Delay: 5 * time.Second},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			s := standin.New(standin.Options{Fault: faultOnce(f)})
			defer s.Close()
			c, r := newClient(t, s, Options{Timeout: 300 * time.Millisecond})
			start := time.Now()
			res, err := c.Complete(context.Background(), request())
			if err != nil {
				t.Fatal(err)
			}
			if res.Content != standin.Explain(user) {
				t.Errorf("content %q", res.Content)
			}
			if s.Requests() != 2 || r.count() != 1 {
				t.Errorf("%d requests, %d retries; want 2 and 1", s.Requests(), r.count())
			}
			if r.waits[0] < 10*time.Millisecond || r.waits[0] > 40*time.Millisecond {
				t.Errorf("backoff %s outside [BaseDelay, MaxDelay]", r.waits[0])
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %s", d)
			}
			if name == "slow" && !strings.Contains(r.errs[0].Error(), "timed out") {
				t.Errorf("slow: retry error %v", r.errs[0])
			}
			if name == "malformed" && !errors.Is(r.errs[0], ErrMalformed) {
				t.Errorf("malformed: retry error %v", r.errs[0])
			}
		})
	}
}

func TestCompleteDoesNotRetryClientErrors(t *testing.T) {
	cases := map[string]struct {
		opts   standin.Options
		status int
	}{
		"400":     {standin.Options{Fault: func(int, standin.ChatRequest) standin.Fault { return standin.Fault{Kind: standin.BadRequest} }}, 400},
		"401":     {standin.Options{Fault: func(int, standin.ChatRequest) standin.Fault { return standin.Fault{Kind: standin.Unauthorized} }}, 401},
		"bad key": {standin.Options{APIKey: "sk-right"}, 401},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := standin.New(tc.opts)
			defer s.Close()
			c, r := newClient(t, s, Options{APIKey: "sk-wrong"})
			_, err := c.Complete(context.Background(), request())
			var se *StatusError
			if !errors.As(err, &se) || se.Status != tc.status {
				t.Fatalf("err = %v, want a StatusError %d", err, tc.status)
			}
			if !strings.Contains(se.Message, "stand-in") || !strings.Contains(err.Error(), se.Message) {
				t.Errorf("error %q lacks the server's message", err)
			}
			if s.Requests() != 1 || r.count() != 0 {
				t.Errorf("%d requests, %d retries; want exactly 1 request", s.Requests(), r.count())
			}
		})
	}
}

func TestCompleteExhaustsRetries(t *testing.T) {
	s := standin.New(standin.Options{Fault: func(int, standin.ChatRequest) standin.Fault {
		return standin.Fault{Kind: standin.ServerError}
	}})
	defer s.Close()
	c, r := newClient(t, s, Options{MaxRetries: 2})
	_, err := c.Complete(context.Background(), request())
	if err == nil || !strings.Contains(err.Error(), "after 3 attempts") || !strings.Contains(err.Error(), "HTTP 500") {
		t.Fatalf("err = %v, want it to say 3 attempts and the last error", err)
	}
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 500 {
		t.Errorf("err does not wrap the last StatusError: %v", err)
	}
	if s.Requests() != 3 || r.count() != 2 {
		t.Errorf("%d requests, %d retries", s.Requests(), r.count())
	}

	// A negative MaxRetries means one attempt.
	c, _ = newClient(t, s, Options{MaxRetries: -1})
	before := s.Requests()
	if _, err := c.Complete(context.Background(), request()); err == nil || !strings.Contains(err.Error(), "after 1 attempts") {
		t.Errorf("err = %v", err)
	}
	if s.Requests()-before != 1 {
		t.Errorf("MaxRetries -1 made %d requests", s.Requests()-before)
	}
}

func TestCompleteRetriesConnectionErrors(t *testing.T) {
	s := standin.New(standin.Options{})
	c, r := newClient(t, s, Options{MaxRetries: 1})
	s.Close()
	_, err := c.Complete(context.Background(), request())
	if err == nil || !strings.Contains(err.Error(), "after 2 attempts") || !strings.Contains(err.Error(), "connection") {
		t.Fatalf("err = %v", err)
	}
	if r.count() != 1 {
		t.Errorf("%d retries, want 1", r.count())
	}
}

func TestCompleteRetriesAnswerWithoutChoices(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if n.Add(1) == 1 {
			w.Write([]byte(`{"id":"x","object":"chat.completion","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":0,"total_tokens":1}}`))
			return
		}
		w.Write([]byte(`{"id":"y","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`))
	}))
	defer srv.Close()
	r := &retries{}
	c := New(Options{BaseURL: srv.URL + "/v1", BaseDelay: time.Millisecond, OnRetry: r.on})
	res, err := c.Complete(context.Background(), request())
	if err != nil {
		t.Fatal(err)
	}
	if res.Content != "ok" || n.Load() != 2 || !errors.Is(r.errs[0], ErrMalformed) {
		t.Errorf("content %q after %d requests, retry error %v", res.Content, n.Load(), r.errs)
	}
}

func TestCompleteStopsWhenContextIsDone(t *testing.T) {
	s := standin.New(standin.Options{Fault: func(int, standin.ChatRequest) standin.Fault {
		return standin.Fault{Kind: standin.ServerError}
	}})
	defer s.Close()
	c, r := newClient(t, s, Options{BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for r.count() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	start := time.Now()
	_, err := c.Complete(ctx, request())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("returned %s after the start, not promptly", d)
	}
	if s.Requests() != 1 {
		t.Errorf("%d requests", s.Requests())
	}

	// A context cancelled during a slow answer also returns at once.
	slow := standin.New(standin.Options{Delay: time.Hour})
	defer slow.Close()
	c, _ = newClient(t, slow, Options{})
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	if _, err := c.Complete(ctx, request()); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("err = %v after %s", err, time.Since(start))
	}
}

func TestCompleteRejectsBadInput(t *testing.T) {
	s := standin.New(standin.Options{})
	defer s.Close()
	c, _ := newClient(t, s, Options{})
	for name, req := range map[string]teacher.Request{
		"no model":    {Messages: request().Messages},
		"no messages": {Model: "m"},
		"bad role":    {Model: "m", Messages: []dataset.Message{{Role: "tool", Content: "x"}}},
	} {
		if _, err := c.Complete(context.Background(), req); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if s.Requests() != 0 {
		t.Errorf("%d requests sent for bad input", s.Requests())
	}
	for _, u := range []string{"ftp://x/v1", "not a url", "http://"} {
		if _, err := New(Options{BaseURL: u}).Complete(context.Background(), request()); err == nil || !strings.Contains(err.Error(), "base URL") {
			t.Errorf("base URL %q: err = %v", u, err)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	c := New(Options{})
	o := c.opts
	if o.BaseURL != DefaultBaseURL || o.Timeout != DefaultTimeout || o.MaxRetries != DefaultMaxRetries ||
		o.BaseDelay != DefaultBaseDelay || o.MaxDelay != DefaultMaxDelay || o.HTTPClient == nil || c.err != nil {
		t.Errorf("defaults: %+v, %v", o, c.err)
	}
	if New(Options{MaxRetries: -3}).opts.MaxRetries != 0 {
		t.Error("negative MaxRetries is not 'no retry'")
	}
}
