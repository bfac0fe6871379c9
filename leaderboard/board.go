package leaderboard

import (
	"context"
	"fmt"
)

// Board is a benchmark's leaderboard.
type Board struct {
	Benchmark Benchmark `json:"benchmark"`
	// Public ranks each team's best submission on the public items.
	Public []Row `json:"public"`
	// Private ranks the same submissions on the private items; nil (and
	// absent) until the benchmark closes.
	Private []Row `json:"private,omitempty"`
}

// Leaderboard ranks a benchmark's scored submissions.
func (s *Service) Leaderboard(ctx context.Context, benchmarkID string) (Board, error) {
	b, err := s.Benchmark(ctx, benchmarkID)
	if err != nil {
		return Board{}, err
	}
	var set itemSet
	if err := getJSON(ctx, s.store, nsBenchmarkItems, b.ID, &set); err != nil {
		return Board{}, fmt.Errorf("benchmark %s items: %w", b.ID, err)
	}
	recs, err := s.records(ctx, b.ID)
	if err != nil {
		return Board{}, err
	}
	teams, err := s.Teams(ctx)
	if err != nil {
		return Board{}, err
	}
	names := make(map[string]string, len(teams))
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	var cands []Candidate
	byID := map[string]submissionRecord{}
	for _, rec := range recs {
		if rec.State != StateScored || rec.Public == nil {
			continue
		}
		byID[rec.ID] = rec
		cands = append(cands, Candidate{Submission: rec.Submission, TeamName: names[rec.TeamID], Scores: rec.Public})
	}
	perItem := func(private bool) func(string) ([]float64, error) {
		return func(sid string) ([]float64, error) {
			var per itemScores
			if err := getJSON(ctx, s.store, nsItemScores, sid, &per); err != nil {
				return nil, fmt.Errorf("item scores of %s: %w", sid, err)
			}
			all := per.Metrics[RankingMetric]
			if len(all) != len(set.Private) {
				return nil, fmt.Errorf("item scores of %s: %d values for %d items", sid, len(all), len(set.Private))
			}
			var out []float64
			for i, p := range set.Private {
				if p == private {
					out = append(out, all[i])
				}
			}
			return out, nil
		}
	}
	board := Board{Benchmark: b}
	if board.Public, err = Rank(cands, RankingMetric, perItem(false)); err != nil {
		return Board{}, err
	}
	if !b.Closed || b.PrivateItems == 0 {
		return board, nil
	}
	// The private ranking takes each team's best public submission, so
	// that many submissions cannot fish for a lucky private score.
	var private []Candidate
	counts := map[string]int{}
	for _, r := range board.Public {
		rec := byID[r.SubmissionID]
		counts[rec.TeamID] = r.Submissions
		if rec.Private != nil {
			private = append(private, Candidate{Submission: rec.Submission, TeamName: r.TeamName, Scores: rec.Private})
		}
	}
	if board.Private, err = Rank(private, RankingMetric, perItem(true)); err != nil {
		return Board{}, err
	}
	for i := range board.Private {
		board.Private[i].Submissions = counts[board.Private[i].TeamID]
	}
	return board, nil
}
