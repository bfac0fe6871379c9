package memorycache

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

func TestGetPut(t *testing.T) {
	ctx := context.Background()
	c := New(1 << 20)
	if err := c.Put(ctx, "emb-a", []string{"x", "y"}, [][]float32{{1, 2}, {3, 4}}); err != nil {
		t.Fatal(err)
	}
	got, err := c.Get(ctx, "emb-a", []string{"y", "z", "x"})
	if err != nil {
		t.Fatal(err)
	}
	if got[0][0] != 3 || got[1] != nil || got[2][1] != 2 {
		t.Errorf("Get = %v", got)
	}
	other, _ := c.Get(ctx, "emb-b", []string{"x"})
	if other[0] != nil {
		t.Errorf("a vector leaked across namespaces: %v", other)
	}
}

func TestPutCopies(t *testing.T) {
	ctx := context.Background()
	c := New(1 << 20)
	v := []float32{1}
	_ = c.Put(ctx, "n", []string{"x"}, [][]float32{v})
	v[0] = 9
	got, _ := c.Get(ctx, "n", []string{"x"})
	if got[0][0] != 1 {
		t.Errorf("cache kept the caller's slice: %v", got[0])
	}
}

func TestEvictsLeastRecentlyUsed(t *testing.T) {
	ctx := context.Background()
	vec := make([]float32, 512)
	one := (&entry{key: key{"n", "s0"}, vec: vec}).size()
	c := New(3 * one)
	for i := range 3 {
		_ = c.Put(ctx, "n", []string{fmt.Sprint("s", i)}, [][]float32{vec})
	}
	_, _ = c.Get(ctx, "n", []string{"s0"}) // s1 is now the oldest
	_ = c.Put(ctx, "n", []string{"s3"}, [][]float32{vec})
	got, _ := c.Get(ctx, "n", []string{"s0", "s1", "s2", "s3"})
	if got[0] == nil || got[1] != nil || got[2] == nil || got[3] == nil {
		t.Errorf("after eviction hits = %v, want s0 s2 s3 kept and s1 evicted", got)
	}
	if c.Bytes() > 3*one || c.Len() != 3 {
		t.Errorf("cache holds %d bytes in %d entries, bound %d", c.Bytes(), c.Len(), 3*one)
	}
}

func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	c := New(64 << 10)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				text := fmt.Sprint(g, "-", i%50)
				_ = c.Put(ctx, "n", []string{text}, [][]float32{{float32(i)}})
				_, _ = c.Get(ctx, "n", []string{text})
			}
		}()
	}
	wg.Wait()
	if c.Bytes() > 64<<10 {
		t.Errorf("cache grew past its bound: %d bytes", c.Bytes())
	}
}
