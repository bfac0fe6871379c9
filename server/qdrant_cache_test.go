package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/cecbench/cecbench/qdrantcache/standin"
	"github.com/cecbench/cecbench/routes"
)

// cfPairs returns n pairs built from Climate-FEVER: a claim with its first
// evidence sentence against the other evidence sentences.
func cfPairs(t *testing.T, n int) []map[string]string {
	t.Helper()
	var out []map[string]string
	sc := bufio.NewScanner(bytes.NewReader(climateFever(t)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for len(out) < n && sc.Scan() {
		var c struct {
			ID        string `json:"claim_id"`
			Claim     string `json:"claim"`
			Evidences []struct {
				Evidence string `json:"evidence"`
			} `json:"evidences"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		ev := c.Evidences
		out = append(out, map[string]string{"id": c.ID, "generated": c.Claim + ". " + ev[0].Evidence,
			"reference": ev[1].Evidence + " " + ev[2].Evidence + " " + ev[3].Evidence})
	}
	return out
}

// scoreBatch posts pairs to /v1/cec/batch and returns the CEC by id.
func scoreBatch(t *testing.T, ts *testServer, pairs []map[string]string) map[string]float64 {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"pairs": pairs, "include_alignment": false})
	rec := ts.do(t, http.MethodPost, "/v1/cec/batch", string(body))
	if rec.Code != http.StatusOK {
		t.Fatalf("POST /v1/cec/batch: %d %s", rec.Code, rec.Body)
	}
	out := decode[struct {
		Results []cecResult `json:"results"`
	}](t, rec)
	got := map[string]float64{}
	for _, r := range out.Results {
		got[r.ID] = r.CEC
	}
	return got
}

func readiness(t *testing.T, ts *testServer) routes.StatusResponse {
	t.Helper()
	rec := ts.do(t, http.MethodGet, "/readyz", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /readyz: %d %s", rec.Code, rec.Body)
	}
	return decode[routes.StatusResponse](t, rec)
}

// TestQdrantStoppedMidRun stops the Qdrant stand-in in the middle of a
// scoring run: every request is still answered with the same scores as
// without any shared cache, /readyz says degraded, and once Qdrant is back
// the cache is used again and /readyz is ready.
func TestQdrantStoppedMidRun(t *testing.T) {
	q, err := standin.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer q.Stop()
	pairs := cfPairs(t, 42)
	batches := [][]map[string]string{pairs[0:6], pairs[6:12], pairs[12:18], pairs[18:24], pairs[24:30], pairs[30:36], pairs[36:42]}

	// The scores without any shared cache.
	plain := newTestServer(t, true)
	want := map[string]float64{}
	for _, b := range batches {
		for id, v := range scoreBatch(t, plain, b) {
			want[id] = v
		}
	}

	ts := newTestServerWith(t, true, func(c *Config) { c.QdrantURL, c.QdrantTimeout = q.URL(), 500*time.Millisecond })
	check := func(step string, b []map[string]string) {
		t.Helper()
		for id, v := range scoreBatch(t, ts, b) {
			if v != want[id] {
				t.Errorf("%s: pair %s scored %v, want %v", step, id, v, want[id])
			}
		}
	}
	check("qdrant up", batches[0])
	check("qdrant up", batches[1])
	if st := readiness(t, ts); st.Status != "ready" || st.Cache == nil || st.Cache.Degraded {
		t.Fatalf("readyz with qdrant up: %+v", st)
	}
	upserts := q.Calls()["Points/Upsert"]
	if upserts == 0 {
		t.Fatal("nothing was stored in qdrant")
	}

	q.Stop()
	start := time.Now()
	check("qdrant down", batches[2])
	check("qdrant down", batches[3])
	t.Logf("two batches with qdrant down: %v", time.Since(start))
	st := readiness(t, ts)
	if st.Status != "degraded" || st.Cache == nil || !st.Cache.Degraded || st.Cache.LastError == "" {
		t.Fatalf("readyz with qdrant down: %+v", st)
	}
	t.Logf("readyz while down: %+v", *st.Cache)

	if err := q.Restart(); err != nil {
		t.Fatal(err)
	}
	// The shared level is tried again once its retry time (5 s) has
	// passed; the next request's sentences reach it.
	deadline := time.Now().Add(15 * time.Second)
	for i := 4; readiness(t, ts).Status != "ready"; i++ {
		if time.Now().After(deadline) {
			t.Fatal("the cache did not recover after qdrant came back")
		}
		time.Sleep(500 * time.Millisecond)
		check("qdrant back", batches[4+i%2])
	}
	before := q.Calls()["Points/Upsert"] + q.Calls()["Points/Get"]
	check("qdrant back", batches[6])
	if after := q.Calls()["Points/Upsert"] + q.Calls()["Points/Get"]; after <= before {
		t.Error("qdrant was not used again after it came back")
	}

	// Another replica (its own memory level) finds the first batches'
	// sentences in qdrant: shared hits, the same scores.
	other := newTestServerWith(t, true, func(c *Config) { c.QdrantURL, c.QdrantTimeout = q.URL(), 500*time.Millisecond })
	for id, v := range scoreBatch(t, other, batches[0]) {
		if v != want[id] {
			t.Errorf("other replica: pair %s scored %v, want %v", id, v, want[id])
		}
	}
	rec := other.do(t, http.MethodGet, "/metrics", "")
	hits := metricValue(t, rec.Body.String(), `cecbench_embedding_cache_level_lookups_total{level="shared",result="hit"}`)
	if hits == 0 {
		t.Error("the second replica had no shared-level hits")
	}
	t.Logf("second replica: %v shared hits; %s", hits, fmt.Sprint(q.Calls()))
}
