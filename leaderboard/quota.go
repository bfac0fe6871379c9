package leaderboard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cecbench/cecbench/kv"
)

// A quota of n is n slot keys per team, benchmark and UTC day (and n in
// all for the total quota): a submission takes the first free slot with
// PutIfAbsent, which is atomic in every kv.Store, so that concurrent
// uploads from any number of servers never exceed the quota; giving a
// submission's quota back deletes its slots.

// reserve takes a daily and a total slot for the submission sid, as the
// benchmark's quotas require, and returns their keys.
func (s *Service) reserve(ctx context.Context, b Benchmark, teamID, sid string, now time.Time) ([]string, error) {
	var slots []string
	if b.DailyQuota > 0 {
		key, err := takeSlot(ctx, s.store, sid, b.DailyQuota, func(n int) string { return dailySlotKey(b.ID, teamID, now, n) })
		if err != nil {
			return nil, err
		}
		if key == "" {
			midnight := now.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
			return nil, fmt.Errorf("%w: the team has used its %d submissions of %s (UTC) on benchmark %s; failed and refused submissions do not count; the next slot opens at %s (in %s)",
				ErrQuota, b.DailyQuota, now.UTC().Format(time.DateOnly), b.ID, midnight.Format(time.RFC3339), midnight.Sub(now).Round(time.Minute))
		}
		slots = append(slots, key)
	}
	if b.TotalQuota > 0 {
		key, err := takeSlot(ctx, s.store, sid, b.TotalQuota, func(n int) string { return totalSlotKey(b.ID, teamID, n) })
		if err == nil && key == "" {
			err = fmt.Errorf("%w: the team has used all %d submissions benchmark %s allows; failed and refused submissions do not count", ErrQuota, b.TotalQuota, b.ID)
		}
		if err != nil {
			return nil, errors.Join(err, releaseSlots(ctx, s.store, sid, slots))
		}
		slots = append(slots, key)
	}
	return slots, nil
}

// takeSlot claims the first free slot of n for sid and returns its key,
// or "" when all are taken.
func takeSlot(ctx context.Context, st kv.Store, sid string, n int, key func(int) string) (string, error) {
	for i := range n {
		ok, err := st.PutIfAbsent(ctx, nsQuota, key(i), []byte(sid))
		if err != nil {
			return "", fmt.Errorf("quota: %w", err)
		}
		if ok {
			return key(i), nil
		}
	}
	return "", nil
}

// releaseSlots gives back the slots sid holds (a slot another submission
// has taken since is left alone).
func releaseSlots(ctx context.Context, st kv.Store, sid string, slots []string) error {
	var errs []error
	for _, key := range slots {
		v, err := st.Get(ctx, nsQuota, key)
		if errors.Is(err, kv.ErrNotFound) {
			continue
		}
		if err == nil && string(v) == sid {
			err = st.Delete(ctx, nsQuota, key)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("release quota slot %s: %w", key, err))
		}
	}
	return errors.Join(errs...)
}

// release gives back sid's slots, logging nothing: the caller is already
// returning an error.
func (s *Service) release(ctx context.Context, sid string, slots []string) {
	_ = releaseSlots(ctx, s.store, sid, slots)
}
