package main

import (
	"math"
	"slices"
	"testing"
	"time"
)

func ms(v ...int) []time.Duration {
	out := make([]time.Duration, len(v))
	for i, x := range v {
		out[i] = time.Duration(x) * time.Millisecond
	}
	return out
}

func TestPercentileNearestRank(t *testing.T) {
	ten := ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value p0", ms(7), 0, 7 * time.Millisecond},
		{"one value p50", ms(7), 50, 7 * time.Millisecond},
		{"one value p99", ms(7), 99, 7 * time.Millisecond},
		{"two values p50 is the lower", ms(1, 2), 50, 1 * time.Millisecond},
		{"two values p51 is the upper", ms(1, 2), 51, 2 * time.Millisecond},
		{"ten p0 is the min", ten, 0, 1 * time.Millisecond},
		{"ten p10", ten, 10, 1 * time.Millisecond},
		{"ten p50 exact rank 5", ten, 50, 5 * time.Millisecond},
		{"ten p90 exact rank 9", ten, 90, 9 * time.Millisecond},
		{"ten p99 rounds up to the max", ten, 99, 10 * time.Millisecond},
		{"ten p100 is the max", ten, 100, 10 * time.Millisecond},
		{"hundred p50", hundred, 50, 50 * time.Millisecond},
		{"hundred p99", hundred, 99, 99 * time.Millisecond},
		{"hundred p99.5", hundred, 99.5, 100 * time.Millisecond},
		{"hundred p0.5", hundred, 0.5, 1 * time.Millisecond},
		{"repeated values", ms(3, 3, 3, 9), 75, 3 * time.Millisecond},
		{"over 100 clamps", ten, 150, 10 * time.Millisecond},
		{"negative clamps", ten, -1, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

// TestPercentileDefinition checks the nearest-rank definition directly on
// many sizes: at least p% of the values are <= the answer, and fewer than
// p% are strictly below it.
func TestPercentileDefinition(t *testing.T) {
	for n := 1; n <= 300; n++ {
		vals := make([]time.Duration, n)
		for i := range vals {
			vals[i] = time.Duration((i*7919)%n) * time.Microsecond // a permutation of 0..n-1
		}
		slices.Sort(vals)
		for _, p := range []float64{1, 25, 50, 90, 95, 99, 99.9} {
			got := percentile(vals, p)
			atOrBelow, below := 0, 0
			for _, v := range vals {
				if v <= got {
					atOrBelow++
				}
				if v < got {
					below++
				}
			}
			if float64(atOrBelow) < p/100*float64(n)-1e-9 {
				t.Fatalf("n=%d p=%v: %v has only %d of %d at or below it", n, p, got, atOrBelow, n)
			}
			if float64(below) >= p/100*float64(n)-1e-9 && below > 0 {
				t.Fatalf("n=%d p=%v: %v is too high, %d of %d already below it", n, p, got, below, n)
			}
		}
	}
}

func TestSummarize(t *testing.T) {
	r := Report{SentencesPerRequest: 10}
	lat := ms(40, 10, 30, 20) // unsorted on purpose
	summarize(&r, lat, 2*time.Second)
	if r.Requests != 4 || r.RequestsPerSecond != 2 || r.SentencesPerSecond != 20 {
		t.Errorf("requests %d, %v req/s, %v sentences/s; want 4, 2, 20", r.Requests, r.RequestsPerSecond, r.SentencesPerSecond)
	}
	if r.P50ms != 20 || r.P99ms != 40 || r.Maxms != 40 || math.Abs(r.Seconds-2) > 1e-12 {
		t.Errorf("p50 %v p99 %v max %v seconds %v; want 20 40 40 2", r.P50ms, r.P99ms, r.Maxms, r.Seconds)
	}
}
