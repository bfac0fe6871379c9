package models_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/kv/boltkv"
	"github.com/cecbench/cecbench/training/models"
)

func openRegistry(t *testing.T) *models.Registry {
	t.Helper()
	db, err := boltdb.Open(filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return models.Open(boltkv.New(db))
}

func TestRegisterGetList(t *testing.T) {
	ctx := context.Background()
	r := openRegistry(t)
	base := models.Model{Name: "tiny-base", Kind: models.KindBase, Path: "/m/base.gguf", Architecture: "llama"}
	got, added, err := r.Register(ctx, base)
	if err != nil || !added {
		t.Fatalf("Register = %v, %v", added, err)
	}
	if got.CreatedAt.IsZero() {
		t.Error("CreatedAt not set")
	}
	// The same model again: not added, no error.
	if _, added, err := r.Register(ctx, base); err != nil || added {
		t.Fatalf("Register again = %v, %v; want false, nil", added, err)
	}
	// A different model under the name: ErrExists.
	other := base
	other.Path = "/m/other.gguf"
	if _, _, err := r.Register(ctx, other); !errors.Is(err, models.ErrExists) {
		t.Fatalf("Register other = %v; want ErrExists", err)
	}
	ad := models.Model{Name: "tiny-base.lora-r16", Kind: models.KindAdapter, Path: "/m/a.gguf", Base: "tiny-base"}
	if _, _, err := r.Register(ctx, ad); err != nil {
		t.Fatal(err)
	}
	m, err := r.Get(ctx, "tiny-base")
	if err != nil || m.Path != base.Path || m.Architecture != "llama" {
		t.Fatalf("Get = %+v, %v", m, err)
	}
	if _, err := r.Get(ctx, "nope"); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("Get unknown = %v; want ErrNotFound", err)
	}
	list, err := r.List(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "tiny-base" || list[1].Name != "tiny-base.lora-r16" {
		t.Fatalf("List = %+v, %v", list, err)
	}
}

func TestRegisterRefusesBadModels(t *testing.T) {
	r := openRegistry(t)
	for _, m := range []models.Model{
		{Name: "", Kind: models.KindBase, Path: "/x"},
		{Name: "Upper", Kind: models.KindBase, Path: "/x"},
		{Name: "-dash", Kind: models.KindBase, Path: "/x"},
		{Name: "ok", Kind: "weird", Path: "/x"},
		{Name: "ok", Kind: models.KindBase},
	} {
		if _, _, err := r.Register(context.Background(), m); !errors.Is(err, models.ErrInvalid) {
			t.Errorf("Register(%+v) = %v; want ErrInvalid", m, err)
		}
	}
}
