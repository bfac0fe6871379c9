package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// NoopType is the job type that does no work: it measures the queue
// itself (jobs/s, enqueue-to-start latency) and checks a deployment's
// workers end to end.
const NoopType = "noop"

// NoopParams are a noop job's parameters.
type NoopParams struct {
	// SleepMS is how long the job waits before it succeeds (0 to 60000).
	SleepMS int `json:"sleep_ms,omitempty"`
}

// NoopResult is a noop job's result.
type NoopResult struct {
	SleptMS int `json:"slept_ms"`
	// HandlerStartedAt is when the handler itself began (StartedAt is
	// when the queue marked the job running), for latency measurements.
	HandlerStartedAt time.Time `json:"handler_started_at"`
}

// Noop is the handler of NoopType: it waits SleepMS (cancellable) and
// succeeds with a NoopResult.
func Noop(ctx context.Context, t Task) (any, error) {
	start := time.Now()
	var p NoopParams
	if raw := t.Job().Params; len(raw) > 0 {
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("noop job parameters: %w", err)
		}
	}
	if p.SleepMS < 0 || p.SleepMS > 60000 {
		return nil, fmt.Errorf("noop job: sleep_ms %d: want 0 to 60000", p.SleepMS)
	}
	if p.SleepMS > 0 {
		timer := time.NewTimer(time.Duration(p.SleepMS) * time.Millisecond)
		defer timer.Stop()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
	return NoopResult{SleptMS: p.SleepMS, HandlerStartedAt: start}, nil
}
