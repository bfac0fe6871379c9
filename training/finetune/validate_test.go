package finetune_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/gguf"
	"github.com/cecbench/cecbench/kv/boltkv"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/finetune"
	"github.com/cecbench/cecbench/training/models"
)

// writeModel writes a GGUF header-only model: the architecture and one
// tensor of the given type (validation reads no weights).
func writeModel(t *testing.T, dir, name, arch string, typ gguf.TensorType) string {
	t.Helper()
	path := filepath.Join(dir, name+".gguf")
	tensor := gguf.F32Tensor("token_embd.weight", []uint64{4, 2}, make([]float32, 8))
	if typ == gguf.TensorF16 {
		tensor = gguf.Tensor{Name: "token_embd.weight", Dims: []uint64{4, 2}, Type: gguf.TensorF16, Data: make([]byte, 16)}
	}
	norm := gguf.F32Tensor("output_norm.weight", []uint64{4}, []float32{1, 1, 1, 1})
	if err := gguf.WriteFile(path, []gguf.KV{{Key: "general.architecture", Value: arch}}, []gguf.Tensor{tensor, norm}); err != nil {
		t.Fatal(err)
	}
	return path
}

type fixture struct {
	lookup   finetune.Lookup
	registry *models.Registry
	dir      string
	// explained has explanations in every split; bare has none.
	explained, bare string
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := boltdb.Open(filepath.Join(dir, "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store := boltkv.New(db)
	cat, reg := catalog.Open(store), models.Open(store)
	mk := func(explain bool) string {
		var items []dataset.Item
		for i, split := range []string{dataset.Train, dataset.Train, dataset.Validation, dataset.Test} {
			it := dataset.Item{ID: "c" + string(rune('0'+i)), Claim: "CO2 warms the planet.", Label: "SUPPORTS", Split: split,
				Evidence: []dataset.Evidence{{Text: "Carbon dioxide traps heat."}}}
			if explain {
				it.Explanation = "Carbon dioxide absorbs infrared radiation, so more of it warms the surface."
			}
			items = append(items, it)
		}
		d, _, err := cat.Create(ctx, catalog.New{Items: items})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	return fixture{lookup: finetune.Lookup{Models: reg, Datasets: cat}, registry: reg, dir: dir, explained: mk(true), bare: mk(false)}
}

func params(base, datasetID string) finetune.JobParams {
	p := finetune.JobParams{BaseModel: base, Selection: dataset.Selection{DatasetID: datasetID}}
	if err := p.Normalize(); err != nil {
		panic(err)
	}
	return p
}

func TestValidateAcceptsLlamaF32(t *testing.T) {
	f := newFixture(t)
	path := writeModel(t, f.dir, "tiny", "llama", gguf.TensorF32)
	plan, err := finetune.Validate(context.Background(), params(path, f.explained), f.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Architecture != "llama" || plan.BasePath != path || plan.BaseName != "tiny" || len(plan.Examples) != 2 {
		t.Fatalf("plan = %+v", plan)
	}
	// By registered name too.
	if _, _, err := f.registry.Register(context.Background(), models.Model{Name: "tiny-base", Kind: models.KindBase, Path: path}); err != nil {
		t.Fatal(err)
	}
	plan, err = finetune.Validate(context.Background(), params("tiny-base", f.explained), f.lookup)
	if err != nil || plan.BaseName != "tiny-base" || plan.BasePath != path {
		t.Fatalf("by name: %+v, %v", plan, err)
	}
}

func TestValidateRefuses(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	llama := writeModel(t, f.dir, "llama", "llama", gguf.TensorF32)
	notGGUF := filepath.Join(f.dir, "notes.gguf")
	if err := os.WriteFile(notGGUF, []byte("just text, not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	adapter := writeModel(t, f.dir, "adapter", "llama", gguf.TensorF32)
	if _, _, err := f.registry.Register(ctx, models.Model{Name: "an-adapter", Kind: models.KindAdapter, Path: adapter, Base: llama}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    finetune.JobParams
		want []string
	}{
		{"phi2", params(writeModel(t, f.dir, "phi", "phi2", gguf.TensorF32), f.explained), []string{"phi2", "NORM", "llama-architecture"}},
		{"gemma", params(writeModel(t, f.dir, "gemma", "gemma", gguf.TensorF32), f.explained), []string{"gemma", "GEGLU"}},
		{"gemma2", params(writeModel(t, f.dir, "gemma2", "gemma2", gguf.TensorF32), f.explained), []string{"gemma2", "GEGLU"}},
		{"unverified", params(writeModel(t, f.dir, "qwen", "qwen2", gguf.TensorF32), f.explained), []string{"qwen2", "not been verified", "llama"}},
		{"f16", params(writeModel(t, f.dir, "half", "llama", gguf.TensorF16), f.explained), []string{"F32 models only", "F16: 1", "llama-quantize --allow-requantize", "half-f32.gguf F32"}},
		{"no such file", params(filepath.Join(f.dir, "missing.gguf"), f.explained), []string{"neither a registered model", "missing.gguf"}},
		{"not gguf", params(notGGUF, f.explained), []string{"notes.gguf"}},
		{"adapter as base", params("an-adapter", f.explained), []string{"is a LoRA adapter", llama}},
		{"no explanations", params(llama, f.bare), []string{"no teacher explanations", "POST /v1/teacher/jobs"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := finetune.Validate(ctx, tc.p, f.lookup)
			if !errors.Is(err, finetune.ErrInvalidParams) && !errors.Is(err, models.ErrInvalid) {
				t.Fatalf("err = %v; want ErrInvalidParams or models.ErrInvalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	// An unknown dataset is the catalog's not-found error (404).
	if _, err := finetune.Validate(ctx, params(llama, "ds_nope"), f.lookup); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("unknown dataset: %v; want catalog.ErrNotFound", err)
	}
}

func TestNormalize(t *testing.T) {
	p := finetune.JobParams{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}}
	if err := p.Normalize(); err != nil {
		t.Fatal(err)
	}
	want := finetune.JobParams{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d", Split: "train", Template: dataset.DefaultTemplate},
		Epochs: 10, LearningRate: 2e-5, BatchSize: 8, ContextLength: 512, LoRARank: 16, LoRAAlpha: 32, Trainer: finetune.TrainerFullExtract}
	if p != want {
		t.Fatalf("defaults:\n got %+v\nwant %+v", p, want)
	}
	for _, bad := range []finetune.JobParams{
		{Selection: dataset.Selection{DatasetID: "d"}},
		{BaseModel: "m"},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d", Split: "dev"}},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}, Trainer: "pytorch"},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}, Epochs: -1},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}, LearningRate: -1},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}, LearningRate: 2},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}, ContextLength: 8},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}, LoRARank: 4096},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}, LoRAAlpha: -3},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}, GPULayers: -1},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d"}, Name: "Bad Name"},
		{BaseModel: "m", Selection: dataset.Selection{DatasetID: "d", Template: "v0"}},
	} {
		if err := bad.Normalize(); !errors.Is(err, finetune.ErrInvalidParams) {
			t.Errorf("Normalize(%+v) = %v; want ErrInvalidParams", bad, err)
		}
	}
}
