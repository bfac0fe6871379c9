package teacher

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cecbench/cecbench/training/dataset"
)

func testConfig() Config {
	return Config{BaseURL: "http://teacher.test/v1", Model: "teacher-model", Concurrency: 3}
}

func TestGenerateFillsExplanationsInOrder(t *testing.T) {
	items := testItems(7)
	orig := make([]dataset.Item, len(items))
	copy(orig, items)
	chat := &fakeChat{}
	store := newMemStore()

	out, st, err := Generate(context.Background(), items, testConfig(), chat, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(items, orig) {
		t.Error("Generate modified its input")
	}
	if len(out) != len(items) {
		t.Fatalf("got %d items, want %d", len(out), len(items))
	}
	for i, it := range out {
		if it.ID != items[i].ID {
			t.Errorf("out[%d].ID = %s, want %s (input order)", i, it.ID, items[i].ID)
		}
		want := strings.TrimSpace("Because of " + strings.ReplaceAll(userFor(t, items[i]), "\n", " ") + ", the claim follows.")
		if it.Explanation != want {
			t.Errorf("out[%d].Explanation = %q, want the trimmed answer %q", i, it.Explanation, want)
		}
	}
	wantUsage := Usage{PromptTokens: 70, CompletionTokens: 35, TotalTokens: 105}
	if st.Generated != 7 || st.Reused != 0 || st.Usage != wantUsage {
		t.Errorf("stats = %+v, want 7 generated, 0 reused, usage %+v", st, wantUsage)
	}
	if n := store.len(CacheNamespace); n != 7 {
		t.Errorf("store holds %d explanations, want 7", n)
	}
}

func TestGenerateReusesAcrossRuns(t *testing.T) {
	items := testItems(6)
	store := newMemStore()
	first, _, err := Generate(context.Background(), items, testConfig(), &fakeChat{}, store, nil)
	if err != nil {
		t.Fatal(err)
	}

	chat := &fakeChat{}
	cfg := testConfig()
	cfg.Temperature, cfg.MaxTokens, cfg.Concurrency = 0.7, 99, 1 // not part of the key
	cfg.BaseURL += "/"                                           // normalized away
	second, st, err := Generate(context.Background(), items, cfg, chat, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := chat.requests.Load(); n != 0 {
		t.Errorf("second run made %d requests, want 0", n)
	}
	if st.Generated != 0 || st.Reused != 6 || st.Usage != (Usage{}) {
		t.Errorf("second run stats = %+v, want 0 generated, 6 reused, no usage", st)
	}
	if !reflect.DeepEqual(first, second) {
		t.Error("second run's explanations differ from the first's")
	}

	// Another model is another teacher: nothing to reuse.
	cfg.Model = "other-model"
	if _, st, err = Generate(context.Background(), items, cfg, chat, store, nil); err != nil {
		t.Fatal(err)
	}
	if st.Generated != 6 || chat.requests.Load() != 6 {
		t.Errorf("other model: stats %+v, %d requests; want 6 generated", st, chat.requests.Load())
	}
}

func TestGenerateStoredValue(t *testing.T) {
	items := testItems(1)
	store := newMemStore()
	cfg := testConfig()
	before := time.Now().UTC().Add(-time.Second)
	if _, _, err := Generate(context.Background(), items, cfg, &fakeChat{}, store, nil); err != nil {
		t.Fatal(err)
	}
	b, err := store.Get(context.Background(), CacheNamespace, CacheKey(items[0], cfg))
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"explanation", "model", "template", "usage", "created_at"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("stored value %s lacks %q", b, f)
		}
	}
	var s Stored
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.Model != cfg.Model || s.Template != dataset.DefaultTemplate || s.Usage.TotalTokens != 15 || s.CreatedAt.Before(before) || s.Explanation == "" {
		t.Errorf("stored %+v", s)
	}
}

