package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/leaderboard"
)

// Report is what the run prints and -json writes. Times are seconds,
// memory bytes; -1 means unknown.
type Report struct {
	Server string `json:"server"`
	// Started is whether this program started the server (with Workers
	// workers).
	Started      bool `json:"started"`
	Workers      int  `json:"workers,omitempty"`
	Teams        int  `json:"teams"`
	Items        int  `json:"items"`
	PublicItems  int  `json:"public_items"`
	PrivateItems int  `json:"private_items"`
	UploadBytes  int  `json:"upload_bytes"` // the first team's file

	// UploadStatus counts the uploads' answers by status ("error": none).
	UploadStatus map[string]int `json:"upload_status"`
	UploadP50S   float64        `json:"upload_p50_s"`
	UploadMaxS   float64        `json:"upload_max_s"`

	Scored int `json:"scored"`
	Failed int `json:"failed"`
	// Unfinished were accepted but neither scored nor failed in -timeout.
	Unfinished int `json:"unfinished"`

	// FirstUploadToLastScoreS is from the moment the uploads began to the
	// poll that saw the last submission finished (up to -poll late);
	// ServerSpanS the same on the server's clock: the first submission's
	// created_at to the last one's finished_at.
	FirstUploadToLastScoreS float64 `json:"first_upload_to_last_score_s"`
	ServerSpanS             float64 `json:"server_span_s"`
	// Scoring* are each submission's scoring job from its start to its
	// finish (jobs API); UploadToScore* from the submission's created_at
	// to its finished_at (queueing included).
	ScoringP50S        float64  `json:"scoring_p50_s"`
	ScoringMeanS       float64  `json:"scoring_mean_s"`
	ScoringMinS        float64  `json:"scoring_min_s"`
	ScoringMaxS        float64  `json:"scoring_max_s"`
	UploadToScoreP50S  float64  `json:"upload_to_score_p50_s"`
	UploadToScoreMaxS  float64  `json:"upload_to_score_max_s"`
	WallS              float64  `json:"wall_s"`
	ServerCPUS         float64  `json:"server_cpu_s"`
	Requests           int64    `json:"requests"`
	ServerErrors       int64    `json:"server_errors_5xx"`
	TransportErrors    int64    `json:"transport_errors"`
	BaselineRSS        int64    `json:"baseline_rss_bytes"`
	Memory             memStat  `json:"memory"`
	Ranked             int      `json:"ranked"`
	Missing            []string `json:"missing,omitempty"`
	Inversions         int      `json:"inversions"`
	Pairs              int      `json:"pairs"`
	Spearman           *float64 `json:"spearman,omitempty"` // nil for fewer than two teams ranked
	Rows               []rowOut `json:"leaderboard"`
	Submissions        []subOut `json:"submissions"`
	Problems           []string `json:"problems,omitempty"`
	FailedChecks       []string `json:"failed_checks,omitempty"`
	Pass               bool     `json:"pass"`
	leaderboardChecked bool
}

// memStat sums up the RSS samples.
type memStat struct {
	Samples int   `json:"samples"`
	PeakRSS int64 `json:"peak_rss_bytes"` // the largest VmRSS sampled
	HWM     int64 `json:"vm_hwm_bytes"`   // VmHWM at the end: the peak since the server started
}

// rowOut is one leaderboard row.
type rowOut struct {
	Rank     int     `json:"rank"`
	Team     string  `json:"team"`
	Fraction float64 `json:"replaced_fraction"`
	CEC      float64 `json:"cec"`
	Tied     bool    `json:"tied_with_leader"`
}

// subOut is one team's submission.
type subOut struct {
	Team          string   `json:"team"`
	Fraction      float64  `json:"replaced_fraction"`
	ID            string   `json:"submission_id"`
	UploadStatus  int      `json:"upload_status"`
	UploadS       float64  `json:"upload_s"`
	State         string   `json:"state"`
	Error         string   `json:"error,omitempty"`
	ScoringS      float64  `json:"scoring_s"`
	UploadToScore float64  `json:"upload_to_score_s"`
	PublicCEC     *float64 `json:"public_cec,omitempty"`
}

