package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/routes"
)

// rateLimitExempt are the paths probes and scrapers call; they are never
// limited.
var rateLimitExempt = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// rateLimit refuses, with 429 and Retry-After, the requests of a client
// whose bucket is empty, and tells every limited response the client's
// standing in RateLimit-* headers. keyOf names the client. When the
// limiter fails (Redis unreachable), requests go through and the failure
// is logged at most once a minute: the limit protects the service, and
// refusing everyone would be the outage it is there to prevent.
func rateLimit(l Limiter, p ratePolicy, keyOf func(*http.Request) string, log *slog.Logger) echo.MiddlewareFunc {
	var lastWarn atomic.Int64 // unix seconds of the last logged failure
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if rateLimitExempt[req.URL.Path] {
				return next(c)
			}
			d, err := l.Allow(req.Context(), keyOf(req))
			if err != nil {
				if now := time.Now().Unix(); now-lastWarn.Load() >= 60 {
					lastWarn.Store(now)
					log.Warn("rate limiter failed; letting requests through", "request_id", c.Response().Header().Get(echo.HeaderXRequestID), "err", err)
				}
				return next(c)
			}
			h := c.Response().Header()
			h.Set("RateLimit-Policy", fmt.Sprintf("%d;w=%d", p.burst, ceilSeconds(p.refill())))
			h.Set("RateLimit-Limit", strconv.Itoa(d.Limit))
			h.Set("RateLimit-Remaining", strconv.Itoa(d.Remaining))
			h.Set("RateLimit-Reset", strconv.FormatInt(ceilSeconds(d.Reset), 10))
			if !d.Allowed {
				retry := max(1, ceilSeconds(d.RetryAfter))
				h.Set("Retry-After", strconv.FormatInt(retry, 10))
				return echo.NewHTTPError(http.StatusTooManyRequests, fmt.Sprintf(
					"rate limit exceeded: each client may send %g requests/s with bursts of %d; retry in %d s",
					p.rate, p.burst, retry))
			}
			return next(c)
		}
	}
}

// ceilSeconds rounds d up to whole seconds.
func ceilSeconds(d time.Duration) int64 {
	return int64(math.Ceil(d.Seconds()))
}

// clientKey returns the function naming a request's client for the rate
// limiter: its API key (Authorization: Bearer), hashed so that no key is
// kept in memory or Redis, else its address. The address is the
// connection's, or with trustProxy the nearest X-Forwarded-For entry that
// is not a loopback, link-local or private address (proxies there are
// trusted to have appended the address they saw).
func clientKey(trustProxy bool) func(*http.Request) string {
	ip := echo.ExtractIPDirect()
	if trustProxy {
		ip = echo.ExtractIPFromXFFHeader()
	}
	return func(r *http.Request) string {
		if token, ok := routes.BearerToken(r); ok {
			sum := sha256.Sum256([]byte(token))
			return "key:" + hex.EncodeToString(sum[:16])
		}
		return "ip:" + ip(r)
	}
}
