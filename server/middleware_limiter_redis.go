package server

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisLimiterTimeout bounds one limiter round trip, so that a slow Redis
// delays requests by at most this much.
const redisLimiterTimeout = 500 * time.Millisecond

// gcraScript is the generic cell rate algorithm, a token bucket kept as
// one number per key: the theoretical arrival time (TAT), in microseconds
// of Redis's clock, at which the bucket would be full again. Each request
// moves it one emission interval (1/rate) on; a request that would move
// it more than burst intervals past now is refused. One script call reads
// and writes atomically, and every replica shares Redis's clock.
//
// KEYS[1]: the bucket; ARGV[1]: emission interval (µs); ARGV[2]: burst.
// Returns {allowed 0|1, remaining, retry after µs, full again in µs}.
var gcraScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = now
local stored = redis.call('GET', KEYS[1])
if stored then
  tat = math.max(tonumber(stored), now)
end
local new_tat = tat + interval
local allow_at = new_tat - burst * interval
if now < allow_at then
  return {0, 0, allow_at - now, tat - now}
end
local ttl_ms = math.max(1, math.ceil((new_tat - now) / 1000))
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', string.format('%.0f', ttl_ms))
return {1, math.floor((now - allow_at) / interval), 0, new_tat - now}
`)

// redisLimiter keeps the buckets in Redis, so that a limit holds across
// every replica sharing it. Keys expire once their bucket is full again.
type redisLimiter struct {
	client   redis.UniversalClient
	prefix   string
	burst    int
	interval int64 // µs between tokens
}

var _ Limiter = (*redisLimiter)(nil)

// newRedisLimiter returns a Limiter for p keeping its buckets under
// prefix in client.
func newRedisLimiter(client redis.UniversalClient, prefix string, p ratePolicy) *redisLimiter {
	interval := int64(math.Max(1, math.Ceil(1e6/p.rate)))
	return &redisLimiter{client: client, prefix: prefix, burst: p.burst, interval: interval}
}

// Allow runs the script; it fails when Redis does not answer in
// redisLimiterTimeout.
func (l *redisLimiter) Allow(ctx context.Context, key string) (Decision, error) {
	ctx, cancel := context.WithTimeout(ctx, redisLimiterTimeout)
	defer cancel()
	vals, err := gcraScript.Run(ctx, l.client, []string{l.prefix + key}, l.interval, l.burst).Int64Slice()
	if err != nil {
		return Decision{}, fmt.Errorf("rate limiter: Redis script: %w", err)
	}
	if len(vals) != 4 {
		return Decision{}, fmt.Errorf("rate limiter: Redis script answered %d values, want 4", len(vals))
	}
	return Decision{
		Allowed:    vals[0] == 1,
		Limit:      l.burst,
		Remaining:  int(vals[1]),
		RetryAfter: time.Duration(vals[2]) * time.Microsecond,
		Reset:      time.Duration(vals[3]) * time.Microsecond,
	}, nil
}
