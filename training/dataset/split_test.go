package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestDefaultSplitConfig(t *testing.T) {
	c := DefaultSplitConfig()
	if c != (SplitConfig{Train: 0.8, Validation: 0.1, Test: 0.1, Seed: 20250525}) {
		t.Errorf("DefaultSplitConfig() = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	if got := c.ID(); got != "80/10/10@20250525" {
		t.Errorf("ID() = %q", got)
	}
}

func TestSplitConfigValidate(t *testing.T) {
	tests := []struct {
		c  SplitConfig
		ok bool
	}{
		{SplitConfig{Train: 1}, true},
		{SplitConfig{Train: 0.7, Validation: 0.2, Test: 0.1}, true},
		{SplitConfig{Train: 0.5, Validation: 0.5}, true},
		{SplitConfig{Train: 1.0 / 3, Validation: 1.0 / 3, Test: 1.0 / 3}, true},
		{SplitConfig{Train: 0.8, Validation: 0.1, Test: 0.1 + 1e-10}, true},
		{SplitConfig{Train: 0.8, Validation: 0.1, Test: 0.1 + 1e-8}, false},
		{SplitConfig{Train: 0.8, Validation: 0.1}, false},
		{SplitConfig{Validation: 0.5, Test: 0.5}, false},
		{SplitConfig{Train: 1.2, Validation: -0.2}, false},
		{SplitConfig{Train: math.NaN(), Validation: 1}, false},
		{SplitConfig{Train: math.Inf(1), Validation: math.Inf(-1), Test: 1}, false},
	}
	for _, tt := range tests {
		err := tt.c.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%+v.Validate() = %v, want ok %v", tt.c, err, tt.ok)
		}
	}
}

func TestParseSplitConfig(t *testing.T) {
	tests := []struct {
		ratios, seed string
		want         SplitConfig
		wantErr      string
	}{
		{"", "", DefaultSplitConfig(), ""},
		{"0.8,0.1,0.1", "", DefaultSplitConfig(), ""},
		{"80,10,10", "20250525", DefaultSplitConfig(), ""},
		{" 70 , 20 , 10 ", "7", SplitConfig{Train: 0.7, Validation: 0.2, Test: 0.1, Seed: 7}, ""},
		{"1,0,0", "18446744073709551615", SplitConfig{Train: 1, Seed: math.MaxUint64}, ""},
		{"100,0,0", "0", SplitConfig{Train: 1}, ""},
		{"0.8,0.2", "", SplitConfig{}, "three comma-separated numbers"},
		{"0.8,x,0.1", "", SplitConfig{}, `validation "x": not a number`},
		{"0.8,0.1,0.2", "", SplitConfig{}, "must sum to 1"},
		{"50,10,10", "", SplitConfig{}, "must be a number from 0 to 1"},
		{"0,0.5,0.5", "", SplitConfig{}, "train: must be above 0"},
		{"", "-1", SplitConfig{}, `seed "-1"`},
		{"", "1.5", SplitConfig{}, `seed "1.5"`},
		{"", "18446744073709551616", SplitConfig{}, "seed"},
	}
	for _, tt := range tests {
		got, err := ParseSplitConfig(tt.ratios, tt.seed)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseSplitConfig(%q, %q) error = %v, want one containing %q", tt.ratios, tt.seed, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseSplitConfig(%q, %q) = %+v, %v; want %+v", tt.ratios, tt.seed, got, err, tt.want)
		}
	}
}

