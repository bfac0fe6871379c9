package server

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/routes"
	"github.com/cecbench/cecbench/training/catalog"
)

const climateFeverPath = "../../shared/data/climate-fever/climate-fever.jsonl"

// send posts body with a content type through the whole Echo stack.
func (ts *testServer) send(tb testing.TB, method, path, contentType string, body []byte) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	ts.Handler().ServeHTTP(rec, req)
	return rec
}

func climateFever(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(climateFeverPath)
	if err != nil {
		tb.Skipf("Climate-FEVER data not available: %v", err)
	}
	return b
}

// explainedJSONL is a simple-format dataset with teacher explanations.
const explainedJSONL = `{"id":"a","claim":"CO2 warms the planet.","evidence":["CO2 absorbs infrared radiation."],"label":"SUPPORTS","explanation":"CO2 absorbs infrared. The absorbed heat warms the surface.","split":"train"}
{"id":"b","claim":"Sea level is falling.","evidence":[{"text":"Tide gauges show a rise of 20 cm since 1900.","label":"REFUTES"}],"label":"REFUTES","explanation":"Warming expands seawater and melts ice. So seas rise, not fall.","split":"train"}
{"id":"c","claim":"Glaciers are growing.","evidence":["Most glaciers retreat."],"label":"REFUTES","split":"test"}
`

func TestUploadClimateFEVERIsIdempotent(t *testing.T) {
	ts := newTestServer(t, false)
	data := climateFever(t)
	rec := ts.send(t, http.MethodPost, "/v1/datasets?name=cf", "application/x-ndjson", data)
	if rec.Code != http.StatusCreated {
		t.Fatalf("first upload: %d %s", rec.Code, rec.Body)
	}
	d := decode[catalog.Dataset](t, rec)
	if d.Items != 1535 || d.Format != "climate-fever" || len(d.SHA256) != 64 || !strings.HasPrefix(d.ID, "ds_") {
		t.Fatalf("dataset %+v", d)
	}
	if d.Splits["train"]+d.Splits["validation"]+d.Splits["test"] != 1535 || d.Splits["train"] < 1220 || d.Splits["train"] > 1236 {
		t.Errorf("splits %v: want about 80/10/10 of 1535", d.Splits)
	}
	if d.Labels["SUPPORTS"] != 654 || d.Labels["DISPUTED"] != 154 {
		t.Errorf("labels %v", d.Labels)
	}
	if loc := rec.Header().Get("Location"); loc != "/v1/datasets/"+d.ID {
		t.Errorf("Location %q", loc)
	}

	again := ts.send(t, http.MethodPost, "/v1/datasets", "application/x-ndjson", data)
	if again.Code != http.StatusOK || decode[catalog.Dataset](t, again).ID != d.ID {
		t.Fatalf("same content again: %d %s, want 200 with %s", again.Code, again.Body, d.ID)
	}

	// The same file as a multipart upload is the same dataset.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "climate-fever.jsonl")
	fw.Write(data)
	mw.Close()
	multi := ts.send(t, http.MethodPost, "/v1/datasets", mw.FormDataContentType(), body.Bytes())
	if multi.Code != http.StatusOK || decode[catalog.Dataset](t, multi).ID != d.ID {
		t.Fatalf("multipart upload: %d %s", multi.Code, multi.Body)
	}

	// Other split ratios make another dataset.
	other := ts.send(t, http.MethodPost, "/v1/datasets?splits=70,15,15", "application/x-ndjson", data)
	if other.Code != http.StatusCreated || decode[catalog.Dataset](t, other).ID == d.ID {
		t.Fatalf("70/15/15: %d %s", other.Code, other.Body)
	}

	list := decode[routes.DatasetList](t, ts.do(t, http.MethodGet, "/v1/datasets", ""))
	if len(list.Datasets) != 2 {
		t.Errorf("list has %d datasets, want 2", len(list.Datasets))
	}
	if got := decode[catalog.Dataset](t, ts.do(t, http.MethodGet, "/v1/datasets/"+d.ID, "")); got.SHA256 != d.SHA256 {
		t.Errorf("GET dataset: %+v", got)
	}
}

func TestDatasetItemsPages(t *testing.T) {
	ts := newTestServer(t, false)
	d := decode[catalog.Dataset](t, ts.send(t, http.MethodPost, "/v1/datasets", "application/x-ndjson", climateFever(t)))

	page := decode[routes.ItemPage](t, ts.do(t, http.MethodGet, "/v1/datasets/"+d.ID+"/items?offset=10&limit=5", ""))
	if page.Total != 1535 || len(page.Items) != 5 || page.Offset != 10 || page.Items[0].Claim == "" || len(page.Items[0].Evidence) != 5 {
		t.Fatalf("page %+v", page)
	}
	test := decode[routes.ItemPage](t, ts.do(t, http.MethodGet, "/v1/datasets/"+d.ID+"/items?split=test&limit=1000", ""))
	if test.Total != d.Splits["test"] || len(test.Items) != d.Splits["test"] {
		t.Errorf("test split: total %d, %d items; want %d", test.Total, len(test.Items), d.Splits["test"])
	}
	for _, it := range test.Items {
		if it.Split != "test" {
			t.Fatalf("item %s of split %q in the test page", it.ID, it.Split)
		}
	}
	past := decode[routes.ItemPage](t, ts.do(t, http.MethodGet, "/v1/datasets/"+d.ID+"/items?offset=5000", ""))
	if len(past.Items) != 0 || past.Total != 1535 {
		t.Errorf("offset past the end: %+v", past)
	}
	raw := ts.do(t, http.MethodGet, "/v1/datasets/"+d.ID+"/items?format=jsonl", "")
	if raw.Code != 200 || strings.Count(raw.Body.String(), "\n") != 1535 {
		t.Errorf("jsonl: %d, %d lines", raw.Code, strings.Count(raw.Body.String(), "\n"))
	}
}

