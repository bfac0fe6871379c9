package qdrantcache

import (
	"reflect"
	"testing"
)

func TestBatches(t *testing.T) {
	small := func(int) int { return 10 }
	cases := []struct {
		n    int
		size func(int) int
		want []span
	}{
		{0, small, nil},
		{1, small, []span{{0, 1}}},
		{maxBatch, small, []span{{0, maxBatch}}},
		{2*maxBatch + 1, small, []span{{0, maxBatch}, {maxBatch, 2 * maxBatch}, {2 * maxBatch, 2*maxBatch + 1}}},
		// Items of 6 MiB: two fit in 16 MiB, the third starts a batch.
		{5, func(int) int { return 6 << 20 }, []span{{0, 2}, {2, 4}, {4, 5}}},
		// An item larger than the bound still goes, alone.
		{2, func(int) int { return 20 << 20 }, []span{{0, 1}, {1, 2}}},
	}
	for _, c := range cases {
		if got := batches(c.n, c.size); !reflect.DeepEqual(got, c.want) {
			t.Errorf("batches(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}
