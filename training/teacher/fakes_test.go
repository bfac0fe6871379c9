package teacher

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/training/dataset"
)

// memStore is an in-memory kv.Store for tests.
type memStore struct {
	mu   sync.Mutex
	data map[string]map[string][]byte
	puts int
}

var _ kv.Store = (*memStore)(nil)

func newMemStore() *memStore { return &memStore{data: make(map[string]map[string][]byte)} }

func (s *memStore) Get(ctx context.Context, ns, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.data[ns][key]
	if !ok {
		return nil, kv.ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

func (s *memStore) Put(ctx context.Context, ns, key string, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data[ns] == nil {
		s.data[ns] = make(map[string][]byte)
	}
	s.data[ns][key] = append([]byte(nil), value...)
	s.puts++
	return nil
}

func (s *memStore) PutIfAbsent(ctx context.Context, ns, key string, value []byte) (bool, error) {
	s.mu.Lock()
	_, ok := s.data[ns][key]
	s.mu.Unlock()
	if ok {
		return false, nil
	}
	return true, s.Put(ctx, ns, key, value)
}

func (s *memStore) List(ctx context.Context, ns, after string, limit int) ([]kv.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []kv.Entry
	for k, v := range s.data[ns] {
		if k > after {
			out = append(out, kv.Entry{Key: k, Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *memStore) Delete(ctx context.Context, ns, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.data[ns], key)
	return nil
}

func (s *memStore) len(ns string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.data[ns])
}

// fakeChat is a Chat that answers from the user message, counting
// requests and the most requests in flight at once.
type fakeChat struct {
	delay time.Duration
	// fail, when set, may fail request number n (from 1).
	fail func(n int, r Request) error
	// answer, when set, replaces the default answer.
	answer func(r Request) string

	requests    atomic.Int64
	inFlight    atomic.Int64
	maxInFlight atomic.Int64
	mu          sync.Mutex
	perUser     map[string]int
}

var errFake = errors.New("fake teacher failure")

func (c *fakeChat) Complete(ctx context.Context, r Request) (Response, error) {
	n := c.requests.Add(1)
	cur := c.inFlight.Add(1)
	defer c.inFlight.Add(-1)
	for {
		m := c.maxInFlight.Load()
		if cur <= m || c.maxInFlight.CompareAndSwap(m, cur) {
			break
		}
	}
	user := userMessage(r)
	c.mu.Lock()
	if c.perUser == nil {
		c.perUser = make(map[string]int)
	}
	c.perUser[user]++
	c.mu.Unlock()
	if c.delay > 0 {
		select {
		case <-time.After(c.delay):
		case <-ctx.Done():
			return Response{}, ctx.Err()
		}
	}
	if c.fail != nil {
		if err := c.fail(int(n), r); err != nil {
			return Response{}, err
		}
	}
	content := "  Because of " + strings.ReplaceAll(user, "\n", " ") + ", the claim follows.\n"
	if c.answer != nil {
		content = c.answer(r)
	}
	return Response{Content: content, Usage: Usage{PromptTokens: 10, CompletionTokens: 5, TotalTokens: 15}}, nil
}

func (c *fakeChat) requestsFor(user string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.perUser[user]
}

func userMessage(r Request) string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return r.Messages[i].Content
		}
	}
	return ""
}

// testItems returns n distinct items with ids item-1...item-n.
func testItems(n int) []dataset.Item {
	items := make([]dataset.Item, n)
	for i := range items {
		id := strconv.Itoa(i + 1)
		items[i] = dataset.Item{
			ID:    "item-" + id,
			Claim: "Claim number " + id + " about sea levels.",
			Evidence: []dataset.Evidence{
				{Text: "Evidence A for claim " + id + ".", Label: "SUPPORTS", Source: "wiki:" + id},
				{Text: "Evidence B for claim " + id + ".", Label: "NOT_ENOUGH_INFO"},
			},
			Label: "SUPPORTS",
			Split: dataset.Train,
		}
	}
	return items
}

// userFor is the user message the template renders for it.
func userFor(tb testing.TB, it dataset.Item) string {
	tb.Helper()
	tmpl, err := dataset.LookupTemplate(dataset.DefaultTemplate)
	if err != nil {
		tb.Fatal(err)
	}
	return userMessage(Request{Messages: tmpl.Messages(it)})
}
