// Package catalog stores datasets: their description and their items, in
// a kv.Store (the embedded bbolt file or Redis), so every API replica and
// worker sees the same datasets. A dataset is immutable and identified by
// its content: storing the same items with the same splits again returns
// the dataset already stored. A teacher job's output is a new dataset
// (a version) whose Parent is the dataset it explained.
package catalog

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/training/dataset"
)

// The kv namespaces the catalog uses.
const (
	nsDatasets = "datasets"      // id -> Dataset JSON
	nsItems    = "dataset-items" // id -> canonical JSONL of the items
)

// ErrNotFound: no dataset has the id.
var ErrNotFound = errors.New("dataset not found")

// ErrMixedSplits: some items carry a split and others do not.
var ErrMixedSplits = errors.New("either every item or no item may carry a split")

// Dataset describes a stored dataset.
type Dataset struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Format string `json:"format"`
	// Items is the number of items.
	Items int `json:"items"`
	// SHA256 is the sha256 of the canonical JSONL of the items as stored
	// (splits assigned), which GET .../items?format=jsonl returns.
	SHA256 string `json:"sha256"`
	// Splits counts the items per split.
	Splits map[string]int `json:"splits"`
	// SplitConfig is how the splits were drawn; nil when they came with
	// the items (uploaded with a split field, or kept from the parent).
	SplitConfig *dataset.SplitConfig `json:"split_config,omitempty"`
	// Labels counts the items per label.
	Labels map[string]int `json:"labels"`
	// Explained is the number of items with a teacher explanation.
	Explained int `json:"explained"`
	// Parent is the dataset this one is a version of.
	Parent string `json:"parent,omitempty"`
	// Teacher says how the explanations were generated.
	Teacher   *Teacher  `json:"teacher,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Teacher records the teacher job that made a dataset version.
type Teacher struct {
	JobID       string  `json:"job_id"`
	BaseURL     string  `json:"base_url"`
	Model       string  `json:"model"`
	Template    string  `json:"template"`
	Temperature float64 `json:"temperature"`
	MaxTokens   int     `json:"max_tokens"`
}

// New is what Create stores.
type New struct {
	Name   string
	Format string
	Items  []dataset.Item
	// Splits draws the splits, unless every item already carries one
	// (an upload with its own splits, a teacher job's version of a
	// split dataset): those are kept, as they are when Splits is nil.
	Splits  *dataset.SplitConfig
	Parent  string
	Teacher *Teacher
}

// Catalog is the dataset store.
type Catalog struct {
	kv  kv.Store
	now func() time.Time
}

// Open returns the catalog kept in s.
func Open(s kv.Store) *Catalog { return &Catalog{kv: s, now: time.Now} }

// Create stores a dataset and reports whether it is new; the same content
// (items, splits, parent) gives the dataset already stored, whatever its
// name. The items are copied, not modified.
func (c *Catalog) Create(ctx context.Context, in New) (Dataset, bool, error) {
	items := slices.Clone(in.Items)
	if len(items) == 0 {
		return Dataset{}, false, errors.New("a dataset needs at least one item")
	}
	var splits map[string]int
	drawn := in.Splits
	if drawn != nil && allSplit(items) {
		drawn = nil
	}
	if drawn != nil {
		if err := drawn.Validate(); err != nil {
			return Dataset{}, false, err
		}
		splits = dataset.Assign(items, *drawn)
	} else {
		var err error
		if splits, err = ownSplits(items); err != nil {
			return Dataset{}, false, err
		}
	}
	body := dataset.Canonical(items)
	sum := dataset.Hash(items)
	d := Dataset{
		ID:          datasetID(sum, in.Parent),
		Name:        in.Name,
		Format:      in.Format,
		Items:       len(items),
		SHA256:      sum,
		Splits:      splits,
		SplitConfig: drawn,
		Labels:      map[string]int{},
		Parent:      in.Parent,
		Teacher:     in.Teacher,
		CreatedAt:   c.now().UTC(),
	}
	for _, it := range items {
		d.Labels[it.Label]++
		if it.Explanation != "" {
			d.Explained++
		}
	}
	meta, err := json.Marshal(d)
	if err != nil {
		return Dataset{}, false, err
	}
	// Items first: a description is only ever stored with its items.
	if _, err := c.kv.PutIfAbsent(ctx, nsItems, d.ID, body); err != nil {
		return Dataset{}, false, fmt.Errorf("store dataset items: %w", err)
	}
	created, err := c.kv.PutIfAbsent(ctx, nsDatasets, d.ID, meta)
	if err != nil {
		return Dataset{}, false, fmt.Errorf("store dataset: %w", err)
	}
	if !created {
		existing, err := c.Get(ctx, d.ID)
		return existing, false, err
	}
	return d, true, nil
}

// allSplit reports whether every item carries a split.
func allSplit(items []dataset.Item) bool {
	for _, it := range items {
		if it.Split == "" {
			return false
		}
	}
	return true
}

// ownSplits counts the splits the items carry: all or none.
func ownSplits(items []dataset.Item) (map[string]int, error) {
	splits := map[string]int{}
	for _, name := range dataset.SplitNames {
		splits[name] = 0
	}
	with := 0
	for _, it := range items {
		if it.Split != "" {
			if !dataset.IsSplit(it.Split) {
				return nil, fmt.Errorf("item %q: unknown split %q (want one of %v)", it.ID, it.Split, dataset.SplitNames)
			}
			splits[it.Split]++
			with++
		}
	}
	if with != 0 && with != len(items) {
		return nil, ErrMixedSplits
	}
	return splits, nil
}

// datasetID derives the id from the content hash and the parent, so the
// same content is the same dataset.
func datasetID(sum, parent string) string {
	if parent == "" {
		return "ds_" + sum[:20]
	}
	h := sha256.Sum256([]byte(parent + "\n" + sum))
	return "ds_" + hex.EncodeToString(h[:10])
}

// Get returns the description of dataset id.
func (c *Catalog) Get(ctx context.Context, id string) (Dataset, error) {
	b, err := c.kv.Get(ctx, nsDatasets, id)
	if errors.Is(err, kv.ErrNotFound) {
		return Dataset{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	if err != nil {
		return Dataset{}, err
	}
	var d Dataset
	if err := json.Unmarshal(b, &d); err != nil {
		return Dataset{}, fmt.Errorf("dataset %s: stored description: %w", id, err)
	}
	return d, nil
}

// Items returns the items of dataset id, in stored order.
func (c *Catalog) Items(ctx context.Context, id string) ([]dataset.Item, error) {
	b, err := c.Raw(ctx, id)
	if err != nil {
		return nil, err
	}
	var items []dataset.Item
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, len(b)+1)
	for sc.Scan() {
		var it dataset.Item
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			return nil, fmt.Errorf("dataset %s: stored item %d: %w", id, len(items)+1, err)
		}
		items = append(items, it)
	}
	return items, sc.Err()
}

// Raw returns the stored canonical JSONL of dataset id; its sha256 is the
// dataset's SHA256.
func (c *Catalog) Raw(ctx context.Context, id string) ([]byte, error) {
	b, err := c.kv.Get(ctx, nsItems, id)
	if errors.Is(err, kv.ErrNotFound) {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return b, err
}

// List returns every dataset, newest first.
func (c *Catalog) List(ctx context.Context) ([]Dataset, error) {
	entries, err := c.kv.List(ctx, nsDatasets, "", 0)
	if err != nil {
		return nil, err
	}
	out := make([]Dataset, 0, len(entries))
	for _, e := range entries {
		var d Dataset
		if err := json.Unmarshal(e.Value, &d); err != nil {
			return nil, fmt.Errorf("dataset %s: stored description: %w", e.Key, err)
		}
		out = append(out, d)
	}
	slices.SortStableFunc(out, func(a, b Dataset) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}
