package server

import (
	"context"
	"math"
	"time"
)

// Limiter is a token bucket per client key: each key may send Burst
// requests at once and Rate requests per second after that.
type Limiter interface {
	// Allow takes one token from key's bucket if it has one.
	Allow(ctx context.Context, key string) (Decision, error)
}

// Decision is a Limiter's answer for one request.
type Decision struct {
	// Allowed says whether the request may go on.
	Allowed bool
	// Limit is the bucket's size (the burst) and Remaining the whole
	// tokens left in it after this request.
	Limit, Remaining int
	// RetryAfter is, for a refused request, how long until the bucket
	// holds a token again.
	RetryAfter time.Duration
	// Reset is how long until the bucket is full again.
	Reset time.Duration
}

// ratePolicy is the limit every key gets.
type ratePolicy struct {
	rate  float64 // tokens added per second
	burst int     // bucket size
}

// refill is how long an empty bucket takes to fill: a key idle that long
// has a full bucket, the same as a key never seen.
func (p ratePolicy) refill() time.Duration {
	return secondsToDuration(float64(p.burst) / p.rate)
}

// secondsToDuration converts, rounding up to the nanosecond and capping
// at the longest Duration.
func secondsToDuration(s float64) time.Duration {
	ns := math.Ceil(s * float64(time.Second))
	switch {
	case ns <= 0 || math.IsNaN(ns):
		return 0
	case ns >= math.MaxInt64:
		return math.MaxInt64
	default:
		return time.Duration(ns)
	}
}