func TestSplitConfigID(t *testing.T) {
	tests := []struct {
		c    SplitConfig
		want string
	}{
		{SplitConfig{Train: 0.7, Validation: 0.2, Test: 0.1, Seed: 1}, "70/20/10@1"},
		{SplitConfig{Train: 1, Seed: 0}, "100/0/0@0"},
		{SplitConfig{Train: 0.85, Validation: 0.075, Test: 0.075, Seed: 3}, "85/7.5/7.5@3"},
		{SplitConfig{Train: 1.0 / 3, Validation: 1.0 / 3, Test: 1.0 / 3, Seed: 9}, "33.333333/33.333333/33.333333@9"},
	}
	for _, tt := range tests {
		if got := tt.c.ID(); got != tt.want {
			t.Errorf("%+v.ID() = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestSplitCounts(t *testing.T) {
	d := [3]float64{0.8, 0.1, 0.1}
	third := [3]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}
	tests := []struct {
		n      int
		ratios [3]float64
		want   [3]int
	}{
		{0, d, [3]int{0, 0, 0}},
		{1, d, [3]int{1, 0, 0}},
		{2, d, [3]int{2, 0, 0}},   // 1.6, 0.2, 0.2
		{3, d, [3]int{3, 0, 0}},   // 2.4, 0.3, 0.3
		{5, d, [3]int{4, 1, 0}},   // 4, 0.5, 0.5: tie to validation
		{10, d, [3]int{8, 1, 1}},  // exact
		{15, d, [3]int{12, 2, 1}}, // 12, 1.5, 1.5
		{154, d, [3]int{123, 16, 15}},
		{654, d, [3]int{523, 66, 65}},
		{2, third, [3]int{1, 1, 0}},
		{4, [3]float64{0.5, 0.25, 0.25}, [3]int{2, 1, 1}},
		{10, [3]float64{0.7, 0.2, 0.1}, [3]int{7, 2, 1}},
		{7, [3]float64{1, 0, 0}, [3]int{7, 0, 0}},
	}
	for _, tt := range tests {
		if got := splitCounts(tt.n, tt.ratios); got != tt.want {
			t.Errorf("splitCounts(%d, %v) = %v, want %v", tt.n, tt.ratios, got, tt.want)
		}
	}
}

// labelSplits counts each label's items by split.
func labelSplits(items []Item) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, it := range items {
		if out[it.Label] == nil {
			out[it.Label] = map[string]int{}
		}
		out[it.Label][it.Split]++
	}
	return out
}

func TestAssignClimateFEVER(t *testing.T) {
	items := loadClimateFEVER(t)
	c := DefaultSplitConfig()
	counts := Assign(items, c)
	want := map[string]int{Train: 123 + 379 + 203 + 523, Validation: 16 + 48 + 25 + 66, Test: 15 + 47 + 25 + 65}
	if !maps.Equal(counts, want) {
		t.Errorf("counts = %v, want %v", counts, want)
	}
	ratio := map[string]float64{Train: c.Train, Validation: c.Validation, Test: c.Test}
	for label, bySplit := range labelSplits(items) {
		n := 0
		for _, k := range bySplit {
			n += k
		}
		for _, s := range SplitNames {
			if target := float64(n) * ratio[s]; math.Abs(float64(bySplit[s])-target) >= 1 {
				t.Errorf("label %s: %d in %s, target %.1f", label, bySplit[s], s, target)
			}
		}
	}
	// The assignment itself, as computed by an independent implementation
	// of the documented algorithm (Python): sha256 of "id\tsplit\n" in file
	// order.
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.ID + "\t" + it.Split + "\n")
	}
	sum := sha256.Sum256([]byte(b.String()))
	if got, want := hex.EncodeToString(sum[:]), "7cb0fcfbb7d44195e8b6e3542cc770635f08950c30fc840adef5b9b285fb6b02"; got != want {
		t.Errorf("assignment digest = %s, want %s", got, want)
	}
}

// synthetic returns n items with labels cycling through labels.
func synthetic(n int, labels ...string) []Item {
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{ID: "item-" + strconv.Itoa(i), Claim: "c", Evidence: []Evidence{{Text: "e"}}, Label: labels[i%len(labels)]}
	}
	return items
}

func splitsByID(items []Item) map[string]string {
	out := make(map[string]string, len(items))
	for _, it := range items {
		out[it.ID] = it.Split
	}
	return out
}

func TestAssignIgnoresOrder(t *testing.T) {
	items := synthetic(500, "A", "B", "C")
	c := SplitConfig{Train: 0.6, Validation: 0.25, Test: 0.15, Seed: 42}
	counts := Assign(items, c)
	want := splitsByID(items)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		shuffled := slices.Clone(items)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for i := range shuffled {
			shuffled[i].Split = "stale"
		}
		got := Assign(shuffled, c)
		if !maps.Equal(got, counts) {
			t.Errorf("counts after shuffling = %v, want %v", got, counts)
		}
		for id, s := range splitsByID(shuffled) {
			if want[id] != s {
				t.Fatalf("item %s went to %s after shuffling, %s before", id, s, want[id])
			}
		}
	}
}

func TestAssignSeed(t *testing.T) {
	a, b := synthetic(200, "A", "B"), synthetic(200, "A", "B")
	ca := Assign(a, SplitConfig{Train: 0.8, Validation: 0.1, Test: 0.1, Seed: 1})
	cb := Assign(b, SplitConfig{Train: 0.8, Validation: 0.1, Test: 0.1, Seed: 2})
	if !maps.Equal(ca, cb) {
		t.Errorf("counts differ between seeds: %v, %v", ca, cb)
	}
	moved := 0
	for i := range a {
		if a[i].Split != b[i].Split {
			moved++
		}
	}
	if moved == 0 {
		t.Error("a different seed gave the same assignment")
	}
}

func TestAssignEdgeCases(t *testing.T) {
	if got := Assign(nil, DefaultSplitConfig()); !maps.Equal(got, map[string]int{Train: 0, Validation: 0, Test: 0}) {
		t.Errorf("Assign(nil) = %v", got)
	}
	one := synthetic(1, "A")
	if got := Assign(one, DefaultSplitConfig()); got[Train] != 1 || one[0].Split != Train {
		t.Errorf("one item: %v, split %q", got, one[0].Split)
	}
	// Invalid configs do not panic and still split every item.
	for _, c := range []SplitConfig{{}, {Train: math.NaN(), Validation: -1, Test: math.Inf(1)}, {Train: 2, Validation: 2}} {
		items := synthetic(10, "A")
		got := Assign(items, c)
		if got[Train]+got[Validation]+got[Test] != 10 {
			t.Errorf("Assign with %+v: %v", c, got)
		}
	}
	all := synthetic(9, "A", "B", "C")
	if got := Assign(all, SplitConfig{Train: 0.5, Validation: 0.5}); got[Test] != 0 || got[Train] != 6 || got[Validation] != 3 {
		// each label: 3 items, 1.5/1.5/0 -> 2/1/0
		t.Errorf("50/50/0: %v", got)
	}
}