func TestGenerateResumesAfterFailure(t *testing.T) {
	items := testItems(6)
	store := newMemStore()
	failing := userFor(t, items[3])
	chat := &fakeChat{fail: func(n int, r Request) error {
		if userMessage(r) == failing {
			return errFake
		}
		return nil
	}}
	cfg := testConfig()
	cfg.Concurrency = 1
	out, st, err := Generate(context.Background(), items, cfg, chat, store, nil)
	if !errors.Is(err, errFake) {
		t.Fatalf("err = %v, want the chat's error", err)
	}
	if out != nil {
		t.Error("items returned with an error")
	}
	if st.Generated != 3 {
		t.Errorf("stats = %+v, want the 3 items before the failure generated", st)
	}
	if chat.requests.Load() != 4 {
		t.Errorf("%d requests, want 4 (the failure cancels the rest)", chat.requests.Load())
	}

	// The rerun asks only for what is missing.
	rerun := &fakeChat{}
	out, st, err = Generate(context.Background(), items, cfg, rerun, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Reused != 3 || st.Generated != 3 {
		t.Errorf("rerun stats = %+v, want 3 reused, 3 generated", st)
	}
	for i, it := range items {
		want := 1
		if i < 3 {
			want = 0
		}
		if got := rerun.requestsFor(userFor(t, it)); got != want {
			t.Errorf("rerun requested item %s %d times, want %d", it.ID, got, want)
		}
		if out[i].Explanation == "" {
			t.Errorf("item %s has no explanation", it.ID)
		}
	}
}

func TestGenerateErrorNamesItem(t *testing.T) {
	items := testItems(3)
	failing := userFor(t, items[1])
	chat := &fakeChat{fail: func(n int, r Request) error {
		if userMessage(r) == failing {
			return errFake
		}
		return nil
	}}
	_, _, err := Generate(context.Background(), items, testConfig(), chat, newMemStore(), nil)
	if err == nil || !strings.Contains(err.Error(), `item "item-2"`) || !errors.Is(err, errFake) {
		t.Fatalf("err = %v, want it to name item-2 and wrap the chat's error", err)
	}
}

func TestGenerateRejectsEmptyAnswer(t *testing.T) {
	items := testItems(2)
	chat := &fakeChat{answer: func(Request) string { return " \n\t " }}
	store := newMemStore()
	_, _, err := Generate(context.Background(), items, testConfig(), chat, store, nil)
	if !errors.Is(err, ErrEmptyExplanation) || !strings.Contains(err.Error(), "item-") {
		t.Fatalf("err = %v, want ErrEmptyExplanation naming the item", err)
	}
	if n := store.len(CacheNamespace); n != 0 {
		t.Errorf("%d empty explanations stored", n)
	}
}

func TestGenerateConcurrencyBound(t *testing.T) {
	for _, tc := range []struct{ concurrency, want int }{{1, 1}, {3, 3}, {0, DefaultConcurrency}} {
		chat := &fakeChat{delay: 20 * time.Millisecond}
		cfg := testConfig()
		cfg.Concurrency = tc.concurrency
		if _, _, err := Generate(context.Background(), testItems(16), cfg, chat, newMemStore(), nil); err != nil {
			t.Fatal(err)
		}
		got := int(chat.maxInFlight.Load())
		if got > tc.want {
			t.Errorf("concurrency %d: %d requests in flight at once, want at most %d", tc.concurrency, got, tc.want)
		}
		if tc.want > 1 && got < 2 {
			t.Errorf("concurrency %d: requests never overlapped", tc.concurrency)
		}
	}
}

func TestGenerateProgress(t *testing.T) {
	items := testItems(9)
	store := newMemStore()
	// Store three explanations first so progress mixes both kinds.
	if _, _, err := Generate(context.Background(), items[:3], testConfig(), &fakeChat{}, store, nil); err != nil {
		t.Fatal(err)
	}
	var calls []int
	var inside atomic.Int32
	last := Stats{}
	_, st, err := Generate(context.Background(), items, testConfig(), &fakeChat{delay: time.Millisecond}, store, func(done, total int, s Stats) {
		if inside.Add(1) != 1 {
			t.Error("progress called concurrently")
		}
		defer inside.Add(-1)
		if total != len(items) {
			t.Errorf("total = %d, want %d", total, len(items))
		}
		if s.Generated+s.Reused != done || s.Generated < last.Generated || s.Reused < last.Reused {
			t.Errorf("progress %d: stats %+v after %+v", done, s, last)
		}
		last = s
		calls = append(calls, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range calls {
		if d != i+1 {
			t.Fatalf("progress done values %v, want 1..%d", calls, len(items))
		}
	}
	if len(calls) != len(items) || last != st {
		t.Errorf("%d progress calls, last stats %+v, final %+v", len(calls), last, st)
	}
	if st.Reused != 3 || st.Generated != 6 {
		t.Errorf("stats = %+v, want 3 reused, 6 generated", st)
	}
}

func TestGenerateSharesRequestForDuplicates(t *testing.T) {
	items := testItems(2)
	dup := items[0]
	dup.ID, dup.Split = "item-1-copy", dataset.Test
	items = append(items, dup)
	chat := &fakeChat{}
	out, st, err := Generate(context.Background(), items, testConfig(), chat, newMemStore(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if chat.requests.Load() != 2 || st.Generated != 2 || st.Reused != 1 {
		t.Errorf("%d requests, stats %+v; want 2 requests, 2 generated, 1 reused", chat.requests.Load(), st)
	}
	if out[2].Explanation != out[0].Explanation || out[2].ID != "item-1-copy" {
		t.Errorf("duplicate got %+v", out[2])
	}
}

func TestGenerateRegeneratesUnreadableStoredValue(t *testing.T) {
	items := testItems(2)
	store := newMemStore()
	cfg := testConfig()
	ctx := context.Background()
	store.Put(ctx, CacheNamespace, CacheKey(items[0], cfg), []byte("{not json"))
	store.Put(ctx, CacheNamespace, CacheKey(items[1], cfg), []byte(`{"explanation":"  "}`))
	chat := &fakeChat{}
	_, st, err := Generate(ctx, items, cfg, chat, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Generated != 2 || chat.requests.Load() != 2 {
		t.Errorf("stats %+v, %d requests; want both regenerated", st, chat.requests.Load())
	}
}

func TestGenerateCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	chat := &fakeChat{delay: time.Hour}
	started := make(chan struct{})
	go func() {
		for chat.requests.Load() < 2 {
			time.Sleep(time.Millisecond)
		}
		close(started)
		cancel()
	}()
	begin := time.Now()
	_, _, err := Generate(ctx, testItems(10), testConfig(), chat, newMemStore(), nil)
	<-started
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(begin); d > 2*time.Second {
		t.Errorf("Generate took %s to stop after cancellation", d)
	}
	if n := chat.requests.Load(); n > int64(testConfig().Concurrency) {
		t.Errorf("%d requests started; the cancelled run should start no more than the %d in flight", n, testConfig().Concurrency)
	}

	// An already cancelled context makes no request at all.
	chat = &fakeChat{}
	if _, _, err := Generate(ctx, testItems(3), testConfig(), chat, newMemStore(), nil); !errors.Is(err, context.Canceled) || chat.requests.Load() != 0 {
		t.Errorf("cancelled ctx: err %v, %d requests", err, chat.requests.Load())
	}
}

func TestGenerateUnknownTemplate(t *testing.T) {
	cfg := testConfig()
	cfg.Template = "no-such-template"
	if _, _, err := Generate(context.Background(), testItems(1), cfg, &fakeChat{}, newMemStore(), nil); err == nil {
		t.Fatal("no error for an unknown template")
	}
}

func TestGenerateRequiresModelChatAndStore(t *testing.T) {
	cfg := testConfig()
	cfg.Model = " "
	if _, _, err := Generate(context.Background(), testItems(1), cfg, &fakeChat{}, newMemStore(), nil); err == nil {
		t.Error("no error without a model")
	}
	if _, _, err := Generate(context.Background(), testItems(1), testConfig(), nil, newMemStore(), nil); err == nil {
		t.Error("no error without a chat")
	}
	if _, _, err := Generate(context.Background(), testItems(1), testConfig(), &fakeChat{}, nil, nil); err == nil {
		t.Error("no error without a store")
	}
}

func TestGenerateEmpty(t *testing.T) {
	out, st, err := Generate(context.Background(), nil, testConfig(), &fakeChat{}, newMemStore(), nil)
	if err != nil || len(out) != 0 || st != (Stats{}) {
		t.Fatalf("got %v, %+v, %v", out, st, err)
	}
}
