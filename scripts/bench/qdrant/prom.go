package main

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// sample is one line of the Prometheus text exposition format.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

// snapshot is one scrape of a server's /metrics.
type snapshot []sample

// scrape reads the server's /metrics.
func scrape(ctx context.Context, base string) (snapshot, error) {
	body, err := get(ctx, base+"/metrics")
	if err != nil {
		return nil, err
	}
	return parseText(string(body))
}

// parseText reads the samples of the text exposition format, skipping
// comments; a timestamp after the value is ignored.
func parseText(text string) (snapshot, error) {
	var out snapshot
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		s, err := parseLine(line)
		if err != nil {
			return nil, fmt.Errorf("/metrics line %d: %w: %q", n+1, err, line)
		}
		out = append(out, s)
	}
	return out, nil
}

// parseLine reads `name{label="value",...} value [timestamp]`.
func parseLine(line string) (sample, error) {
	s := sample{labels: map[string]string{}}
	end := strings.IndexAny(line, "{ ")
	if end <= 0 {
		return s, fmt.Errorf("no value")
	}
	s.name, line = line[:end], line[end:]
	if line[0] == '{' {
		line = line[1:]
		for {
			line = strings.TrimLeft(line, ", ")
			if strings.HasPrefix(line, "}") {
				line = line[1:]
				break
			}
			eq := strings.Index(line, `="`)
			if eq <= 0 {
				return s, fmt.Errorf("bad labels")
			}
			key := line[:eq]
			value, rest, err := unquote(line[eq+1:])
			if err != nil {
				return s, err
			}
			s.labels[key], line = value, rest
		}
	}
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return s, fmt.Errorf("no value")
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return s, err
	}
	s.value = v
	return s, nil
}

// unquote reads a quoted label value at the start of s (with the escapes
// \\, \" and \n) and returns it and what follows.
func unquote(s string) (string, string, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), s[i+1:], nil
		case '\\':
			if i+1 == len(s) {
				return "", "", fmt.Errorf("unterminated label value")
			}
			i++
			if s[i] == 'n' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Errorf("unterminated label value")
}

// value is the sum of the samples named name whose labels include the
// given key, value pairs (0 when none: a counter not yet touched).
func (s snapshot) value(name string, kv ...string) float64 {
	total := 0.0
	for _, x := range s {
		if x.name == name && x.has(kv) {
			total += x.value
		}
	}
	return total
}

func (x sample) has(kv []string) bool {
	for i := 0; i+1 < len(kv); i += 2 {
		if x.labels[kv[i]] != kv[i+1] {
			return false
		}
	}
	return true
}

// bucket is a histogram bucket: the count of observations <= le.
type bucket struct {
	le    float64
	count float64
}

// buckets are the cumulative buckets of histogram name with the given
// labels, by upper bound, the +Inf one last.
func (s snapshot) buckets(name string, kv ...string) ([]bucket, error) {
	var out []bucket
	for _, x := range s {
		if x.name != name+"_bucket" || !x.has(kv) {
			continue
		}
		le, err := strconv.ParseFloat(x.labels["le"], 64)
		if err != nil {
			return nil, fmt.Errorf("%s: le %q: %w", name, x.labels["le"], err)
		}
		out = append(out, bucket{le, x.value})
	}
	slices.SortFunc(out, func(a, b bucket) int { return cmpFloat(a.le, b.le) })
	return out, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// bucketDelta is after minus before, bucket by bucket (the same bounds).
func bucketDelta(before, after []bucket) []bucket {
	out := slices.Clone(after)
	for i := range out {
		for _, b := range before {
			if b.le == out[i].le {
				out[i].count -= b.count
			}
		}
	}
	return out
}

// quantile estimates the q-quantile of the observations counted in
// cumulative buckets as Prometheus's histogram_quantile does: linearly
// within the bucket it falls in, the lowest bucket starting at 0, and the
// highest finite bound when it falls in the +Inf bucket. q is in (0, 1];
// the result is NaN when there are no observations.
func quantile(q float64, b []bucket) float64 {
	if len(b) == 0 || b[len(b)-1].count <= 0 {
		return math.NaN()
	}
	rank := q * b[len(b)-1].count
	for i, x := range b {
		if x.count < rank {
			continue
		}
		if math.IsInf(x.le, 1) {
			if i == 0 {
				return math.NaN()
			}
			return b[i-1].le
		}
		lower, below := 0.0, 0.0
		if i > 0 {
			lower, below = b[i-1].le, b[i-1].count
		}
		return lower + (x.le-lower)*(rank-below)/(x.count-below)
	}
	return math.NaN()
}
