package tieredcache_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cecbench/cecbench/memorycache"
	"github.com/cecbench/cecbench/tieredcache"
)

// flaky is a shared level whose failures the test switches on and off (a
// fault-injection double around a real in-process cache); it counts calls.
type flaky struct {
	*memorycache.Cache
	mu    sync.Mutex
	down  bool
	calls int
}

func (f *flaky) fail(down bool) { f.mu.Lock(); f.down = down; f.mu.Unlock() }

func (f *flaky) check() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.down {
		return errors.New("connection refused")
	}
	return nil
}

func (f *flaky) Get(ctx context.Context, ns string, texts []string) ([][]float32, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	return f.Cache.Get(ctx, ns, texts)
}

func (f *flaky) Put(ctx context.Context, ns string, texts []string, vecs [][]float32) error {
	if err := f.check(); err != nil {
		return err
	}
	return f.Cache.Put(ctx, ns, texts, vecs)
}

type counts struct {
	mu      sync.Mutex
	lookups map[string][2]int
	errors  int
}

func (c *counts) Lookup(level string, hits, misses int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.lookups[level]
	c.lookups[level] = [2]int{v[0] + hits, v[1] + misses}
}

func (c *counts) SharedError(string) { c.mu.Lock(); c.errors++; c.mu.Unlock() }

func (c *counts) SharedCall(string, time.Duration) {}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup() (*tieredcache.Cache, *memorycache.Cache, *flaky, *counts, *clock) {
	mem := memorycache.New(1 << 20)
	shared := &flaky{Cache: memorycache.New(1 << 20)}
	obs := &counts{lookups: map[string][2]int{}}
	clk := &clock{t: time.Unix(1e9, 0)}
	c := tieredcache.New(mem, shared, tieredcache.Options{RetryAfter: 5 * time.Second, Observer: obs, Now: clk.now})
	return c, mem, shared, obs, clk
}

var ctx = context.Background()

func TestSharedHitsFillMemory(t *testing.T) {
	c, mem, shared, obs, _ := setup()
	// Another replica put "a" and "b" in the shared level.
	if err := shared.Cache.Put(ctx, "ns", []string{"a", "b"}, [][]float32{{1}, {2}}); err != nil {
		t.Fatal(err)
	}
	got, err := c.Get(ctx, "ns", []string{"a", "x", "b"})
	if err != nil || got[0][0] != 1 || got[1] != nil || got[2][0] != 2 {
		t.Fatalf("Get = %v, %v", got, err)
	}
	if m, _ := mem.Get(ctx, "ns", []string{"a", "b"}); m[0] == nil || m[1] == nil {
		t.Error("shared hits were not kept in memory")
	}
	before := shared.calls
	if got, _ := c.Get(ctx, "ns", []string{"a", "b"}); got[0] == nil || got[1] == nil || shared.calls != before {
		t.Errorf("a hot sentence reached the shared level: %d calls", shared.calls-before)
	}
	if obs.lookups[tieredcache.LevelMemory] != [2]int{2, 3} || obs.lookups[tieredcache.LevelShared] != [2]int{2, 1} {
		t.Errorf("lookups %v", obs.lookups)
	}
	// Put reaches both levels.
	if err := c.Put(ctx, "ns", []string{"y"}, [][]float32{{9}}); err != nil {
		t.Fatal(err)
	}
	if s, _ := shared.Cache.Get(ctx, "ns", []string{"y"}); s[0] == nil {
		t.Error("Put did not reach the shared level")
	}
}

func TestSharedFailureDegradesAndRecovers(t *testing.T) {
	c, _, shared, obs, clk := setup()
	shared.fail(true)
	got, err := c.Get(ctx, "ns", []string{"a"})
	if err != nil || got[0] != nil {
		t.Fatalf("Get with the shared level down = %v, %v; want a miss, no error", got, err)
	}
	if err := c.Put(ctx, "ns", []string{"a"}, [][]float32{{1}}); err != nil {
		t.Fatalf("Put with the shared level down = %v", err)
	}
	h := c.Health(ctx)
	if !h.Degraded || h.LastError != "get: connection refused" || obs.errors != 1 {
		t.Fatalf("health %+v, %d errors", h, obs.errors)
	}
	// Within RetryAfter the shared level is left alone.
	calls := shared.calls
	c.Get(ctx, "ns", []string{"b"})
	c.Put(ctx, "ns", []string{"b"}, [][]float32{{2}})
	if shared.calls != calls {
		t.Errorf("%d calls to a shared level known to be down", shared.calls-calls)
	}
	// After RetryAfter, with it back, the next call uses it and clears
	// the degraded state.
	shared.fail(false)
	clk.t = clk.t.Add(5 * time.Second)
	if err := c.Put(ctx, "ns", []string{"c"}, [][]float32{{3}}); err != nil {
		t.Fatal(err)
	}
	if h := c.Health(ctx); h.Degraded || h.LastError == "" || !h.Since.Equal(clk.t) {
		t.Errorf("after recovery: %+v", h)
	}
	if s, _ := shared.Cache.Get(ctx, "ns", []string{"c"}); s[0] == nil {
		t.Error("the shared level was not used again after it came back")
	}
}

func TestCancelledCallerDoesNotDegrade(t *testing.T) {
	c, _, shared, _, _ := setup()
	shared.fail(true)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	c.Get(cctx, "ns", []string{"a"})
	if c.Health(ctx).Degraded {
		t.Error("a cancelled request marked the shared level degraded")
	}
}

// pingable is flaky with a Ping.
type pingable struct{ *flaky }

func (p pingable) Ping(context.Context) error { return p.check() }

func TestHealthPingsAfterRetryTime(t *testing.T) {
	shared := &flaky{Cache: memorycache.New(1 << 20)}
	clk := &clock{t: time.Unix(1e9, 0)}
	c := tieredcache.New(memorycache.New(1<<20), pingable{shared}, tieredcache.Options{RetryAfter: 5 * time.Second, Now: clk.now})
	shared.fail(true)
	c.Get(ctx, "ns", []string{"a"})
	if !c.Health(ctx).Degraded {
		t.Fatal("not degraded")
	}
	shared.fail(false)
	calls := shared.calls
	if !c.Health(ctx).Degraded || shared.calls != calls {
		t.Error("Health pinged before the retry time")
	}
	clk.t = clk.t.Add(5 * time.Second)
	if c.Health(ctx).Degraded || shared.calls != calls+1 {
		t.Errorf("Health after the retry time, shared back: degraded %v, %d pings", c.Health(ctx).Degraded, shared.calls-calls)
	}
}
