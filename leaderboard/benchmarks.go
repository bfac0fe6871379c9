package leaderboard

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
)

// The metrics every submission is scored with; the leaderboard ranks by
// the first.
var (
	RankingMetric = "cec"
	Metrics       = []string{"cec", "bleu", "rouge1", "rouge2", "rougeL", "meteor", "bertscore_f1"}
)

// NewBenchmark is what an operator asks for.
type NewBenchmark struct {
	Name            string     `json:"name"`
	Description     string     `json:"description"`
	DatasetID       string     `json:"dataset_id"`
	Split           string     `json:"split"`
	PrivateFraction *float64   `json:"private_fraction"`
	DailyQuota      *int       `json:"daily_quota"`
	TotalQuota      int        `json:"total_quota"`
	ClosesAt        *time.Time `json:"closes_at"`
}

// Defaults of NewBenchmark's optional fields.
const (
	DefaultSplit           = dataset.Test
	DefaultPrivateFraction = 0.5
	DefaultDailyQuota      = 5
)

// benchmarkRecord is a benchmark as stored, with the secret that draws
// its private items.
type benchmarkRecord struct {
	Benchmark
	Seed string `json:"seed"`
}

// itemSet is a benchmark's items in order, and which are private.
type itemSet struct {
	IDs     []string `json:"ids"`
	Private []bool   `json:"private"`
}

// CreateBenchmark creates a benchmark from a dataset split whose items
// all have teacher explanations.
func (s *Service) CreateBenchmark(ctx context.Context, in NewBenchmark) (Benchmark, error) {
	if err := checkText("name", in.Name, 200, true); err != nil {
		return Benchmark{}, err
	}
	if err := checkText("description", in.Description, 4000, false); err != nil {
		return Benchmark{}, err
	}
	if in.Split == "" {
		in.Split = DefaultSplit
	}
	frac := DefaultPrivateFraction
	if in.PrivateFraction != nil {
		frac = *in.PrivateFraction
	}
	if math.IsNaN(frac) || frac < 0 || frac >= 1 {
		return Benchmark{}, fmt.Errorf("%w: private_fraction must be at least 0 and below 1 (some items must be public), got %v", ErrInvalid, frac)
	}
	daily := DefaultDailyQuota
	if in.DailyQuota != nil {
		daily = *in.DailyQuota
	}
	if daily < 0 || in.TotalQuota < 0 {
		return Benchmark{}, fmt.Errorf("%w: daily_quota and total_quota must be 0 (no limit) or more", ErrInvalid)
	}
	now := s.now().UTC()
	if in.ClosesAt != nil && !in.ClosesAt.After(now) {
		return Benchmark{}, fmt.Errorf("%w: closes_at %s is not in the future", ErrInvalid, in.ClosesAt.Format(time.RFC3339))
	}
	if strings.TrimSpace(in.DatasetID) == "" {
		return Benchmark{}, fmt.Errorf("%w: dataset_id is required: a dataset version with teacher explanations", ErrInvalid)
	}
	ds, err := s.datasets.Get(ctx, in.DatasetID)
	if errors.Is(err, catalog.ErrNotFound) {
		return Benchmark{}, fmt.Errorf("%w: dataset %s does not exist", ErrInvalid, in.DatasetID)
	}
	if err != nil {
		return Benchmark{}, fmt.Errorf("dataset %s: %w", in.DatasetID, err)
	}
	items, err := s.datasets.Items(ctx, ds.ID)
	if err != nil {
		return Benchmark{}, fmt.Errorf("dataset %s: %w", ds.ID, err)
	}
	var ids []string
	unexplained := 0
	for _, it := range items {
		if it.Split != in.Split {
			continue
		}
		if strings.TrimSpace(it.Explanation) == "" {
			unexplained++
			continue
		}
		ids = append(ids, it.ID)
	}
	switch {
	case len(ids) == 0 && unexplained == 0:
		return Benchmark{}, fmt.Errorf("%w: dataset %s has no items in split %q (it has %v)", ErrInvalid, ds.ID, in.Split, ds.Splits)
	case unexplained > 0:
		return Benchmark{}, fmt.Errorf("%w: %d of %d items of dataset %s split %q have no teacher explanation; run a teacher job and use the dataset version it makes",
			ErrInvalid, unexplained, unexplained+len(ids), ds.ID, in.Split)
	}
	var seed [16]byte
	rand.Read(seed[:])
	set := drawPrivate(ids, frac, hex.EncodeToString(seed[:]))
	nPrivate := 0
	for _, p := range set.Private {
		if p {
			nPrivate++
		}
	}
	name := strings.TrimSpace(in.Name)
	b := Benchmark{
		ID: newID("bench", now), Name: name, Description: in.Description, DatasetID: ds.ID, Split: in.Split,
		PrivateFraction: frac, DailyQuota: daily, TotalQuota: in.TotalQuota, ClosesAt: utcPtr(in.ClosesAt), CreatedAt: now,
		Items: len(ids), PublicItems: len(ids) - nPrivate, PrivateItems: nPrivate,
	}
	if err := putJSON(ctx, s.store, nsBenchmarkItems, b.ID, set); err != nil {
		return Benchmark{}, fmt.Errorf("store items: %w", err)
	}
	if err := putJSON(ctx, s.store, nsBenchmarks, b.ID, benchmarkRecord{Benchmark: b, Seed: hex.EncodeToString(seed[:])}); err != nil {
		return Benchmark{}, fmt.Errorf("store benchmark: %w", err)
	}
	return s.decorate(b), nil
}

