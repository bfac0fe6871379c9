package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cecbench/cecbench/leaderboard"
	"github.com/cecbench/cecbench/redistest"
	"github.com/cecbench/cecbench/training/catalog"
)

// TestLeaderboardRanksTeams: three teams whose explanations are closer to
// or further from the hidden references are ranked in that order, with
// intervals, a paired test against the leader, CSV and JSON agreeing.
func TestLeaderboardRanksTeams(t *testing.T) {
	f := newLBFixture(t, 40, true, nil)
	b := f.benchmark(t, map[string]any{"private_fraction": 0.25})
	if b.Items != 40 || b.PrivateItems != 10 || b.PublicItems != 30 || b.RankedBy != "cec" || len(b.Rules) == 0 {
		t.Fatalf("benchmark: %+v", b)
	}
	closest, near, far := f.team(t, "Close"), f.team(t, "Near"), f.team(t, "Far")
	files := map[string][]byte{
		closest.ID: f.file(func(_ int, id string) string { return paraphrase(f.refs[id], 9) }),
		near.ID:    f.file(func(_ int, id string) string { return paraphrase(f.refs[id], 3) }),
		far.ID: f.file(func(i int, _ string) string {
			return fmt.Sprintf("Volcanic ash cools the stratosphere for about %d months.", i+2)
		}),
	}
	for _, tm := range []leaderboard.NewTeam{closest, near, far} {
		rec := f.submit(t, b.ID, tm.APIKey, tm.Name+"-student", files[tm.ID], nil)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("%s: %d %s", tm.Name, rec.Code, rec.Body)
		}
		sub := decode[leaderboard.Submission](t, rec)
		done := f.waitScored(t, b.ID, tm.APIKey, sub.ID)
		if done.State != leaderboard.StateScored || done.Public == nil || done.Public.Items != 30 {
			t.Fatalf("%s: %+v", tm.Name, done)
		}
		if done.Private != nil {
			t.Errorf("%s: private scores shown before the close", tm.Name)
		}
		for _, m := range leaderboard.Metrics {
			e, ok := done.Public.Metrics[m]
			if !ok || e.Low > e.Mean || e.Mean > e.High {
				t.Errorf("%s: %s = %+v", tm.Name, m, e)
			}
		}
		t.Logf("%s: public cec %.4f [%.4f, %.4f], bleu %.4f, meteor %.4f", tm.Name, done.Public.Metrics["cec"].Mean,
			done.Public.Metrics["cec"].Low, done.Public.Metrics["cec"].High, done.Public.Metrics["bleu"].Mean, done.Public.Metrics["meteor"].Mean)
	}

	board := decode[leaderboard.Board](t, f.request(t, http.MethodGet, "/v1/benchmarks/"+b.ID+"/leaderboard", "", "", nil, nil))
	if len(board.Public) != 3 || board.Private != nil {
		t.Fatalf("board: %+v", board)
	}
	for i, want := range []string{"Close", "Near", "Far"} {
		r := board.Public[i]
		if r.TeamName != want || r.Rank != i+1 {
			t.Errorf("row %d: %s rank %d, want %s", i, r.TeamName, r.Rank, want)
		}
	}
	if !board.Public[0].TiedWithLeader || board.Public[0].PWilcoxon != nil {
		t.Errorf("leader row: %+v", board.Public[0])
	}
	if far := board.Public[2]; far.PWilcoxon == nil || *far.PWilcoxon >= 0.05 || far.TiedWithLeader {
		t.Errorf("far row should differ significantly from the leader: %+v", far)
	}

	csvRec := f.request(t, http.MethodGet, "/v1/benchmarks/"+b.ID+"/leaderboard?format=csv", "", "", nil, nil)
	rows, err := csv.NewReader(strings.NewReader(csvRec.Body.String())).ReadAll()
	if err != nil || len(rows) != 4 || rows[1][2] != "Close" || rows[3][2] != "Far" || !strings.HasPrefix(csvRec.Header().Get("Content-Type"), "text/csv") {
		t.Errorf("csv: %v %q", err, csvRec.Body.String())
	}
	page := f.request(t, http.MethodGet, "/leaderboard/"+b.ID, "", "", nil, nil)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `data-team="Close"`) {
		t.Errorf("page: %d", page.Code)
	}
}

