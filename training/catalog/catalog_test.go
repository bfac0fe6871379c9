package catalog_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/kv/boltkv"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
)

func openCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	db, err := boltdb.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return catalog.Open(boltkv.New(db))
}

func items(n int) []dataset.Item {
	out := make([]dataset.Item, n)
	for i := range out {
		label := "SUPPORTS"
		if i%3 == 0 {
			label = "REFUTES"
		}
		out[i] = dataset.Item{ID: string(rune('a' + i)), Claim: "claim " + string(rune('a'+i)), Evidence: []dataset.Evidence{{Text: "e"}}, Label: label}
	}
	return out
}

func TestCreateIsIdempotentAndKeepsItems(t *testing.T) {
	ctx := context.Background()
	c := openCatalog(t)
	cfg := dataset.DefaultSplitConfig()
	in := items(20)
	d, created, err := c.Create(ctx, catalog.New{Name: "first", Format: dataset.FormatSimple, Items: in, Splits: &cfg})
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	if in[0].Split != "" {
		t.Error("Create modified its input")
	}
	if d.Items != 20 || d.Splits["train"]+d.Splits["validation"]+d.Splits["test"] != 20 || d.Labels["REFUTES"] != 7 || d.SplitConfig == nil {
		t.Errorf("dataset %+v", d)
	}
	again, created, err := c.Create(ctx, catalog.New{Name: "second name", Format: dataset.FormatSimple, Items: in, Splits: &cfg})
	if err != nil || created || again.ID != d.ID || again.Name != "first" {
		t.Fatalf("same content again: %+v created %v %v", again, created, err)
	}
	got, err := c.Items(ctx, d.ID)
	if err != nil || len(got) != 20 || got[3].Split == "" || got[3].ID != in[3].ID {
		t.Fatalf("items: %d %v", len(got), err)
	}
	raw, _ := c.Raw(ctx, d.ID)
	if dataset.Hash(got) != d.SHA256 || string(raw) != string(dataset.Canonical(got)) {
		t.Error("the stored items do not hash to the dataset's sha256")
	}

	// A version: same items with explanations, splits kept, own id.
	for i := range got {
		got[i].Explanation = "because"
	}
	v, created, err := c.Create(ctx, catalog.New{Format: d.Format, Items: got, Splits: &cfg, Parent: d.ID, Teacher: &catalog.Teacher{Model: "m"}})
	if err != nil || !created || v.ID == d.ID || v.Parent != d.ID || v.Explained != 20 || v.SplitConfig != nil {
		t.Fatalf("version %+v created %v %v", v, created, err)
	}
	for _, name := range dataset.SplitNames {
		if v.Splits[name] != d.Splits[name] {
			t.Errorf("split %s: version %d, parent %d", name, v.Splits[name], d.Splits[name])
		}
	}
	list, err := c.List(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %d %v", len(list), err)
	}
}

func TestCreateErrors(t *testing.T) {
	ctx := context.Background()
	c := openCatalog(t)
	if _, _, err := c.Create(ctx, catalog.New{}); err == nil {
		t.Error("no items: want an error")
	}
	mixed := items(3)
	mixed[0].Split = dataset.Train
	if _, _, err := c.Create(ctx, catalog.New{Items: mixed}); !errors.Is(err, catalog.ErrMixedSplits) {
		t.Errorf("mixed splits: %v", err)
	}
	bad := dataset.SplitConfig{Train: 2}
	if _, _, err := c.Create(ctx, catalog.New{Items: items(3), Splits: &bad}); err == nil {
		t.Error("invalid split config: want an error")
	}
	if _, err := c.Get(ctx, "ds_none"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Get unknown: %v", err)
	}
	if _, err := c.Items(ctx, "ds_none"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Items unknown: %v", err)
	}
}
