package leaderboard

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/scoring/stats"
)

// ScoreJobType is the job type that scores a submission.
const ScoreJobType = "leaderboard-score"

// ScoreParams are a scoring job's parameters.
type ScoreParams struct {
	SubmissionID string `json:"submission_id"`
}

// ScoreResult is a scoring job's result: the public scores only (job
// results are readable by operators, and private scores stay in the
// submission until the close).
type ScoreResult struct {
	SubmissionID string       `json:"submission_id"`
	Public       *SplitScores `json:"public"`
}

// Scorer computes the metrics of pairs (scoring.Metrics).
type Scorer interface {
	Compute(ctx context.Context, pairs []scoring.Pair, opts scoring.MetricsOptions) (scoring.MetricsResult, error)
}

// HandlerDeps is what the scoring job needs.
type HandlerDeps struct {
	Store    kv.Store
	Datasets Datasets
	// Scorer returns the metrics engine (an error while it loads).
	Scorer func() (Scorer, error)
	// BatchSize is the pairs scored per Compute call, between progress
	// reports (default 128).
	BatchSize int
	Now       func() time.Time
}

// bootstrapResamples is the number of bootstrap resamples of each CI.
const bootstrapResamples = stats.DefaultResamples

// computedMetrics are the scoring.Metrics names Compute is asked for.
var computedMetrics = []string{scoring.MetricBLEU, scoring.MetricROUGE, scoring.MetricMETEOR, scoring.MetricBERTScore, scoring.MetricCEC}

// itemScores are a submission's per-item scores, in the benchmark's item
// order; they are kept for the paired tests and never served.
type itemScores struct {
	Metrics map[string][]float64 `json:"metrics"`
}

// Handler returns the scoring job's handler. A submission is scored once:
// a job resumed after its submission finished does nothing. Any failure
// fails the submission and gives its quota back.
func Handler(d HandlerDeps) jobs.Handler {
	if d.BatchSize <= 0 {
		d.BatchSize = 128
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return func(ctx context.Context, t jobs.Task) (any, error) {
		var p ScoreParams
		if err := json.Unmarshal(t.Job().Params, &p); err != nil {
			return nil, fmt.Errorf("params: %w", err)
		}
		rec, err := readRecord(ctx, d.Store, p.SubmissionID)
		if err != nil {
			return nil, err
		}
		if rec.State == StateScored || rec.State == StateFailed {
			return ScoreResult{SubmissionID: rec.ID, Public: rec.Public}, nil
		}
		ctx, cancel := context.WithDeadline(ctx, rec.Deadline)
		defer cancel()
		res, err := score(ctx, d, t, rec)
		if err == nil {
			return res, nil
		}
		reason := "scoring failed: " + err.Error()
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			reason = deadlineReason(rec.Deadline.Sub(rec.CreatedAt))
		case errors.Is(err, context.Canceled), errors.Is(err, jobs.ErrCancelled):
			reason = "its scoring was cancelled"
		}
		// A fresh context: the job's may be done.
		if _, ferr := failSubmission(context.WithoutCancel(ctx), d.Store, rec.ID, reason, d.Now()); ferr != nil {
			err = errors.Join(err, ferr)
		}
		return nil, err
	}
}

