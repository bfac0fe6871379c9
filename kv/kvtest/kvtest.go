// Package kvtest is the conformance suite every kv.Store implementation
// passes: call Run from the implementation's tests.
package kvtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/cecbench/cecbench/kv"
)

// Run runs every conformance test against stores made by open. Each
// subtest calls open once and expects a fresh, empty store; open
// registers any cleanup with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) kv.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s kv.Store)
	}{
		{"GetMissing", testGetMissing},
		{"RoundTrip", testRoundTrip},
		{"Overwrite", testOverwrite},
		{"ValueDoesNotAlias", testValueDoesNotAlias},
		{"PutIfAbsent", testPutIfAbsent},
		{"PutIfAbsentConcurrent", testPutIfAbsentConcurrent},
		{"ListOrder", testListOrder},
		{"ListPaging", testListPaging},
		{"NamespacesIsolated", testNamespacesIsolated},
		{"Delete", testDelete},
		{"OddNames", testOddNames},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

func mustGet(t *testing.T, s kv.Store, ns, key string) []byte {
	t.Helper()
	v, err := s.Get(context.Background(), ns, key)
	if err != nil {
		t.Fatalf("Get(%q, %q): %v", ns, key, err)
	}
	return v
}

func mustPut(t *testing.T, s kv.Store, ns, key string, value []byte) {
	t.Helper()
	if err := s.Put(context.Background(), ns, key, value); err != nil {
		t.Fatalf("Put(%q, %q): %v", ns, key, err)
	}
}

func mustList(t *testing.T, s kv.Store, ns, after string, limit int) []kv.Entry {
	t.Helper()
	es, err := s.List(context.Background(), ns, after, limit)
	if err != nil {
		t.Fatalf("List(%q, %q, %d): %v", ns, after, limit, err)
	}
	return es
}

func keysOf(es []kv.Entry) []string {
	ks := make([]string, len(es))
	for i, e := range es {
		ks[i] = e.Key
	}
	return ks
}

func testGetMissing(t *testing.T, s kv.Store) {
	ctx := context.Background()
	if _, err := s.Get(ctx, "ns", "missing"); !errors.Is(err, kv.ErrNotFound) {
		t.Errorf("Get of a missing key in a missing namespace: err = %v, want ErrNotFound", err)
	}
	mustPut(t, s, "ns", "present", []byte("x"))
	if _, err := s.Get(ctx, "ns", "missing"); !errors.Is(err, kv.ErrNotFound) {
		t.Errorf("Get of a missing key: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Get(ctx, "ns", "presen"); !errors.Is(err, kv.ErrNotFound) {
		t.Errorf("Get of a prefix of a key: err = %v, want ErrNotFound", err)
	}
}

func testRoundTrip(t *testing.T, s kv.Store) {
	tests := []struct {
		name  string
		value []byte
	}{
		{"text", []byte("hello")},
		{"binary with NUL", []byte{0, 1, 2, 0, 0xff, 0xfe, 0}},
		{"only NUL", []byte{0}},
		{"empty", []byte{}},
		{"large", bytes.Repeat([]byte("0123456789abcdef"), 64<<10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustPut(t, s, "ns", tt.name, tt.value)
			got := mustGet(t, s, "ns", tt.name)
			if !bytes.Equal(got, tt.value) {
				t.Errorf("Get = %d bytes %q..., want %d bytes", len(got), trunc(got), len(tt.value))
			}
		})
	}
}

func trunc(b []byte) []byte {
	if len(b) > 16 {
		return b[:16]
	}
	return b
}

func testOverwrite(t *testing.T, s kv.Store) {
	mustPut(t, s, "ns", "k", []byte("first value, longer"))
	mustPut(t, s, "ns", "k", []byte("second"))
	if got := mustGet(t, s, "ns", "k"); string(got) != "second" {
		t.Errorf("Get after overwrite = %q, want %q", got, "second")
	}
	if es := mustList(t, s, "ns", "", 0); len(es) != 1 {
		t.Errorf("List after overwrite has %d entries, want 1", len(es))
	}
}

func testValueDoesNotAlias(t *testing.T, s kv.Store) {
	in := []byte("original")
	mustPut(t, s, "ns", "k", in)
	in[0] = 'X' // the store must have copied what it was given
	got := mustGet(t, s, "ns", "k")
	if string(got) != "original" {
		t.Fatalf("Get after mutating the Put argument = %q, want %q", got, "original")
	}
	got[0] = 'Y'
	if again := mustGet(t, s, "ns", "k"); string(again) != "original" {
		t.Errorf("Get after mutating a Get result = %q, want %q", again, "original")
	}
	es := mustList(t, s, "ns", "", 0)
	if len(es) != 1 {
		t.Fatalf("List has %d entries, want 1", len(es))
	}
	es[0].Value[0] = 'Z'
	if again := mustGet(t, s, "ns", "k"); string(again) != "original" {
		t.Errorf("Get after mutating a List result = %q, want %q", again, "original")
	}
}

func testPutIfAbsent(t *testing.T, s kv.Store) {
	ctx := context.Background()
	ok, err := s.PutIfAbsent(ctx, "ns", "k", []byte("first"))
	if err != nil || !ok {
		t.Fatalf("first PutIfAbsent = %v, %v; want true, nil", ok, err)
	}
	ok, err = s.PutIfAbsent(ctx, "ns", "k", []byte("second"))
	if err != nil || ok {
		t.Fatalf("second PutIfAbsent = %v, %v; want false, nil", ok, err)
	}
	if got := mustGet(t, s, "ns", "k"); string(got) != "first" {
		t.Errorf("value after second PutIfAbsent = %q, want %q", got, "first")
	}
	// An empty value still counts as present.
	if ok, err := s.PutIfAbsent(ctx, "ns", "empty", nil); err != nil || !ok {
		t.Fatalf("PutIfAbsent of an empty value = %v, %v; want true, nil", ok, err)
	}
	if ok, err := s.PutIfAbsent(ctx, "ns", "empty", []byte("x")); err != nil || ok {
		t.Errorf("PutIfAbsent over an empty value = %v, %v; want false, nil", ok, err)
	}
}

func testPutIfAbsentConcurrent(t *testing.T, s kv.Store) {
	const n = 16
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		results = make([]bool, n)
		errs    = make([]error, n)
	)
	for i := range n {
		wg.Go(func() {
			<-start
			results[i], errs[i] = s.PutIfAbsent(context.Background(), "ns", "contended", fmt.Appendf(nil, "writer %d", i))
		})
	}
	close(start)
	wg.Wait()
	winner := -1
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("writer %d: %v", i, errs[i])
		}
		if results[i] {
			if winner >= 0 {
				t.Fatalf("writers %d and %d both won", winner, i)
			}
			winner = i
		}
	}
	if winner < 0 {
		t.Fatal("no writer won")
	}
	if got, want := string(mustGet(t, s, "ns", "contended")), fmt.Sprintf("writer %d", winner); got != want {
		t.Errorf("stored value = %q, want the winner's %q", got, want)
	}
}

