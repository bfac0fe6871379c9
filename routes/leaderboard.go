package routes

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/leaderboard"
	"github.com/cecbench/cecbench/scoring"
)

// Leaderboard is the leaderboard service (package leaderboard).
type Leaderboard interface {
	CreateTeam(ctx context.Context, name string) (leaderboard.NewTeam, error)
	RotateKey(ctx context.Context, teamID string) (leaderboard.NewTeam, error)
	Teams(ctx context.Context) ([]leaderboard.Team, error)
	Authenticate(ctx context.Context, key string) (leaderboard.Team, error)
	CreateBenchmark(ctx context.Context, in leaderboard.NewBenchmark) (leaderboard.Benchmark, error)
	Benchmark(ctx context.Context, id string) (leaderboard.Benchmark, error)
	Benchmarks(ctx context.Context) ([]leaderboard.Benchmark, error)
	HasBenchmarks(ctx context.Context) (bool, error)
	Items(ctx context.Context, benchmarkID string) ([]leaderboard.Item, error)
	Submit(ctx context.Context, team leaderboard.Team, benchmarkID string, up leaderboard.Upload) (leaderboard.Submission, bool, error)
	Submission(ctx context.Context, team leaderboard.Team, benchmarkID, id string) (leaderboard.Submission, error)
	Submissions(ctx context.Context, team leaderboard.Team, benchmarkID string) ([]leaderboard.Submission, error)
	Rescore(ctx context.Context, team leaderboard.Team, benchmarkID, id string, current map[string]string) (leaderboard.Submission, error)
	Leaderboard(ctx context.Context, benchmarkID string) (leaderboard.Board, error)
}

// TeamList is the answer of GET /v1/admin/teams.
type TeamList struct {
	Teams []leaderboard.Team `json:"teams"`
}

// NewTeamRequest is the body of POST /v1/admin/teams.
type NewTeamRequest struct {
	Name string `json:"name" example:"Team Alpha"`
}

// BenchmarkList is the answer of GET /v1/benchmarks.
type BenchmarkList struct {
	Benchmarks []leaderboard.Benchmark `json:"benchmarks"`
}

// BenchmarkItems is the answer of GET /v1/benchmarks/{id}/items.
type BenchmarkItems struct {
	BenchmarkID string             `json:"benchmark_id"`
	Items       []leaderboard.Item `json:"items"`
}

// SubmissionList is the answer of GET /v1/benchmarks/{id}/submissions.
type SubmissionList struct {
	Submissions []leaderboard.Submission `json:"submissions"`
}

