package server

import (
	"fmt"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/redis/go-redis/v9"
)

// useMiddleware installs the middleware on e, outermost first: request
// id, metrics, the request log and panic recovery see every request;
// then CORS (so preflights are answered before anything counts them, and
// refusals still carry CORS headers), the rate limit and the request
// timeout. The returned function releases what the rate limiter holds
// (its Redis connections).
func (s *Server) useMiddleware(e *echo.Echo) (closeFn func() error, err error) {
	cfg, log := s.cfg, s.log
	e.Use(requestID)
	e.Use(s.metrics.middleware)
	e.Use(requestLog(log))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableErrorHandler: false, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		log.Error("panic in handler", "request_id", c.Response().Header().Get(echo.HeaderXRequestID), "err", err, "stack", string(stack))
		return err
	}}))
	if origins := cfg.CORSOriginList(); len(origins) > 0 {
		e.Use(cors(origins))
	}
	closeFn = func() error { return nil }
	if cfg.RateLimit > 0 {
		l, closeLimiter, err := newLimiter(cfg)
		if err != nil {
			return nil, err
		}
		closeFn = closeLimiter
		e.Use(rateLimit(l, ratePolicy{rate: cfg.RateLimit, burst: cfg.RateBurst}, clientKey(cfg.TrustProxy), log))
	}
	if cfg.RequestTimeout > 0 {
		e.Use(requestTimeout(cfg.RequestTimeout))
	}
	return closeFn, nil
}

// newLimiter returns the Redis limiter when cfg names Redis, so that
// every replica counts against the same buckets, else the in-process one.
func newLimiter(cfg Config) (Limiter, func() error, error) {
	p := ratePolicy{rate: cfg.RateLimit, burst: cfg.RateBurst}
	if cfg.RedisURL == "" {
		return newMemoryLimiter(p, memoryMaxKeys, time.Now), func() error { return nil }, nil
	}
	opt, err := redis.ParseURL(cfg.RedisURL)
	if err != nil {
		return nil, nil, fmt.Errorf("rate limiter: REDIS_URL: %w (want redis://[user:password@]host:port/db)", err)
	}
	client := redis.NewClient(opt)
	return newRedisLimiter(client, redisPrefix+"ratelimit:", p), sync.OnceValue(client.Close), nil
}