// TestLeaderboardAuth: keys and the admin token are required where they
// should be, another team's submission is not found, a rotated key stops
// working, and the operator's endpoints need the admin token.
func TestLeaderboardAuth(t *testing.T) {
	f := newLBFixture(t, 6, false, nil)
	b := f.benchmark(t, nil)
	a, other := f.team(t, "A"), f.team(t, "B")
	rec := f.submit(t, b.ID, a.APIKey, "m", f.file(func(_ int, _ string) string { return "Heat causes loss." }), nil)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body)
	}
	sub := decode[leaderboard.Submission](t, rec)
	subPath := "/v1/benchmarks/" + b.ID + "/submissions/" + sub.ID
	for _, c := range []struct {
		name, method, path, token string
		want                      int
	}{
		{"no key", http.MethodGet, subPath, "", http.StatusUnauthorized},
		{"wrong key", http.MethodGet, subPath, "cbk_" + strings.Repeat("0", 64), http.StatusUnauthorized},
		{"admin token as a team key", http.MethodGet, subPath, testAdminToken, http.StatusUnauthorized},
		{"another team's submission", http.MethodGet, subPath, other.APIKey, http.StatusNotFound},
		{"own submission", http.MethodGet, subPath, a.APIKey, http.StatusOK},
		{"admin without token", http.MethodGet, "/v1/admin/teams", "", http.StatusUnauthorized},
		{"admin with a team key", http.MethodGet, "/v1/admin/teams", a.APIKey, http.StatusUnauthorized},
		{"admin with a wrong token", http.MethodGet, "/v1/admin/teams", testAdminToken + "x", http.StatusUnauthorized},
		{"admin", http.MethodGet, "/v1/admin/teams", testAdminToken, http.StatusOK},
		{"datasets without the admin token", http.MethodGet, "/v1/datasets/" + f.datasetID + "/items", "", http.StatusUnauthorized},
		{"datasets with a team key", http.MethodGet, "/v1/datasets/" + f.datasetID + "/items", a.APIKey, http.StatusUnauthorized},
		{"jobs without the admin token", http.MethodGet, "/v1/jobs", "", http.StatusUnauthorized},
		{"datasets as the operator", http.MethodGet, "/v1/datasets/" + f.datasetID, testAdminToken, http.StatusOK},
		{"public benchmark", http.MethodGet, "/v1/benchmarks/" + b.ID, "", http.StatusOK},
		{"unknown benchmark", http.MethodGet, "/v1/benchmarks/bench_nope", "", http.StatusNotFound},
	} {
		got := f.request(t, c.method, c.path, c.token, "", nil, nil)
		if got.Code != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, got.Code, c.want, got.Body)
		}
		if got.Code >= 400 && got.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: Content-Type %q", c.name, got.Header().Get("Content-Type"))
		}
		if got.Code == http.StatusUnauthorized && !strings.HasPrefix(got.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: no WWW-Authenticate", c.name)
		}
	}

	// A multipart upload with the metadata as form fields.
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("model", "form-model")
	mw.WriteField("training_data", "Climate-FEVER train")
	fw, _ := mw.CreateFormFile("file", "explanations.jsonl")
	fw.Write(f.file(func(_ int, _ string) string { return "Heat causes loss." }))
	mw.Close()
	mp := f.request(t, http.MethodPost, "/v1/benchmarks/"+b.ID+"/submissions", a.APIKey, mw.FormDataContentType(), form.Bytes(), nil)
	if got := decode[leaderboard.Submission](t, mp); mp.Code != http.StatusAccepted || got.Model != "form-model" || got.TrainingData != "Climate-FEVER train" {
		t.Errorf("multipart upload: %d %s", mp.Code, mp.Body)
	}

	rot := f.request(t, http.MethodPost, "/v1/admin/teams/"+a.ID+"/rotate-key", testAdminToken, "", nil, nil)
	if rot.Code != http.StatusOK {
		t.Fatalf("rotate: %d %s", rot.Code, rot.Body)
	}
	fresh := decode[leaderboard.NewTeam](t, rot)
	if got := f.request(t, http.MethodGet, subPath, a.APIKey, "", nil, nil).Code; got != http.StatusUnauthorized {
		t.Errorf("old key after rotation: %d", got)
	}
	if got := f.request(t, http.MethodGet, subPath, fresh.APIKey, "", nil, nil).Code; got != http.StatusOK {
		t.Errorf("new key: %d", got)
	}
	teams := f.request(t, http.MethodGet, "/v1/admin/teams", testAdminToken, "", nil, nil).Body.String()
	if strings.Contains(teams, fresh.APIKey) || strings.Contains(teams, "key_hash") {
		t.Errorf("the team list shows keys or their hashes: %s", teams)
	}
}