// createTeam godoc
//
//	@Summary		Create a team (operator)
//	@Description	Answers the team with its API key, which is shown only here: the server keeps only its sha256.
//	@Tags			admin
//	@Accept			json
//	@Produce		json
//	@Security		AdminToken
//	@Param			request	body		NewTeamRequest	true	"the team's name"
//	@Success		201		{object}	leaderboard.NewTeam
//	@Failure		401		{object}	Problem	"no or a wrong admin token"
//	@Failure		409		{object}	Problem	"a team of that name exists"
//	@Failure		422		{object}	Problem
//	@Router			/v1/admin/teams [post]
func (h *handlers) createTeam(c echo.Context) error {
	var req NewTeamRequest
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	t, err := h.d.Leaderboard.CreateTeam(c.Request().Context(), req.Name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

// listTeams godoc
//
//	@Summary	List the teams (operator)
//	@Tags		admin
//	@Produce	json
//	@Security	AdminToken
//	@Success	200	{object}	TeamList
//	@Failure	401	{object}	Problem
//	@Router		/v1/admin/teams [get]
func (h *handlers) listTeams(c echo.Context) error {
	ts, err := h.d.Leaderboard.Teams(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, TeamList{Teams: ts})
}

// rotateKey godoc
//
//	@Summary		Give a team a new API key (operator)
//	@Description	The old key stops working at once; the new one is shown only here.
//	@Tags			admin
//	@Produce		json
//	@Security		AdminToken
//	@Param			id	path		string	true	"team id"
//	@Success		200	{object}	leaderboard.NewTeam
//	@Failure		401	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/v1/admin/teams/{id}/rotate-key [post]
func (h *handlers) rotateKey(c echo.Context) error {
	t, err := h.d.Leaderboard.RotateKey(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

// createBenchmark godoc
//
//	@Summary		Create a benchmark (operator)
//	@Description	From a dataset version whose items of `split` (default test) all have teacher explanations. `private_fraction` (default 0.5) of the items, drawn at random, are private: scored with every submission, ranked only after `closes_at`. `daily_quota` (default 5) and `total_quota` (default 0, no limit) bound each team's submissions.
//	@Tags			admin
//	@Accept			json
//	@Produce		json
//	@Security		AdminToken
//	@Param			request	body		leaderboard.NewBenchmark	true	"the benchmark"
//	@Success		201		{object}	leaderboard.Benchmark
//	@Failure		401		{object}	Problem
//	@Failure		422		{object}	Problem	"an unknown dataset, items without explanations, bad fractions or quotas"
//	@Router			/v1/admin/benchmarks [post]
func (h *handlers) createBenchmark(c echo.Context) error {
	var req leaderboard.NewBenchmark
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	b, err := h.d.Leaderboard.CreateBenchmark(c.Request().Context(), req)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/benchmarks/"+b.ID)
	return c.JSON(http.StatusCreated, h.withSignatures(b))
}

// withSignatures adds the metric signatures of the running scorer.
func (h *handlers) withSignatures(b leaderboard.Benchmark) leaderboard.Benchmark {
	if sig := h.currentSignatures(); sig != nil {
		b.Signatures = sig
	}
	return b
}

// signer is what the metrics engine offers to name its metrics' versions.
type signer interface {
	Corpus(pairs []scoring.Pair, scored []scoring.PairMetrics, opts scoring.MetricsOptions) (scoring.PairMetrics, map[string]string)
}

// currentSignatures are the signatures submissions are scored with now;
// nil while the engine loads.
func (h *handlers) currentSignatures() map[string]string {
	m, err := h.d.Backend.Metrics()
	if err != nil {
		return nil
	}
	s, ok := m.(signer)
	if !ok {
		return nil
	}
	_, sig := s.Corpus(nil, nil, leaderboard.ScoringOptions())
	return sig
}

// listBenchmarks godoc
//
//	@Summary	List the benchmarks
//	@Tags		leaderboard
//	@Produce	json
//	@Success	200	{object}	BenchmarkList
//	@Router		/v1/benchmarks [get]
func (h *handlers) listBenchmarks(c echo.Context) error {
	bs, err := h.d.Leaderboard.Benchmarks(c.Request().Context())
	if err != nil {
		return err
	}
	for i := range bs {
		bs[i] = h.withSignatures(bs[i])
	}
	return c.JSON(http.StatusOK, BenchmarkList{Benchmarks: bs})
}

// getBenchmark godoc
//
//	@Summary	A benchmark: description, rules, metrics and their signatures
//	@Tags		leaderboard
//	@Produce	json
//	@Param		id	path		string	true	"benchmark id"
//	@Success	200	{object}	leaderboard.Benchmark
//	@Failure	404	{object}	Problem
//	@Router		/v1/benchmarks/{id} [get]
func (h *handlers) getBenchmark(c echo.Context) error {
	b, err := h.d.Leaderboard.Benchmark(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.withSignatures(b))
}

// benchmarkItems godoc
//
//	@Summary		A benchmark's items: the inputs to explain
//	@Description	Each item's id, claim, evidence sentences and label, in order; never the reference explanations. The public/private cut is not shown.
//	@Tags			leaderboard
//	@Produce		json
//	@Param			id	path		string	true	"benchmark id"
//	@Success		200	{object}	BenchmarkItems
//	@Failure		404	{object}	Problem
//	@Router			/v1/benchmarks/{id}/items [get]
func (h *handlers) benchmarkItems(c echo.Context) error {
	items, err := h.d.Leaderboard.Items(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, BenchmarkItems{BenchmarkID: c.Param("id"), Items: items})
}

// createSubmission godoc
//
//	@Summary		Submit explanations (team)
//	@Description	The body is JSONL, one `{"id", "explanation"}` a line, every item of the benchmark exactly once (`Content-Type: application/x-ndjson`, or the multipart field `file`). Declare the model with the `X-Model` header (or the `model` query parameter or multipart field; required), and optionally `X-Description` / `description` and `X-Training-Data` / `training_data`. The file is checked before anything counts: a 422 lists the first problems with line numbers and uses no quota. `Idempotency-Key` makes a retried upload return the first one's submission (200, `Idempotent-Replayed: true`) instead of making another.
//	@Tags			leaderboard
//	@Accept			application/x-ndjson
//	@Produce		json
//	@Security		TeamKey
//	@Param			id				path		string	true	"benchmark id"
//	@Param			X-Model			header		string	true	"the model that wrote the explanations"
//	@Param			Idempotency-Key	header		string	false	"a unique key per upload"
//	@Success		202				{object}	leaderboard.Submission
//	@Success		200				{object}	leaderboard.Submission	"a replay of an earlier upload with the same Idempotency-Key"
//	@Failure		401				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		409				{object}	Problem	"the benchmark is closed, or the Idempotency-Key was used for another file"
//	@Failure		413				{object}	Problem
//	@Failure		422				{object}	Problem	"the file's first problems, with line numbers"
//	@Failure		429				{object}	Problem	"the team's quota is used"
//	@Router			/v1/benchmarks/{id}/submissions [post]
func (h *handlers) createSubmission(c echo.Context) error {
	body, _, err := h.jsonlBody(c, "submission")
	if err != nil {
		return err
	}
	defer body.Close()
	data, err := io.ReadAll(body)
	if err != nil {
		return tooLargeOr(err, "submission", h.d.MaxDatasetBytes)
	}
	r := c.Request()
	up := leaderboard.Upload{
		Model:          headerOrQuery(c, "X-Model", "model"),
		Description:    headerOrQuery(c, "X-Description", "description"),
		TrainingData:   headerOrQuery(c, "X-Training-Data", "training_data"),
		Body:           data,
		IdempotencyKey: r.Header.Get("Idempotency-Key"),
	}
	sub, replayed, err := h.d.Leaderboard.Submit(r.Context(), team(c), c.Param("id"), up)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/benchmarks/"+sub.BenchmarkID+"/submissions/"+sub.ID)
	if replayed {
		c.Response().Header().Set("Idempotent-Replayed", "true")
		return c.JSON(http.StatusOK, sub)
	}
	return c.JSON(http.StatusAccepted, sub)
}

// headerOrQuery returns the header, else the query parameter or the
// multipart form field.
func headerOrQuery(c echo.Context, header, param string) string {
	if v := c.Request().Header.Get(header); v != "" {
		return v
	}
	return c.FormValue(param)
}

// listSubmissions godoc
//
//	@Summary	The team's own submissions to a benchmark, oldest first
//	@Tags		leaderboard
//	@Produce	json
//	@Security	TeamKey
//	@Param		id	path		string	true	"benchmark id"
//	@Success	200	{object}	SubmissionList
//	@Failure	401	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Router		/v1/benchmarks/{id}/submissions [get]
func (h *handlers) listSubmissions(c echo.Context) error {
	subs, err := h.d.Leaderboard.Submissions(c.Request().Context(), team(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, SubmissionList{Submissions: subs})
}

// getSubmission godoc
//
//	@Summary		One of the team's submissions
//	@Description	Its state (queued with its position in the queue, scoring with progress, scored, failed with why), and when scored the public scores with 95% bootstrap intervals; private scores only after the benchmark closes. Another team's submission is 404.
//	@Tags			leaderboard
//	@Produce		json
//	@Security		TeamKey
//	@Param			id	path		string	true	"benchmark id"
//	@Param			sid	path		string	true	"submission id"
//	@Success		200	{object}	leaderboard.Submission
//	@Failure		401	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/v1/benchmarks/{id}/submissions/{sid} [get]
func (h *handlers) getSubmission(c echo.Context) error {
	sub, err := h.d.Leaderboard.Submission(c.Request().Context(), team(c), c.Param("id"), c.Param("sid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sub)
}

// rescoreSubmission godoc
//
//	@Summary		Rescore a submission with the current metrics, as a new entry
//	@Description	Allowed when the submission's metric signatures differ from the ones the server scores with now; the old entry keeps its scores and versions. Uses no quota.
//	@Tags			leaderboard
//	@Produce		json
//	@Security		TeamKey
//	@Param			id	path		string	true	"benchmark id"
//	@Param			sid	path		string	true	"submission id"
//	@Success		202	{object}	leaderboard.Submission
//	@Failure		401	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem	"already scored with the current metric versions, or not scored yet"
//	@Failure		503	{object}	Problem	"the metrics engine is still loading"
//	@Router			/v1/benchmarks/{id}/submissions/{sid}/rescore [post]
func (h *handlers) rescoreSubmission(c echo.Context) error {
	current := h.currentSignatures()
	if current == nil {
		return &RequestError{Kind: ErrNotReady, Detail: "the metrics engine is still loading; retry in a moment"}
	}
	sub, err := h.d.Leaderboard.Rescore(c.Request().Context(), team(c), c.Param("id"), c.Param("sid"), current)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/benchmarks/"+sub.BenchmarkID+"/submissions/"+sub.ID)
	return c.JSON(http.StatusAccepted, sub)
}

// getLeaderboard godoc
//
//	@Summary		A benchmark's leaderboard
//	@Description	Each team's best submission on the public items, ranked by mean CEC, with every metric's mean and 95% bootstrap interval, and a Wilcoxon signed-rank test of per-item CEC against the leader (p >= 0.05: tied with the leader). After `closes_at` the same submissions ranked on the private items too (`private`); never before. `format=csv` answers one row per team and split.
//	@Tags			leaderboard
//	@Produce		json
//	@Produce		text/csv
//	@Param			id		path		string	true	"benchmark id"
//	@Param			format	query		string	false	"json (default) or csv"
//	@Success		200		{object}	leaderboard.Board
//	@Failure		404		{object}	Problem
//	@Failure		422		{object}	Problem	"an unknown format"
//	@Router			/v1/benchmarks/{id}/leaderboard [get]
func (h *handlers) getLeaderboard(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "" && format != "json" && format != "csv" {
		return &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("format %q: use json or csv", format)}
	}
	board, err := h.d.Leaderboard.Leaderboard(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if format != "csv" {
		board.Benchmark = h.withSignatures(board.Benchmark)
		return c.JSON(http.StatusOK, board)
	}
	c.Response().Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", board.Benchmark.ID+"-leaderboard.csv"))
	c.Response().WriteHeader(http.StatusOK)
	return writeBoardCSV(c.Response(), board)
}

// writeBoardCSV writes one row per team and split.
func writeBoardCSV(w io.Writer, board leaderboard.Board) error {
	cw := csv.NewWriter(w)
	head := []string{"split", "rank", "team", "model", "submission_id", "submitted_at", "submissions"}
	for _, m := range leaderboard.Metrics {
		head = append(head, m, m+"_ci95_low", m+"_ci95_high")
	}
	head = append(head, "p_wilcoxon_vs_leader", "tied_with_leader")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, part := range []struct {
		name string
		rows []leaderboard.Row
	}{{"public", board.Public}, {"private", board.Private}} {
		for _, r := range part.rows {
			rec := []string{part.name, strconv.Itoa(r.Rank), r.TeamName, r.Model, r.SubmissionID, r.SubmittedAt.UTC().Format(time.RFC3339), strconv.Itoa(r.Submissions)}
			for _, m := range leaderboard.Metrics {
				e := r.Scores[m]
				rec = append(rec, formatFloat(e.Mean), formatFloat(e.Low), formatFloat(e.High))
			}
			p := ""
			if r.PWilcoxon != nil {
				p = formatFloat(*r.PWilcoxon)
			}
			rec = append(rec, p, strconv.FormatBool(r.TiedWithLeader))
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatFloat writes a float the shortest way that reads back the same.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// leaderboardPage godoc
//
//	@Summary	The leaderboard as an HTML page
//	@Tags		leaderboard
//	@Produce	html
//	@Param		id	path	string	true	"benchmark id"
//	@Success	200
//	@Failure	404	{object}	Problem
//	@Router		/leaderboard/{id} [get]
func (h *handlers) leaderboardPage(c echo.Context) error {
	board, err := h.d.Leaderboard.Leaderboard(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	page := leaderboard.Page{
		Benchmark: h.withSignatures(board.Benchmark), Public: board.Public, Private: board.Private,
		Metrics: leaderboard.Metrics, GeneratedAt: time.Now().UTC(),
	}
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(http.StatusOK)
	return leaderboard.RenderPage(c.Response(), page)
}
