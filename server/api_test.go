package server

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cecbench/cecbench/uselite/uselitetest"
	"github.com/cecbench/cecbench/wordnet"
)

// testServer is a Server whose engine is loaded before the test starts.
type testServer struct {
	*Server
	engine *Engine
}

func newTestServer(tb testing.TB, load bool) *testServer {
	tb.Helper()
	return newTestServerWith(tb, load, nil)
}

// newTestServerWith is newTestServer with the config changed by edit
// first (when not nil).
func newTestServerWith(tb testing.TB, load bool, edit func(*Config)) *testServer {
	tb.Helper()
	return newTestServerLogging(tb, load, edit, io.Discard)
}

// newTestServerLogging is newTestServerWith with the server's log written
// to logs as JSON lines.
func newTestServerLogging(tb testing.TB, load bool, edit func(*Config), logs io.Writer) *testServer {
	tb.Helper()
	cfg := Config{ModelsDir: uselitetest.ModelsDir(tb), MaxBodyBytes: 4 << 20, CacheMB: 64, BatchMax: 64, BatchWait: 2 * time.Millisecond, WordNetDir: wordnet.DefaultDir,
		DataDir: tb.TempDir(), MaxDatasetBytes: 64 << 20, Workers: 2}
	if edit != nil {
		edit(&cfg)
	}
	s, err := New(cfg, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	ts := &testServer{Server: s}
	if load {
		eng, err := LoadEngine(cfg, s.metrics)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(eng.Close)
		s.backend.set(eng, nil)
		ts.engine = eng
	}
	return ts
}

// do sends one request through the whole Echo stack.
func (ts *testServer) do(tb testing.TB, method, path, body string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	ts.Handler().ServeHTTP(rec, req)
	return rec
}

func decode[T any](tb testing.TB, rec *httptest.ResponseRecorder) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		tb.Fatalf("decode %q: %v", rec.Body.String(), err)
	}
	return v
}

type problem struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

