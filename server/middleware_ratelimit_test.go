package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// from sends GET path from the client address remote (host:port) with the
// given header lines.
func from(t *testing.T, h http.Handler, remote, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = remote
	for _, line := range header {
		name, value, _ := strings.Cut(line, ": ")
		req.Header.Set(name, value)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// slowBucket is a limit no test outlasts: 3 at once, then one every 10 s.
func slowBucket(c *Config) { c.RateLimit, c.RateBurst = 0.1, 3 }

func TestRateLimitAnswers429AfterTheBurst(t *testing.T) {
	h := newBareServer(t, nil, slowBucket).Handler()
	for i := range 3 {
		rec := from(t, h, "192.0.2.7:4000", "/v1/datasets")
		if rec.Code != http.StatusOK {
			t.Fatalf("request %d of the burst: status %d: %s", i+1, rec.Code, rec.Body)
		}
		if got, want := rec.Header().Get("RateLimit-Remaining"), strconv.Itoa(2-i); got != want {
			t.Errorf("request %d: RateLimit-Remaining %q, want %s", i+1, got, want)
		}
		if got := rec.Header().Get("RateLimit-Limit"); got != "3" {
			t.Errorf("RateLimit-Limit %q, want 3", got)
		}
		if got := rec.Header().Get("RateLimit-Policy"); got != "3;w=30" {
			t.Errorf("RateLimit-Policy %q, want 3;w=30", got)
		}
	}
	rec := from(t, h, "192.0.2.7:4000", "/v1/datasets")
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("request 4: status %d, want 429: %s", rec.Code, rec.Body)
	}
	p := problemOf(t, rec)
	if p["status"] != float64(429) || p["title"] != "Too Many Requests" || !strings.Contains(p["detail"].(string), "0.1 requests/s with bursts of 3") {
		t.Errorf("problem %v", p)
	}
	retry, err := strconv.Atoi(rec.Header().Get("Retry-After"))
	if err != nil || retry < 9 || retry > 10 {
		t.Errorf("Retry-After %q, want 9 or 10 seconds (one token every 10 s)", rec.Header().Get("Retry-After"))
	}
	if rec.Header().Get("RateLimit-Remaining") != "0" {
		t.Errorf("RateLimit-Remaining %q, want 0", rec.Header().Get("RateLimit-Remaining"))
	}
	if reset, _ := strconv.Atoi(rec.Header().Get("RateLimit-Reset")); reset < 29 || reset > 30 {
		t.Errorf("RateLimit-Reset %q, want about 30 s until the bucket is full", rec.Header().Get("RateLimit-Reset"))
	}
}

func TestRateLimitExemptsProbesAndMetrics(t *testing.T) {
	h := newBareServer(t, nil, func(c *Config) { c.RateLimit, c.RateBurst = 0.01, 1 })
	const client = "192.0.2.8:4000"
	from(t, h.Handler(), client, "/v1/datasets")
	if rec := from(t, h.Handler(), client, "/v1/datasets"); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("the bucket should be empty: status %d", rec.Code)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		for range 3 {
			rec := from(t, h.Handler(), client, path)
			if rec.Code == http.StatusTooManyRequests || rec.Header().Get("RateLimit-Limit") != "" {
				t.Errorf("%s: status %d, RateLimit-Limit %q: want it exempt", path, rec.Code, rec.Header().Get("RateLimit-Limit"))
			}
		}
	}
	if rec := from(t, h.Handler(), client, "/swagger/index.html"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("/swagger is not exempt: status %d, want 429", rec.Code)
	}
}

func TestRateLimitIsPerClient(t *testing.T) {
	exhaust := func(t *testing.T, h http.Handler, remote string, header ...string) {
		t.Helper()
		from(t, h, remote, "/v1/datasets", header...)
		if rec := from(t, h, remote, "/v1/datasets", header...); rec.Code != http.StatusTooManyRequests {
			t.Fatalf("%s %v: second request got %d, want 429", remote, header, rec.Code)
		}
	}
	allowed := func(t *testing.T, h http.Handler, remote string, header ...string) {
		t.Helper()
		if rec := from(t, h, remote, "/v1/datasets", header...); rec.Code != http.StatusOK {
			t.Errorf("%s %v: status %d, want 200 (a bucket of its own)", remote, header, rec.Code)
		}
	}
	refused := func(t *testing.T, h http.Handler, remote string, header ...string) {
		t.Helper()
		if rec := from(t, h, remote, "/v1/datasets", header...); rec.Code != http.StatusTooManyRequests {
			t.Errorf("%s %v: status %d, want 429 (the exhausted bucket)", remote, header, rec.Code)
		}
	}
	oneEach := func(c *Config) { c.RateLimit, c.RateBurst = 0.01, 1 }

	t.Run("API keys", func(t *testing.T) {
		h := newBareServer(t, nil, oneEach).Handler()
		exhaust(t, h, "192.0.2.1:1", "Authorization: Bearer key-a")
		allowed(t, h, "192.0.2.1:1", "Authorization: Bearer key-b") // same address, other key
		refused(t, h, "198.51.100.9:1", "Authorization: bearer key-a")
		allowed(t, h, "192.0.2.1:2") // the address itself, without a key
	})
	t.Run("addresses, X-Forwarded-For ignored", func(t *testing.T) {
		h := newBareServer(t, nil, oneEach).Handler()
		exhaust(t, h, "192.0.2.1:1")
		refused(t, h, "192.0.2.1:2", "X-Forwarded-For: 203.0.113.5")
		allowed(t, h, "192.0.2.2:1")
		allowed(t, h, "[2001:db8::1]:1")
	})
	t.Run("addresses behind a trusted proxy", func(t *testing.T) {
		h := newBareServer(t, nil, func(c *Config) { oneEach(c); c.TrustProxy = true }).Handler()
		exhaust(t, h, "10.0.0.2:1", "X-Forwarded-For: 203.0.113.5")
		allowed(t, h, "10.0.0.2:1", "X-Forwarded-For: 203.0.113.6")
		// A client cannot pick its bucket by prepending addresses: the
		// nearest untrusted entry counts.
		refused(t, h, "10.0.0.2:1", "X-Forwarded-For: 198.51.100.1, 203.0.113.5")
		// Only proxies on private networks are believed.
		exhaust(t, h, "192.0.2.50:1", "X-Forwarded-For: 203.0.113.7")
		refused(t, h, "192.0.2.50:1", "X-Forwarded-For: 203.0.113.8")
	})
}

// failingLimiter always fails, like a limiter whose Redis is down.
type failingLimiter struct{ calls int }

func (f *failingLimiter) Allow(context.Context, string) (Decision, error) {
	f.calls++
	return Decision{}, errors.New("connection refused")
}

func TestRateLimitLetsRequestsThroughWhenTheLimiterFails(t *testing.T) {
	var out lockedBuilder
	e := echo.New()
	l := &failingLimiter{}
	e.Use(rateLimit(l, ratePolicy{rate: 1, burst: 1}, clientKey(false), slog.New(slog.NewJSONHandler(&out, nil))))
	e.GET("/v1/x", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	for range 3 {
		if rec := from(t, e, "192.0.2.1:1", "/v1/x"); rec.Code != http.StatusOK {
			t.Fatalf("status %d, want 200 with the limiter failing", rec.Code)
		}
	}
	if l.calls != 3 {
		t.Errorf("limiter asked %d times, want 3", l.calls)
	}
	if n := strings.Count(out.String(), "rate limiter failed"); n != 1 {
		t.Errorf("%d warnings logged, want 1 a minute:\n%s", n, out.String())
	}
}
