package server

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestHTTPFlagsDefaultsEnvAndValidation(t *testing.T) {
	parse := func(env map[string]string, args ...string) (Config, error) {
		var c Config
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.RegisterFlags(fs)
		err := c.ParseFlags(fs, args, func(k string) string { return env[k] })
		return c, err
	}
	c, err := parse(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.RequestTimeout != time.Minute || c.RateLimit != 0 || c.RateBurst != 100 || c.TrustProxy || c.CORSOrigins != "" {
		t.Errorf("defaults: timeout %v rate %v burst %d trust %v cors %q", c.RequestTimeout, c.RateLimit, c.RateBurst, c.TrustProxy, c.CORSOrigins)
	}
	c, err = parse(map[string]string{
		"CECBENCH_REQUEST_TIMEOUT": "2s", "CECBENCH_RATE_LIMIT": "0.5", "CECBENCH_RATE_BURST": "7",
		"CECBENCH_TRUST_PROXY": "true", "CECBENCH_CORS_ORIGINS": "https://a.example,https://b.example",
	}, "--rate-burst", "9")
	if err != nil {
		t.Fatal(err)
	}
	if c.RequestTimeout != 2*time.Second || c.RateLimit != 0.5 || c.RateBurst != 9 || !c.TrustProxy ||
		strings.Join(c.CORSOriginList(), " ") != "https://a.example https://b.example" {
		t.Errorf("from the environment (burst from the flag): %+v", c)
	}
	for _, bad := range [][]string{
		{"--request-timeout", "-1s"}, {"--rate-limit", "-1"}, {"--rate-limit", "NaN"},
		{"--rate-limit", "5", "--rate-burst", "0"}, {"--cors-origins", "example.org"},
	} {
		if _, err := parse(nil, bad...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	if _, err := parse(nil, "--rate-limit", "0", "--rate-burst", "0"); err != nil {
		t.Errorf("rate limit off with burst 0: %v", err)
	}
}
