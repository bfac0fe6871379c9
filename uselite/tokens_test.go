package uselite

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// poolByHand restates the sentence head of the graph on a token matrix:
// the mean of the rows (summed in token order, then divided by the count),
// the tanh layer, then l2 normalization, all in float32.
func poolByHand(m *model, tm TokenMatrix) []float32 {
	p := make([]float32, tm.Dim)
	for r := 0; r < tm.Len(); r++ {
		for j, v := range tm.Row(r) {
			p[j] += v
		}
	}
	n := float32(max(tm.Len(), 1))
	for j := range p {
		p[j] /= n
	}
	h := make([]float32, m.hidden.out)
	m.hidden.apply(h, p, 1)
	var sq float32
	for j, v := range h {
		t := float32(math.Tanh(float64(v)))
		h[j] = t
		sq += float32(t * t)
	}
	rs := 1 / float32(math.Sqrt(float64(max(sq, m.l2Eps))))
	for j := range h {
		h[j] *= rs
	}
	return h
}

// tokenTexts are the golden sentences (short and over 128 tokens) plus an
// empty text.
func tokenTexts(t *testing.T) []string {
	t.Helper()
	g := loadGolden(t)
	texts := []string{""}
	for _, s := range g.Sentences {
		texts = append(texts, s.Text)
	}
	return texts
}

func TestTokenStatesReproduceEmbed(t *testing.T) {
	enc := testEncoder(t)
	texts := tokenTexts(t)
	states, err := enc.TokenStates(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != len(texts) {
		t.Fatalf("TokenStates gave %d matrices for %d texts", len(states), len(texts))
	}
	for i, text := range texts {
		// Each text alone, so the tanh layer sees one row as in poolByHand.
		want, err := enc.Embed(context.Background(), []string{text})
		if err != nil {
			t.Fatal(err)
		}
		got := poolByHand(enc.model, states[i])
		if !slices.Equal(got, want[0]) {
			t.Errorf("text %d %q: pooled token states differ from Embed (cosine %.9f)", i, text, cosine(got, want[0]))
		}
	}
}

func TestTokenStatesShape(t *testing.T) {
	enc := testEncoder(t)
	if n := len(enc.model.layers); TokenStatesLayer != n {
		t.Errorf("TokenStatesLayer = %d, but the model has %d layers and TokenStates returns the last", TokenStatesLayer, n)
	}
	texts := tokenTexts(t)
	states, err := enc.TokenStates(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	clipped := 0
	for i, text := range texts {
		tm := states[i]
		ids := enc.Tokenize(text)
		if len(ids) > 128 {
			ids = ids[:128]
			clipped++
		}
		if !slices.Equal(tm.IDs, ids) {
			t.Errorf("text %d: IDs %v, want the clipped Tokenize ids %v", i, tm.IDs, ids)
		}
		if tm.Dim != enc.Dim() || tm.Len() != len(ids) || len(tm.Vectors) != len(ids)*tm.Dim {
			t.Errorf("text %d: Dim %d, Len %d, %d floats for %d ids", i, tm.Dim, tm.Len(), len(tm.Vectors), len(ids))
		}
		for r := 0; r < tm.Len(); r++ {
			row := tm.Row(r)
			if len(row) != tm.Dim || cap(row) != tm.Dim {
				t.Fatalf("text %d row %d: len %d cap %d", i, r, len(row), cap(row))
			}
			for _, v := range row {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatalf("text %d row %d: non-finite value", i, r)
				}
			}
		}
	}
	if clipped < 3 {
		t.Errorf("%d texts over 128 tokens, want at least 3 to check the clip", clipped)
	}
	if states[0].Len() != 0 {
		t.Errorf("empty text: %d rows, want 0", states[0].Len())
	}
	none, err := enc.TokenStates(context.Background(), nil)
	if err != nil || len(none) != 0 {
		t.Errorf("TokenStates(nil) = %d matrices, %v; want none, nil", len(none), err)
	}
}

func TestTokenStatesBatchEqualsSingle(t *testing.T) {
	enc := testEncoder(t)
	texts := tokenTexts(t)
	// Enough texts for several chunks.
	for len(texts) < 2*chunkSentences+3 {
		texts = append(texts, texts[1:]...)
	}
	batch, err := enc.TokenStates(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 5, chunkSentences, len(texts) - 1} {
		single, err := enc.TokenStates(context.Background(), texts[i:i+1])
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(single[0].IDs, batch[i].IDs) {
			t.Fatalf("text %d: ids differ alone and in a batch", i)
		}
		for r := 0; r < single[0].Len(); r++ {
			if c := cosine(single[0].Row(r), batch[i].Row(r)); c < 0.999999 {
				t.Errorf("text %d token %d: cosine %v between alone and in a batch", i, r, c)
			}
		}
	}
}

func TestTokenStatesAreContextual(t *testing.T) {
	enc := testEncoder(t)
	// The same first token ("▁The") in two different sentences: a static
	// embedding would give the same row, a contextual one does not.
	texts := []string{"The river bank flooded after the storm.", "The bank raised interest rates again."}
	states, err := enc.TokenStates(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	a, b := states[0], states[1]
	if a.IDs[0] != b.IDs[0] {
		t.Fatalf("first tokens differ (%d, %d); pick sentences that start alike", a.IDs[0], b.IDs[0])
	}
	if c := cosine(a.Row(0), b.Row(0)); c > 0.999 {
		t.Errorf("the first token has cosine %v in two different sentences; the states are not contextual", c)
	}
}

func TestTokenStatesCanceled(t *testing.T) {
	enc := testEncoder(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := enc.TokenStates(ctx, []string{strings.Repeat("word ", 10)})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("TokenStates with a canceled context: %v, want context.Canceled", err)
	}
}
