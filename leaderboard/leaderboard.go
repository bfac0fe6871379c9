// Package leaderboard runs benchmarks for external teams: an operator
// creates teams (each with an API key kept only as a hash) and benchmarks
// (a dataset split with teacher explanations, cut into a public and a
// private part); teams upload one explanation per item as JSONL; a job
// scores each upload against the teacher's references, which never leave
// the server; the leaderboard ranks each team's best submission on the
// public part, with bootstrap confidence intervals and a paired test
// against the leader, and reveals the private ranking once the benchmark
// closes.
//
// Everything is kept in a kv.Store (the embedded bbolt file or Redis), so
// that any number of server and worker processes share it; quotas and
// idempotency keys are claimed with PutIfAbsent, which is atomic on both.
package leaderboard

import (
	"errors"
	"time"
)

// Errors the package returns (wrapped), for the API to map to statuses.
var (
	// ErrNotFound: no such team, benchmark or submission (or not the
	// caller's).
	ErrNotFound = errors.New("not found")
	// ErrInvalid: a request that can never succeed as it is (422).
	ErrInvalid = errors.New("invalid")
	// ErrQuota: the team has used its quota (429).
	ErrQuota = errors.New("quota exhausted")
	// ErrClosed: the benchmark takes no more submissions (409).
	ErrClosed = errors.New("benchmark closed")
	// ErrConflict: an idempotency key in use with another body, or by a
	// request still in progress (409).
	ErrConflict = errors.New("conflict")
)

// Team is a team as the API shows it; its key is never stored.
type Team struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	// KeyRotatedAt is when the current key was issued.
	KeyRotatedAt time.Time `json:"key_rotated_at"`
}

// NewTeam is a created team or a rotated key: the only time the key is
// shown.
type NewTeam struct {
	Team
	APIKey string `json:"api_key"`
}

// Benchmark is a benchmark as the API shows it.
type Benchmark struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	DatasetID   string `json:"dataset_id"`
	Split       string `json:"split"`
	// PrivateFraction of the items are scored apart and ranked only after
	// ClosesAt.
	PrivateFraction float64 `json:"private_fraction"`
	// DailyQuota and TotalQuota are the submissions a team may make per
	// UTC day and in all; 0 means no limit.
	DailyQuota int        `json:"daily_quota"`
	TotalQuota int        `json:"total_quota"`
	ClosesAt   *time.Time `json:"closes_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	// Items counts the benchmark's items: PublicItems + PrivateItems.
	Items        int `json:"items"`
	PublicItems  int `json:"public_items"`
	PrivateItems int `json:"private_items"`
	// Closed is whether ClosesAt has passed (computed when read).
	Closed bool `json:"closed"`
	// RankedBy is the metric the leaderboard sorts by; Metrics are all
	// the metrics each submission is scored with.
	RankedBy string   `json:"ranked_by"`
	Metrics  []string `json:"metrics"`
	// Signatures are the metric signatures new submissions are scored
	// with (filled by the API from the running scorer).
	Signatures map[string]string `json:"signatures,omitempty"`
	// Rules are the rules in words.
	Rules []string `json:"rules"`
}

// Submission states.
const (
	StateQueued  = "queued"
	StateScoring = "scoring"
	StateScored  = "scored"
	StateFailed  = "failed"
)

// Submission is an upload as its team sees it.
type Submission struct {
	ID          string `json:"id"`
	BenchmarkID string `json:"benchmark_id"`
	TeamID      string `json:"team_id"`
	// Model, Description and TrainingData are what the team declared.
	Model        string `json:"model"`
	Description  string `json:"description,omitempty"`
	TrainingData string `json:"training_data,omitempty"`
	// Items is the number of explanations; SHA256 and Bytes identify the
	// uploaded file.
	Items  int    `json:"items"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes"`
	State  string `json:"state"`
	// QueuePosition is the number of submissions to any benchmark
	// waiting before this one (0: next), while it is queued.
	QueuePosition *int `json:"queue_position,omitempty"`
	// Progress is the items scored, while scoring.
	Progress   *Progress  `json:"progress,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	// Deadline is when scoring must have finished; past it the
	// submission fails and its quota is given back.
	Deadline time.Time `json:"deadline"`
	// Error says why a failed submission failed.
	Error string `json:"error,omitempty"`
	// CountsAgainstQuota is false for failed submissions.
	CountsAgainstQuota bool `json:"counts_against_quota"`
	// Public are the scores on the public items; Private those on the
	// private items, shown only once the benchmark is closed.
	Public  *SplitScores `json:"public,omitempty"`
	Private *SplitScores `json:"private,omitempty"`
	// Signatures are the metric signatures the scores were computed
	// with.
	Signatures map[string]string `json:"signatures,omitempty"`
	// RescoreOf is the submission this one rescored with newer metrics.
	RescoreOf string `json:"rescore_of,omitempty"`
}

// Progress counts scored items.
type Progress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// SplitScores are a submission's scores on one part of the benchmark.
type SplitScores struct {
	Items int `json:"items"`
	// Metrics maps each metric to its mean over the items with a 95%
	// bootstrap confidence interval.
	Metrics map[string]Estimate `json:"metrics"`
}

// Estimate is a mean with its 95% percentile bootstrap interval.
type Estimate struct {
	Mean float64 `json:"mean"`
	Low  float64 `json:"ci95_low"`
	High float64 `json:"ci95_high"`
}
