package leaderboard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/kv"
)

// Upload is one submission as a team sends it.
type Upload struct {
	Model        string
	Description  string
	TrainingData string
	Body         []byte
	// IdempotencyKey makes a retried upload return the first one's
	// submission instead of making another.
	IdempotencyKey string
}

// UploadError is a refused upload: the first problems, with line numbers,
// and how many there are.
type UploadError struct {
	Problems []Problem
	Total    int
}

func (e *UploadError) Error() string {
	return fmt.Sprintf("the file has %d problem(s); nothing was queued and no quota was used", e.Total)
}

// Unwrap makes an UploadError an ErrInvalid.
func (e *UploadError) Unwrap() error { return ErrInvalid }

// Submit checks an upload, takes a quota slot and queues its scoring. It
// reports whether the submission was made by an earlier request with the
// same idempotency key (and the same body), which is then returned as is.
func (s *Service) Submit(ctx context.Context, team Team, benchmarkID string, up Upload) (Submission, bool, error) {
	b, err := s.Benchmark(ctx, benchmarkID)
	if err != nil {
		return Submission{}, false, err
	}
	if b.Closed {
		return Submission{}, false, fmt.Errorf("%w: benchmark %s closed at %s", ErrClosed, b.ID, b.ClosesAt.Format(time.RFC3339))
	}
	if err := checkText("model", up.Model, 200, true); err != nil {
		return Submission{}, false, fmt.Errorf("%w (send it as the X-Model header, or the model query parameter or multipart field)", err)
	}
	if err := checkText("description", up.Description, 4000, false); err != nil {
		return Submission{}, false, err
	}
	if err := checkText("training_data", up.TrainingData, 4000, false); err != nil {
		return Submission{}, false, err
	}
	sum := sha256.Sum256(up.Body)
	digest := hex.EncodeToString(sum[:])

	var idem *idempotency
	if up.IdempotencyKey != "" {
		idem, err = s.claimIdempotency(ctx, b.ID, team.ID, up.IdempotencyKey, digest)
		if err != nil {
			return Submission{}, false, err
		}
		if idem.replay != "" {
			sub, err := s.Submission(ctx, team, b.ID, idem.replay)
			return sub, true, err
		}
	}
	sub, err := s.submit(ctx, team, b, up, digest)
	if idem != nil {
		if err != nil {
			idem.abandon(ctx)
		} else if derr := idem.done(ctx, sub.ID); derr != nil {
			return Submission{}, false, derr
		}
	}
	return sub, false, err
}

// submit does Submit's work once the idempotency key is settled.
func (s *Service) submit(ctx context.Context, team Team, b Benchmark, up Upload, digest string) (Submission, error) {
	var set itemSet
	if err := getJSON(ctx, s.store, nsBenchmarkItems, b.ID, &set); err != nil {
		return Submission{}, fmt.Errorf("benchmark %s items: %w", b.ID, err)
	}
	if _, problems, total := ParseSubmission(up.Body, set.IDs, s.limits); total > 0 {
		return Submission{}, &UploadError{Problems: problems, Total: total}
	}
	now := s.now().UTC()
	rec := submissionRecord{Submission: Submission{
		ID: newID("sub", now), BenchmarkID: b.ID, TeamID: team.ID,
		Model: strings.TrimSpace(up.Model), Description: up.Description, TrainingData: up.TrainingData,
		Items: len(set.IDs), SHA256: digest, Bytes: len(up.Body), State: StateQueued,
		CreatedAt: now, Deadline: now.Add(s.deadline), CountsAgainstQuota: true,
	}}
	slots, err := s.reserve(ctx, b, team.ID, rec.ID, now)
	if err != nil {
		return Submission{}, err
	}
	rec.Slots = slots
	return s.queue(ctx, rec, up.Body, b)
}

