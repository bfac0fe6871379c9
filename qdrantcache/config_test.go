package qdrantcache

import (
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	good := map[string]endpoint{
		"http://localhost:6334":         {host: "localhost", port: 6334},
		"http://qdrant":                 {host: "qdrant", port: 6334},
		"https://x.cloud.example:6334/": {host: "x.cloud.example", port: 6334, tls: true},
		"http://[::1]:7000":             {host: "[::1]", port: 7000},
	}
	for raw, want := range good {
		got, err := parseURL(raw)
		if err != nil || got != want {
			t.Errorf("parseURL(%q) = %+v, %v; want %+v", raw, got, err, want)
		}
	}
	bad := map[string]string{
		"localhost:6334":             "scheme",
		"grpc://localhost:6334":      "scheme",
		"http://":                    "no host",
		"http://host:0":              "port",
		"http://host:6334/qdrant":    "only a scheme",
		"http://key@host:6334":       "only a scheme",
		"http://host:6334?api-key=x": "only a scheme",
	}
	for raw, says := range bad {
		if _, err := parseURL(raw); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("parseURL(%q) error = %v; want one saying %q", raw, err, says)
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	c, err := Config{URL: "http://h"}.withDefaults()
	if err != nil || c.Timeout != DefaultTimeout || c.CollectionPrefix != DefaultCollectionPrefix {
		t.Errorf("defaults = %+v, %v", c, err)
	}
	for _, bad := range []Config{
		{URL: "http://h", Timeout: -time.Second},
		{URL: "http://h", CollectionPrefix: "has/slash_"},
		{URL: "http://h", CollectionPrefix: strings.Repeat("p", maxPrefix+1)},
	} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%+v) succeeded, want an error", bad)
		}
	}
}

// TestNewDoesNotConnect: New succeeds while nothing listens, so a service
// can start before Qdrant does.
func TestNewDoesNotConnect(t *testing.T) {
	start := time.Now()
	c := open(t, Config{URL: "http://127.0.0.1:1"})
	if took := time.Since(start); took > time.Second {
		t.Errorf("New took %v with no server; it must not wait for one", took)
	}
	within(t, "Ping with no server", DefaultTimeout+time.Second, func() error { return c.Ping(t.Context()) })
}
