package leaderboard

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/cecbench/cecbench/scoring/stats"
)

// TieAlpha is the significance level below which a row differs from the
// leader: with a Wilcoxon p-value at or above it, the row is marked as a
// statistical tie.
const TieAlpha = 0.05

// Row is one team on a leaderboard: its best submission on the split
// shown.
type Row struct {
	// Rank is 1 for the best mean of the ranking metric; equal means
	// share a rank (1, 2, 2, 4).
	Rank         int                 `json:"rank"`
	TeamID       string              `json:"team_id"`
	TeamName     string              `json:"team_name"`
	SubmissionID string              `json:"submission_id"`
	Model        string              `json:"model"`
	SubmittedAt  time.Time           `json:"submitted_at"`
	Submissions  int                 `json:"submissions"` // the team's scored submissions
	Scores       map[string]Estimate `json:"scores"`
	// PWilcoxon is the two-sided p-value of the Wilcoxon signed-rank test
	// of the per-item ranking metric against the leader's (SciPy's
	// wilcoxon defaults); nil for the leader, and when every difference
	// is zero.
	PWilcoxon *float64 `json:"p_wilcoxon_vs_leader,omitempty"`
	// TiedWithLeader is true for the leader and for every row whose
	// difference from the leader is not significant (p >= TieAlpha).
	TiedWithLeader bool `json:"tied_with_leader"`
}

// Candidate is one scored submission with its scores on the split being
// ranked.
type Candidate struct {
	Submission Submission
	TeamName   string
	Scores     *SplitScores
}

// Rank builds the leaderboard of the candidates: each team's best
// submission by the mean of metric (earliest first among equal means),
// sorted best first, each compared with the leader on the per-item values
// of metric that perItem returns for a submission id (in the benchmark's
// item order; never shown, since per-item scores would leak references).
func Rank(cands []Candidate, metric string, perItem func(submissionID string) ([]float64, error)) ([]Row, error) {
	best := map[string]int{} // team -> index into cands
	count := map[string]int{}
	for i, c := range cands {
		if c.Scores == nil {
			continue
		}
		team := c.Submission.TeamID
		count[team]++
		j, ok := best[team]
		if !ok || better(c, cands[j], metric) {
			best[team] = i
		}
	}
	chosen := make([]int, 0, len(best))
	for _, i := range best {
		chosen = append(chosen, i)
	}
	slices.SortFunc(chosen, func(x, y int) int {
		switch {
		case better(cands[x], cands[y], metric):
			return -1
		case better(cands[y], cands[x], metric):
			return 1
		}
		return cmp.Compare(cands[x].Submission.TeamID, cands[y].Submission.TeamID)
	})
	rows := make([]Row, len(chosen))
	var leader []float64
	for k, i := range chosen {
		c := cands[i]
		r := Row{
			Rank: k + 1, TeamID: c.Submission.TeamID, TeamName: c.TeamName,
			SubmissionID: c.Submission.ID, Model: c.Submission.Model, SubmittedAt: c.Submission.CreatedAt,
			Submissions: count[c.Submission.TeamID], Scores: c.Scores.Metrics,
		}
		if k > 0 && rows[k-1].Scores[metric].Mean == r.Scores[metric].Mean {
			r.Rank = rows[k-1].Rank
		}
		values, err := perItem(c.Submission.ID)
		if err != nil {
			return nil, err
		}
		if k == 0 {
			leader = values
			r.TiedWithLeader = true
		} else if p, err := stats.PairedTests(leader, values); err == nil {
			r.PWilcoxon = p.PWilcoxon
			r.TiedWithLeader = p.PWilcoxon == nil || *p.PWilcoxon >= TieAlpha
		} else {
			return nil, fmt.Errorf("compare %s with the leader: %w", c.Submission.ID, err)
		}
		rows[k] = r
	}
	return rows, nil
}

// better reports whether a ranks above b: a higher mean of metric, or an
// equal mean submitted earlier.
func better(a, b Candidate, metric string) bool {
	ma, mb := a.Scores.Metrics[metric].Mean, b.Scores.Metrics[metric].Mean
	if ma != mb {
		return ma > mb
	}
	return a.Submission.CreatedAt.Before(b.Submission.CreatedAt)
}
