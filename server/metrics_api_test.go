package server

import (
	"encoding/json"
	"math"
	"net/http"
	"os"
	"strings"
	"testing"
)

// referencePair is one pair of testdata/metric_vectors_dev.jsonl (copied
// from shared/data/reference-metrics: values from the Python references).
type referencePair struct {
	ID         string   `json:"id"`
	Hypothesis string   `json:"hypothesis"`
	Reference  string   `json:"reference"`
	BLEU       *float64 `json:"bleu_hf"`
	SacreBLEU  float64  `json:"sacrebleu_sentence"`
	Rouge1     float64  `json:"rouge1_f_nostem"`
	Rouge2     float64  `json:"rouge2_f_nostem"`
	RougeL     float64  `json:"rougeL_f_nostem"`
	METEOR     float64  `json:"meteor"`
}

func readReferencePairs(t *testing.T) []referencePair {
	t.Helper()
	data, err := os.ReadFile("testdata/metric_vectors_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var out []referencePair
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var p referencePair
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// TestMetricsEndpointMatchesReferences sends the reference pairs through
// POST /v1/metrics and checks every value the Python references computed.
func TestMetricsEndpointMatchesReferences(t *testing.T) {
	ts := newTestServer(t, true)
	refs := readReferencePairs(t)
	type pairIn struct {
		ID        string `json:"id"`
		Generated string `json:"generated"`
		Reference string `json:"reference"`
	}
	var in []pairIn
	for _, r := range refs {
		in = append(in, pairIn{r.ID, r.Hypothesis, r.Reference})
	}
	body, _ := json.Marshal(map[string]any{"pairs": in})
	rec := ts.do(t, http.MethodPost, "/v1/metrics", string(body))
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var out struct {
		Pairs []struct {
			ID        string             `json:"id"`
			BLEU      *float64           `json:"bleu"`
			SacreBLEU *float64           `json:"sacrebleu"`
			Rouge1    *float64           `json:"rouge1"`
			Rouge2    *float64           `json:"rouge2"`
			RougeL    *float64           `json:"rougeL"`
			METEOR    *float64           `json:"meteor"`
			BERTScore map[string]float64 `json:"bertscore"`
			CEC       *float64           `json:"cec"`
			Warnings  []string           `json:"warnings"`
		} `json:"pairs"`
		Corpus struct {
			BLEU *float64 `json:"bleu"`
			CEC  *float64 `json:"cec"`
		} `json:"corpus"`
		Signatures map[string]string `json:"signatures"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Pairs) != len(refs) {
		t.Fatalf("%d results for %d pairs", len(out.Pairs), len(refs))
	}
	for i, r := range refs {
		got := out.Pairs[i]
		if got.ID != r.ID {
			t.Fatalf("pair %d has id %q, want %q", i, got.ID, r.ID)
		}
		if r.BLEU == nil {
			if got.BLEU != nil || len(got.Warnings) == 0 {
				t.Errorf("%s: bleu %v, want null with a warning", r.ID, got.BLEU)
			}
		} else {
			closeTo(t, r.ID+" bleu", got.BLEU, *r.BLEU, 1e-9)
		}
		closeTo(t, r.ID+" sacrebleu", got.SacreBLEU, r.SacreBLEU, 1e-7)
		closeTo(t, r.ID+" rouge1", got.Rouge1, r.Rouge1, 1e-9)
		closeTo(t, r.ID+" rouge2", got.Rouge2, r.Rouge2, 1e-9)
		closeTo(t, r.ID+" rougeL", got.RougeL, r.RougeL, 1e-9)
		closeTo(t, r.ID+" meteor", got.METEOR, r.METEOR, 1e-9)
		if got.CEC == nil || got.BERTScore == nil {
			t.Errorf("%s: cec %v bertscore %v missing", r.ID, got.CEC, got.BERTScore)
		}
	}
	for _, m := range []string{"bleu", "sacrebleu", "rouge", "meteor", "bertscore", "cec"} {
		if out.Signatures[m] == "" {
			t.Errorf("no signature for %s", m)
		}
	}
	if out.Corpus.CEC == nil {
		t.Errorf("no corpus cec")
	}
}

func closeTo(t *testing.T, what string, got *float64, want, tol float64) {
	t.Helper()
	if got == nil || math.Abs(*got-want) > tol {
		t.Errorf("%s = %v, want %.17g", what, got, want)
	}
}

func TestMetricsAndStatsBadInput(t *testing.T) {
	ts := newTestServer(t, true)
	tests := []struct {
		name, path, body string
		status           int
		detail           string
	}{
		{"unknown metric", "/v1/metrics", `{"pairs":[{"generated":"a","reference":"b"}],"metrics":["bleu","blue"]}`, 422, "unknown metric \"blue\"; valid: bleu, sacrebleu, rouge, meteor, bertscore, cec"},
		{"no pairs", "/v1/metrics", `{"metrics":["bleu"]}`, 422, "pairs: is required"},
		{"unknown option", "/v1/metrics", `{"pairs":[],"options":{"stem":true}}`, 400, `unknown field "stem"`},
		{"too many pairs", "/v1/metrics", `{"metrics":["bleu"],"pairs":[` + strings.TrimSuffix(strings.Repeat(`{"generated":"a","reference":"b"},`, 1001), ",") + `]}`, 422, "max_pairs is 1000"},
		{"text too long", "/v1/metrics", `{"metrics":["bleu"],"pairs":[{"generated":"` + strings.Repeat("a ", 50001) + `","reference":"b"}]}`, 422, "max_text_chars is 100000"},
		{"lengths differ", "/v1/stats/paired", `{"a":[1,2,3],"b":[1,2]}`, 422, "length"},
		{"one value", "/v1/stats/paired", `{"a":[1],"b":[2]}`, 422, "at least 2"},
		{"not numbers", "/v1/stats/paired", `{"a":["x"],"b":[2]}`, 422, "expected a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, http.MethodPost, tt.path, tt.body)
			if rec.Code != tt.status || rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("status %d (%s), want %d: %s", rec.Code, rec.Header().Get("Content-Type"), tt.status, rec.Body.String())
			}
			if p := decode[problem](t, rec); !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("detail %q, want it to contain %q", p.Detail, tt.detail)
			}
		})
	}
}

func TestStatsPaired(t *testing.T) {
	ts := newTestServer(t, true)
	rec := ts.do(t, http.MethodPost, "/v1/stats/paired", `{"a":[0.71,0.64,0.80,0.55,0.68],"b":[0.66,0.61,0.79,0.50,0.60]}`)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var p struct {
		N        int      `json:"n"`
		T        *float64 `json:"t"`
		DF       int      `json:"df"`
		PT       *float64 `json:"p_t"`
		W        *float64 `json:"wilcoxon_w"`
		PW       *float64 `json:"p_wilcoxon"`
		Dz       *float64 `json:"cohens_dz"`
		DPooled  *float64 `json:"cohens_d_pooled"`
		MeanA    float64  `json:"mean_a"`
		MeanB    float64  `json:"mean_b"`
		SDA      float64  `json:"sd_a"`
		SDB      float64  `json:"sd_b"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	// SciPy 1.10: ttest_rel(a, b) = (3.772968873135194, p 0.019554212720304612, df 4); wilcoxon(a, b) = (0.0, 0.0625)
	if p.N != 5 || p.DF != 4 || p.T == nil || math.Abs(*p.T-3.772968873135194) > 1e-9 || math.Abs(*p.PT-0.019554212720304612) > 1e-9 || p.W == nil || *p.W != 0 || math.Abs(*p.PW-0.0625) > 1e-12 {
		t.Errorf("paired = %+v", p)
	}
}

func TestMetricsWithoutWordNetNamesThePackage(t *testing.T) {
	ts := newTestServer(t, false)
	cfg := ts.cfg
	cfg.WordNetDir = t.TempDir()
	eng, err := LoadEngine(cfg, ts.metrics)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	ts.backend.set(eng, nil)
	rec := ts.do(t, http.MethodPost, "/v1/metrics", `{"pairs":[{"generated":"Ice melts.","reference":"Ice melts."}]}`)
	if rec.Code != http.StatusNotImplemented || !strings.Contains(decode[problem](t, rec).Detail, "wordnet-base") {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	rec = ts.do(t, http.MethodPost, "/v1/metrics", `{"metrics":["bleu","cec"],"pairs":[{"generated":"Ice melts.","reference":"Ice melts."}]}`)
	if rec.Code != 200 {
		t.Fatalf("without meteor: status %d: %s", rec.Code, rec.Body.String())
	}
}
