// Package rediskv is the kv.Store kept in Redis, for deployments that set
// REDIS_URL: each namespace is a hash of values plus a sorted set of its
// keys (all scores 0, so Redis orders them bytewise and List pages with
// ZRANGEBYLEX). Writes that touch both run atomically (MULTI/EXEC or a Lua
// script). See keys.go for the key layout.
package rediskv

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/kv"
)

// listPage is how many entries one List round trip reads at most, so a
// large namespace never blocks Redis in one long script.
const listPage = 1000

// Store is a kv.Store on a go-redis client. It is safe for concurrent
// use.
type Store struct {
	c      redis.UniversalClient
	prefix string
}

var _ kv.Store = (*Store)(nil)

// New returns a store on c whose keys all start with prefix (for example
// "cecbench:"). The caller keeps ownership of c and closes it after the
// last use of the store.
func New(c redis.UniversalClient, prefix string) *Store {
	return &Store{c: c, prefix: prefix}
}

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

// Get returns the value of key in ns, or kv.ErrNotFound.
func (s *Store) Get(ctx context.Context, ns, key string) ([]byte, error) {
	if err := check(ctx, ns, key); err != nil {
		return nil, err
	}
	v, err := s.c.HGet(ctx, s.valsKey(ns), key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, kv.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("kv get %q: %w", ns, err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

// Put sets key in ns to value; the value and the key's place in the
// order are written in one MULTI/EXEC transaction.
func (s *Store) Put(ctx context.Context, ns, key string, value []byte) error {
	if err := check(ctx, ns, key); err != nil {
		return err
	}
	_, err := s.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, s.valsKey(ns), key, value)
		p.ZAdd(ctx, s.keysKey(ns), redis.Z{Score: 0, Member: key})
		return nil
	})
	if err != nil {
		return fmt.Errorf("kv put %q: %w", ns, err)
	}
	return nil
}

// PutIfAbsent sets key in ns when it is not set yet and reports whether
// it did; the check and both writes are one Lua script.
func (s *Store) PutIfAbsent(ctx context.Context, ns, key string, value []byte) (bool, error) {
	if err := check(ctx, ns, key); err != nil {
		return false, err
	}
	n, err := putIfAbsentScript.Run(ctx, s.c, []string{s.keysKey(ns), s.valsKey(ns)}, key, value).Int()
	if err != nil {
		return false, fmt.Errorf("kv put %q: %w", ns, err)
	}
	return n == 1, nil
}

// List returns up to limit entries of ns (all when limit is 0) with keys
// greater than after, in increasing byte order of the key. Each page of at
// most 1000 entries is read atomically; a long listing is several pages.
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
	for limit == 0 || len(out) < limit {
		n := listPage
		if limit > 0 && limit-len(out) < n {
			n = limit - len(out)
		}
		min := "-"
		if after != "" {
			min = "(" + after
		}
		res, err := listScript.Run(ctx, s.c, []string{s.keysKey(ns), s.valsKey(ns)}, min, n).StringSlice()
		if err != nil {
			return nil, fmt.Errorf("kv list %q: %w", ns, err)
		}
		for i := 0; i+1 < len(res); i += 2 {
			out = append(out, kv.Entry{Key: res[i], Value: []byte(res[i+1])})
		}
		if len(res) < 2*n {
			// A short page is the last one: every key in the sorted
			// set has a value, as both are always written together.
			break
		}
		after = res[len(res)-2]
	}
	return out, nil
}

// Delete removes key from ns in one MULTI/EXEC transaction; a missing key
// or namespace is not an error.
func (s *Store) Delete(ctx context.Context, ns, key string) error {
	if err := check(ctx, ns, key); err != nil {
		return err
	}
	_, err := s.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HDel(ctx, s.valsKey(ns), key)
		p.ZRem(ctx, s.keysKey(ns), key)
		return nil
	})
	if err != nil {
		return fmt.Errorf("kv delete %q: %w", ns, err)
	}
	return nil
}
