package boltdb_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/boltdb"
)

func TestOpenCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cecbench.db")
	db, err := boltdb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = boltdb.Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	db.Close()
}

// TestOpenInUse holds the file lock with a first handle (flock locks are
// per open file, so a second open in the same process is refused like one
// from another process would be).
func TestOpenInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cecbench.db")
	db, err := boltdb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	second, err := boltdb.Open(path)
	if err == nil {
		second.Close()
		t.Fatal("second Open succeeded while the file was held")
	}
	if !errors.Is(err, boltdb.ErrInUse) {
		t.Errorf("error %v does not wrap ErrInUse", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the path", err)
	}
}

func TestOpenBadPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing-dir", "cecbench.db")
	_, err := boltdb.Open(path)
	if err == nil {
		t.Fatal("Open in a missing directory succeeded")
	}
	if errors.Is(err, boltdb.ErrInUse) {
		t.Errorf("error %v wrongly says in use", err)
	}
}
