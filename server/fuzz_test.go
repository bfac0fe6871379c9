package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/cecbench/cecbench/training/catalog"
)

// FuzzCECHandler sends arbitrary bodies to every POST endpoint through the
// whole stack with the real encoder: no body may crash the server or get a
// 500, and every 200 must be valid JSON.
func FuzzCECHandler(f *testing.F) {
	ts := newTestServer(f, true)
	for _, seed := range []string{
		`{"generated":"Heat rises. Ice melts.","reference":"Ice melts as heat rises."}`,
		`{"pairs":[{"id":"x","generated":"a. b.","reference":""}]}`,
		`{"generated_embeddings":[[1,2]],"reference_embeddings":[[0,0]]}`,
		`{"generated":"\u0000\t\n","reference":"...!?"}`,
		`{"generated":"Dr. J. R. R. Tolkien (b. 1892) wrote e.g. 3.5 books...","reference":"\ud83d\ude00 ﬁ １２３"}`,
		`{"generated":"a","reference":"b","uncovered_threshold":-1}`,
		`{"pairs":[{"id":"x","generated":"Ice melts.","reference":"Ice melts, seas rise."}],"metrics":["bleu","meteor"],"options":{"rouge_use_stemmer":true}}`,
		`{"a":[1,2,3],"b":[1,2,4]}`, `{"a":[0,0],"b":[0,0]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/v1/cec", "/v1/cec/batch", "/v1/cec/vectors", "/v1/embeddings", "/v1/metrics", "/v1/stats/paired"} {
			rec := ts.do(t, http.MethodPost, path, body)
			if rec.Code >= 500 {
				t.Fatalf("%s answered %d to %q: %s", path, rec.Code, body, rec.Body.String())
			}
			if rec.Code == 200 && !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s answered invalid JSON to %q", path, body)
			}
		}
	})
}

// FuzzUploads sends arbitrary bodies as a JSONL dataset upload and as a
// teacher job: no 5xx, and every success is valid JSON.
func FuzzUploads(f *testing.F) {
	ts := newTestServer(f, false)
	ds := decode[catalog.Dataset](f, ts.send(f, http.MethodPost, "/v1/datasets", "application/x-ndjson", []byte(explainedJSONL)))
	for _, seed := range []string{
		explainedJSONL,
		`{"claim_id":"1","claim":"c","claim_label":"SUPPORTS","evidences":[{"evidence_id":"e","evidence_label":"SUPPORTS","article":"a","evidence":"t","entropy":0,"votes":[]}]}`,
		"\ufeff{\"id\":\"a\",\"claim\":\"c\",\"evidence\":[{\"text\":\"t\"}],\"label\":\"L\",\"split\":\"dev\"}\r\n",
		`{"dataset_id":"` + ds.ID + `","teacher":{"base_url":"http://127.0.0.1:1/v1","model":"m"},"limit":1}`,
		`{"dataset_id":"` + ds.ID + `","split":"train","teacher":{"base_url":"http://h","model":"m","api_key_env":"K"},"temperature":2.5}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, r := range []struct{ path, contentType string }{
			{"/v1/datasets", "application/x-ndjson"},
			{"/v1/datasets?seed=7&splits=" + url.QueryEscape(body), "application/x-ndjson"},
			{"/v1/teacher/jobs", "application/json"},
		} {
			rec := ts.send(t, http.MethodPost, r.path, r.contentType, []byte(body))
			if rec.Code >= 500 {
				t.Fatalf("%s answered %d to %q: %s", r.path, rec.Code, body, rec.Body.String())
			}
			if rec.Code < 300 && !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s answered invalid JSON to %q", r.path, body)
			}
		}
	})
}
