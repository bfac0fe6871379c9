package batching

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// lengthEmbedder is a test embedder whose vector for a text is
// [len(text), first byte]; it records every batch it sees.
type lengthEmbedder struct {
	mu      sync.Mutex
	batches []int
	delay   time.Duration
	panicOn string
}

func (e *lengthEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	e.mu.Lock()
	e.batches = append(e.batches, len(texts))
	e.mu.Unlock()
	time.Sleep(e.delay)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if t == e.panicOn {
			panic("bad sentence")
		}
		out[i] = []float32{float32(len(t)), float32(t[0])}
	}
	return out, nil
}
func (e *lengthEmbedder) Dim() int   { return 2 }
func (e *lengthEmbedder) ID() string { return "length" }

func (e *lengthEmbedder) batchSizes() []int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]int(nil), e.batches...)
}

func checkVectors(t *testing.T, texts []string, vecs [][]float32) {
	t.Helper()
	if len(vecs) != len(texts) {
		t.Fatalf("got %d vectors for %d texts", len(vecs), len(texts))
	}
	for i, tx := range texts {
		if vecs[i][0] != float32(len(tx)) || vecs[i][1] != float32(tx[0]) {
			t.Fatalf("vector %d = %v belongs to another text than %q", i, vecs[i], tx)
		}
	}
}

func TestConcurrentCallersShareBatches(t *testing.T) {
	inner := &lengthEmbedder{}
	b := New(inner, Config{MaxBatch: 64, MaxWait: 500 * time.Millisecond})
	defer b.Close()
	var wg sync.WaitGroup
	for g := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			texts := []string{fmt.Sprint("a", g), fmt.Sprint("bb", g), strings.Repeat("c", g+1)}
			vecs, err := b.Embed(context.Background(), texts)
			if err != nil {
				t.Error(err)
				return
			}
			checkVectors(t, texts, vecs)
		}()
	}
	wg.Wait()
	sizes := inner.batchSizes()
	total := 0
	for _, s := range sizes {
		total += s
	}
	if total != 30 || len(sizes) >= 10 {
		t.Errorf("batches %v: want 30 sentences in fewer than 10 batches", sizes)
	}
}

func TestLargeRequestIsSplitAtMaxBatch(t *testing.T) {
	inner := &lengthEmbedder{}
	b := New(inner, Config{MaxBatch: 4, MaxWait: time.Millisecond})
	defer b.Close()
	texts := make([]string, 10)
	for i := range texts {
		texts[i] = strings.Repeat("x", i+1)
	}
	vecs, err := b.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	checkVectors(t, texts, vecs)
	for _, s := range inner.batchSizes() {
		if s > 4 {
			t.Errorf("batch of %d sentences exceeds MaxBatch 4 (%v)", s, inner.batchSizes())
		}
	}
}

func TestPanicFailsOnlyThatBatch(t *testing.T) {
	var sizes []int
	var mu sync.Mutex
	inner := &lengthEmbedder{panicOn: "boom"}
	b := New(inner, Config{MaxWait: time.Millisecond, OnBatch: func(n int) { mu.Lock(); sizes = append(sizes, n); mu.Unlock() }})
	defer b.Close()
	if _, err := b.Embed(context.Background(), []string{"boom"}); err == nil || !strings.Contains(err.Error(), "panicked") {
		t.Fatalf("err = %v, want a panic turned into an error", err)
	}
	vecs, err := b.Embed(context.Background(), []string{"fine"})
	if err != nil {
		t.Fatalf("worker died after a panic: %v", err)
	}
	checkVectors(t, []string{"fine"}, vecs)
	mu.Lock()
	defer mu.Unlock()
	if len(sizes) != 2 {
		t.Errorf("OnBatch saw %v, want two batches", sizes)
	}
}

func TestCancelledCallerReturnsAtOnce(t *testing.T) {
	inner := &lengthEmbedder{delay: 200 * time.Millisecond}
	b := New(inner, Config{MaxWait: time.Millisecond})
	defer b.Close()
	go func() { _, _ = b.Embed(context.Background(), []string{"busy"}) }()
	time.Sleep(20 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Embed(ctx, []string{"late"}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestClosedBatcherRefuses(t *testing.T) {
	b := New(&lengthEmbedder{}, Config{})
	b.Close()
	b.Close()
	if _, err := b.Embed(context.Background(), []string{"x"}); !errors.Is(err, ErrClosed) {
		t.Errorf("err = %v, want ErrClosed", err)
	}
	if v, err := b.Embed(context.Background(), nil); err != nil || len(v) != 0 {
		t.Errorf("empty Embed = %v, %v", v, err)
	}
}
