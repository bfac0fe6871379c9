package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/openaichat/standin"
	"github.com/cecbench/cecbench/routes"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/teacher"
)

// startWorkers runs the server's job workers for the rest of the test.
func (ts *testServer) startWorkers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ts.RunWorkers(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func (ts *testServer) waitJob(t *testing.T, id string) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		j := decode[jobs.Job](t, ts.do(t, http.MethodGet, "/v1/jobs/"+id, ""))
		if j.State.Terminal() {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still %s", id, j.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestTeacherJobEndToEnd(t *testing.T) {
	ts := newTestServer(t, false)
	ts.startWorkers(t)
	// The stand-in for a paid teacher API answers some requests with 429
	// (Retry-After 1 s) and 500 first.
	api := standin.New(standin.Options{Fault: func(n int, _ standin.ChatRequest) standin.Fault {
		switch n {
		case 2:
			return standin.Fault{Kind: standin.RateLimited, RetryAfter: time.Second}
		case 5:
			return standin.Fault{Kind: standin.ServerError}
		}
		return standin.Fault{}
	}})
	defer api.Close()
	d := decode[catalog.Dataset](t, ts.send(t, http.MethodPost, "/v1/datasets", "application/x-ndjson", climateFever(t)))

	body := fmt.Sprintf(`{"dataset_id":%q,"split":"validation","limit":12,"teacher":{"base_url":%q,"model":"standin"},"concurrency":3}`, d.ID, api.URL())
	rec := ts.do(t, http.MethodPost, "/v1/teacher/jobs", body)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("POST /v1/teacher/jobs: %d %s", rec.Code, rec.Body)
	}
	j := decode[jobs.Job](t, rec)
	if j.Type != teacher.JobType || j.State != jobs.Queued || rec.Header().Get("Location") != "/v1/jobs/"+j.ID {
		t.Fatalf("job %+v", j)
	}
	j = ts.waitJob(t, j.ID)
	if j.State != jobs.Succeeded || j.Progress != (jobs.Progress{Done: 12, Total: 12}) {
		t.Fatalf("job %+v", j)
	}
	var res teacher.JobResult
	if err := json.Unmarshal(j.Result, &res); err != nil {
		t.Fatal(err)
	}
	if res.ParentID != d.ID || res.Items != 12 || res.Generated != 12 || res.Usage.TotalTokens <= 0 {
		t.Errorf("result %+v", res)
	}
	v := decode[catalog.Dataset](t, ts.do(t, http.MethodGet, "/v1/datasets/"+res.DatasetID, ""))
	if v.Parent != d.ID || v.Items != 1535 || v.Explained != 12 || v.Teacher == nil || v.Teacher.Model != "standin" || v.Splits["validation"] != d.Splits["validation"] {
		t.Errorf("new version %+v", v)
	}
	sft := ts.do(t, http.MethodGet, "/v1/datasets/"+res.DatasetID+"/sft?split=validation", "")
	if sft.Code != 200 || strings.Count(sft.Body.String(), "\n") != 12 {
		t.Errorf("SFT export of the new version: %d, %d lines", sft.Code, strings.Count(sft.Body.String(), "\n"))
	}

	// The event log: queued, running, progress 0..12, the retries, the
	// stored dataset, succeeded.
	page := decode[routes.EventPage](t, ts.do(t, http.MethodGet, "/v1/jobs/"+j.ID+"/events", ""))
	kinds := map[string]int{}
	for i, e := range page.Events {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i, e.Seq)
		}
		kinds[e.Kind]++
	}
	if kinds[jobs.EventProgress] < 12 || kinds["retry"] != 2 || kinds["dataset"] != 1 || page.Events[len(page.Events)-1].Message != "succeeded" {
		t.Errorf("events by kind %v, last %+v", kinds, page.Events[len(page.Events)-1])
	}
	rest := decode[routes.EventPage](t, ts.do(t, http.MethodGet, fmt.Sprintf("/v1/jobs/%s/events?after=%d", j.ID, page.NextAfter-2), ""))
	if len(rest.Events) != 2 || rest.NextAfter != page.NextAfter {
		t.Errorf("after=%d: %+v", page.NextAfter-2, rest)
	}

	// The same job again reuses every explanation: no request is paid twice.
	before := api.Requests()
	again := ts.waitJob(t, decode[jobs.Job](t, ts.do(t, http.MethodPost, "/v1/teacher/jobs", body)).ID)
	var res2 teacher.JobResult
	json.Unmarshal(again.Result, &res2)
	if api.Requests() != before || res2.Reused != 12 || res2.Generated != 0 || res2.DatasetID != res.DatasetID {
		t.Errorf("second run: %d new requests, result %+v", api.Requests()-before, res2)
	}

	list := decode[routes.JobList](t, ts.do(t, http.MethodGet, "/v1/jobs?type=teacher&state=succeeded", ""))
	if len(list.Jobs) != 2 || list.Jobs[0].ID != again.ID {
		t.Errorf("list: %d jobs, newest first want %s", len(list.Jobs), again.ID)
	}
	if rec := ts.do(t, http.MethodPost, "/v1/jobs/"+j.ID+"/cancel", ""); rec.Code != http.StatusConflict {
		t.Errorf("cancel a finished job: %d %s", rec.Code, rec.Body)
	}
}

