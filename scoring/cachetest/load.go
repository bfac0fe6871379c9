package cachetest

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/cecbench/cecbench/scoring"
)

// checkBatch1000 puts 1,000 texts in one call and reads them back, shuffled
// among misses, in one call.
func checkBatch1000(t *testing.T, c scoring.EmbeddingCache) {
	texts := make([]string, 1000)
	for i := range texts {
		texts[i] = fmt.Sprintf("batch sentence number %d.", i)
	}
	want := vecs("batch", texts, 16)
	put(t, c, ns, texts, want)

	asked := append([]string(nil), texts...)
	wantAsked := append([][]float32(nil), want...)
	for i := range 10 {
		asked = append(asked, fmt.Sprintf("batch miss %d", i))
		wantAsked = append(wantAsked, nil)
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(asked), func(i, j int) {
		asked[i], asked[j] = asked[j], asked[i]
		wantAsked[i], wantAsked[j] = wantAsked[j], wantAsked[i]
	})
	expect(t, "Get of 1,010 texts", asked, get(t, c, ns, asked), wantAsked)
}

// checkConcurrent has 8 goroutines put their own texts and read them back
// with texts shared by all, at the same time.
func checkConcurrent(t *testing.T, c scoring.EmbeddingCache) {
	const workers, rounds, perRound, dim = 8, 12, 5, 8
	shared := []string{"shared one", "shared two", "shared three"}
	sharedVecs := vecs("shared", shared, dim)
	put(t, c, ns, shared, sharedVecs)

	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				own := make([]string, perRound)
				for k := range own {
					own[k] = fmt.Sprintf("worker %d round %d text %d", w, r, k)
				}
				ownVecs := vecs("own", own, dim)
				if err := safePut(t.Context(), c, ns, own, ownVecs); err != nil {
					t.Errorf("worker %d: Put: %v", w, err)
					return
				}
				asked := append(append([]string(nil), own...), shared...)
				got, err := safeGet(t.Context(), c, ns, asked)
				if err != nil {
					t.Errorf("worker %d: Get: %v", w, err)
					return
				}
				want := append(append([][]float32(nil), ownVecs...), sharedVecs...)
				for i := range want {
					if msg := diff(got[i], want[i]); msg != "" {
						t.Errorf("worker %d round %d: text %q: %s", w, r, asked[i], msg)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