// TestOperatorEndpointsLockedOnceABenchmarkExists: without an admin
// token, the endpoints that can show references are open only until the
// server hosts a benchmark.
func TestOperatorEndpointsLockedOnceABenchmarkExists(t *testing.T) {
	ts := newTestServer(t, false)
	data := `{"id": "x1", "claim": "c", "evidence": ["e"], "label": "SUPPORTS", "explanation": "Heat causes loss.", "split": "test"}` + "\n"
	up := ts.send(t, http.MethodPost, "/v1/datasets", "application/x-ndjson", []byte(data))
	if up.Code != http.StatusCreated {
		t.Fatalf("no benchmark, no token: upload %d %s", up.Code, up.Body)
	}
	if got := ts.do(t, http.MethodGet, "/v1/admin/teams", "").Code; got != http.StatusUnauthorized {
		t.Errorf("no token: admin %d, want 401", got)
	}
	if _, err := ts.leaderboard.CreateBenchmark(t.Context(), leaderboard.NewBenchmark{Name: "b", DatasetID: decode[catalog.Dataset](t, up).ID}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/v1/datasets", "/v1/jobs", "/v1/models"} {
		rec := ts.do(t, http.MethodGet, path, "")
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "CECBENCH_ADMIN_TOKEN") {
			t.Errorf("%s with a benchmark and no token: %d %s", path, rec.Code, rec.Body)
		}
	}
}