// drawPrivate orders ids by sha256(seed, id) and makes the first
// round(frac * n) private, so that the private items are a uniform random
// subset nobody can predict without the seed; the ids keep their order.
func drawPrivate(ids []string, frac float64, seed string) itemSet {
	type keyed struct {
		i   int
		key [32]byte
	}
	ks := make([]keyed, len(ids))
	for i, id := range ids {
		ks[i] = keyed{i, sha256.Sum256([]byte(seed + "\x00" + id))}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(string(a.key[:]), string(b.key[:])) })
	set := itemSet{IDs: ids, Private: make([]bool, len(ids))}
	for _, k := range ks[:int(math.Round(frac*float64(len(ids))))] {
		set.Private[k.i] = true
	}
	return set
}

// decorate fills what is computed when a benchmark is read.
func (s *Service) decorate(b Benchmark) Benchmark {
	b.Closed = b.ClosesAt != nil && !s.now().Before(*b.ClosesAt)
	b.RankedBy = RankingMetric
	b.Metrics = slices.Clone(Metrics)
	quota := "no daily limit"
	if b.DailyQuota > 0 {
		quota = fmt.Sprintf("%d per UTC day", b.DailyQuota)
	}
	if b.TotalQuota > 0 {
		quota += fmt.Sprintf(", %d in all", b.TotalQuota)
	}
	closes := "The benchmark has no closing date; the private ranking is not shown until it closes."
	if b.ClosesAt != nil {
		closes = fmt.Sprintf("Submissions close at %s; the private ranking is shown from then on, never before.", b.ClosesAt.Format(time.RFC3339))
	}
	b.Rules = []string{
		fmt.Sprintf("Upload JSONL, one {\"id\", \"explanation\"} object a line, every one of the %d items exactly once; explanations are non-empty and at most %d bytes.", b.Items, s.limits.withDefaults().MaxExplanationBytes),
		"A file with any problem is refused with the first problems and their line numbers, and does not count against the quota.",
		fmt.Sprintf("Quota: %s per team. A submission that fails, or is not scored within %s of its upload, is given back.", quota, s.deadline),
		fmt.Sprintf("Scores are means over the items of %s, %s, %s, %s, %s, %s and %s, with 95%% percentile bootstrap intervals (%d resamples); an undefined score of an item (BLEU of a text without tokens) counts as 0.",
			Metrics[0], Metrics[1], Metrics[2], Metrics[3], Metrics[4], Metrics[5], Metrics[6], bootstrapResamples),
		fmt.Sprintf("The leaderboard ranks each team's best submission by mean %s on the %d public items; a row whose Wilcoxon signed-rank test against the leader's per-item scores gives p >= %.2f is marked as tied with the leader.", RankingMetric, b.PublicItems, TieAlpha),
		fmt.Sprintf("%d items are private: scored with every submission, ranked only after the close, with each team's best public submission. ", b.PrivateItems) + closes,
		"References, per-item scores and private scores before the close are never shown. Submissions are immutable; scores keep the metric signatures they were computed with, and a submission can be rescored as a new entry when a metric changes.",
	}
	return b
}