func testListOrder(t *testing.T, s kv.Store) {
	keys := []string{"b", "a\x00", "a", "item/00000010", "item/00000009", "item/1", "A", "\xff", "é", "a b"}
	for i, k := range keys {
		mustPut(t, s, "ns", k, fmt.Appendf(nil, "v%d", i))
	}
	want := slices.Clone(keys)
	slices.Sort(want) // Go compares strings bytewise
	es := mustList(t, s, "ns", "", 0)
	if got := keysOf(es); !slices.Equal(got, want) {
		t.Fatalf("List keys = %q, want %q", got, want)
	}
	for _, e := range es {
		i := slices.Index(keys, e.Key)
		if string(e.Value) != fmt.Sprintf("v%d", i) {
			t.Errorf("List value of %q = %q, want v%d", e.Key, e.Value, i)
		}
	}
	if es := mustList(t, s, "empty-ns", "", 0); len(es) != 0 {
		t.Errorf("List of an unused namespace = %d entries, want 0", len(es))
	}
}

func testListPaging(t *testing.T, s kv.Store) {
	var all []string
	for i := range 25 {
		k := fmt.Sprintf("item/%08d", i)
		all = append(all, k)
		mustPut(t, s, "ns", k, []byte{byte(i)})
	}
	tests := []struct {
		name  string
		after string
		limit int
		want  []string
	}{
		{"all", "", 0, all},
		{"limit", "", 3, all[:3]},
		{"limit larger than count", "", 100, all},
		{"after existing key", all[9], 0, all[10:]},
		{"after and limit", all[9], 5, all[10:15]},
		{"after missing key between", "item/00000009x", 2, all[10:12]},
		{"after a prefix of keys", "item/", 1, all[:1]},
		{"after last", all[24], 0, nil},
		{"after beyond", "zzz", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := keysOf(mustList(t, s, "ns", tt.after, tt.limit))
			if !slices.Equal(got, tt.want) {
				t.Errorf("List(after %q, limit %d) = %q, want %q", tt.after, tt.limit, got, tt.want)
			}
		})
	}
	t.Run("page through", func(t *testing.T) {
		var got []string
		after := ""
		for pages := 0; ; pages++ {
			if pages > 25 {
				t.Fatal("paging does not end")
			}
			es := mustList(t, s, "ns", after, 4)
			if len(es) == 0 {
				break
			}
			got = append(got, keysOf(es)...)
			after = es[len(es)-1].Key
		}
		if !slices.Equal(got, all) {
			t.Errorf("paged keys = %q, want %q", got, all)
		}
	})
}

