package main

import (
	"math"
	"testing"
)

const exposition = `# HELP cecbench_embedding_cache_shared_call_seconds Duration of one call.
# TYPE cecbench_embedding_cache_shared_call_seconds histogram
cecbench_embedding_cache_shared_call_seconds_bucket{op="get",le="0.001"} 2
cecbench_embedding_cache_shared_call_seconds_bucket{op="get",le="0.01"} 6
cecbench_embedding_cache_shared_call_seconds_bucket{op="get",le="0.1"} 10
cecbench_embedding_cache_shared_call_seconds_bucket{op="get",le="+Inf"} 10
cecbench_embedding_cache_shared_call_seconds_sum{op="get"} 0.25
cecbench_embedding_cache_shared_call_seconds_count{op="get"} 10
cecbench_embedding_cache_shared_call_seconds_bucket{op="put",le="+Inf"} 3
cecbench_embedding_cache_level_lookups_total{level="memory",result="hit"} 7
cecbench_embedding_cache_level_lookups_total{level="shared",result="hit"} 5 1700000000000
odd_total{path="a \"quoted\" \\ value, with } and ="} 1.5e3
cecbench_embedding_batch_size_sum 42
`

func TestParseText(t *testing.T) {
	s, err := parseText(exposition)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		kv   []string
		want float64
	}{
		{"cecbench_embedding_batch_size_sum", nil, 42},
		{"cecbench_embedding_cache_level_lookups_total", []string{"level", "memory", "result", "hit"}, 7},
		{"cecbench_embedding_cache_level_lookups_total", []string{"result", "hit"}, 12},
		{"cecbench_embedding_cache_level_lookups_total", []string{"level", "memory", "result", "miss"}, 0},
		{"cecbench_embedding_cache_shared_call_seconds_count", []string{"op", "get"}, 10},
		{"odd_total", []string{"path", `a "quoted" \ value, with } and =`}, 1500},
	} {
		if got := s.value(c.name, c.kv...); got != c.want {
			t.Errorf("value(%s, %q) = %v, want %v", c.name, c.kv, got, c.want)
		}
	}
	b, err := s.buckets("cecbench_embedding_cache_shared_call_seconds", "op", "get")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 4 || b[0].le != 0.001 || !math.IsInf(b[3].le, 1) || b[3].count != 10 {
		t.Errorf("buckets = %v", b)
	}
}

func TestParseTextRejectsGarbage(t *testing.T) {
	for _, text := range []string{"name", `name{a="b} 1`, "name{a} 1", "name x"} {
		if _, err := parseText(text); err == nil {
			t.Errorf("parseText(%q): no error", text)
		}
	}
}

func TestQuantile(t *testing.T) {
	b := []bucket{{0.001, 2}, {0.01, 6}, {0.1, 10}, {math.Inf(1), 10}}
	for _, c := range []struct{ q, want float64 }{
		{0.1, 0.0005},                // rank 1 of 2 in [0, 0.001]
		{0.5, 0.001 + 0.009*3.0/4.0}, // rank 5: 3 of 4 into (0.001, 0.01]
		{0.99, 0.01 + 0.09*3.9/4.0},  // rank 9.9
		{1, 0.1},                     // the top of the last finite bucket
	} {
		if got := quantile(c.q, b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if got := quantile(0.99, []bucket{{0.1, 1}, {math.Inf(1), 4}}); got != 0.1 {
		t.Errorf("in the +Inf bucket: %v, want the highest finite bound 0.1", got)
	}
	if got := quantile(0.5, []bucket{{0.1, 0}, {math.Inf(1), 0}}); !math.IsNaN(got) {
		t.Errorf("no observations: %v, want NaN", got)
	}
	d := bucketDelta([]bucket{{0.1, 1}, {math.Inf(1), 2}}, []bucket{{0.1, 4}, {math.Inf(1), 7}})
	if d[0].count != 3 || d[1].count != 5 {
		t.Errorf("bucketDelta = %v", d)
	}
}
