package rediskv_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/kv/kvtest"
	"github.com/cecbench/cecbench/kv/rediskv"
	"github.com/cecbench/cecbench/redistest"
)

// newClient starts a private redis-server and returns a client on it.
func newClient(t *testing.T) *redis.Client {
	t.Helper()
	srv := redistest.Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	t.Cleanup(func() { c.Close() })
	return c
}

func TestConformance(t *testing.T) {
	c := newClient(t)
	n := 0
	kvtest.Run(t, func(t *testing.T) kv.Store {
		// One server for the suite; every subtest gets a fresh prefix.
		n++
		return rediskv.New(c, fmt.Sprintf("test%d:", n))
	})
}

// TestPrefixOwnsEveryKey checks that the store writes only under its
// prefix, so it can share a Redis database with other users.
func TestPrefixOwnsEveryKey(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	s := rediskv.New(c, "cecbench:")
	if err := s.Put(ctx, "ns", "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutIfAbsent(ctx, "other", "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	keys, err := c.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(keys)
	want := []string{"cecbench:kv:{ns}:keys", "cecbench:kv:{ns}:vals", "cecbench:kv:{other}:keys", "cecbench:kv:{other}:vals"}
	if !slices.Equal(keys, want) {
		t.Errorf("Redis keys = %q, want %q", keys, want)
	}
	if err := s.Delete(ctx, "ns", "k"); err != nil {
		t.Fatal(err)
	}
	if n, err := c.Exists(ctx, "cecbench:kv:{ns}:keys", "cecbench:kv:{ns}:vals").Result(); err != nil || n != 0 {
		t.Errorf("after deleting the last key, %d namespace keys remain (%v), want 0", n, err)
	}
}

// TestListManyPages lists a namespace larger than one script page.
func TestListManyPages(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	s := rediskv.New(c, "p:")
	const n = 2500
	_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := range n {
			k := fmt.Sprintf("k%05d", i)
			p.HSet(ctx, "p:kv:{ns}:vals", k, k)
			p.ZAdd(ctx, "p:kv:{ns}:keys", redis.Z{Member: k})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{0, 1000, 1001, 2499, 5000} {
		es, err := s.List(ctx, "ns", "", limit)
		if err != nil {
			t.Fatal(err)
		}
		want := limit
		if limit == 0 || limit > n {
			want = n
		}
		if len(es) != want {
			t.Fatalf("List(limit %d) = %d entries, want %d", limit, len(es), want)
		}
		for i, e := range es {
			if k := fmt.Sprintf("k%05d", i); e.Key != k || string(e.Value) != k {
				t.Fatalf("List(limit %d)[%d] = %q=%q, want %q", limit, i, e.Key, e.Value, k)
			}
		}
	}
}
