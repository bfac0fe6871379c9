package evaluate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/training/dataset"
)

// resultsNamespace keeps each finished job's per-item results, by job id.
const resultsNamespace = "eval-results"

// scoreChunk is how many pairs go to the metrics engine at once (its
// per-request pair limit is larger).
const scoreChunk = 256

// ErrNoResults: the job has no stored results (it has not finished).
var ErrNoResults = errors.New("no results for this job")

// ItemResult is one item's explanations and scores.
type ItemResult struct {
	ID        string `json:"id"`
	Claim     string `json:"claim"`
	Label     string `json:"label"`
	Generated string `json:"generated"`
	// Reference is the teacher's explanation.
	Reference       string              `json:"reference"`
	TokensPredicted int                 `json:"tokens_predicted"`
	Metrics         scoring.PairMetrics `json:"metrics"`
}

// Results are a finished job's per-item results and corpus scores.
type Results struct {
	JobID      string              `json:"job_id"`
	Items      []ItemResult        `json:"items"`
	Corpus     scoring.PairMetrics `json:"corpus"`
	Signatures map[string]string   `json:"signatures"`
}

// score scores the generations against the teacher's explanations and
// stores the results.
func score(ctx context.Context, store kv.Store, scorer Scorer, jobID string, p JobParams, items []dataset.Item, gens []generation, res *JobResult) error {
	pairs := make([]scoring.Pair, len(items))
	for i, it := range items {
		pairs[i] = scoring.Pair{ID: it.ID, Generated: gens[i].Text, Reference: it.Explanation}
		if gens[i].Text == "" {
			res.Empty++
		}
	}
	opts := p.metricsOptions()
	scored := make([]scoring.PairMetrics, 0, len(pairs))
	for start := 0; start < len(pairs); start += scoreChunk {
		r, err := scorer.Compute(ctx, pairs[start:min(start+scoreChunk, len(pairs))], opts)
		if err != nil {
			return fmt.Errorf("scoring: %w", err)
		}
		scored = append(scored, r.Pairs...)
	}
	out := Results{JobID: jobID, Items: make([]ItemResult, len(items))}
	out.Corpus, out.Signatures = scorer.Corpus(pairs, scored, opts)
	for i, it := range items {
		out.Items[i] = ItemResult{ID: it.ID, Claim: it.Claim, Label: it.Label, Generated: gens[i].Text,
			Reference: it.Explanation, TokensPredicted: gens[i].TokensPredicted, Metrics: scored[i]}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	if err := store.Put(ctx, resultsNamespace, jobID, b); err != nil {
		return err
	}
	res.Corpus, res.Signatures = out.Corpus, out.Signatures
	return nil
}

// LoadResults returns a finished job's results; ErrNoResults when there
// are none.
func LoadResults(ctx context.Context, store kv.Store, jobID string) (Results, error) {
	b, err := store.Get(ctx, resultsNamespace, jobID)
	if errors.Is(err, kv.ErrNotFound) {
		return Results{}, fmt.Errorf("%w: %s", ErrNoResults, jobID)
	}
	if err != nil {
		return Results{}, err
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return Results{}, fmt.Errorf("job %s: stored results: %w", jobID, err)
	}
	return r, nil
}
