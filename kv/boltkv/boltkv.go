// Package boltkv is the kv.Store kept in the embedded bbolt file: one
// top-level bucket per namespace, named BucketPrefix+namespace, so other
// users of the same file keep their own buckets.
package boltkv

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/cecbench/cecbench/kv"
)

// BucketPrefix starts the name of every bucket this package owns.
const BucketPrefix = "kv:"

// Store is a kv.Store on an open bbolt database. It is safe for
// concurrent use; every write is its own committed transaction.
type Store struct {
	db *bbolt.DB
}

var _ kv.Store = (*Store)(nil)

// New returns a store on db. The caller keeps ownership of db and closes
// it after the last use of the store.
func New(db *bbolt.DB) *Store {
	return &Store{db: db}
}

func bucketName(ns string) []byte { return []byte(BucketPrefix + ns) }

func check(ctx context.Context, ns, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if ns == "" {
		return errors.New("kv: empty namespace")
	}
	if key == "" {
		return errors.New("kv: empty key")
	}
	return nil
}

// lookup returns the value of key in b (nil if b is nil) and whether the
// key is present; an empty value is present.
func lookup(b *bbolt.Bucket, key []byte) ([]byte, bool) {
	if b == nil {
		return nil, false
	}
	k, v := b.Cursor().Seek(key)
	if !bytes.Equal(k, key) {
		return nil, false
	}
	return v, true
}

// Get returns a copy of the value of key in ns, or kv.ErrNotFound.
func (s *Store) Get(ctx context.Context, ns, key string) ([]byte, error) {
	if err := check(ctx, ns, key); err != nil {
		return nil, err
	}
	var out []byte
	err := s.db.View(func(tx *bbolt.Tx) error {
		v, ok := lookup(tx.Bucket(bucketName(ns)), []byte(key))
		if !ok {
			return kv.ErrNotFound
		}
		out = append([]byte{}, v...)
		return nil
	})
	return out, err
}

// Put sets key in ns to a copy of value.
func (s *Store) Put(ctx context.Context, ns, key string, value []byte) error {
	if err := check(ctx, ns, key); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketName(ns))
		if err != nil {
			return err
		}
		return b.Put([]byte(key), value)
	})
	if err != nil {
		return fmt.Errorf("kv put %q: %w", ns, err)
	}
	return nil
}

// PutIfAbsent sets key in ns when it is not set yet and reports whether
// it did; the check and the write are one transaction.
func (s *Store) PutIfAbsent(ctx context.Context, ns, key string, value []byte) (bool, error) {
	if err := check(ctx, ns, key); err != nil {
		return false, err
	}
	var put bool
	err := s.db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketName(ns))
		if err != nil {
			return err
		}
		if _, ok := lookup(b, []byte(key)); ok {
			return nil
		}
		put = true
		return b.Put([]byte(key), value)
	})
	if err != nil {
		return false, fmt.Errorf("kv put %q: %w", ns, err)
	}
	return put, nil
}

// List returns up to limit entries of ns (all when limit is 0) with keys
// greater than after, in increasing byte order of the key. Values are
// copies.
func (s *Store) List(ctx context.Context, ns, after string, limit int) ([]kv.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ns == "" {
		return nil, errors.New("kv: empty namespace")
	}
	if limit < 0 {
		return nil, fmt.Errorf("kv: negative limit %d", limit)
	}
	var out []kv.Entry
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketName(ns))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		k, v := c.Seek([]byte(after))
		if k != nil && string(k) == after {
			k, v = c.Next()
		}
		for ; k != nil && (limit == 0 || len(out) < limit); k, v = c.Next() {
			out = append(out, kv.Entry{Key: string(k), Value: append([]byte{}, v...)})
		}
		return nil
	})
	return out, err
}

// Delete removes key from ns; a missing key or namespace is not an error.
func (s *Store) Delete(ctx context.Context, ns, key string) error {
	if err := check(ctx, ns, key); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketName(ns))
		if b == nil {
			return nil
		}
		return b.Delete([]byte(key))
	})
	if err != nil {
		return fmt.Errorf("kv delete %q: %w", ns, err)
	}
	return nil
}
