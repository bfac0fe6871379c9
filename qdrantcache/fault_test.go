package qdrantcache

import (
	"testing"
	"time"

	"github.com/cecbench/cecbench/qdrantcache/standin"
)

// slack is what a failing call may take beyond Config.Timeout.
const slack = time.Second

func TestStoppedServerIsUnavailable(t *testing.T) {
	s := startStandin(t, standin.Options{})
	const timeout = 500 * time.Millisecond
	c := open(t, Config{URL: s.URL(), Timeout: timeout})
	ctx := t.Context()
	if err := c.Put(ctx, "n", []string{"kept"}, [][]float32{{1, 2}}); err != nil {
		t.Fatal(err)
	}

	s.Stop()
	within(t, "Get while stopped", timeout+slack, func() error { _, err := c.Get(ctx, "n", []string{"kept"}); return err })
	within(t, "Put while stopped", timeout+slack, func() error { return c.Put(ctx, "n", []string{"x"}, [][]float32{{3, 4}}) })
	within(t, "Ping while stopped", timeout+slack, func() error { return c.Ping(ctx) })

	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	if err := eventually(func() error { return c.Ping(ctx) }); err != nil {
		t.Fatalf("Ping after Restart: %v", err)
	}
	got, err := c.Get(ctx, "n", []string{"kept"})
	if err != nil || got[0] == nil || got[0][1] != 2 {
		t.Errorf("Get after Restart = %v, %v; want the vector put before the stop", got, err)
	}
	if err := c.Put(ctx, "n", []string{"x"}, [][]float32{{3, 4}}); err != nil {
		t.Errorf("Put after Restart: %v", err)
	}
}

func TestSlowServerIsUnavailable(t *testing.T) {
	s := startStandin(t, standin.Options{})
	const timeout = 300 * time.Millisecond
	c := open(t, Config{URL: s.URL(), Timeout: timeout})
	ctx := t.Context()
	if err := c.Put(ctx, "n", []string{"a"}, [][]float32{{1}}); err != nil {
		t.Fatal(err)
	}

	s.SetDelay(3 * time.Second)
	within(t, "Get from a slow server", timeout+slack, func() error { _, err := c.Get(ctx, "n", []string{"a"}); return err })
	within(t, "Put to a slow server", timeout+slack, func() error { return c.Put(ctx, "n", []string{"b"}, [][]float32{{2}}) })
	within(t, "Put of a new namespace to a slow server", timeout+slack, func() error { return c.Put(ctx, "m", []string{"b"}, [][]float32{{2}}) })

	s.SetDelay(0)
	if got, err := c.Get(ctx, "n", []string{"a"}); err != nil || got[0] == nil {
		t.Errorf("Get once the server is fast again = %v, %v", got, err)
	}
}

func TestNoServerIsUnavailable(t *testing.T) {
	s := startStandin(t, standin.Options{})
	url := s.URL()
	s.Stop() // the address is now free: nothing listens there
	c := open(t, Config{URL: url, Timeout: 500 * time.Millisecond})
	within(t, "Get with nothing listening", 500*time.Millisecond+slack, func() error {
		_, err := c.Get(t.Context(), "n", []string{"a"})
		return err
	})
}
