package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/leaderboard"
)

// TestNoEndpointLeaksReferences walks every route the server registers,
// as the public and as a team, before and after the benchmark closes, and
// fails if any response (body or headers), or the server's log, holds a
// sentence of a hidden reference. It first checks that the detector finds
// the references where the operator may see them.
func TestNoEndpointLeaksReferences(t *testing.T) {
	f := newLBFixture(t, 12, true, nil)
	closesAt := time.Now().Add(4 * time.Second).UTC()
	b := f.benchmark(t, map[string]any{"private_fraction": 0.5, "closes_at": closesAt})
	a, other := f.team(t, "Walker"), f.team(t, "Other")
	var sid string
	for _, tm := range []leaderboard.NewTeam{a, other} {
		rec := f.submit(t, b.ID, tm.APIKey, "m-"+tm.Name, f.file(func(_ int, id string) string { return paraphrase(f.refs[id], 4) }), nil)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("submit: %d %s", rec.Code, rec.Body)
		}
		sub := f.waitScored(t, b.ID, tm.APIKey, decode[leaderboard.Submission](t, rec).ID)
		if sub.State != leaderboard.StateScored {
			t.Fatalf("%s: %+v", tm.Name, sub)
		}
		if tm.ID == a.ID {
			sid = sub.ID
		}
	}

	var sentences []string
	for _, ref := range f.refs {
		for _, s := range strings.Split(ref, ". ") {
			sentences = append(sentences, strings.TrimSuffix(s, "."))
		}
	}
	leaked := func(text string) string {
		for _, s := range sentences {
			if strings.Contains(text, s) {
				return s
			}
		}
		return ""
	}
	// The detector works: the operator's dataset view has the references.
	op := f.request(t, http.MethodGet, "/v1/datasets/"+f.datasetID+"/items", testAdminToken, "", nil, nil)
	if op.Code != http.StatusOK || leaked(op.Body.String()) == "" {
		t.Fatalf("the operator's dataset view shows no reference (%d): the detector is broken", op.Code)
	}

	jobList, err := f.stores.Queue.List(t.Context(), jobs.Filter{})
	if err != nil || len(jobList) == 0 {
		t.Fatalf("jobs: %v", err)
	}
	params := map[string]string{
		":id": b.ID, ":sid": sid, ":name": "no-such-model",
	}
	// The :id of each route family.
	idFor := func(path string) string {
		switch {
		case strings.HasPrefix(path, "/v1/datasets"):
			return f.datasetID
		case strings.HasPrefix(path, "/v1/jobs"), strings.HasPrefix(path, "/v1/finetune"), strings.HasPrefix(path, "/v1/eval"):
			return jobList[0].ID
		case strings.HasPrefix(path, "/v1/admin/teams"):
			return a.ID
		}
		return b.ID
	}
	pair, _ := json.Marshal(map[string]any{"pairs": []map[string]string{{"id": "p", "generated": "Heat causes loss.", "reference": "Warming melts ice."}}})
	bodyFor := func(path string) (string, []byte) {
		switch {
		case strings.HasSuffix(path, "/submissions"), strings.HasPrefix(path, "/v1/datasets"):
			return "application/x-ndjson", f.file(func(int, string) string { return "Heat causes loss." })
		case strings.HasPrefix(path, "/v1/cec"), strings.HasPrefix(path, "/v1/metrics"):
			return "application/json", pair
		case path == "/v1/embeddings":
			return "application/json", []byte(`{"input": ["Heat causes loss."]}`)
		case path == "/v1/stats/paired":
			return "application/json", []byte(`{"a": [0.1, 0.2, 0.3], "b": [0.2, 0.2, 0.1]}`)
		}
		return "application/json", []byte(`{}`)
	}
	queries := []string{"", "?format=csv", "?format=jsonl", "?format=submission", "?split=test", "?limit=1000"}

	walk := func(phase string) {
		walked := 0
		for _, r := range f.echo.Routes() {
			if strings.HasPrefix(r.Path, "/swagger") || r.Method == echo.RouteNotFound {
				continue
			}
			path := r.Path
			for k, v := range params {
				if k == ":id" {
					v = idFor(r.Path)
				}
				path = strings.ReplaceAll(path, k, v)
			}
			for _, who := range []struct{ name, token string }{{"public", ""}, {"team", a.APIKey}} {
				for _, q := range queries {
					if r.Method != http.MethodGet && q != "" {
						continue
					}
					var rec *httptest.ResponseRecorder
					if r.Method == http.MethodGet {
						rec = f.request(t, r.Method, path+q, who.token, "", nil, nil)
					} else {
						ct, body := bodyFor(r.Path)
						rec = f.request(t, r.Method, path, who.token, ct, body, map[string]string{"X-Model": "walker"})
					}
					walked++
					if rec.Code >= 500 && rec.Code != http.StatusNotImplemented && rec.Code != http.StatusServiceUnavailable {
						t.Errorf("%s: %s %s%s as %s: %d %s", phase, r.Method, path, q, who.name, rec.Code, rec.Body)
					}
					text := rec.Body.String()
					for k, v := range rec.Header() {
						text += "\n" + k + ": " + strings.Join(v, ",")
					}
					if s := leaked(text); s != "" {
						t.Errorf("%s: %s %s%s as %s (%d) shows the reference sentence %q", phase, r.Method, path, q, who.name, rec.Code, s)
					}
				}
			}
		}
		t.Logf("%s: %d requests over %d routes", phase, walked, len(f.echo.Routes()))
	}
	walk("open")

	time.Sleep(time.Until(closesAt) + 100*time.Millisecond)
	board := decode[leaderboard.Board](t, f.request(t, http.MethodGet, "/v1/benchmarks/"+b.ID+"/leaderboard", "", "", nil, nil))
	if len(board.Private) != 2 || !board.Benchmark.Closed {
		t.Errorf("after the close: %d private rows, closed %v", len(board.Private), board.Benchmark.Closed)
	}
	sub := decode[leaderboard.Submission](t, f.request(t, http.MethodGet, "/v1/benchmarks/"+b.ID+"/submissions/"+sid, a.APIKey, "", nil, nil))
	if sub.Private == nil || sub.Private.Items != 6 {
		t.Errorf("after the close the team sees no private scores: %+v", sub.Private)
	}
	if got := f.submit(t, b.ID, a.APIKey, "late", f.file(func(int, string) string { return "Heat causes loss." }), nil); got.Code != http.StatusConflict {
		t.Errorf("upload after the close: %d, want 409", got.Code)
	}
	walk("closed")

	if s := leaked(f.logs.String()); s != "" {
		t.Errorf("the server log holds the reference sentence %q", s)
	}
	if !strings.Contains(f.logs.String(), fmt.Sprintf("/v1/benchmarks/%s/leaderboard", b.ID)) {
		t.Errorf("the server log has no request lines: the log check checked nothing")
	}
}
