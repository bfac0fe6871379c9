package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cecbench/cecbench/leaderboard"
	"github.com/cecbench/cecbench/training/catalog"
)

// testAdminToken is the operator's token of the leaderboard tests.
const testAdminToken = "test-admin-token-0123456789"

// lbFixture is a server with a dataset whose test split has teacher
// references, and helpers to act as the operator and as teams.
type lbFixture struct {
	*testServer
	datasetID string
	// refs are the hidden references by item id; ids are the test
	// items in file order.
	refs map[string]string
	ids  []string
	// logs is everything the server logged.
	logs *lockedBuffer
}

// lockedBuffer is a bytes.Buffer safe for concurrent writes and reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newLBFixture starts a server (with the metrics engine, and job workers
// unless workers is false) and uploads n explained test items.
func newLBFixture(t *testing.T, n int, workers bool, edit func(*Config)) *lbFixture {
	t.Helper()
	logs := new(lockedBuffer)
	ts := newTestServerLogging(t, true, func(c *Config) {
		c.AdminToken = testAdminToken
		if edit != nil {
			edit(c)
		}
	}, logs)
	if workers {
		ts.startWorkers(t)
	}
	f := &lbFixture{testServer: ts, refs: map[string]string{}, logs: logs}
	var body bytes.Buffer
	topics := []string{"ocean heat", "arctic sea ice", "coral reefs", "wildfire smoke", "glacier mass", "crop yields", "river floods", "urban heat"}
	for i := range n {
		id := fmt.Sprintf("lb-%03d", i)
		topic := topics[i%len(topics)]
		ref := fmt.Sprintf("Warmer air raises the stress on %s near station %d. This stress causes measurable losses that compound each season at site %d.", topic, 100+i, 7*i+3)
		f.refs[id], f.ids = ref, append(f.ids, id)
		line, _ := json.Marshal(map[string]any{
			"id": id, "claim": fmt.Sprintf("Claim %d says %s are changing.", i, topic),
			"evidence": []string{fmt.Sprintf("Evidence %d reports a trend in %s.", i, topic)},
			"label":    []string{"SUPPORTS", "REFUTES"}[i%2], "explanation": ref, "split": "test",
		})
		body.Write(line)
		body.WriteByte('\n')
	}
	rec := f.request(t, http.MethodPost, "/v1/datasets", testAdminToken, "application/x-ndjson", body.Bytes(), nil)
	if rec.Code != http.StatusCreated {
		t.Fatalf("upload dataset: %d %s", rec.Code, rec.Body)
	}
	f.datasetID = decode[catalog.Dataset](t, rec).ID
	return f
}

// request sends a request with a bearer token (none when empty) and extra
// headers through the whole Echo stack.
func (f *lbFixture) request(tb testing.TB, method, path, token, contentType string, body []byte, headers map[string]string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.Handler().ServeHTTP(rec, req)
	return rec
}

// team creates a team and returns it with its key.
func (f *lbFixture) team(t *testing.T, name string) leaderboard.NewTeam {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"name": name})
	rec := f.request(t, http.MethodPost, "/v1/admin/teams", testAdminToken, "application/json", body, nil)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create team %s: %d %s", name, rec.Code, rec.Body)
	}
	return decode[leaderboard.NewTeam](t, rec)
}

// benchmark creates a benchmark on the fixture's dataset with the given
// fields added to the request.
func (f *lbFixture) benchmark(t *testing.T, fields map[string]any) leaderboard.Benchmark {
	t.Helper()
	req := map[string]any{"name": "CEC test benchmark", "description": "Explain the claims.", "dataset_id": f.datasetID, "split": "test"}
	for k, v := range fields {
		req[k] = v
	}
	body, _ := json.Marshal(req)
	rec := f.request(t, http.MethodPost, "/v1/admin/benchmarks", testAdminToken, "application/json", body, nil)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create benchmark: %d %s", rec.Code, rec.Body)
	}
	return decode[leaderboard.Benchmark](t, rec)
}

// file is a submission with explanation(id) for every item.
func (f *lbFixture) file(explanation func(i int, id string) string) []byte {
	var b bytes.Buffer
	for i, id := range f.ids {
		line, _ := json.Marshal(map[string]string{"id": id, "explanation": explanation(i, id)})
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// submit uploads a file as a team with the model name and extra headers.
func (f *lbFixture) submit(tb testing.TB, benchmarkID, key, model string, file []byte, headers map[string]string) *httptest.ResponseRecorder {
	tb.Helper()
	h := map[string]string{"X-Model": model}
	for k, v := range headers {
		h[k] = v
	}
	return f.request(tb, http.MethodPost, "/v1/benchmarks/"+benchmarkID+"/submissions", key, "application/x-ndjson", file, h)
}

// waitScored polls a submission until it is scored or failed.
func (f *lbFixture) waitScored(t *testing.T, benchmarkID, key, id string) leaderboard.Submission {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		rec := f.request(t, http.MethodGet, "/v1/benchmarks/"+benchmarkID+"/submissions/"+id, key, "", nil, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("get submission %s: %d %s", id, rec.Code, rec.Body)
		}
		sub := decode[leaderboard.Submission](t, rec)
		if sub.State == leaderboard.StateScored || sub.State == leaderboard.StateFailed {
			return sub
		}
		if time.Now().After(deadline) {
			t.Fatalf("submission %s still %s", id, sub.State)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// paraphrase keeps the reference's words but every k-th one, which is
// replaced: the larger k, the closer to the reference.
func paraphrase(ref string, k int) string {
	words := strings.Fields(ref)
	for i := range words {
		if i%k == 0 {
			words[i] = "somehow"
		}
	}
	return strings.Join(words, " ")
}