// fill computes the report's figures from the teams, the scoring jobs and
// the leaderboard.
func (r *Report) fill(teams []*team, list []jobs.Job, jobsErr error, board leaderboard.Board, boardErr error) {
	r.UploadBytes = len(teams[0].file)
	r.UploadStatus = map[string]int{}
	byJob := scoringJobs(list)
	if jobsErr != nil {
		r.Problems = append(r.Problems, "scoring times unknown: "+jobsErr.Error())
	}
	var uploads, scoring, toScore []float64
	var first, last time.Time
	for _, t := range teams {
		s := subOut{Team: t.name, Fraction: t.fraction, ID: t.sub.ID, UploadStatus: t.upload.status, UploadS: t.uploadTime.Seconds(),
			State: t.sub.State, Error: t.sub.Error, ScoringS: -1, UploadToScore: -1}
		uploads = append(uploads, s.UploadS)
		switch {
		case t.upload.status == 0:
			r.UploadStatus["error"]++
			r.Problems = append(r.Problems, fmt.Sprintf("%s upload: %v", t.name, t.uploadErr))
		default:
			r.UploadStatus[fmt.Sprint(t.upload.status)]++
			if t.upload.status != http.StatusAccepted {
				r.Problems = append(r.Problems, fmt.Sprintf("%s upload: %d %s", t.name, t.upload.status, detail(t.upload.body)))
			} else if t.uploadErr != nil {
				r.Problems = append(r.Problems, fmt.Sprintf("%s upload: %v", t.name, t.uploadErr))
			}
		}
		if t.sub.ID != "" {
			switch t.sub.State {
			case leaderboard.StateScored:
				r.Scored++
			case leaderboard.StateFailed:
				r.Failed++
				r.Problems = append(r.Problems, fmt.Sprintf("%s submission %s failed: %s", t.name, t.sub.ID, t.sub.Error))
			default:
				r.Unfinished++
			}
			if t.done {
				r.FirstUploadToLastScoreS = max(r.FirstUploadToLastScoreS, t.doneAt.Seconds())
			}
			if first.IsZero() || t.sub.CreatedAt.Before(first) {
				first = t.sub.CreatedAt
			}
			if f := t.sub.FinishedAt; f != nil {
				if f.After(last) {
					last = *f
				}
				s.UploadToScore = f.Sub(t.sub.CreatedAt).Seconds()
				toScore = append(toScore, s.UploadToScore)
			}
			if j, ok := byJob[t.sub.ID]; ok && j.StartedAt != nil && j.FinishedAt != nil {
				s.ScoringS = j.FinishedAt.Sub(*j.StartedAt).Seconds()
				scoring = append(scoring, s.ScoringS)
			}
			if t.sub.Public != nil {
				if e, ok := t.sub.Public.Metrics[leaderboard.RankingMetric]; ok {
					s.PublicCEC = &e.Mean
				}
			}
		}
		r.Submissions = append(r.Submissions, s)
	}
	if !first.IsZero() && !last.IsZero() {
		r.ServerSpanS = last.Sub(first).Seconds()
	}
	r.UploadP50S, r.UploadMaxS = percentile(uploads, 50), percentile(uploads, 100)
	r.ScoringP50S, r.ScoringMinS, r.ScoringMaxS, r.ScoringMeanS = percentile(scoring, 50), percentile(scoring, 0), percentile(scoring, 100), mean(scoring)
	r.UploadToScoreP50S, r.UploadToScoreMaxS = percentile(toScore, 50), percentile(toScore, 100)

	if boardErr != nil {
		r.Problems = append(r.Problems, "leaderboard: "+boardErr.Error())
		return
	}
	r.leaderboardChecked = true
	index := map[string]*team{}
	for _, t := range teams {
		index[t.name] = t
	}
	var order []int // team indexes in leaderboard order
	seen := map[string]bool{}
	for _, row := range board.Public {
		t, ok := index[row.TeamName]
		if !ok || seen[row.TeamName] {
			r.Problems = append(r.Problems, fmt.Sprintf("leaderboard row %d: unexpected team %q", row.Rank, row.TeamName))
			continue
		}
		seen[row.TeamName] = true
		order = append(order, t.index)
		r.Rows = append(r.Rows, rowOut{Rank: row.Rank, Team: row.TeamName, Fraction: t.fraction,
			CEC: row.Scores[leaderboard.RankingMetric].Mean, Tied: row.TiedWithLeader})
	}
	r.Ranked = len(order)
	for _, t := range teams {
		if !seen[t.name] {
			r.Missing = append(r.Missing, t.name)
		}
	}
	r.Inversions, r.Pairs = inversions(order), len(order)*(len(order)-1)/2
	if rho := spearman(order); !math.IsNaN(rho) {
		r.Spearman = &rho
	}
}

