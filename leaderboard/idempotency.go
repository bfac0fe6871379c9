package leaderboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// An Idempotency-Key names one upload of a team to a benchmark: the first
// request with the key claims it (PutIfAbsent) while it runs, and records
// the submission it made; a retry with the same key and body gets that
// submission back, and one with another body is refused. A request that
// was refused (a bad file, no quota) frees the key, so the corrected
// upload may use it again.

// maxIdempotencyKey bounds the key's length.
const maxIdempotencyKey = 255

// staleClaim is how long a claim of a request that never finished (its
// server died) blocks the key.
const staleClaim = 5 * time.Minute

// idempotencyRecord is what the key holds.
type idempotencyRecord struct {
	SHA256       string    `json:"sha256"`
	SubmissionID string    `json:"submission_id,omitempty"` // empty while the first request runs
	ClaimedAt    time.Time `json:"claimed_at"`
}

// idempotency is a claimed key, or one to replay.
type idempotency struct {
	s      *Service
	key    string
	rec    idempotencyRecord
	replay string // the submission to return instead of making one
}

// claimIdempotency claims key for an upload with the given digest.
func (s *Service) claimIdempotency(ctx context.Context, benchmarkID, teamID, key, digest string) (*idempotency, error) {
	if len(key) > maxIdempotencyKey || !printableASCII(key) {
		return nil, fmt.Errorf("%w: Idempotency-Key must be 1 to %d printable ASCII characters", ErrInvalid, maxIdempotencyKey)
	}
	k := idempotencyKey(benchmarkID, teamID, key)
	rec := idempotencyRecord{SHA256: digest, ClaimedAt: s.now().UTC()}
	for range 3 {
		b, err := json.Marshal(rec)
		if err != nil {
			return nil, err
		}
		ok, err := s.store.PutIfAbsent(ctx, nsIdempotency, k, b)
		if err != nil {
			return nil, fmt.Errorf("idempotency key: %w", err)
		}
		if ok {
			return &idempotency{s: s, key: k, rec: rec}, nil
		}
		var old idempotencyRecord
		if err := getJSON(ctx, s.store, nsIdempotency, k, &old); errors.Is(err, ErrNotFound) {
			continue // freed meanwhile: claim again
		} else if err != nil {
			return nil, fmt.Errorf("idempotency key: %w", err)
		}
		switch {
		case old.SHA256 != digest:
			return nil, fmt.Errorf("%w: Idempotency-Key %q was used for another file (sha256 %s); use a new key for a new file", ErrConflict, key, old.SHA256)
		case old.SubmissionID != "":
			return &idempotency{s: s, key: k, rec: old, replay: old.SubmissionID}, nil
		case s.now().Sub(old.ClaimedAt) < staleClaim:
			return nil, fmt.Errorf("%w: a request with Idempotency-Key %q is still being processed; retry in a few seconds", ErrConflict, key)
		}
		// A stale claim: its request died. Take it over.
		if err := s.store.Delete(ctx, nsIdempotency, k); err != nil {
			return nil, fmt.Errorf("idempotency key: %w", err)
		}
	}
	return nil, fmt.Errorf("%w: Idempotency-Key %q is contended; retry", ErrConflict, key)
}

// done records the submission the claimed key made.
func (i *idempotency) done(ctx context.Context, submissionID string) error {
	i.rec.SubmissionID = submissionID
	if err := putJSON(ctx, i.s.store, nsIdempotency, i.key, i.rec); err != nil {
		return fmt.Errorf("idempotency key: %w", err)
	}
	return nil
}

// abandon frees the key after a refused request.
func (i *idempotency) abandon(ctx context.Context) {
	_ = i.s.store.Delete(ctx, nsIdempotency, i.key)
}

// printableASCII reports whether s is non-empty printable ASCII.
func printableASCII(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