func TestBadInputGetsProblemJSON(t *testing.T) {
	ts := newTestServer(t, true)
	many := func(n int, item string) string {
		return "[" + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + "]"
	}
	tests := []struct {
		name, path, body string
		status           int
		detail           string // substring of the problem detail
	}{
		{"malformed JSON", "/v1/cec", `{"generated": "a"`, 400, "not valid JSON"},
		{"not JSON at all", "/v1/cec", `hello`, 400, "not valid JSON"},
		{"empty body", "/v1/cec", ``, 400, "empty"},
		{"trailing data", "/v1/cec", `{"generated":"a","reference":"b"} {}`, 400, "after the JSON object"},
		{"unknown field", "/v1/cec", `{"generated":"a","reference":"b","refrence":"c"}`, 400, `unknown field "refrence"`},
		{"unknown field in a pair", "/v1/cec", `{"pairs":[{"generated":"a","reference":"b","score":1}]}`, 400, `unknown field "score"`},
		{"wrong type", "/v1/cec", `{"generated":5,"reference":"b"}`, 422, "generated: expected a string"},
		{"wrong type in a pair", "/v1/cec", `{"pairs":[{"generated":"a","reference":["b"]}]}`, 422, "pairs.reference"},
		{"missing reference", "/v1/cec", `{"generated":"a"}`, 422, "reference: is required"},
		{"missing everything", "/v1/cec", `{}`, 422, "generated: is required"},
		{"two shapes at once", "/v1/cec", `{"generated":"a","reference":"b","pairs":[]}`, 422, "send one of"},
		{"too many pairs", "/v1/cec", `{"pairs":` + many(1001, `{"generated":"a","reference":"b"}`) + `}`, 422, "max_pairs is 1000, got 1001"},
		{"too many sentences", "/v1/cec", `{"generated":"` + strings.Repeat("Heat rises. ", 513) + `","reference":"b"}`, 422, "max_sentences_per_text is 512, got 513"},
		{"sentence too long", "/v1/cec", `{"generated":"a","reference":"` + strings.Repeat("word ", 2001) + `"}`, 422, "max_sentence_chars is 10000"},
		{"threshold out of range", "/v1/cec", `{"generated":"a","reference":"b","uncovered_threshold":3}`, 422, "uncovered_threshold"},
		{"vector dimensions differ", "/v1/cec", `{"generated_embeddings":[[1,2,3]],"reference_embeddings":[[1,2]]}`, 422, "reference_embeddings[0]: has 2 dimensions but the first vector has 3"},
		{"vector number overflows", "/v1/cec", `{"generated_embeddings":[[1e999]],"reference_embeddings":[[1]]}`, 422, "expected a number"},
		{"vector not numbers", "/v1/cec", `{"generated_embeddings":[["a"]],"reference_embeddings":[[1]]}`, 422, "expected a number"},
		{"empty vector", "/v1/cec", `{"generated_embeddings":[[]],"reference_embeddings":[[1]]}`, 422, "at least one number"},
		{"one side of vectors", "/v1/cec", `{"generated_embeddings":[[1]]}`, 422, "reference_embeddings: is required"},
		{"body too large", "/v1/cec", `{"generated":"` + strings.Repeat("a", 4<<20) + `","reference":"b"}`, 413, "larger than the limit"},
		{"embeddings without input", "/v1/embeddings", `{}`, 422, "input: is required"},
		{"embeddings token arrays", "/v1/embeddings", `{"input":[[1,2,3]]}`, 422, "token arrays are not supported"},
		{"embeddings empty array", "/v1/embeddings", `{"input":[]}`, 422, "must not be an empty array"},
		{"embeddings unknown model", "/v1/embeddings", `{"input":"a","model":"text-embedding-3-large"}`, 404, `model "text-embedding-3-large" is not served here`},
		{"embeddings bad format", "/v1/embeddings", `{"input":"a","encoding_format":"int8"}`, 422, "encoding_format"},
		{"embeddings other dimensions", "/v1/embeddings", `{"input":"a","dimensions":256}`, 422, "512 dimensions"},
		{"embeddings too many inputs", "/v1/embeddings", `{"input":` + many(1001, `"a"`) + `}`, 422, "max_inputs is 1000"},
		{"batch without pairs", "/v1/cec/batch", `{}`, 422, "pairs: is required"},
		{"batch with a pair's field", "/v1/cec/batch", `{"generated":"a","pairs":[]}`, 400, `unknown field "generated"`},
		{"vectors endpoint without vectors", "/v1/cec/vectors", `{}`, 422, "generated_embeddings: is required"},
		{"unknown route", "/v1/nope", `{}`, 404, "Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, http.MethodPost, tt.path, tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q, want application/problem+json", ct)
			}
			p := decode[problem](t, rec)
			if p.Status != tt.status || !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("problem %+v, want status %d and detail containing %q", p, tt.status, tt.detail)
			}
		})
	}
}

type cecResult struct {
	ID                 string   `json:"id"`
	CEC                float64  `json:"cec"`
	Forward            float64  `json:"forward"`
	Backward           float64  `json:"backward"`
	GeneratedSentences []string `json:"generated_sentences"`
	ReferenceSentences []string `json:"reference_sentences"`
	Alignment          *struct {
		Generated []struct {
			Index      int     `json:"index"`
			Similarity float64 `json:"similarity"`
		} `json:"generated"`
		Reference []struct {
			Index      int     `json:"index"`
			Similarity float64 `json:"similarity"`
		} `json:"reference"`
		Uncovered []int `json:"uncovered"`
	} `json:"alignment"`
	Signature string   `json:"signature"`
	Warnings  []string `json:"warnings"`
}