// score scores the submission rec and records its scores.
func score(ctx context.Context, d HandlerDeps, t jobs.Task, rec submissionRecord) (ScoreResult, error) {
	if _, err := updateRecord(ctx, d.Store, rec.ID, func(r *submissionRecord) { r.State = StateScoring }); err != nil {
		return ScoreResult{}, err
	}
	var set itemSet
	if err := getJSON(ctx, d.Store, nsBenchmarkItems, rec.BenchmarkID, &set); err != nil {
		return ScoreResult{}, fmt.Errorf("benchmark %s items: %w", rec.BenchmarkID, err)
	}
	var b benchmarkRecord
	if err := getJSON(ctx, d.Store, nsBenchmarks, rec.BenchmarkID, &b); err != nil {
		return ScoreResult{}, fmt.Errorf("benchmark %s: %w", rec.BenchmarkID, err)
	}
	items, err := d.Datasets.Items(ctx, b.DatasetID)
	if err != nil {
		return ScoreResult{}, fmt.Errorf("dataset %s: %w", b.DatasetID, err)
	}
	refs := make(map[string]string, len(items))
	for _, it := range items {
		refs[it.ID] = it.Explanation
	}
	body, err := d.Store.Get(ctx, nsFiles, rec.ID)
	if err != nil {
		return ScoreResult{}, fmt.Errorf("the uploaded file: %w", err)
	}
	// The file was checked at upload; the same check gives the
	// explanations in item order.
	expl, _, total := ParseSubmission(body, set.IDs, Limits{MaxExplanationBytes: len(body) + 1})
	if total > 0 {
		return ScoreResult{}, errors.New("the stored file no longer matches the benchmark's items")
	}
	pairs := make([]scoring.Pair, len(set.IDs))
	for i, id := range set.IDs {
		ref, ok := refs[id]
		if !ok {
			return ScoreResult{}, fmt.Errorf("item %s is gone from dataset %s", id, b.DatasetID)
		}
		pairs[i] = scoring.Pair{ID: id, Generated: expl[i], Reference: ref}
	}
	sc, err := d.Scorer()
	if err != nil {
		return ScoreResult{}, fmt.Errorf("the scorer is not ready: %w", err)
	}
	per := itemScores{Metrics: make(map[string][]float64, len(Metrics))}
	for _, m := range Metrics {
		per.Metrics[m] = make([]float64, len(pairs))
	}
	var signatures map[string]string
	opts := ScoringOptions()
	_ = t.SetProgress(ctx, jobs.Progress{Total: int64(len(pairs))})
	for lo := 0; lo < len(pairs); lo += d.BatchSize {
		hi := min(lo+d.BatchSize, len(pairs))
		res, err := sc.Compute(ctx, pairs[lo:hi], opts)
		if err != nil {
			return ScoreResult{}, err
		}
		signatures = res.Signatures
		for k, pm := range res.Pairs {
			for _, m := range Metrics {
				per.Metrics[m][lo+k] = metricValue(pm, m)
			}
		}
		if err := t.SetProgress(ctx, jobs.Progress{Done: int64(hi), Total: int64(len(pairs))}); err != nil {
			return ScoreResult{}, err
		}
	}
	public, private, err := splitScores(rec.ID, per, set.Private)
	if err != nil {
		return ScoreResult{}, err
	}
	if err := putJSON(ctx, d.Store, nsItemScores, rec.ID, per); err != nil {
		return ScoreResult{}, fmt.Errorf("store item scores: %w", err)
	}
	now := d.Now().UTC()
	if _, err := updateRecord(ctx, d.Store, rec.ID, func(r *submissionRecord) {
		r.State, r.Public, r.Private, r.Signatures, r.FinishedAt, r.Progress = StateScored, public, private, signatures, &now, nil
	}); err != nil {
		return ScoreResult{}, err
	}
	return ScoreResult{SubmissionID: rec.ID, Public: public}, nil
}

// metricValue is pm's value of a leaderboard metric; an undefined value
// counts as 0.
func metricValue(pm scoring.PairMetrics, metric string) float64 {
	var v *float64
	switch metric {
	case "cec":
		v = pm.CEC
	case "bleu":
		v = pm.BLEU
	case "rouge1":
		v = pm.Rouge1
	case "rouge2":
		v = pm.Rouge2
	case "rougeL":
		v = pm.RougeL
	case "meteor":
		v = pm.METEOR
	case "bertscore_f1":
		if pm.BERTScore != nil {
			v = &pm.BERTScore.F1
		}
	}
	if v == nil {
		return 0
	}
	return *v
}

// splitScores aggregates the per-item scores of the public and the
// private items: means with bootstrap intervals, the same resampled items
// for every metric, seeded by the submission id (so a rescore of the same
// values gives the same intervals).
func splitScores(sid string, per itemScores, private []bool) (*SplitScores, *SplitScores, error) {
	var out [2]*SplitScores
	for k, want := range []bool{false, true} {
		var idx []int
		for i, p := range private {
			if p == want {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			continue
		}
		sum := sha256.Sum256([]byte(sid))
		rs, err := stats.NewResamples(len(idx), bootstrapResamples, binary.LittleEndian.Uint64(sum[:8])+uint64(k))
		if err != nil {
			return nil, nil, err
		}
		ss := &SplitScores{Items: len(idx), Metrics: make(map[string]Estimate, len(Metrics))}
		x := make([]float64, len(idx))
		for _, m := range Metrics {
			for j, i := range idx {
				x[j] = per.Metrics[m][i]
			}
			mean, lo, hi, err := rs.Interval(x, 0.95)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", m, err)
			}
			ss.Metrics[m] = Estimate{Mean: mean, Low: lo, High: hi}
		}
		out[k] = ss
	}
	return out[0], out[1], nil
}

// ScoringOptions are the metrics options submissions are scored with.
func ScoringOptions() scoring.MetricsOptions {
	return scoring.MetricsOptions{Metrics: computedMetrics}
}
