package boltkv_test

import (
	"context"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/kv/boltkv"
	"github.com/cecbench/cecbench/kv/kvtest"
)

func openDB(t *testing.T, path string) *bbolt.DB {
	t.Helper()
	db, err := boltdb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	kvtest.Run(t, func(t *testing.T) kv.Store {
		return boltkv.New(openDB(t, filepath.Join(t.TempDir(), "kv.db")))
	})
}

func TestSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kv.db")
	db, err := boltdb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s := boltkv.New(db)
	if err := s.Put(ctx, "datasets", "climate-fever", []byte{1, 0, 2}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s = boltkv.New(openDB(t, path))
	got, err := s.Get(ctx, "datasets", "climate-fever")
	if err != nil {
		t.Fatalf("Get after reopen: %v", err)
	}
	if string(got) != "\x01\x00\x02" {
		t.Errorf("Get after reopen = %q", got)
	}
}

// TestOwnBuckets checks the store leaves buckets of other users of the
// same file alone and only creates buckets under its prefix.
func TestOwnBuckets(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "shared.db"))
	if err := db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucket([]byte("jobs"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("theirs"))
	}); err != nil {
		t.Fatal(err)
	}
	s := boltkv.New(db)
	if err := s.Put(ctx, "jobs", "k", []byte("mine")); err != nil {
		t.Fatal(err)
	}
	var names []string
	if err := db.View(func(tx *bbolt.Tx) error {
		if got := string(tx.Bucket([]byte("jobs")).Get([]byte("k"))); got != "theirs" {
			t.Errorf("other user's bucket changed: %q", got)
		}
		return tx.ForEach(func(name []byte, _ *bbolt.Bucket) error {
			names = append(names, string(name))
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	if len(names) != 2 || names[0] != "jobs" || names[1] != boltkv.BucketPrefix+"jobs" {
		t.Errorf("buckets = %q, want [jobs %sjobs]", names, boltkv.BucketPrefix)
	}
}

func TestInvalidNames(t *testing.T) {
	ctx := context.Background()
	s := boltkv.New(openDB(t, filepath.Join(t.TempDir(), "kv.db")))
	tests := []struct {
		name    string
		ns, key string
	}{
		{"empty namespace", "", "k"},
		{"empty key", "ns", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.Put(ctx, tt.ns, tt.key, []byte("v")); err == nil {
				t.Error("Put succeeded")
			}
			if _, err := s.Get(ctx, tt.ns, tt.key); err == nil {
				t.Error("Get succeeded")
			}
		})
	}
}