// TestSubmissionValidation: a bad file is refused with line numbers and
// uses no quota; a closed or unknown benchmark refuses uploads.
func TestSubmissionValidation(t *testing.T) {
	f := newLBFixture(t, 5, false, nil)
	b := f.benchmark(t, map[string]any{"daily_quota": 1})
	tm := f.team(t, "Validators")
	bad := strings.Join([]string{
		`{"id": "lb-000", "explanation": "Heat causes loss."}`,
		`{"id": "lb-000", "explanation": "Again."}`,
		`{"id": "nope", "explanation": "Unknown."}`,
		`not json`,
		`{"id": "lb-001", "explanation": "   "}`,
		`{"id": "lb-002", "text": "wrong field"}`,
	}, "\n")
	rec := f.submit(t, b.ID, tm.APIKey, "m", []byte(bad), nil)
	if rec.Code != http.StatusUnprocessableEntity || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("bad file: %d %s", rec.Code, rec.Body)
	}
	p := decode[struct {
		Errors []struct {
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"errors"`
		ErrorCount int `json:"error_count"`
	}](t, rec)
	lines := []int{}
	for _, e := range p.Errors {
		lines = append(lines, e.Line)
	}
	if fmt.Sprint(lines) != "[2 3 4 5 6 0]" || p.ErrorCount != 6 {
		t.Errorf("problem lines %v (count %d), want [2 3 4 5 6 0]: %s", lines, p.ErrorCount, rec.Body)
	}
	for _, c := range []struct {
		name        string
		model       string
		contentType string
		want        int
	}{
		{"no model", "", "application/x-ndjson", http.StatusUnprocessableEntity},
		{"form content type", "m", "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
	} {
		got := f.request(t, http.MethodPost, "/v1/benchmarks/"+b.ID+"/submissions", tm.APIKey, c.contentType,
			f.file(func(int, string) string { return "x" }), map[string]string{"X-Model": c.model})
		if got.Code != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, got.Code, c.want, got.Body)
		}
	}
	// The quota of 1 is still free after the refusals.
	if got := f.submit(t, b.ID, tm.APIKey, "m", f.file(func(int, string) string { return "Heat causes loss." }), nil); got.Code != http.StatusAccepted {
		t.Errorf("a good file after refused ones: %d %s", got.Code, got.Body)
	}
	if got := f.submit(t, "bench_nope", tm.APIKey, "m", []byte(bad), nil); got.Code != http.StatusNotFound {
		t.Errorf("unknown benchmark: %d", got.Code)
	}
}

// TestQuotaAndIdempotency: concurrent uploads never exceed the daily
// quota; a retried upload with the same Idempotency-Key returns the first
// submission and uses no quota; the same key with another file is refused.
func TestQuotaAndIdempotency(t *testing.T) {
	f := newLBFixture(t, 5, false, nil)
	b := f.benchmark(t, map[string]any{"daily_quota": 3, "total_quota": 4})
	tm := f.team(t, "Quota")
	file := func(k int) []byte {
		return f.file(func(i int, _ string) string { return fmt.Sprintf("Heat causes loss %d in version %d.", i, k) })
	}

	first := f.submit(t, b.ID, tm.APIKey, "m", file(0), map[string]string{"Idempotency-Key": "upload-0"})
	if first.Code != http.StatusAccepted {
		t.Fatalf("first: %d %s", first.Code, first.Body)
	}
	firstSub := decode[leaderboard.Submission](t, first)
	for range 3 {
		again := f.submit(t, b.ID, tm.APIKey, "m", file(0), map[string]string{"Idempotency-Key": "upload-0"})
		if again.Code != http.StatusOK || again.Header().Get("Idempotent-Replayed") != "true" || decode[leaderboard.Submission](t, again).ID != firstSub.ID {
			t.Fatalf("retry: %d %s", again.Code, again.Body)
		}
	}
	if got := f.submit(t, b.ID, tm.APIKey, "m", file(1), map[string]string{"Idempotency-Key": "upload-0"}); got.Code != http.StatusConflict {
		t.Errorf("same key, other file: %d %s", got.Code, got.Body)
	}

	// 2 daily slots are left: 8 concurrent uploads get exactly 2.
	var wg sync.WaitGroup
	codes := make(chan int, 8)
	for k := range 8 {
		wg.Go(func() { codes <- f.submit(t, b.ID, tm.APIKey, "m", file(10+k), nil).Code })
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[http.StatusAccepted] != 2 || count[http.StatusTooManyRequests] != 6 {
		t.Errorf("concurrent uploads: %v, want 2 accepted and 6 refused", count)
	}
	subs := decode[struct {
		Submissions []leaderboard.Submission `json:"submissions"`
	}](t, f.request(t, http.MethodGet, "/v1/benchmarks/"+b.ID+"/submissions", tm.APIKey, "", nil, nil))
	if len(subs.Submissions) != 3 {
		t.Errorf("%d submissions listed, want 3", len(subs.Submissions))
	}
	refused := f.submit(t, b.ID, tm.APIKey, "m", file(99), nil)
	if refused.Code != http.StatusTooManyRequests || !strings.Contains(refused.Body.String(), "do not count") {
		t.Errorf("over quota: %d %s", refused.Code, refused.Body)
	}
}

// TestStuckSubmissionGivesQuotaBack: with no worker, a submission fails
// at its deadline with a clear reason and its quota slot is free again.
func TestStuckSubmissionGivesQuotaBack(t *testing.T) {
	f := newLBFixture(t, 4, false, func(c *Config) { c.ScoringDeadline = 300 * time.Millisecond })
	b := f.benchmark(t, map[string]any{"daily_quota": 1})
	tm := f.team(t, "Stuck")
	file := f.file(func(int, string) string { return "Heat causes loss." })
	rec := f.submit(t, b.ID, tm.APIKey, "m", file, nil)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body)
	}
	sub := decode[leaderboard.Submission](t, rec)
	if sub.QueuePosition == nil || *sub.QueuePosition != 0 || sub.State != leaderboard.StateQueued {
		t.Errorf("queued submission: state %s, position %v", sub.State, sub.QueuePosition)
	}
	if got := f.submit(t, b.ID, tm.APIKey, "m", file, nil).Code; got != http.StatusTooManyRequests {
		t.Errorf("second upload while the first waits: %d, want 429", got)
	}
	time.Sleep(400 * time.Millisecond)
	n, err := f.Server.leaderboard.Sweep(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("sweep: %d failed, %v", n, err)
	}
	failed := f.waitScored(t, b.ID, tm.APIKey, sub.ID)
	if failed.State != leaderboard.StateFailed || failed.CountsAgainstQuota || !strings.Contains(failed.Error, "not scored within 300ms") {
		t.Errorf("stuck submission: %+v", failed)
	}
	if got := f.submit(t, b.ID, tm.APIKey, "m", file, nil); got.Code != http.StatusAccepted {
		t.Errorf("upload after the stuck one failed: %d %s", got.Code, got.Body)
	}
}

// TestLeaderboardOnRedis runs the leaderboard on the Redis stores (a
// real redis-server): quota slots hold under concurrent uploads, the
// scoring jobs run on the Redis queue, and the board ranks the teams.
func TestLeaderboardOnRedis(t *testing.T) {
	rs := redistest.Start(t)
	f := newLBFixture(t, 8, true, func(c *Config) { c.RedisURL, c.Workers = rs.URL(), 2 })
	b := f.benchmark(t, map[string]any{"daily_quota": 2})
	var wg sync.WaitGroup
	accepted := make(chan string, 12)
	teams := []leaderboard.NewTeam{f.team(t, "Red"), f.team(t, "Is")}
	for k, tm := range teams {
		for n := range 6 {
			wg.Go(func() {
				rec := f.submit(t, b.ID, tm.APIKey, "m", f.file(func(_ int, id string) string { return paraphrase(f.refs[id], 3+k+n) }), nil)
				if rec.Code == http.StatusAccepted {
					accepted <- tm.APIKey + " " + decode[leaderboard.Submission](t, rec).ID
				} else if rec.Code != http.StatusTooManyRequests {
					t.Errorf("upload: %d %s", rec.Code, rec.Body)
				}
			})
		}
	}
	wg.Wait()
	close(accepted)
	perTeam := map[string]int{}
	for a := range accepted {
		key, id, _ := strings.Cut(a, " ")
		perTeam[key]++
		if sub := f.waitScored(t, b.ID, key, id); sub.State != leaderboard.StateScored {
			t.Errorf("%s: %+v", id, sub)
		}
	}
	for _, tm := range teams {
		if perTeam[tm.APIKey] != 2 {
			t.Errorf("%s: %d uploads accepted, want the quota of 2", tm.Name, perTeam[tm.APIKey])
		}
	}
	board := decode[leaderboard.Board](t, f.request(t, http.MethodGet, "/v1/benchmarks/"+b.ID+"/leaderboard", "", "", nil, nil))
	if len(board.Public) != 2 || board.Public[0].Submissions != 2 {
		t.Errorf("board on Redis: %+v", board.Public)
	}
}

// TestRescoreAfterAMetricChange: a submission scored with the current
// metrics cannot be rescored (409); once a metric's signature differs
// from the one it was scored with, rescoring makes a new entry that uses
// no quota, and the old entry keeps its scores and signatures.
func TestRescoreAfterAMetricChange(t *testing.T) {
	f := newLBFixture(t, 6, true, nil)
	b := f.benchmark(t, map[string]any{"daily_quota": 1})
	tm := f.team(t, "Rescorers")
	rec := f.submit(t, b.ID, tm.APIKey, "m", f.file(func(_ int, id string) string { return paraphrase(f.refs[id], 3) }), nil)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body)
	}
	old := f.waitScored(t, b.ID, tm.APIKey, decode[leaderboard.Submission](t, rec).ID)
	path := "/v1/benchmarks/" + b.ID + "/submissions/" + old.ID + "/rescore"
	if got := f.request(t, http.MethodPost, path, tm.APIKey, "", nil, nil); got.Code != http.StatusConflict {
		t.Errorf("rescore with unchanged metrics: %d %s", got.Code, got.Body)
	}

	// The server's metrics as if METEOR had a new version.
	current := maps.Clone(old.Signatures)
	current["meteor"] += "|next"
	team, err := f.leaderboard.Authenticate(t.Context(), tm.APIKey)
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.leaderboard.Rescore(t.Context(), team, b.ID, old.ID, current)
	if err != nil {
		t.Fatal(err)
	}
	if again.RescoreOf != old.ID || again.CountsAgainstQuota || again.SHA256 != old.SHA256 {
		t.Errorf("rescore entry: %+v", again)
	}
	fresh := f.waitScored(t, b.ID, tm.APIKey, again.ID)
	if fresh.State != leaderboard.StateScored || fresh.Public.Metrics["cec"] != old.Public.Metrics["cec"] {
		t.Errorf("rescored: %+v, first %+v", fresh.Public, old.Public)
	}
	kept := f.waitScored(t, b.ID, tm.APIKey, old.ID)
	if !maps.Equal(kept.Signatures, old.Signatures) || kept.Public.Metrics["cec"] != old.Public.Metrics["cec"] {
		t.Errorf("the first entry changed: %+v", kept)
	}
	// The quota of 1 was used by the first upload only.
	if got := f.submit(t, b.ID, tm.APIKey, "m", f.file(func(int, string) string { return "x" }), nil); got.Code != http.StatusTooManyRequests {
		t.Errorf("upload after a rescore: %d, want 429 (the rescore used no quota, the first upload did)", got.Code)
	}
}
