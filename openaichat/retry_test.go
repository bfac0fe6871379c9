package openaichat

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		header, value string
		want          time.Duration
		ok            bool
	}{
		{"Retry-After", "1", time.Second, true},
		{"Retry-After", " 2 ", 2 * time.Second, true},
		{"Retry-After", "0.5", 500 * time.Millisecond, true},
		{"Retry-After", "0", 0, true},
		{"Retry-After", "120", 2 * time.Minute, true},
		{"Retry-After", "3600", MaxRetryAfter, true},
		{"Retry-After", "1e300", MaxRetryAfter, true},
		{"Retry-After", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"Retry-After", now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"Retry-After", now.Add(time.Hour).Format(http.TimeFormat), MaxRetryAfter, true},
		{"Retry-After-Ms", "250", 250 * time.Millisecond, true},
		{"Retry-After", "-1", 0, false},
		{"Retry-After", "NaN", 0, false},
		{"Retry-After", "soon", 0, false},
		{"X-Other", "1", 0, false},
	}
	for _, tc := range cases {
		h := http.Header{}
		h.Set(tc.header, tc.value)
		got, ok := retryAfter(h, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %s -> %s, %v; want %s, %v", tc.header, tc.value, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	c := New(Options{BaseDelay: 10 * time.Millisecond, MaxDelay: 300 * time.Millisecond})
	for attempt := 1; attempt <= 12; attempt++ {
		limit := min(10*time.Millisecond<<attempt, 300*time.Millisecond)
		var hi time.Duration
		for range 200 {
			d := c.backoff(attempt)
			if d < 10*time.Millisecond || d > limit {
				t.Fatalf("attempt %d: backoff %s outside [10ms, %s]", attempt, d, limit)
			}
			hi = max(hi, d)
		}
		if hi < limit*3/4 && limit > 20*time.Millisecond {
			t.Errorf("attempt %d: 200 draws never came near the cap %s (max %s): no jitter range", attempt, limit, hi)
		}
	}
}

func TestRetryableStatus(t *testing.T) {
	for _, s := range []int{408, 409, 429, 500, 502, 503, 504, 520} {
		if !retryableStatus(s) {
			t.Errorf("%d not retried", s)
		}
	}
	for _, s := range []int{400, 401, 403, 404, 422, 501, 505} {
		if retryableStatus(s) {
			t.Errorf("%d retried", s)
		}
	}
}