// utcPtr returns t in UTC, or nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// checkText validates a free-text field.
func checkText(field, v string, max int, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return fmt.Errorf("%w: %s is required", ErrInvalid, field)
	}
	if len(v) > max || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return fmt.Errorf("%w: %s must be at most %d bytes of UTF-8", ErrInvalid, field, max)
	}
	return nil
}

// Benchmark returns a benchmark.
func (s *Service) Benchmark(ctx context.Context, id string) (Benchmark, error) {
	var rec benchmarkRecord
	if err := getJSON(ctx, s.store, nsBenchmarks, id, &rec); err != nil {
		return Benchmark{}, fmt.Errorf("benchmark %s: %w", id, err)
	}
	return s.decorate(rec.Benchmark), nil
}

// Benchmarks returns every benchmark, oldest first.
func (s *Service) Benchmarks(ctx context.Context) ([]Benchmark, error) {
	entries, err := s.store.List(ctx, nsBenchmarks, "", 0)
	if err != nil {
		return nil, err
	}
	out := make([]Benchmark, 0, len(entries))
	for _, e := range entries {
		var rec benchmarkRecord
		if err := json.Unmarshal(e.Value, &rec); err != nil {
			return nil, fmt.Errorf("benchmark %s: %w", e.Key, err)
		}
		out = append(out, s.decorate(rec.Benchmark))
	}
	return out, nil
}

// HasBenchmarks reports whether any benchmark exists.
func (s *Service) HasBenchmarks(ctx context.Context) (bool, error) {
	entries, err := s.store.List(ctx, nsBenchmarks, "", 1)
	return len(entries) > 0, err
}

// Item is a benchmark item as teams see it: the inputs, never the
// reference.
type Item struct {
	ID       string   `json:"id"`
	Claim    string   `json:"claim"`
	Evidence []string `json:"evidence"`
	Label    string   `json:"label"`
}

// Items returns the benchmark's items, in order.
func (s *Service) Items(ctx context.Context, benchmarkID string) ([]Item, error) {
	_, set, byID, err := s.load(ctx, benchmarkID)
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(set.IDs))
	for i, id := range set.IDs {
		it := byID[id]
		ev := make([]string, len(it.Evidence))
		for k, e := range it.Evidence {
			ev[k] = e.Text
		}
		out[i] = Item{ID: id, Claim: it.Claim, Evidence: ev, Label: it.Label}
	}
	return out, nil
}

// load reads a benchmark, its item set and its dataset's items by id.
func (s *Service) load(ctx context.Context, benchmarkID string) (Benchmark, itemSet, map[string]dataset.Item, error) {
	b, err := s.Benchmark(ctx, benchmarkID)
	if err != nil {
		return Benchmark{}, itemSet{}, nil, err
	}
	var set itemSet
	if err := getJSON(ctx, s.store, nsBenchmarkItems, b.ID, &set); err != nil {
		return Benchmark{}, itemSet{}, nil, fmt.Errorf("benchmark %s items: %w", b.ID, err)
	}
	items, err := s.datasets.Items(ctx, b.DatasetID)
	if err != nil {
		return Benchmark{}, itemSet{}, nil, fmt.Errorf("benchmark %s dataset %s: %w", b.ID, b.DatasetID, err)
	}
	byID := make(map[string]dataset.Item, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	for _, id := range set.IDs {
		if _, ok := byID[id]; !ok {
			return Benchmark{}, itemSet{}, nil, fmt.Errorf("benchmark %s: item %s is gone from dataset %s", b.ID, id, b.DatasetID)
		}
	}
	return b, set, byID, nil
}