func TestJobEventStream(t *testing.T) {
	ts := newTestServer(t, false)
	ts.startWorkers(t)
	enq, err := ts.stores.Queue.Enqueue(context.Background(), jobs.NoopType, jobs.NoopParams{SleepMS: 300})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ts.Handler())
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/jobs/"+enq.ID+"/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	var events []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			events = append(events, name)
		}
	}
	if len(events) < 4 || events[0] != jobs.EventState || events[len(events)-1] != "end" {
		t.Fatalf("stream events %v: want state events first and end last", events)
	}
}

func TestJobErrors(t *testing.T) {
	ts := newTestServer(t, false)
	d := decode[catalog.Dataset](t, ts.send(t, http.MethodPost, "/v1/datasets", "application/x-ndjson", []byte(explainedJSONL)))
	teacherJob := func(extra string) string {
		return fmt.Sprintf(`{"dataset_id":%q,"teacher":{"base_url":"http://127.0.0.1:1/v1","model":"m"}%s}`, d.ID, extra)
	}
	cases := []struct {
		name, method, path, body string
		status                   int
		detail                   string
	}{
		{"unknown job", "GET", "/v1/jobs/nope", "", 404, "not found"},
		{"events of unknown job", "GET", "/v1/jobs/nope/events", "", 404, "not found"},
		{"cancel unknown job", "POST", "/v1/jobs/nope/cancel", "", 404, "not found"},
		{"bad state filter", "GET", "/v1/jobs?state=done", "", 422, "queued, running"},
		{"bad after", "GET", "/v1/jobs/nope/events?after=-1", "", 422, "after"},
		{"no dataset", "POST", "/v1/teacher/jobs", `{"teacher":{"base_url":"http://h/v1","model":"m"}}`, 422, "dataset_id"},
		{"unknown dataset", "POST", "/v1/teacher/jobs", `{"dataset_id":"ds_x","teacher":{"base_url":"http://h/v1","model":"m"}}`, 404, "ds_x"},
		{"relative base url", "POST", "/v1/teacher/jobs", fmt.Sprintf(`{"dataset_id":%q,"teacher":{"base_url":"/v1","model":"m"}}`, d.ID), 422, "base_url"},
		{"api key instead of a name", "POST", "/v1/teacher/jobs", fmt.Sprintf(`{"dataset_id":%q,"teacher":{"base_url":"http://h/v1","model":"m","api_key_env":"sk-123 456"}}`, d.ID), 422, "never the key"},
		{"empty split", "POST", "/v1/teacher/jobs", teacherJob(`,"split":"validation"`), 422, "no items in split validation"},
		{"unknown template", "POST", "/v1/teacher/jobs", teacherJob(`,"template":"v9"`), 422, "template"},
		{"too much concurrency", "POST", "/v1/teacher/jobs", teacherJob(`,"concurrency":1000`), 422, "concurrency"},
		{"unknown field", "POST", "/v1/teacher/jobs", teacherJob(`,"temp":1`), 400, "temp"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := ts.do(t, c.method, c.path, c.body)
			if rec.Code != c.status || rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s: want %d problem+json", rec.Code, rec.Body, c.status)
			}
			if p := decode[routes.Problem](t, rec); !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q does not mention %q", p.Detail, c.detail)
			}
		})
	}
}