func TestCECPair(t *testing.T) {
	ts := newTestServer(t, true)
	rec := ts.do(t, http.MethodPost, "/v1/cec", `{
		"generated": "Burning coal releases carbon dioxide. Carbon dioxide traps heat.",
		"reference": "Coal combustion emits CO2. CO2 is a greenhouse gas that traps heat. Penguins live in Antarctica."}`)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	r := decode[cecResult](t, rec)
	if len(r.GeneratedSentences) != 2 || len(r.ReferenceSentences) != 3 {
		t.Fatalf("sentences %q / %q", r.GeneratedSentences, r.ReferenceSentences)
	}
	if math.Abs(r.CEC-(r.Forward+r.Backward)/2) > 1e-15 || r.CEC <= 0 || r.CEC >= 1 {
		t.Errorf("cec %v forward %v backward %v", r.CEC, r.Forward, r.Backward)
	}
	a := r.Alignment
	if a == nil || len(a.Generated) != 2 || len(a.Reference) != 3 {
		t.Fatalf("alignment %+v", a)
	}
	if a.Generated[0].Index != 0 || a.Generated[1].Index != 1 {
		t.Errorf("generated sentences aligned to %d, %d; want 0, 1", a.Generated[0].Index, a.Generated[1].Index)
	}
	if len(a.Uncovered) != 1 || a.Uncovered[0] != 2 {
		t.Errorf("uncovered %v, want [2] (the penguin sentence)", a.Uncovered)
	}
	want := "cec|v:1|emb:use-lite-en@0.2.0|weights:sha256.3855ea6772d2|split:punkt-en@nltk3.8|sim:cos|agg:mean-max"
	if r.Signature != want {
		t.Errorf("signature %q, want %q", r.Signature, want)
	}
}

func TestCECEmptyTextIsAWarningNotAnError(t *testing.T) {
	ts := newTestServer(t, true)
	rec := ts.do(t, http.MethodPost, "/v1/cec", `{"generated": "  \n\t ", "reference": "Heat rises."}`)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	r := decode[cecResult](t, rec)
	if r.CEC != 0 || r.Forward != 0 || r.Backward != 0 || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "generated text has no sentences") {
		t.Errorf("result %+v", r)
	}
}

func TestCECBatch(t *testing.T) {
	ts := newTestServer(t, true)
	for _, path := range []string{"/v1/cec", "/v1/cec/batch"} {
		t.Run(path, func(t *testing.T) { checkBatch(t, ts, path) })
	}
}

func checkBatch(t *testing.T, ts *testServer, path string) {
	rec := ts.do(t, http.MethodPost, path, `{"include_alignment": false, "pairs": [
		{"id": "same", "generated": "Ice melts when it warms.", "reference": "Ice melts when it warms."},
		{"id": "other", "generated": "Stock prices fell sharply.", "reference": "Warmer oceans expand and raise sea levels."},
		{"id": "empty", "generated": "", "reference": "Warmer oceans expand."}]}`)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	out := decode[struct {
		Results []cecResult `json:"results"`
		Summary struct {
			N    int        `json:"n"`
			Mean float64    `json:"mean"`
			SD   float64    `json:"sd"`
			CI95 [2]float64 `json:"ci95"`
		} `json:"summary"`
	}](t, rec)
	if len(out.Results) != 3 || out.Results[0].ID != "same" || out.Results[1].ID != "other" || out.Results[2].ID != "empty" {
		t.Fatalf("results %+v", out.Results)
	}
	if math.Abs(out.Results[0].CEC-1) > 1e-6 {
		t.Errorf("identical texts cec %v, want 1", out.Results[0].CEC)
	}
	if out.Results[1].CEC >= out.Results[0].CEC || out.Results[2].CEC != 0 || len(out.Results[2].Warnings) != 1 {
		t.Errorf("results %+v", out.Results)
	}
	for _, r := range out.Results {
		if r.Alignment != nil {
			t.Errorf("alignment present with include_alignment false")
		}
	}
	mean := (out.Results[0].CEC + out.Results[1].CEC + out.Results[2].CEC) / 3
	if out.Summary.N != 3 || math.Abs(out.Summary.Mean-mean) > 1e-12 || !(out.Summary.CI95[0] <= mean && mean <= out.Summary.CI95[1]) {
		t.Errorf("summary %+v, mean of results %v", out.Summary, mean)
	}
}