func testNamespacesIsolated(t *testing.T, s kv.Store) {
	ctx := context.Background()
	mustPut(t, s, "one", "k", []byte("in one"))
	mustPut(t, s, "two", "k", []byte("in two"))
	mustPut(t, s, "one", "only-one", []byte("x"))
	if got := mustGet(t, s, "one", "k"); string(got) != "in one" {
		t.Errorf("one/k = %q", got)
	}
	if got := mustGet(t, s, "two", "k"); string(got) != "in two" {
		t.Errorf("two/k = %q", got)
	}
	if _, err := s.Get(ctx, "two", "only-one"); !errors.Is(err, kv.ErrNotFound) {
		t.Errorf("two/only-one: err = %v, want ErrNotFound", err)
	}
	if got := keysOf(mustList(t, s, "two", "", 0)); !slices.Equal(got, []string{"k"}) {
		t.Errorf("List(two) = %q, want [k]", got)
	}
	if err := s.Delete(ctx, "one", "k"); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, s, "two", "k"); string(got) != "in two" {
		t.Errorf("two/k after deleting one/k = %q", got)
	}
	// A namespace whose name extends another's must not see its keys.
	mustPut(t, s, "on", "k", []byte("in on"))
	if got := keysOf(mustList(t, s, "on", "", 0)); !slices.Equal(got, []string{"k"}) {
		t.Errorf("List(on) = %q, want [k]", got)
	}
}

func testDelete(t *testing.T, s kv.Store) {
	ctx := context.Background()
	mustPut(t, s, "ns", "a", []byte("1"))
	mustPut(t, s, "ns", "b", []byte("2"))
	if err := s.Delete(ctx, "ns", "a"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Get(ctx, "ns", "a"); !errors.Is(err, kv.ErrNotFound) {
		t.Errorf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if got := keysOf(mustList(t, s, "ns", "", 0)); !slices.Equal(got, []string{"b"}) {
		t.Errorf("List after Delete = %q, want [b]", got)
	}
	if err := s.Delete(ctx, "ns", "a"); err != nil {
		t.Errorf("Delete of a deleted key: %v", err)
	}
	if err := s.Delete(ctx, "no-such-ns", "a"); err != nil {
		t.Errorf("Delete in a missing namespace: %v", err)
	}
	if ok, err := s.PutIfAbsent(ctx, "ns", "a", []byte("again")); err != nil || !ok {
		t.Errorf("PutIfAbsent after Delete = %v, %v; want true, nil", ok, err)
	}
}

func testOddNames(t *testing.T, s kv.Store) {
	names := []string{"a:b", "a/b", "with space", "ünïcødé", "日本語", "kv:nested", " ", "a\x00b", "\xff\xfe"}
	for _, ns := range names {
		for _, key := range names {
			mustPut(t, s, ns, key, []byte(ns+"|"+key))
		}
	}
	want := slices.Clone(names)
	slices.Sort(want)
	for _, ns := range names {
		es := mustList(t, s, ns, "", 0)
		if got := keysOf(es); !slices.Equal(got, want) {
			t.Errorf("List(%q) = %q, want %q", ns, got, want)
		}
		for _, key := range names {
			if got := mustGet(t, s, ns, key); string(got) != ns+"|"+key {
				t.Errorf("Get(%q, %q) = %q", ns, key, got)
			}
		}
	}
}
