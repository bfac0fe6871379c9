// Package boltdb opens the one embedded bbolt file that the embedded
// backends of cecbench (kv/boltkv, jobs/embedded) share. Each of them
// keeps its own top-level buckets in it.
package boltdb

import (
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// LockTimeout is how long Open waits for the file lock that another
// process may hold.
const LockTimeout = time.Second

// ErrInUse is returned (wrapped) by Open when another process holds the
// file.
var ErrInUse = errors.New("database file is in use by another cecbench process")

// Open opens (creating it if needed) the bbolt file at path for reading
// and writing. A bbolt file can be open in one process only; if another
// process holds it for longer than LockTimeout, Open returns an error
// wrapping ErrInUse that names the path. The caller closes the DB.
func Open(path string) (*bbolt.DB, error) {
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: LockTimeout})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w (stop it or choose another data file)", path, ErrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}
