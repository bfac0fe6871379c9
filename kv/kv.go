// Package kv is the small durable key-value store cecbench keeps its data
// in (datasets, generated teacher explanations): namespaces of keys with
// byte values. kv/boltkv keeps it in the embedded on-disk bbolt file,
// kv/rediskv in Redis; kv/kvtest is the conformance suite both pass.
package kv

import (
	"context"
	"errors"
)

// ErrNotFound is returned by Get for a missing key.
var ErrNotFound = errors.New("key not found")

// Entry is one key and its value.
type Entry struct {
	Key   string
	Value []byte
}

// Store is a set of namespaces, each an ordered map of keys to values.
// Namespace and key are non-empty strings of any bytes.
type Store interface {
	// Get returns the value of key in ns, or ErrNotFound.
	Get(ctx context.Context, ns, key string) ([]byte, error)
	// Put sets key in ns to value.
	Put(ctx context.Context, ns, key string, value []byte) error
	// PutIfAbsent sets key only when it is not set yet, atomically, and
	// reports whether it did.
	PutIfAbsent(ctx context.Context, ns, key string, value []byte) (bool, error)
	// List returns up to limit entries of ns with keys greater than
	// after, in increasing byte order of the key (limit 0: all).
	List(ctx context.Context, ns, after string, limit int) ([]Entry, error)
	// Delete removes key from ns; a missing key is not an error.
	Delete(ctx context.Context, ns, key string) error
}