// queue stores a new submission with its file and queues its scoring; a
// failure gives its quota back.
func (s *Service) queue(ctx context.Context, rec submissionRecord, body []byte, b Benchmark) (Submission, error) {
	if err := s.store.Put(ctx, nsFiles, rec.ID, body); err != nil {
		s.release(ctx, rec.ID, rec.Slots)
		return Submission{}, fmt.Errorf("store the file: %w", err)
	}
	if err := s.store.Put(ctx, nsSubmissionByID, rec.ID, []byte(b.ID)); err != nil {
		s.release(ctx, rec.ID, rec.Slots)
		return Submission{}, fmt.Errorf("store the submission: %w", err)
	}
	if err := s.putRecord(ctx, rec); err != nil {
		s.release(ctx, rec.ID, rec.Slots)
		return Submission{}, err
	}
	job, err := s.jobs.Enqueue(ctx, ScoreJobType, ScoreParams{SubmissionID: rec.ID})
	if err != nil {
		failed, ferr := failSubmission(ctx, s.store, rec.ID, "the scoring queue refused the submission: "+err.Error(), s.now())
		if ferr != nil {
			return Submission{}, errors.Join(err, ferr)
		}
		return s.view(ctx, failed, b), fmt.Errorf("queue scoring: %w", err)
	}
	// The job id has its own key: the job may be writing the record
	// already.
	if err := s.store.Put(ctx, nsSubmissionJobs, rec.ID, []byte(job.ID)); err != nil {
		return Submission{}, fmt.Errorf("store the job id: %w", err)
	}
	rec.JobID = job.ID
	return s.view(ctx, rec, b), nil
}

// Rescore scores a scored submission's file again with the metrics the
// server has now (current signatures), as a new submission that uses no
// quota; the old one keeps its scores and their versions.
func (s *Service) Rescore(ctx context.Context, team Team, benchmarkID, id string, current map[string]string) (Submission, error) {
	old, err := s.Submission(ctx, team, benchmarkID, id)
	if err != nil {
		return Submission{}, err
	}
	if old.State != StateScored {
		return Submission{}, fmt.Errorf("%w: submission %s is %s; only a scored submission can be rescored", ErrConflict, id, old.State)
	}
	if maps.Equal(old.Signatures, current) {
		return Submission{}, fmt.Errorf("%w: submission %s is already scored with the current metric versions", ErrConflict, id)
	}
	b, err := s.Benchmark(ctx, benchmarkID)
	if err != nil {
		return Submission{}, err
	}
	if b.Closed {
		return Submission{}, fmt.Errorf("%w: benchmark %s is closed", ErrClosed, b.ID)
	}
	body, err := s.store.Get(ctx, nsFiles, id)
	if err != nil {
		return Submission{}, fmt.Errorf("the file of %s: %w", id, err)
	}
	now := s.now().UTC()
	rec := submissionRecord{Submission: Submission{
		ID: newID("sub", now), BenchmarkID: b.ID, TeamID: team.ID,
		Model: old.Model, Description: old.Description, TrainingData: old.TrainingData,
		Items: old.Items, SHA256: old.SHA256, Bytes: old.Bytes, State: StateQueued,
		CreatedAt: now, Deadline: now.Add(s.deadline), RescoreOf: id,
	}}
	return s.queue(ctx, rec, body, b)
}

// putRecord stores rec.
func (s *Service) putRecord(ctx context.Context, rec submissionRecord) error {
	return putJSON(ctx, s.store, nsSubmissions, submissionKey(rec.BenchmarkID, rec.ID), rec)
}

// withJob fills rec.JobID, which is kept apart from the record.
func (s *Service) withJob(ctx context.Context, rec *submissionRecord) error {
	id, err := s.store.Get(ctx, nsSubmissionJobs, rec.ID)
	if errors.Is(err, kv.ErrNotFound) {
		return nil // not queued yet, or the queue refused it
	}
	rec.JobID = string(id)
	return err
}

// Submission returns one of team's submissions to a benchmark; another
// team's is ErrNotFound.
func (s *Service) Submission(ctx context.Context, team Team, benchmarkID, id string) (Submission, error) {
	rec, err := readRecord(ctx, s.store, id)
	if err != nil || rec.TeamID != team.ID || rec.BenchmarkID != benchmarkID {
		return Submission{}, fmt.Errorf("submission %s: %w", id, ErrNotFound)
	}
	b, err := s.Benchmark(ctx, benchmarkID)
	if err != nil {
		return Submission{}, err
	}
	rec, err = s.reconcile(ctx, rec)
	if err != nil {
		return Submission{}, err
	}
	return s.view(ctx, rec, b), nil
}

