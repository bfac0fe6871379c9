package dataset

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// DefaultSplitSeed is the seed of DefaultSplitConfig.
const DefaultSplitSeed uint64 = 20250525

// SplitConfig is how Assign divides a dataset: the share of each split (in
// [0, 1], summing to 1) and the seed that orders the items.
type SplitConfig struct {
	Train      float64 `json:"train"`
	Validation float64 `json:"validation"`
	Test       float64 `json:"test"`
	Seed       uint64  `json:"seed"`
}

// DefaultSplitConfig returns 80% train, 10% validation, 10% test with seed
// 20250525.
func DefaultSplitConfig() SplitConfig {
	return SplitConfig{Train: 0.8, Validation: 0.1, Test: 0.1, Seed: DefaultSplitSeed}
}

// ratios returns the shares in split order.
func (c SplitConfig) ratios() [3]float64 {
	return [3]float64{c.Train, c.Validation, c.Test}
}

// Validate reports whether c is usable: every ratio finite and in [0, 1],
// their sum within 1e-9 of 1, and Train above 0.
func (c SplitConfig) Validate() error {
	sum := 0.0
	for i, r := range c.ratios() {
		if math.IsNaN(r) || math.IsInf(r, 0) || r < 0 || r > 1 {
			return fmt.Errorf("split ratio %s = %v: must be a number from 0 to 1", SplitNames[i], r)
		}
		sum += r
	}
	if math.Abs(sum-1) > 1e-9 {
		return fmt.Errorf("split ratios %v, %v, %v: must sum to 1, not %v", c.Train, c.Validation, c.Test, sum)
	}
	if c.Train <= 0 {
		return errors.New("split ratio train: must be above 0")
	}
	return nil
}

// ParseSplitConfig builds a validated SplitConfig from its text form:
// ratios as three comma-separated numbers for train, validation and test,
// either fractions ("0.8,0.1,0.1") or percentages ("80,10,10", recognized
// by summing to 100 within 1e-9), and seed as a decimal uint64. An empty
// ratios or seed takes the default's.
func ParseSplitConfig(ratios string, seed string) (SplitConfig, error) {
	c := DefaultSplitConfig()
	if strings.TrimSpace(ratios) != "" {
		parts := strings.Split(ratios, ",")
		if len(parts) != 3 {
			return SplitConfig{}, fmt.Errorf("split ratios %q: want three comma-separated numbers for train, validation and test, like 0.8,0.1,0.1", ratios)
		}
		var r [3]float64
		sum := 0.0
		for i, p := range parts {
			v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil {
				return SplitConfig{}, fmt.Errorf("split ratio %s %q: not a number", SplitNames[i], strings.TrimSpace(p))
			}
			r[i] = v
			sum += v
		}
		if math.Abs(sum-100) <= 1e-9 {
			for i := range r {
				r[i] /= 100
			}
		}
		c.Train, c.Validation, c.Test = r[0], r[1], r[2]
	}
	if s := strings.TrimSpace(seed); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return SplitConfig{}, fmt.Errorf("split seed %q: must be a whole number from 0 to %d", s, uint64(math.MaxUint64))
		}
		c.Seed = v
	}
	if err := c.Validate(); err != nil {
		return SplitConfig{}, err
	}
	return c, nil
}

// ID returns a short stable name of c, the percentages and the seed, like
// "80/10/10@20250525". Percentages are rounded to 6 decimals, so that 0.7
// reads 70 and not 70.00000000000001.
func (c SplitConfig) ID() string {
	var parts []string
	for _, r := range c.ratios() {
		pct := math.Round(100*r*1e6) / 1e6
		parts = append(parts, strconv.FormatFloat(pct, 'f', -1, 64))
	}
	return strings.Join(parts, "/") + "@" + strconv.FormatUint(c.Seed, 10)
}

