package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxExamples is how many 5xx answers and transport errors the client
// keeps to report.
const maxExamples = 10

// api is an HTTP client of the server that counts every request, every
// 5xx answer and every request that got no answer.
type api struct {
	base string
	c    *http.Client

	requests, serverErrors, transportErrors atomic.Int64

	mu       sync.Mutex
	examples []string
}

// newAPI is a client of base whose requests give up after timeout.
func newAPI(base string, timeout time.Duration) *api {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 128
	return &api{base: strings.TrimRight(base, "/"), c: &http.Client{Timeout: timeout, Transport: tr}}
}

// response is one answer.
type response struct {
	status int
	body   []byte
	header http.Header
}

// do sends one request with a bearer token (none when empty) and extra
// headers, and counts it.
func (a *api) do(ctx context.Context, method, path, token, contentType string, body []byte, header map[string]string) (response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return response{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	a.requests.Add(1)
	resp, err := a.c.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			a.transportErrors.Add(1)
			a.example(fmt.Sprintf("%s %s: %v", method, path, err))
		}
		return response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		a.transportErrors.Add(1)
		a.example(fmt.Sprintf("%s %s: reading the answer: %v", method, path, err))
		return response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode >= 500 {
		a.serverErrors.Add(1)
		a.example(fmt.Sprintf("%s %s: %d %s", method, path, resp.StatusCode, detail(data)))
	}
	return response{status: resp.StatusCode, body: data, header: resp.Header}, nil
}

// example keeps a problem to report, up to maxExamples.
func (a *api) example(s string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.examples) < maxExamples {
		a.examples = append(a.examples, s)
	}
}

// Examples are the problems kept.
func (a *api) Examples() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.examples...)
}

// call sends in as JSON (no body when nil), wants the status want and
// decodes the answer into out (when not nil).
func (a *api) call(ctx context.Context, method, path, token string, in any, want int, out any) error {
	var body []byte
	ct := ""
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
		ct = "application/json"
	}
	resp, err := a.do(ctx, method, path, token, ct, body, nil)
	if err != nil {
		return err
	}
	return resp.decode(method+" "+path, want, out)
}

// decode checks the status and decodes the body into out (when not nil).
func (r response) decode(what string, want int, out any) error {
	if r.status != want {
		return fmt.Errorf("%s: status %d, want %d: %s", what, r.status, want, detail(r.body))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(r.body, out); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// detail is a problem+json answer's detail, else the start of the body.
func detail(body []byte) string {
	var p struct {
		Detail string `json:"detail"`
	}
	if json.Unmarshal(body, &p) == nil && p.Detail != "" {
		return p.Detail
	}
	return strings.TrimSpace(string(body[:min(len(body), 300)]))
}

// waitReady polls GET /readyz until it answers 200 or d has passed; these
// requests are not counted (a 503 while the encoder loads is expected).
func waitReady(ctx context.Context, c *http.Client, base string, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	last := "no answer"
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		if err != nil {
			return err
		}
		resp, err := c.Do(req)
		if err == nil {
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("status %d: %s", resp.StatusCode, detail(data))
		} else {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s/readyz not ready after %s: %s", base, d, last)
		case <-time.After(200 * time.Millisecond):
		}
	}
}
