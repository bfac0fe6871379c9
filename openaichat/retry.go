package openaichat

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// failure is one failed attempt: its error, whether another attempt may
// succeed, and the wait the server asked for, if any.
type failure struct {
	err           error
	retryable     bool
	retryAfter    time.Duration
	hasRetryAfter bool
}

// classify turns the SDK's error for one attempt into a failure. ctx is the
// caller's context, actx the attempt's; raw is the HTTP response when one
// arrived.
func classify(ctx, actx context.Context, raw *http.Response, err error, timeout time.Duration) *failure {
	if ctx.Err() != nil {
		return &failure{err: context.Cause(ctx)}
	}
	if actx.Err() != nil {
		return &failure{err: fmt.Errorf("attempt timed out after %s: %w", timeout, err), retryable: true}
	}
	if raw != nil && raw.StatusCode >= 400 {
		se := newStatusError(raw)
		f := &failure{err: se, retryable: retryableStatus(se.Status)}
		if se.Status == http.StatusTooManyRequests || se.Status == http.StatusServiceUnavailable {
			f.retryAfter, f.hasRetryAfter = retryAfter(raw.Header, time.Now())
		}
		return f
	}
	if raw != nil {
		// A success status whose body could not be read or decoded.
		return &failure{err: errMalformed(err.Error()), retryable: true}
	}
	var uerr *url.Error
	var nerr net.Error
	if errors.As(err, &uerr) || errors.As(err, &nerr) {
		return &failure{err: fmt.Errorf("connection: %w", err), retryable: true}
	}
	// Building the request failed: it would fail again.
	return &failure{err: err}
}

// retryableStatus reports whether an answer with this status may be
// followed by a successful retry.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusConflict, http.StatusTooManyRequests:
		return true
	case http.StatusNotImplemented, http.StatusHTTPVersionNotSupported:
		return false
	}
	return status >= 500
}

// retryAfter reads the wait a server asks for: Retry-After in seconds or
// as an HTTP date, or OpenAI's retry-after-ms, capped at MaxRetryAfter.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		return parseWait(v, time.Millisecond)
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if d, ok := parseWait(v, time.Second); ok {
		return d, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), MaxRetryAfter), true
}

// parseWait reads a non-negative number of units, capped at MaxRetryAfter.
func parseWait(v string, unit time.Duration) (time.Duration, bool) {
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || !(n >= 0) {
		return 0, false
	}
	if n*float64(unit) >= float64(MaxRetryAfter) {
		return MaxRetryAfter, true
	}
	return time.Duration(n * float64(unit)), true
}

// backoff is the wait after the given failed attempt (from 1): "full
// jitter", uniform between BaseDelay and a cap that doubles with each
// attempt from 2*BaseDelay up to MaxDelay.
func (c *Client) backoff(attempt int) time.Duration {
	base, ceiling := c.opts.BaseDelay, c.opts.MaxDelay
	limit := base
	for i := 0; i < attempt && limit < ceiling; i++ {
		limit *= 2
	}
	limit = min(limit, ceiling)
	if limit <= base {
		return base
	}
	return base + rand.N(limit-base+1)
}
