package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cecbench/cecbench/gguf"
	"github.com/cecbench/cecbench/gguf/testmodel"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/llamacpp/llamatest"
	"github.com/cecbench/cecbench/routes"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/evaluate"
	"github.com/cecbench/cecbench/training/finetune"
	"github.com/cecbench/cecbench/training/models"
)

// explainedDataset uploads Climate-FEVER claims in the simple format, each
// with its first evidence sentence and a templated causal explanation:
// train items for fine-tuning, test items for evaluation.
func explainedDataset(t *testing.T, ts *testServer, train, test int) catalog.Dataset {
	t.Helper()
	var lines bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(climateFever(t)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 0; n < train+test && sc.Scan(); n++ {
		var c struct {
			ClaimID   string `json:"claim_id"`
			Claim     string `json:"claim"`
			Label     string `json:"claim_label"`
			Evidences []struct {
				Evidence string `json:"evidence"`
			} `json:"evidences"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		split := "train"
		if n >= train {
			split = "test"
		}
		ev := c.Evidences[0].Evidence
		expl := fmt.Sprintf("The evidence states that %s Because of this, the claim that %s is judged %s: the stated facts cause the conclusion.",
			strings.TrimSpace(ev), strings.TrimSuffix(strings.ToLower(c.Claim[:1])+c.Claim[1:], "."), strings.ToLower(c.Label))
		line, _ := json.Marshal(map[string]any{"id": c.ClaimID, "claim": c.Claim, "label": c.Label, "evidence": []string{ev},
			"explanation": expl, "split": split})
		lines.Write(line)
		lines.WriteByte('\n')
	}
	rec := ts.send(t, http.MethodPost, "/v1/datasets", "application/x-ndjson", lines.Bytes())
	if rec.Code != http.StatusCreated {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	return decode[catalog.Dataset](t, rec)
}

// waitJobFor waits up to d for the job to end.
func (ts *testServer) waitJobFor(t *testing.T, id string, d time.Duration) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		j := decode[jobs.Job](t, ts.do(t, http.MethodGet, "/v1/jobs/"+id, ""))
		if j.State.Terminal() {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still %s after %v", id, j.State, d)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (ts *testServer) postJob(t *testing.T, path string, params any) jobs.Job {
	t.Helper()
	body, _ := json.Marshal(params)
	rec := ts.do(t, http.MethodPost, path, string(body))
	if rec.Code != http.StatusAccepted {
		t.Fatalf("POST %s: %d %s", path, rec.Code, rec.Body)
	}
	return decode[jobs.Job](t, rec)
}

// TestFinetuneAndEvaluateWithLlamaCpp is the whole student loop with the
// real llama.cpp programs: a tiny random llama model is registered,
// fine-tuned on explanations (the loss falls), a LoRA adapter is extracted
// and registered, and evaluation jobs generate with llama-server, with and
// without the adapter (--lora changes the output), and score the
// generations against the teacher's explanations.
func TestFinetuneAndEvaluateWithLlamaCpp(t *testing.T) {
	ts := newTestServer(t, true)
	ts.binaries = llamatest.Binaries(t, "llama-server", "llama-finetune")
	ts.startWorkers(t)

	cfg := testmodel.DefaultConfig()
	cfg.Context = 1024 // room for an evaluation prompt
	modelPath := filepath.Join(t.TempDir(), "tiny-llama.gguf")
	if err := testmodel.Write(modelPath, cfg); err != nil {
		t.Fatal(err)
	}
	rec := ts.do(t, http.MethodPost, "/v1/models", fmt.Sprintf(`{"name":"tiny-llama","path":%q}`, modelPath))
	if rec.Code != http.StatusCreated {
		t.Fatalf("register: %d %s", rec.Code, rec.Body)
	}
	if m := decode[models.Model](t, rec); m.Architecture != "llama" || m.TensorTypes["F32"] == 0 || m.Kind != models.KindBase {
		t.Fatalf("registered %+v", m)
	}
	d := explainedDataset(t, ts, 24, 3)

	job := ts.postJob(t, "/v1/finetune/jobs", finetune.JobParams{BaseModel: "tiny-llama", Selection: dataset.Selection{DatasetID: d.ID},
		Epochs: 4, LearningRate: 5e-4, ContextLength: 256, LoRARank: 8, LoRAAlpha: 16, Threads: 2})
	job = ts.waitJobFor(t, job.ID, 4*time.Minute)
	if job.State != jobs.Succeeded {
		t.Fatalf("fine-tuning job %s: %s", job.State, job.Error)
	}
	var ft finetune.JobResult
	if err := json.Unmarshal(job.Result, &ft); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"adapter"`, `"extraction"`, `"matrices"`, `"rel_error"`, `"mean_rel_error"`, `"not_carried"`, `"train_loss"`} {
		if !strings.Contains(string(job.Result), key) {
			t.Errorf("the job result has no %s: %s", key, job.Result)
		}
	}
	if len(ft.Epochs) != 4 || ft.Examples != 24 {
		t.Fatalf("result: %d epochs, %d examples", len(ft.Epochs), ft.Examples)
	}
	first, last := ft.Epochs[0].TrainLoss, ft.Epochs[3].TrainLoss
	t.Logf("training loss by epoch: %.4f %.4f %.4f %.4f (%.1f s)", first, ft.Epochs[1].TrainLoss, ft.Epochs[2].TrainLoss, last, ft.TrainSeconds)
	if !(last < first) {
		t.Errorf("the training loss did not fall: %v to %v", first, last)
	}
	ex := ft.Extraction
	if ex == nil || ex.Rank != 8 || len(ex.Matrices) != 7*cfg.Layers+1 || ex.MaxRelError >= 1 {
		t.Fatalf("extraction %+v", ex)
	}
	t.Logf("extraction: %d matrices at rank 8, relative error mean %.4f, max %.4f", len(ex.Matrices), ex.MeanRelError, ex.MaxRelError)
	ad := ft.Adapter
	if ad.Kind != models.KindAdapter || ad.Base != "tiny-llama" || ad.Job != job.ID {
		t.Fatalf("adapter %+v", ad)
	}
	hdr, err := gguf.Open(ad.Path)
	if err != nil {
		t.Fatal(err)
	}
	if typ, _ := hdr.String("general.type"); typ != "adapter" {
		t.Errorf("adapter general.type = %q", typ)
	}
	hdr.Close()
	list := decode[routes.ModelList](t, ts.do(t, http.MethodGet, "/v1/models", ""))
	if len(list.Models) != 2 {
		t.Errorf("GET /v1/models: %+v", list)
	}
	curve := decode[finetune.Metrics](t, ts.do(t, http.MethodGet, "/v1/finetune/jobs/"+job.ID+"/metrics", ""))
	if len(curve.Points) < 8 || len(curve.Epochs) != 4 {
		t.Errorf("metrics: %d points, %d epochs", len(curve.Points), len(curve.Epochs))
	}
	page := decode[routes.EventPage](t, ts.do(t, http.MethodGet, "/v1/jobs/"+job.ID+"/events?limit=1000", ""))
	epochEvents := 0
	for _, e := range page.Events {
		if e.Kind == "epoch" {
			epochEvents++
		}
	}
	if epochEvents < 4 {
		t.Errorf("%d epoch events, want one per epoch and phase", epochEvents)
	}

	// Evaluate the base model and the adapter on the test split.
	eval := func(params evaluate.JobParams) (evaluate.JobResult, evaluate.Results) {
		t.Helper()
		j := ts.waitJobFor(t, ts.postJob(t, "/v1/eval/jobs", params).ID, 3*time.Minute)
		if j.State != jobs.Succeeded {
			t.Fatalf("evaluation job %s: %s", j.State, j.Error)
		}
		var res evaluate.JobResult
		if err := json.Unmarshal(j.Result, &res); err != nil {
			t.Fatal(err)
		}
		return res, decode[evaluate.Results](t, ts.do(t, http.MethodGet, "/v1/eval/jobs/"+j.ID+"/results", ""))
	}
	common := evaluate.JobParams{Selection: dataset.Selection{DatasetID: d.ID}, MaxTokens: 24, ContextLength: 1024, Concurrency: 1}
	baseParams := common
	baseParams.Model = "tiny-llama"
	base, baseItems := eval(baseParams)
	tunedParams := common
	tunedParams.Model = ad.Name // the adapter's name: its base with it
	tuned, tunedItems := eval(tunedParams)
	if tuned.Student.Adapter != ad.Name || tuned.Student.Model != "tiny-llama" || base.Student.Adapter != "" {
		t.Fatalf("students: base %+v, tuned %+v", base.Student, tuned.Student)
	}
	if len(baseItems.Items) != 3 || len(tunedItems.Items) != 3 || tuned.Items != 3 {
		t.Fatalf("results: %d and %d items", len(baseItems.Items), len(tunedItems.Items))
	}
	changed := 0
	for i := range baseItems.Items {
		b, a := baseItems.Items[i], tunedItems.Items[i]
		t.Logf("item %s\n  base:    %q\n  adapter: %q", b.ID, b.Generated, a.Generated)
		if b.Generated != a.Generated {
			changed++
		}
		if a.Metrics.CEC == nil || a.Metrics.Rouge1 == nil || a.Metrics.METEOR == nil || a.Metrics.BERTScore == nil || a.Reference == "" {
			t.Errorf("item %s metrics %+v", a.ID, a.Metrics)
		}
	}
	if changed == 0 {
		t.Error("the adapter changed no generation: llama-server --lora had no effect")
	}
	if tuned.Corpus.CEC == nil || tuned.Corpus.SacreBLEU == nil || tuned.Signatures["cec"] == "" {
		t.Errorf("corpus %+v, signatures %v", tuned.Corpus, tuned.Signatures)
	}
	t.Logf("corpus CEC: base %.4f, adapter %.4f; ROUGE-L: base %.4f, adapter %.4f", *base.Corpus.CEC, *tuned.Corpus.CEC, *base.Corpus.RougeL, *tuned.Corpus.RougeL)

	sub := ts.do(t, http.MethodGet, "/v1/eval/jobs/"+tunedItems.JobID+"/results?format=submission", "")
	if sub.Code != 200 || sub.Header().Get("Content-Type") != "application/x-ndjson" || strings.Count(sub.Body.String(), "\n") != 3 ||
		!strings.Contains(sub.Body.String(), `"explanation"`) || strings.Contains(sub.Body.String(), `"reference"`) {
		t.Errorf("submission download: %d %q", sub.Code, sub.Body)
	}
}

// TestFinetuneRefusedBeforeQueueing: architectures llama.cpp cannot train,
// non-F32 models and bad parameters are 422 before any job exists.
func TestFinetuneRefusedBeforeQueueing(t *testing.T) {
	ts := newTestServer(t, false)
	d := explainedDataset(t, ts, 6, 0)
	dir := t.TempDir()
	header := func(name, arch string, typ gguf.TensorType) string {
		path := filepath.Join(dir, name+".gguf")
		tensor := gguf.F32Tensor("token_embd.weight", []uint64{4, 2}, make([]float32, 8))
		if typ == gguf.TensorF16 {
			tensor = gguf.Tensor{Name: "token_embd.weight", Dims: []uint64{4, 2}, Type: gguf.TensorF16, Data: make([]byte, 16)}
		}
		if err := gguf.WriteFile(path, []gguf.KV{{Key: "general.architecture", Value: arch}}, []gguf.Tensor{tensor}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, tc := range []struct {
		name string
		body string
		want string
	}{
		{"phi-2", fmt.Sprintf(`{"base_model":%q,"dataset_id":%q}`, header("phi-2", "phi2", gguf.TensorF32), d.ID), "backward pass for NORM"},
		{"gemma", fmt.Sprintf(`{"base_model":%q,"dataset_id":%q}`, header("gemma-2b", "gemma", gguf.TensorF32), d.ID), "GEGLU"},
		{"f16", fmt.Sprintf(`{"base_model":%q,"dataset_id":%q}`, header("llama-f16", "llama", gguf.TensorF16), d.ID), "llama-quantize --allow-requantize"},
		{"unknown model", fmt.Sprintf(`{"base_model":"nope","dataset_id":%q}`, d.ID), "neither a registered model"},
		{"no explained items", fmt.Sprintf(`{"base_model":%q,"dataset_id":%q,"split":"test"}`, header("llama", "llama", gguf.TensorF32), d.ID), "no items in split test"},
		{"lora trainer", fmt.Sprintf(`{"base_model":%q,"dataset_id":%q,"trainer":"llamacpp-lora"}`, header("llama2", "llama", gguf.TensorF32), d.ID), "LLAMA_FINETUNE_LORA_BIN"},
		{"bad epochs", fmt.Sprintf(`{"base_model":"x","dataset_id":%q,"epochs":-2}`, d.ID), "epochs -2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := ts.do(t, http.MethodPost, "/v1/finetune/jobs", tc.body)
			if rec.Code != http.StatusUnprocessableEntity || rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
			if p := decode[problem](t, rec); !strings.Contains(p.Detail, tc.want) {
				t.Errorf("detail %q does not say %q", p.Detail, tc.want)
			}
		})
	}
	if rec := ts.do(t, http.MethodPost, "/v1/finetune/jobs", `{"base_model":"x","dataset_id":"ds_nope"}`); rec.Code != http.StatusUnprocessableEntity && rec.Code != http.StatusNotFound {
		t.Errorf("unknown dataset: %d %s", rec.Code, rec.Body)
	}
	list := decode[routes.JobList](t, ts.do(t, http.MethodGet, "/v1/jobs?type=finetune", ""))
	if len(list.Jobs) != 0 {
		t.Errorf("%d fine-tuning jobs were queued", len(list.Jobs))
	}
	if _, err := os.Stat(filepath.Join(dir, "phi-2.gguf")); err != nil {
		t.Fatal(err)
	}
}
