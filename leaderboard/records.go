package leaderboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cecbench/cecbench/kv"
)

// submissionRecord is a submission as stored. The record is written by
// the API (created, failed) and by the scoring job (scoring, scored,
// failed); a finished record is never changed again.
type submissionRecord struct {
	Submission
	// JobID is kept under its own key (nsSubmissionJobs), so that
	// storing it never races with the job writing the record.
	JobID string `json:"-"`
	// Slots are the quota keys the submission holds.
	Slots []string `json:"slots,omitempty"`
}

// readRecord reads a submission by id.
func readRecord(ctx context.Context, st kv.Store, id string) (submissionRecord, error) {
	bench, err := st.Get(ctx, nsSubmissionByID, id)
	if errors.Is(err, kv.ErrNotFound) {
		return submissionRecord{}, fmt.Errorf("submission %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return submissionRecord{}, err
	}
	var rec submissionRecord
	if err := getJSON(ctx, st, nsSubmissions, submissionKey(string(bench), id), &rec); err != nil {
		return submissionRecord{}, fmt.Errorf("submission %s: %w", id, err)
	}
	return rec, nil
}

// errFinished is returned by updateRecord's callers that find the
// record already finished.
var errFinished = errors.New("the submission is already finished")

// updateRecord applies change to the stored record of id unless the
// record is finished (errFinished).
func updateRecord(ctx context.Context, st kv.Store, id string, change func(*submissionRecord)) (submissionRecord, error) {
	rec, err := readRecord(ctx, st, id)
	if err != nil {
		return rec, err
	}
	if rec.State == StateScored || rec.State == StateFailed {
		return rec, errFinished
	}
	change(&rec)
	b, err := json.Marshal(rec)
	if err != nil {
		return rec, err
	}
	return rec, st.Put(ctx, nsSubmissions, submissionKey(rec.BenchmarkID, rec.ID), b)
}

// failSubmission fails the submission id with reason and gives its quota
// back; a finished submission is left as it is.
func failSubmission(ctx context.Context, st kv.Store, id, reason string, now time.Time) (submissionRecord, error) {
	rec, err := updateRecord(ctx, st, id, func(r *submissionRecord) {
		t := now.UTC()
		r.State, r.Error, r.FinishedAt, r.CountsAgainstQuota, r.Progress = StateFailed, reason, &t, false, nil
	})
	if errors.Is(err, errFinished) {
		return rec, nil
	}
	if err != nil {
		return rec, fmt.Errorf("fail submission %s: %w", id, err)
	}
	return rec, releaseSlots(ctx, st, rec.ID, rec.Slots)
}