// Assign sets Split on every item, overwriting what was there, and returns
// how many items went to each split (with all of train, validation and test
// as keys). It is deterministic: the result depends only on the config and
// on each item's ID and Label, not on the order of items. The algorithm is
// part of the data contract and must not change:
//
//  1. Group the items by Label; take the labels in sorted (byte) order.
//  2. Within a group, order the items by the SHA-256 of the seed as 8
//     little-endian bytes followed by the item's ID, comparing the digests
//     as bytes (IDs are unique, so there are no ties).
//  3. For a group of n, the count of each split is found by the largest
//     remainder method on n*ratio: each split gets floor(n*ratio), and the
//     items left over go one each to the splits with the largest fractional
//     parts, ties going to the earlier split (train, validation, test).
//     A product within 1e-9 of a whole number counts as that number.
//  4. The first train-count items of the ordered group go to train, the
//     next validation-count to validation, the rest to test.
//
// So each label's split sizes are within 1 of n times their ratio. Assign
// expects a valid config (see Validate); it does not panic on an invalid
// one: negative or non-finite ratios count as 0, the ratios are scaled to
// sum to 1, and with no positive ratio every item goes to train.
func Assign(items []Item, c SplitConfig) map[string]int {
	counts := map[string]int{Train: 0, Validation: 0, Test: 0}
	groups := make(map[string][]int)
	for i, it := range items {
		groups[it.Label] = append(groups[it.Label], i)
	}
	labels := make([]string, 0, len(groups))
	for l := range groups {
		labels = append(labels, l)
	}
	slices.Sort(labels)

	ratios := normalizedRatios(c.ratios())
	var seed [8]byte
	binary.LittleEndian.PutUint64(seed[:], c.Seed)
	for _, label := range labels {
		group := groups[label]
		keys := make([]splitKey, len(group))
		for k, i := range group {
			keys[k] = splitKey{hash: sha256.Sum256(append(seed[:], items[i].ID...)), index: i}
		}
		slices.SortFunc(keys, func(a, b splitKey) int {
			if d := bytes.Compare(a.hash[:], b.hash[:]); d != 0 {
				return d
			}
			return a.index - b.index // only for duplicate IDs, which Parse rejects
		})
		n := splitCounts(len(keys), ratios)
		for k, key := range keys {
			i := key.index
			s := Test
			switch {
			case k < n[0]:
				s = Train
			case k < n[0]+n[1]:
				s = Validation
			}
			items[i].Split = s
			counts[s]++
		}
	}
	return counts
}

// splitKey is an item's place in Assign's order.
type splitKey struct {
	hash  [32]byte // sha256(seed || ID)
	index int      // in items
}

// normalizedRatios makes r safe to use: negative or non-finite ratios
// become 0 and the rest are scaled to sum to 1; all zero becomes all train.
func normalizedRatios(r [3]float64) [3]float64 {
	sum := 0.0
	for i, v := range r {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			r[i] = 0
		}
		sum += r[i]
	}
	if sum <= 0 || math.IsInf(sum, 0) {
		return [3]float64{1, 0, 0}
	}
	for i := range r {
		r[i] /= sum
	}
	return r
}

// splitCounts divides n items among the three splits by the largest
// remainder method (see Assign). The counts sum to n.
func splitCounts(n int, ratios [3]float64) [3]int {
	var counts [3]int
	var frac [3]float64
	left := n
	for i, r := range ratios {
		q := float64(n) * r
		if w := math.Round(q); math.Abs(q-w) < 1e-9 {
			q = w
		}
		fl := math.Floor(q)
		counts[i] = int(fl)
		frac[i] = q - fl
		left -= counts[i]
	}
	order := []int{0, 1, 2}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case frac[a] > frac[b]:
			return -1
		case frac[a] < frac[b]:
			return 1
		}
		return 0
	})
	for k := 0; left > 0; k++ {
		counts[order[k%3]]++
		left--
	}
	// Guard against rounding leaving too many: take from the last splits.
	for i := 2; left < 0 && i >= 0; i-- {
		take := min(counts[i], -left)
		counts[i] -= take
		left += take
	}
	return counts
}

// OfSplit returns the items of split, in order; split "" means all items.
func OfSplit(items []Item, split string) []Item {
	if split == "" {
		return items
	}
	var out []Item
	for _, it := range items {
		if it.Split == split {
			out = append(out, it)
		}
	}
	return out
}

// IsSplit reports whether name is one of SplitNames.
func IsSplit(name string) bool { return slices.Contains(SplitNames, name) }
