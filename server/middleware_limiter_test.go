package server

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/redistest"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// want checks one decision.
func want(t *testing.T, what string, d Decision, allowed bool, remaining int, retryAfter time.Duration) {
	t.Helper()
	if d.Allowed != allowed || d.Remaining != remaining || d.RetryAfter != retryAfter {
		t.Errorf("%s: %+v, want allowed %v remaining %d retry after %v", what, d, allowed, remaining, retryAfter)
	}
}

func TestMemoryLimiterIsATokenBucket(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_000_000, 0)}
	l := newMemoryLimiter(ratePolicy{rate: 2, burst: 2}, 10, clock.now)
	allow := func() Decision {
		d, err := l.Allow(context.Background(), "k")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	want(t, "first", allow(), true, 1, 0)
	want(t, "second", allow(), true, 0, 0)
	d := allow()
	want(t, "third at once", d, false, 0, 500*time.Millisecond)
	if d.Limit != 2 || d.Reset != time.Second {
		t.Errorf("limit %d reset %v, want 2 and 1s until full", d.Limit, d.Reset)
	}
	clock.advance(200 * time.Millisecond)
	want(t, "0.2 s later", allow(), false, 0, 300*time.Millisecond)
	clock.advance(300 * time.Millisecond)
	want(t, "a token later", allow(), true, 0, 0)
	clock.advance(time.Hour)
	want(t, "long after", allow(), true, 1, 0)
}

func TestMemoryLimiterStaysBounded(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_000_000, 0)}
	p := ratePolicy{rate: 1, burst: 2} // an empty bucket is full again after 2 s
	l := newMemoryLimiter(p, 3, clock.now)
	allow := func(key string) Decision {
		d, _ := l.Allow(context.Background(), key)
		return d
	}
	for _, k := range []string{"a", "b", "c"} {
		allow(k)
	}
	// Past maxKeys, new keys share one overflow bucket of the same size.
	want(t, "d (overflow)", allow("d"), true, 1, 0)
	want(t, "e (overflow)", allow("e"), true, 0, 0)
	want(t, "f (overflow, empty)", allow("f"), false, 0, time.Second)
	if n := l.size(); n != 3 {
		t.Fatalf("%d buckets kept, want the bound 3", n)
	}
	want(t, "a (own bucket)", allow("a"), true, 0, 0)

	clock.advance(time.Second)
	allow("a") // used 1 s ago: kept at the next sweep
	clock.advance(time.Second)
	allow("g") // sweeps b and c, idle for the 2 s refill; keeps a
	if n := l.size(); n != 2 {
		t.Errorf("%d buckets after the sweep, want 2 (a and g)", n)
	}
	// A dropped bucket was full anyway: b starts with the whole burst.
	want(t, "b after its bucket was dropped", allow("b"), true, 1, 0)
}

func TestRedisLimiterIsATokenBucket(t *testing.T) {
	rs := redistest.Start(t)
	client := redis.NewClient(&redis.Options{Addr: rs.Addr()})
	t.Cleanup(func() { client.Close() })
	l := newRedisLimiter(client, "test:rl:", ratePolicy{rate: 0.1, burst: 3})
	ctx := context.Background()
	for i := range 3 {
		d, err := l.Allow(ctx, "k")
		if err != nil {
			t.Fatal(err)
		}
		want(t, "burst request "+strconv.Itoa(i+1), d, true, 2-i, 0)
	}
	d, err := l.Allow(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}
	if d.Allowed || d.Remaining != 0 || d.RetryAfter < 9*time.Second || d.RetryAfter > 10*time.Second {
		t.Errorf("fourth: %+v, want refused for about 10 s", d)
	}
	if d.Reset < 29*time.Second || d.Reset > 30*time.Second {
		t.Errorf("reset %v, want about 30 s", d.Reset)
	}
	if d, _ := l.Allow(ctx, "other"); !d.Allowed || d.Remaining != 2 {
		t.Errorf("another key: %+v, want a bucket of its own", d)
	}
	ttl, err := client.PTTL(ctx, "test:rl:k").Result()
	if err != nil || ttl <= 29*time.Second || ttl > 30*time.Second {
		t.Errorf("bucket key TTL %v (%v), want it to expire when the bucket is full again (30 s)", ttl, err)
	}
	rs.Stop()
	if _, err := l.Allow(ctx, "k"); err == nil {
		t.Error("Allow with Redis stopped: no error")
	}
}

func TestRedisRateLimitHoldsAcrossReplicas(t *testing.T) {
	rs := redistest.Start(t)
	replica := func() http.Handler {
		return newBareServer(t, nil, func(c *Config) { slowBucket(c); c.RedisURL = rs.URL() }).Handler()
	}
	a, b := replica(), replica()
	const client = "192.0.2.9:5000"
	for i, h := range []http.Handler{a, b, a} {
		if rec := from(t, h, client, "/v1/datasets"); rec.Code != http.StatusOK {
			t.Fatalf("request %d of the burst of 3: status %d: %s", i+1, rec.Code, rec.Body)
		}
	}
	for name, h := range map[string]http.Handler{"replica b": b, "replica a": a} {
		rec := from(t, h, client, "/v1/datasets")
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s after the shared burst: status %d Retry-After %q, want 429 with Retry-After", name, rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	if rec := from(t, b, "192.0.2.10:5000", "/v1/datasets"); rec.Code != http.StatusOK {
		t.Errorf("another client: status %d, want 200", rec.Code)
	}
}
