package server

import (
	"encoding/json"
	"net/http"
	"testing"
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
