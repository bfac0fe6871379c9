package evaluate_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/kv/boltkv"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/evaluate"
	"github.com/cecbench/cecbench/training/models"
)

// studentRegistry opens a registry on boltkv holding a base model, an
// adapter of it, a tuned model and an adapter whose base is not
// registered. Paths are not read: ResolveStudent only looks names up.
func studentRegistry(t *testing.T) *models.Registry {
	t.Helper()
	db, err := boltdb.Open(filepath.Join(t.TempDir(), "models.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	reg := models.Open(boltkv.New(db))
	for _, m := range []models.Model{
		{Name: "tiny-base", Kind: models.KindBase, Path: "/m/base.gguf"},
		{Name: "tiny-base.lora-r8", Kind: models.KindAdapter, Path: "/m/lora.gguf", Base: "tiny-base"},
		{Name: "tiny-base.full", Kind: models.KindTuned, Path: "/m/full.gguf", Base: "tiny-base"},
		{Name: "orphan.lora-r8", Kind: models.KindAdapter, Path: "/m/orphan.gguf", Base: "gone"},
	} {
		if _, _, err := reg.Register(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	return reg
}

func TestResolveStudent(t *testing.T) {
	reg := studentRegistry(t)
	file := filepath.Join(t.TempDir(), "local-model.gguf")
	if err := os.WriteFile(file, []byte("GGUF"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, model, adapter string
		scale                float64
		want                 evaluate.Student
	}{
		{"base model alone", "tiny-base", "", 1,
			evaluate.Student{Model: "tiny-base", ModelPath: "/m/base.gguf"}},
		{"adapter named as the model: its base with it", "tiny-base.lora-r8", "", 1,
			evaluate.Student{Model: "tiny-base", ModelPath: "/m/base.gguf", Adapter: "tiny-base.lora-r8", AdapterPath: "/m/lora.gguf", AdapterScale: 1}},
		{"base and adapter", "tiny-base", "tiny-base.lora-r8", 0.5,
			evaluate.Student{Model: "tiny-base", ModelPath: "/m/base.gguf", Adapter: "tiny-base.lora-r8", AdapterPath: "/m/lora.gguf", AdapterScale: 0.5}},
		{"tuned model", "tiny-base.full", "", 1,
			evaluate.Student{Model: "tiny-base.full", ModelPath: "/m/full.gguf"}},
		{"GGUF path", file, "", 1,
			evaluate.Student{Model: "local-model", ModelPath: file}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := evaluate.JobParams{Model: c.model, Adapter: c.adapter, AdapterScale: c.scale, Selection: dataset.Selection{DatasetID: "ds_1"}}
			got, err := evaluate.ResolveStudent(context.Background(), reg, p)
			if err != nil {
				t.Fatalf("ResolveStudent = %v", err)
			}
			if got != c.want {
				t.Errorf("ResolveStudent = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestResolveStudentRefuses(t *testing.T) {
	reg := studentRegistry(t)
	for _, c := range []struct {
		name, model, adapter string
		wantErr              error
		// want are substrings the error must hold.
		want []string
	}{
		{"adapter as model and another adapter", "tiny-base.lora-r8", "tiny-base.lora-r8", evaluate.ErrInvalidParams,
			[]string{"model tiny-base.lora-r8 is an adapter", "name the base model"}},
		{"unknown model", "nope", "", models.ErrInvalid, []string{`"nope"`, "neither a registered model"}},
		{"unknown adapter", "tiny-base", "nope", models.ErrInvalid, []string{`"nope"`}},
		{"base model as the adapter", "tiny-base", "tiny-base", evaluate.ErrInvalidParams,
			[]string{"adapter tiny-base is a base model", "not a LoRA adapter"}},
		{"tuned model as the adapter", "tiny-base", "tiny-base.full", evaluate.ErrInvalidParams,
			[]string{"adapter tiny-base.full is a tuned model"}},
		{"adapter whose base is gone", "orphan.lora-r8", "", models.ErrInvalid, []string{"orphan.lora-r8", "its base model", `"gone"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := evaluate.JobParams{Model: c.model, Adapter: c.adapter, AdapterScale: 1, Selection: dataset.Selection{DatasetID: "ds_1"}}
			s, err := evaluate.ResolveStudent(context.Background(), reg, p)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("ResolveStudent = %+v, %v; want an error wrapping %v", s, err, c.wantErr)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}
