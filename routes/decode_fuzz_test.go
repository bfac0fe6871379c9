package routes

import (
	"errors"
	"testing"

	"github.com/cecbench/cecbench/scoring"
)

// FuzzDecodeCEC feeds arbitrary bodies to the request decoding: it must
// never panic, and every failure must be a RequestError or an
// invalid-input error (both map to a 4xx), never anything else.
func FuzzDecodeCEC(f *testing.F) {
	for _, seed := range []string{
		`{"generated":"a","reference":"b"}`,
		`{"pairs":[{"id":"x","generated":"a","reference":"b"}],"include_alignment":false}`,
		`{"generated_embeddings":[[1,2]],"reference_embeddings":[[1e308,-2]]}`,
		`{"input":["a","b"],"encoding_format":"base64"}`,
		`{"input":[[1,2]]}`, `{"generated":5}`, `{"x":1}`, `[1,2]`, `"s"`, `{`, ``, `{} {}`, `{"input":null}`,
		`{"generated":"\ud800"}`, `{"generated_embeddings":[[1e999]]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		check := func(err error) {
			var re *RequestError
			if err != nil && !errors.As(err, &re) && !errors.Is(err, scoring.ErrInvalid) {
				t.Fatalf("error %T %v would be a 500", err, err)
			}
		}
		var cec cecRequest
		check(decodeBytes(body, &cec))
		var emb EmbeddingsRequest
		err := decodeBytes(body, &emb)
		check(err)
		if err == nil {
			_, err := embeddingInputs(emb.Input)
			check(err)
		}
	})
}