// check decides whether the run passed, and says why not.
func (r *Report) check() {
	fail := func(format string, args ...any) {
		r.FailedChecks = append(r.FailedChecks, fmt.Sprintf(format, args...))
	}
	if r.ServerErrors > 0 {
		fail("%d answers were 5xx", r.ServerErrors)
	}
	if r.TransportErrors > 0 {
		fail("%d requests got no answer", r.TransportErrors)
	}
	if n := r.Teams - r.UploadStatus[fmt.Sprint(http.StatusAccepted)]; n > 0 {
		fail("%d uploads were not accepted with 202", n)
	}
	if r.Failed > 0 {
		fail("%d submissions failed", r.Failed)
	}
	if r.Unfinished > 0 {
		fail("%d submissions were not finished in time", r.Unfinished)
	}
	if !r.leaderboardChecked {
		fail("the leaderboard could not be read")
	} else if len(r.Missing) > 0 {
		fail("%d teams are missing from the leaderboard: %s", len(r.Missing), strings.Join(r.Missing, ", "))
	}
	r.Pass = len(r.FailedChecks) == 0
}

// print writes the report for people.
func (r *Report) print(w io.Writer) {
	fmt.Fprintf(w, "== leaderboard load test: %d teams x %d items (Climate-FEVER; %d public, %d private)\n", r.Teams, r.Items, r.PublicItems, r.PrivateItems)
	fmt.Fprintf(w, "server:           %s\n", r.serverLine(0))
	fmt.Fprintf(w, "uploads:          %s, %s each; latency p50 %.2f s, max %.2f s\n", statusLine(r.UploadStatus), mib(int64(r.UploadBytes)), r.UploadP50S, r.UploadMaxS)
	fmt.Fprintf(w, "submissions:      %d scored, %d failed, %d unfinished\n", r.Scored, r.Failed, r.Unfinished)
	fmt.Fprintf(w, "first upload to last score: %.1f s (polled every second; server clock: %.1f s)\n", r.FirstUploadToLastScoreS, r.ServerSpanS)
	fmt.Fprintf(w, "scoring per submission (job start to finish): p50 %s, mean %s, min %s, max %s\n",
		secs(r.ScoringP50S), secs(r.ScoringMeanS), secs(r.ScoringMinS), secs(r.ScoringMaxS))
	fmt.Fprintf(w, "upload to score per submission (queueing included): p50 %s, max %s\n", secs(r.UploadToScoreP50S), secs(r.UploadToScoreMaxS))
	fmt.Fprintf(w, "requests:         %d sent, %d answered 5xx, %d without an answer\n", r.Requests, r.ServerErrors, r.TransportErrors)
	if r.Memory.Samples > 0 {
		fmt.Fprintf(w, "server memory:    RSS %s before the uploads, peak %s (sampled every second, %d samples), VmHWM %s\n",
			mib(r.BaselineRSS), mib(r.Memory.PeakRSS), r.Memory.Samples, mib(r.Memory.HWM))
	} else {
		fmt.Fprintln(w, "server memory:    unknown (no -server-pid)")
	}
	if r.ServerCPUS > 0 {
		fmt.Fprintf(w, "server CPU:       %.0f s in %.0f s (%.2f cores on average)\n", r.ServerCPUS, r.WallS, r.ServerCPUS/r.WallS)
	}
	if r.leaderboardChecked {
		rho := "-"
		if r.Spearman != nil {
			rho = fmt.Sprintf("%.3f", *r.Spearman)
		}
		fmt.Fprintf(w, "leaderboard:      %d/%d teams ranked; order against the expected one (fewer words replaced ranks higher): %d inversions of %d pairs, Spearman %s\n",
			r.Ranked, r.Teams, r.Inversions, r.Pairs, rho)
		fmt.Fprintf(w, "  %4s  %-8s  %8s  %8s  %s\n", "rank", "team", "replaced", "cec", "tied with leader")
		for _, row := range r.Rows {
			fmt.Fprintf(w, "  %4d  %-8s  %7.1f%%  %8.4f  %v\n", row.Rank, row.Team, 100*row.Fraction, row.CEC, row.Tied)
		}
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "problem: %s\n", p)
	}
	if r.Pass {
		fmt.Fprintln(w, "result:           PASS (every submission scored, no 5xx, every team ranked)")
		return
	}
	fmt.Fprintf(w, "result:           FAIL: %s\n", strings.Join(r.FailedChecks, "; "))
}

