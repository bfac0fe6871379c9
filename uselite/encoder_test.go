package uselite

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
)

// minCosine is the agreement every Go vector must have with the reference.
const minCosine = 0.99999

func TestTokenizeMatchesReference(t *testing.T) {
	enc := testEncoder(t)
	g := loadGolden(t)
	long := 0
	for i, s := range g.Sentences {
		got := enc.Tokenize(s.Text)
		if !slices.Equal(got, s.IDs) {
			t.Errorf("sentence %d %q:\n got  %v\n want %v", i, s.Text, got, s.IDs)
		}
		if len(s.IDs) > 100 {
			long++
		}
	}
	if long < 3 {
		t.Errorf("golden file has %d sentences over 100 tokens, want at least 3", long)
	}
	if got := enc.Tokenize(""); len(got) != 0 || !slices.Equal(got, g.Empty.IDs) {
		t.Errorf("Tokenize(\"\") = %v, want %v", got, g.Empty.IDs)
	}
}

func TestEmbedMatchesReference(t *testing.T) {
	enc := testEncoder(t)
	g := loadGolden(t)
	texts := make([]string, len(g.Sentences))
	for i, s := range g.Sentences {
		texts[i] = s.Text
	}
	batch, err := enc.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(batch) != len(texts) {
		t.Fatalf("Embed gave %d vectors for %d texts", len(batch), len(texts))
	}
	minSingle, minBatch := 2.0, 2.0
	for i, s := range g.Sentences {
		single, err := enc.Embed(context.Background(), []string{s.Text})
		if err != nil {
			t.Fatal(err)
		}
		cs := cosine(single[0], s.Single)
		cb := cosine(batch[i], s.Batch)
		minSingle, minBatch = min(minSingle, cs), min(minBatch, cb)
		if cs < minCosine || cb < minCosine {
			t.Errorf("sentence %d %q (%d tokens): cosine single %.8f, batch %.8f, want >= %v",
				i, s.Text, len(s.IDs), cs, cb, minCosine)
		}
		if n := l2norm(batch[i]); math.Abs(n-1) > 1e-5 {
			t.Errorf("sentence %d: norm %v, want 1", i, n)
		}
	}
	t.Logf("min cosine with the reference over %d sentences: single %.12f (1-cos %.3g), batch %.12f (1-cos %.3g)",
		len(g.Sentences), minSingle, 1-minSingle, minBatch, 1-minBatch)
}

func TestEmbedEmptyText(t *testing.T) {
	enc := testEncoder(t)
	g := loadGolden(t)
	if g.Empty.InBatch == nil {
		t.Fatal("golden file has no vector for an empty text inside a batch")
	}
	// The reference throws when every text is empty; Embed gives the
	// vector the reference gives an empty text inside a batch.
	for _, texts := range [][]string{{""}, {"", ""}, {"a", ""}, {"", "a"}, {"a", "", "b"}} {
		vecs, err := enc.Embed(context.Background(), texts)
		if err != nil {
			t.Fatalf("Embed(%q): %v", texts, err)
		}
		if len(vecs) != len(texts) {
			t.Fatalf("Embed(%q) gave %d vectors", texts, len(vecs))
		}
		for i, text := range texts {
			if text != "" {
				continue
			}
			if c := cosine(vecs[i], g.Empty.InBatch); c < minCosine {
				t.Errorf("Embed(%q)[%d]: cosine %.8f with the reference's empty-text vector", texts, i, c)
			}
		}
	}
}

func TestEmbedNoTexts(t *testing.T) {
	enc := testEncoder(t)
	vecs, err := enc.Embed(context.Background(), nil)
	if err != nil || len(vecs) != 0 {
		t.Fatalf("Embed(nil) = %d vectors, %v; want none, nil", len(vecs), err)
	}
}

func TestEmbedChunksAndConcurrency(t *testing.T) {
	enc := testEncoder(t)
	g := loadGolden(t)
	// More texts than one chunk, with long ones, so chunk boundaries by
	// sentence count and by token budget both occur.
	var texts []string
	for len(texts) < 3*chunkSentences+5 {
		for _, s := range g.Sentences {
			texts = append(texts, s.Text)
		}
	}
	want, err := enc.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := enc.Embed(context.Background(), texts[w*7:w*7+40])
			if err != nil {
				t.Error(err)
				return
			}
			for i := range got {
				if c := cosine(got[i], want[w*7+i]); c < 0.999999 {
					t.Errorf("worker %d text %d: cosine %v with the sequential result", w, i, c)
				}
			}
		}()
	}
	wg.Wait()
	for i, s := range g.Sentences {
		if c := cosine(want[i], s.Batch); c < minCosine {
			t.Errorf("chunked text %d: cosine %v", i, c)
		}
	}
}

func TestEmbedCanceled(t *testing.T) {
	enc := testEncoder(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := enc.Embed(ctx, []string{"a"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Embed with a canceled context: %v, want context.Canceled", err)
	}
}

func TestEncoderIdentity(t *testing.T) {
	enc := testEncoder(t)
	if enc.Dim() != 512 {
		t.Errorf("Dim() = %d, want 512", enc.Dim())
	}
	if enc.ID() != "use-lite-en@0.2.0" {
		t.Errorf("ID() = %q", enc.ID())
	}
}

// l2norm returns the Euclidean norm of v.
func l2norm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// TestEmbedOddInputs checks that Embed gives a finite unit vector for inputs
// no sentence splitter should produce but a caller might send.
func TestEmbedOddInputs(t *testing.T) {
	enc := testEncoder(t)
	texts := []string{
		"\xff\xfe\xfd",
		"\xed\xa0\x80\xed\xb0\x80",
		"\x00\x01\x02",
		strings.Repeat("climate ", 2000),
		strings.Repeat("\u0301", 100),
		strings.Repeat("😀", 300),
		"\t\r\n\v\f",
		"\u2581\u2581",
		"",
	}
	vecs, err := enc.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vecs {
		for _, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				t.Fatalf("text %d %.20q: non-finite value", i, texts[i])
			}
		}
		if n := l2norm(v); math.Abs(n-1) > 1e-5 {
			t.Errorf("text %d %.20q: norm %v", i, texts[i], n)
		}
	}
	// Only the first 128 tokens count.
	long := strings.Repeat("climate ", 2000)
	a, _ := enc.Embed(context.Background(), []string{long})
	b, _ := enc.Embed(context.Background(), []string{strings.Repeat("climate ", 200)})
	if c := cosine(a[0], b[0]); c < 0.9999999 {
		t.Errorf("texts agreeing on their first 128 tokens: cosine %v, want 1", c)
	}
}