func TestCECVectorsMatchReference(t *testing.T) {
	ts := newTestServer(t, true)
	for _, path := range []string{"/v1/cec", "/v1/cec/vectors"} {
		t.Run(path, func(t *testing.T) { checkK07(t, ts, path) })
	}
}

func checkK07(t *testing.T, ts *testServer, path string) {
	// Case k07 of testdata/cec_vectors_dev.jsonl in package scoring.
	rec := ts.do(t, http.MethodPost, path, `{
		"generated_embeddings": [[0.5, -0.2, 0.1, 0.8], [-0.3, 0.9, 0.4, -0.1]],
		"reference_embeddings": [[0.4, -0.1, 0.3, 0.7], [0.1, 0.2, -0.9, 0.3], [-0.2, 0.8, 0.5, 0.0]]}`)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	r := decode[cecResult](t, rec)
	if math.Abs(r.CEC-0.8395131820579337) > 1e-12 || math.Abs(r.Forward-0.9735529106121696) > 1e-12 || math.Abs(r.Backward-0.7054734535036977) > 1e-12 {
		t.Errorf("result %+v", r)
	}
	if !strings.Contains(r.Signature, "emb:client-provided") || r.GeneratedSentences != nil {
		t.Errorf("signature %q sentences %v", r.Signature, r.GeneratedSentences)
	}
}

func TestEmbeddingsOpenAICompatible(t *testing.T) {
	ts := newTestServer(t, true)
	type response struct {
		Object string `json:"object"`
		Model  string `json:"model"`
		Data   []struct {
			Object    string          `json:"object"`
			Embedding json.RawMessage `json:"embedding"`
			Index     int             `json:"index"`
		} `json:"data"`
		Usage struct {
			PromptTokens int `json:"prompt_tokens"`
			TotalTokens  int `json:"total_tokens"`
		} `json:"usage"`
	}
	rec := ts.do(t, http.MethodPost, "/v1/embeddings", `{"input": ["Sea levels rise.", "Glaciers retreat."], "model": "use-lite-en@0.2.0"}`)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	r := decode[response](t, rec)
	if r.Object != "list" || r.Model != "use-lite-en@0.2.0" || len(r.Data) != 2 || r.Data[1].Index != 1 || r.Data[0].Object != "embedding" {
		t.Fatalf("response %+v", r)
	}
	want, err := ts.engine.Encoder.Embed(t.Context(), []string{"Sea levels rise.", "Glaciers retreat."})
	if err != nil {
		t.Fatal(err)
	}
	var floats []float32
	if err := json.Unmarshal(r.Data[1].Embedding, &floats); err != nil || len(floats) != 512 || floats[7] != want[1][7] {
		t.Errorf("embedding %d floats (%v), want the encoder's vector", len(floats), err)
	}
	toks := len(ts.engine.Encoder.Tokenize("Sea levels rise.")) + len(ts.engine.Encoder.Tokenize("Glaciers retreat."))
	if r.Usage.PromptTokens != toks || r.Usage.TotalTokens != toks {
		t.Errorf("usage %+v, want %d tokens", r.Usage, toks)
	}

	rec = ts.do(t, http.MethodPost, "/v1/embeddings", `{"input": "Glaciers retreat.", "encoding_format": "base64"}`)
	r = decode[response](t, rec)
	var b64 string
	if err := json.Unmarshal(r.Data[0].Embedding, &b64); err != nil {
		t.Fatalf("base64 embedding: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) != 4*512 {
		t.Fatalf("base64 decodes to %d bytes (%v)", len(raw), err)
	}
	if got := math.Float32frombits(binary.LittleEndian.Uint32(raw[4*7:])); got != want[1][7] {
		t.Errorf("base64 float %v, want %v", got, want[1][7])
	}
}

func TestReadinessBeforeAndAfterLoad(t *testing.T) {
	ts := newTestServer(t, false)
	if rec := ts.do(t, http.MethodGet, "/healthz", ""); rec.Code != 200 {
		t.Errorf("healthz %d", rec.Code)
	}
	rec := ts.do(t, http.MethodGet, "/readyz", "")
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" {
		t.Errorf("readyz before load: %d %s", rec.Code, rec.Body.String())
	}
	if rec := ts.do(t, http.MethodPost, "/v1/cec", `{"generated":"a","reference":"b"}`); rec.Code != 503 {
		t.Errorf("cec before load: %d", rec.Code)
	}
	eng, err := LoadEngine(ts.cfg, ts.metrics)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	ts.backend.set(eng, nil)
	if rec := ts.do(t, http.MethodGet, "/readyz", ""); rec.Code != 200 {
		t.Errorf("readyz after load: %d", rec.Code)
	}
}