// Submissions returns team's submissions to a benchmark, oldest first.
func (s *Service) Submissions(ctx context.Context, team Team, benchmarkID string) ([]Submission, error) {
	b, err := s.Benchmark(ctx, benchmarkID)
	if err != nil {
		return nil, err
	}
	recs, err := s.records(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	out := []Submission{}
	for _, rec := range recs {
		if rec.TeamID != team.ID {
			continue
		}
		if rec, err = s.reconcile(ctx, rec); err != nil {
			return nil, err
		}
		out = append(out, s.view(ctx, rec, b))
	}
	return out, nil
}

// records returns every submission record of a benchmark, oldest first.
func (s *Service) records(ctx context.Context, benchmarkID string) ([]submissionRecord, error) {
	entries, err := listPrefix(ctx, s.store, nsSubmissions, submissionPrefix(benchmarkID))
	if err != nil {
		return nil, err
	}
	out := make([]submissionRecord, len(entries))
	for i, e := range entries {
		if err := json.Unmarshal(e.Value, &out[i]); err != nil {
			return nil, fmt.Errorf("submission %s: %w", e.Key, err)
		}
	}
	return out, nil
}

// view is what a team sees of its submission: no private scores before
// the close; the queue position while queued.
func (s *Service) view(ctx context.Context, rec submissionRecord, b Benchmark) Submission {
	sub := rec.Submission
	if !b.Closed {
		sub.Private = nil
	}
	if sub.State == StateQueued && rec.JobID != "" {
		if pos, err := s.queuePosition(ctx, rec.JobID); err == nil {
			sub.QueuePosition = &pos
		}
	}
	return sub
}

// queuePosition counts the scoring jobs queued before the job id.
func (s *Service) queuePosition(ctx context.Context, jobID string) (int, error) {
	job, err := s.jobs.Get(ctx, jobID)
	if err != nil {
		return 0, err
	}
	queued, err := s.jobs.List(ctx, jobs.Filter{Type: ScoreJobType, State: jobs.Queued, Limit: 10000})
	if err != nil {
		return 0, err
	}
	pos := 0
	for _, q := range queued {
		if q.ID != job.ID && (q.CreatedAt.Before(job.CreatedAt) || q.CreatedAt.Equal(job.CreatedAt) && q.ID < job.ID) {
			pos++
		}
	}
	return pos, nil
}

// reconcile brings a submission that is not finished up to date with its
// job: a job that failed or was cancelled fails it, and so does its
// deadline passing; a running job shows as scoring with its progress.
// Only unfinished records need their job, so only they read its id.
func (s *Service) reconcile(ctx context.Context, rec submissionRecord) (submissionRecord, error) {
	if rec.State == StateScored || rec.State == StateFailed {
		return rec, nil
	}
	if err := s.withJob(ctx, &rec); err != nil {
		return rec, err
	}
	now := s.now()
	if now.After(rec.Deadline) {
		if rec.JobID != "" {
			if _, err := s.jobs.Cancel(ctx, rec.JobID); err != nil && !errors.Is(err, jobs.ErrFinished) && !errors.Is(err, jobs.ErrNotFound) {
				return rec, fmt.Errorf("cancel the scoring of %s: %w", rec.ID, err)
			}
		}
		return failSubmission(ctx, s.store, rec.ID, deadlineReason(s.deadline), now)
	}
	if rec.JobID == "" {
		return rec, nil
	}
	job, err := s.jobs.Get(ctx, rec.JobID)
	if errors.Is(err, jobs.ErrNotFound) {
		return failSubmission(ctx, s.store, rec.ID, "its scoring job is gone; submit again", now)
	}
	if err != nil {
		return rec, err
	}
	switch job.State {
	case jobs.Failed, jobs.Cancelled:
		reason := "scoring failed: " + job.Error
		if job.State == jobs.Cancelled {
			reason = "its scoring was cancelled by an operator"
		}
		// The handler usually recorded the failure itself; this covers a
		// worker that died.
		return failSubmission(ctx, s.store, rec.ID, reason, now)
	case jobs.Running:
		rec.State = StateScoring
		if job.Progress.Total > 0 {
			rec.Progress = &Progress{Done: int(job.Progress.Done), Total: int(job.Progress.Total)}
		}
	}
	return rec, nil
}

// deadlineReason is the error of a submission that was not scored in time.
func deadlineReason(d time.Duration) string {
	return fmt.Sprintf("not scored within %s of its upload (the scoring queue was too slow, or a worker stopped); it does not count against the quota: submit again", d)
}

// Sweep reconciles every unfinished submission of every benchmark, so
// that stuck ones fail and give their quota back even if nobody looks.
// It returns how many it failed.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	bs, err := s.Benchmarks(ctx)
	if err != nil {
		return 0, err
	}
	failed := 0
	for _, b := range bs {
		recs, err := s.records(ctx, b.ID)
		if err != nil {
			return failed, err
		}
		for _, rec := range recs {
			if rec.State == StateScored || rec.State == StateFailed {
				continue
			}
			after, err := s.reconcile(ctx, rec)
			if err != nil {
				return failed, err
			}
			if after.State == StateFailed {
				failed++
			}
		}
	}
	return failed, nil
}
