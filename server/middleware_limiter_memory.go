package server

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// memoryMaxKeys bounds the buckets one process keeps; past it, new keys
// share one overflow bucket until idle buckets are dropped.
const memoryMaxKeys = 100_000

// memoryLimiter keeps the buckets in this process: limits hold per
// replica. A bucket idle for as long as an empty one takes to fill is
// full, like a new one, so it is dropped; the map holds only the keys
// seen in about the last refill period, and never more than maxKeys.
type memoryLimiter struct {
	policy  ratePolicy
	maxKeys int
	now     func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	overflow  *rate.Limiter
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	last time.Time // when the key last asked
}

var _ Limiter = (*memoryLimiter)(nil)

// newMemoryLimiter returns an in-process Limiter for p; now is the clock
// (time.Now outside tests).
func newMemoryLimiter(p ratePolicy, maxKeys int, now func() time.Time) *memoryLimiter {
	return &memoryLimiter{
		policy:    p,
		maxKeys:   maxKeys,
		now:       now,
		buckets:   make(map[string]*bucket),
		overflow:  rate.NewLimiter(rate.Limit(p.rate), p.burst),
		lastSweep: now(),
	}
}

// Allow never fails.
func (l *memoryLimiter) Allow(_ context.Context, key string) (Decision, error) {
	now := l.now()
	l.mu.Lock()
	if now.Sub(l.lastSweep) >= l.policy.refill() {
		l.sweep(now)
	}
	lim := l.overflow
	if b, ok := l.buckets[key]; ok {
		b.last = now
		lim = b.lim
	} else if len(l.buckets) < l.maxKeys {
		lim = rate.NewLimiter(rate.Limit(l.policy.rate), l.policy.burst)
		l.buckets[key] = &bucket{lim: lim, last: now}
	}
	l.mu.Unlock()
	return l.take(lim, now), nil
}

// take spends one token of lim at now.
func (l *memoryLimiter) take(lim *rate.Limiter, now time.Time) Decision {
	p := l.policy
	allowed := lim.AllowN(now, 1)
	tokens := lim.TokensAt(now)
	d := Decision{Allowed: allowed, Limit: p.burst, Reset: secondsToDuration((float64(p.burst) - tokens) / p.rate)}
	if allowed {
		d.Remaining = int(tokens)
	} else {
		d.RetryAfter = secondsToDuration((1 - tokens) / p.rate)
	}
	return d
}

// sweep drops the buckets idle for a whole refill period.
func (l *memoryLimiter) sweep(now time.Time) {
	idle := l.policy.refill()
	for k, b := range l.buckets {
		if now.Sub(b.last) >= idle {
			delete(l.buckets, k)
		}
	}
	l.lastSweep = now
}

// size is the number of buckets kept, for tests.
func (l *memoryLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
