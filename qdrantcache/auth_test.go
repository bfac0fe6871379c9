package qdrantcache

import (
	"errors"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/qdrantcache/standin"
)

func TestAPIKey(t *testing.T) {
	s := startStandin(t, standin.Options{APIKey: "right"})
	ctx := t.Context()
	for _, key := range []string{"", "wrong"} {
		c := open(t, Config{URL: s.URL(), APIKey: key})
		err := c.Ping(ctx)
		if err == nil || errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "API key") {
			t.Errorf("Ping with key %q: %v; want an error about the API key, not ErrUnavailable", key, err)
		}
		if _, err := c.Get(ctx, "n", []string{"a"}); err == nil {
			t.Errorf("Get with key %q succeeded, want an error", key)
		}
		if err := c.Put(ctx, "n", []string{"a"}, [][]float32{{1}}); err == nil {
			t.Errorf("Put with key %q succeeded, want an error", key)
		}
	}
	c := open(t, Config{URL: s.URL(), APIKey: "right"})
	if err := c.Ping(ctx); err != nil {
		t.Fatalf("Ping with the right key: %v", err)
	}
	if err := c.Put(ctx, "n", []string{"a"}, [][]float32{{1}}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Get(ctx, "n", []string{"a"}); err != nil || got[0] == nil {
		t.Errorf("Get with the right key = %v, %v", got, err)
	}
}