func TestConcurrentRequestsShareBatchesAndCache(t *testing.T) {
	ts := newTestServer(t, true)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := `{"generated": "Warming melts ice number ` + string(rune('a'+i)) + `.", "reference": "Ice melts as the planet warms."}`
			if rec := ts.do(t, http.MethodPost, "/v1/cec", body); rec.Code != 200 {
				t.Errorf("status %d", rec.Code)
			}
		}()
	}
	wg.Wait()
	metrics := ts.do(t, http.MethodGet, "/metrics", "").Body.String()
	count := metricValue(t, metrics, "cecbench_embedding_batch_size_count")
	sum := metricValue(t, metrics, "cecbench_embedding_batch_size_sum")
	// 16 distinct generated sentences + 1 shared reference sentence.
	if sum != 17 {
		t.Errorf("embedded %v sentences, want 17 (each distinct sentence once)", sum)
	}
	if count >= 16 {
		t.Errorf("%v batches for 16 concurrent requests: no dynamic batching", count)
	}
	if hits := metricValue(t, metrics, `cecbench_embedding_cache_lookups_total{result="hit"}`); hits < 1 {
		t.Errorf("cache hits %v; the shared reference should hit", hits)
	}
	if !strings.Contains(metrics, `cecbench_http_request_duration_seconds_count{method="POST",route="/v1/cec",status="200"} 16`) {
		t.Errorf("latency histogram missing the 16 requests")
	}
}

func metricValue(t *testing.T, exposition, name string) float64 {
	t.Helper()
	for _, line := range strings.Split(exposition, "\n") {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			var v float64
			if err := json.Unmarshal([]byte(rest), &v); err != nil {
				t.Fatalf("metric %s value %q", name, rest)
			}
			return v
		}
	}
	t.Fatalf("metric %s not found", name)
	return 0
}

func TestSwaggerUIServedFromBinary(t *testing.T) {
	ts := newTestServer(t, false)
	rec := ts.do(t, http.MethodGet, "/swagger/index.html", "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "swagger-ui") {
		t.Fatalf("swagger UI: %d", rec.Code)
	}
	rec = ts.do(t, http.MethodGet, "/swagger/doc.json", "")
	if rec.Code != 200 {
		t.Fatalf("spec: %d", rec.Code)
	}
	spec := decode[struct {
		Paths map[string]any `json:"paths"`
	}](t, rec)
	for _, p := range []string{"/v1/cec", "/v1/cec/batch", "/v1/cec/vectors", "/v1/embeddings", "/healthz", "/readyz", "/metrics"} {
		if spec.Paths[p] == nil {
			t.Errorf("spec lacks %s", p)
		}
	}
}