func TestDatasetErrors(t *testing.T) {
	ts := newTestServer(t, false)
	good := decode[catalog.Dataset](t, ts.send(t, http.MethodPost, "/v1/datasets", "application/x-ndjson", []byte(explainedJSONL)))
	cases := []struct {
		name, method, path, contentType, body string
		status                                int
		detail                                string
	}{
		{"bad lines", "POST", "/v1/datasets", "application/x-ndjson",
			"{\"id\":\"a\",\"claim\":\"c\",\"evidence\":[\"e\"],\"label\":\"L\"}\n{\"id\":\"b\",\"claim\":\"\",\"evidence\":[\"e\"],\"label\":\"L\"}\nnot json\n", 422, "line 2"},
		{"no items", "POST", "/v1/datasets", "application/x-ndjson", "\n\n", 422, "no items"},
		{"wrong content type", "POST", "/v1/datasets", "application/json", `{"id":"a"}`, 415, "application/x-ndjson"},
		{"bad split ratios", "POST", "/v1/datasets?splits=50,10", "application/x-ndjson", explainedJSONL, 422, "splits"},
		{"unknown dataset", "GET", "/v1/datasets/ds_nope", "", "", 404, "ds_nope"},
		{"unknown dataset items", "GET", "/v1/datasets/ds_nope/items", "", "", 404, "ds_nope"},
		{"bad limit", "GET", "/v1/datasets/" + good.ID + "/items?limit=0", "", "", 422, "limit"},
		{"bad split", "GET", "/v1/datasets/" + good.ID + "/items?split=dev", "", "", 422, "train, validation, test"},
		{"bad format", "GET", "/v1/datasets/" + good.ID + "/sft?format=xml", "", "", 422, "chat or text"},
		{"unknown template", "GET", "/v1/datasets/" + good.ID + "/sft?template=v0", "", "", 422, "cec-causal-v1"},
		{"empty split", "GET", "/v1/datasets/" + good.ID + "/sft?split=validation", "", "", 422, "validation"},
		{"no explanations", "GET", "/v1/datasets/" + good.ID + "/sft?split=test", "", "", 422, "explanation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := ts.send(t, c.method, c.path, c.contentType, []byte(c.body))
			if rec.Code != c.status || rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s %s: want %d problem+json", rec.Code, rec.Header().Get("Content-Type"), rec.Body, c.status)
			}
			if p := decode[routes.Problem](t, rec); !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q does not mention %q", p.Detail, c.detail)
			}
		})
	}
	rec := ts.send(t, "POST", "/v1/datasets", "application/x-ndjson", []byte(cases[0].body))
	p := decode[routes.Problem](t, rec)
	if p.ErrorCount != 2 || len(p.Errors) != 2 || p.Errors[0].Line != 2 || p.Errors[0].Field != "claim" || p.Errors[1].Line != 3 {
		t.Errorf("line errors %+v (count %d): want line 2 claim, line 3", p.Errors, p.ErrorCount)
	}
}

func TestSFTExport(t *testing.T) {
	ts := newTestServer(t, false)
	d := decode[catalog.Dataset](t, ts.send(t, http.MethodPost, "/v1/datasets", "application/x-ndjson", []byte(explainedJSONL)))
	if d.SplitConfig != nil || d.Splits["train"] != 2 || d.Splits["test"] != 1 || d.Explained != 2 {
		t.Fatalf("the file's own splits must be kept: %+v", d)
	}
	chat := ts.do(t, http.MethodGet, "/v1/datasets/"+d.ID+"/sft?split=train", "")
	if chat.Code != 200 || chat.Header().Get("X-Prompt-Template") != "cec-causal-v1" || chat.Header().Get("X-SFT-Examples") != "2" {
		t.Fatalf("chat export: %d %v %s", chat.Code, chat.Header(), chat.Body)
	}
	lines := strings.Split(strings.TrimSpace(chat.Body.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"role":"assistant","content":"CO2 absorbs infrared. The absorbed heat warms the surface."`) ||
		!strings.Contains(lines[0], `[Claim] CO2 warms the planet.`) || !strings.Contains(lines[0], `"template":"cec-causal-v1"`) {
		t.Errorf("chat lines:\n%s", chat.Body)
	}
	text := ts.do(t, http.MethodGet, "/v1/datasets/"+d.ID+"/sft?split=train&format=text", "")
	if text.Code != 200 || !strings.HasPrefix(text.Header().Get("Content-Type"), "text/plain") ||
		!strings.Contains(text.Body.String(), "Warming expands seawater and melts ice. So seas rise, not fall.") {
		t.Errorf("text export: %d %s", text.Code, text.Body)
	}
}