// serverLine describes the server, with its pid when known.
func (r *Report) serverLine(pid int) string {
	s := r.Server
	var notes []string
	if pid > 0 {
		notes = append(notes, fmt.Sprintf("pid %d", pid))
	}
	if r.Started {
		notes = append(notes, fmt.Sprintf("started here: cecbench serve --workers %d, a new data dir", r.Workers))
	}
	if len(notes) > 0 {
		s += " (" + strings.Join(notes, ", ") + ")"
	}
	return s
}

// statusLine is like "20 x 202".
func statusLine(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d x %s", counts[k], k)
	}
	return strings.Join(parts, ", ")
}

// secs formats seconds, or "-" when unknown.
func secs(s float64) string {
	if s < 0 || math.IsNaN(s) {
		return "-"
	}
	return fmt.Sprintf("%.1f s", s)
}

// mib formats bytes as MiB, or "-" when unknown.
func mib(b int64) string {
	if b < 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

// writeJSON writes v, indented, to path.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// percentile is the p-th percentile (0 to 100) of xs, interpolated
// linearly between the closest ranks (NumPy's default); -1 for no values.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return -1
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	pos := p / 100 * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

// mean is the mean of xs; -1 for no values.
func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return -1
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// inversions counts the pairs of order that are out of ascending order:
// 0 when the leaderboard ranks the teams exactly as expected.
func inversions(order []int) int {
	n := 0
	for i := range order {
		for j := i + 1; j < len(order); j++ {
			if order[i] > order[j] {
				n++
			}
		}
	}
	return n
}

// spearman is Spearman's rank correlation between the positions of order
// and the ranks of its values among themselves: 1 when ascending, -1 when
// descending, NaN for fewer than two values. The values are distinct.
func spearman(order []int) float64 {
	n := len(order)
	if n < 2 {
		return math.NaN()
	}
	sorted := slices.Clone(order)
	slices.Sort(sorted)
	var d2 float64
	for pos, v := range order {
		rank, _ := slices.BinarySearch(sorted, v)
		d := float64(pos - rank)
		d2 += d * d
	}
	return 1 - 6*d2/float64(n*(n*n-1))
}

// sampler reads a process's memory every interval until stopped.
type sampler struct {
	pid  int
	mu   sync.Mutex
	stat memStat
	last int64
	quit chan struct{}
	once sync.Once
	done chan struct{}
}

// startSampler samples pid's memory; with pid 0 it samples nothing.
func startSampler(pid int, every time.Duration) *sampler {
	s := &sampler{pid: pid, last: -1, quit: make(chan struct{}), done: make(chan struct{})}
	if pid <= 0 {
		close(s.done)
		return s
	}
	s.sample()
	go func() {
		defer close(s.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-s.quit:
				return
			case <-tick.C:
				s.sample()
			}
		}
	}()
	return s
}

func (s *sampler) sample() {
	if s.pid <= 0 {
		return
	}
	m, err := readMemory(s.pid)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stat.Samples++
	s.stat.PeakRSS = max(s.stat.PeakRSS, m.RSS)
	s.stat.HWM = m.HWM
	s.last = m.RSS
}

// current is the last RSS sampled, -1 when none.
func (s *sampler) current() int64 {
	s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// stop ends the sampling, after a last sample; it may be called again.
func (s *sampler) stop() {
	s.once.Do(func() {
		if s.pid > 0 {
			s.sample()
		}
		close(s.quit)
	})
	<-s.done
}

// result is what was sampled.
func (s *sampler) result() memStat {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stat.Samples == 0 {
		return memStat{PeakRSS: -1, HWM: -1}
	}
	return s.stat
}
