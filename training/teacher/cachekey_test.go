package teacher

import (
	"regexp"
	"testing"

	"github.com/cecbench/cecbench/training/dataset"
)

func TestCacheKey(t *testing.T) {
	it := testItems(1)[0]
	cfg := testConfig()
	key := CacheKey(it, cfg)
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(key) {
		t.Fatalf("key %q is not lowercase hex sha256", key)
	}

	same := map[string]func(*dataset.Item, *Config){
		"id":               func(i *dataset.Item, c *Config) { i.ID = "other" },
		"split":            func(i *dataset.Item, c *Config) { i.Split = dataset.Test },
		"explanation":      func(i *dataset.Item, c *Config) { i.Explanation = "old" },
		"evidence source":  func(i *dataset.Item, c *Config) { i.Evidence[0].Source = "elsewhere" },
		"temperature":      func(i *dataset.Item, c *Config) { c.Temperature = 1.3 },
		"max tokens":       func(i *dataset.Item, c *Config) { c.MaxTokens = 7 },
		"concurrency":      func(i *dataset.Item, c *Config) { c.Concurrency = 9 },
		"trailing slash":   func(i *dataset.Item, c *Config) { c.BaseURL += "/" },
		"default template": func(i *dataset.Item, c *Config) { c.Template = dataset.DefaultTemplate },
	}
	for name, change := range same {
		i, c := clone(it), cfg
		change(&i, &c)
		if got := CacheKey(i, c); got != key {
			t.Errorf("changing %s changed the key", name)
		}
	}

	differ := map[string]func(*dataset.Item, *Config){
		"claim":          func(i *dataset.Item, c *Config) { i.Claim += " " },
		"label":          func(i *dataset.Item, c *Config) { i.Label = "REFUTES" },
		"evidence text":  func(i *dataset.Item, c *Config) { i.Evidence[1].Text = "x" },
		"evidence label": func(i *dataset.Item, c *Config) { i.Evidence[1].Label = "REFUTES" },
		"evidence order": func(i *dataset.Item, c *Config) { i.Evidence[0], i.Evidence[1] = i.Evidence[1], i.Evidence[0] },
		"evidence count": func(i *dataset.Item, c *Config) { i.Evidence = i.Evidence[:1] },
		"base url":       func(i *dataset.Item, c *Config) { c.BaseURL = "http://other.test/v1" },
		"model":          func(i *dataset.Item, c *Config) { c.Model = "other" },
		"template":       func(i *dataset.Item, c *Config) { c.Template = "cec-causal-v2" },
		// Field boundaries are part of the encoding.
		"claim/label boundary": func(i *dataset.Item, c *Config) { i.Claim, i.Label = i.Claim+i.Label[:1], i.Label[1:] },
	}
	for name, change := range differ {
		i, c := clone(it), cfg
		change(&i, &c)
		if got := CacheKey(i, c); got == key {
			t.Errorf("changing %s kept the key", name)
		}
	}
}

func clone(it dataset.Item) dataset.Item {
	it.Evidence = append([]dataset.Evidence(nil), it.Evidence...)
	return it
}
