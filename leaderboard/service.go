package leaderboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
)

// Datasets is the dataset store benchmarks are made from.
type Datasets interface {
	Get(ctx context.Context, id string) (catalog.Dataset, error)
	Items(ctx context.Context, id string) ([]dataset.Item, error)
}

// Jobs is the job queue that scores submissions.
type Jobs interface {
	Enqueue(ctx context.Context, typ string, params any) (jobs.Job, error)
	Get(ctx context.Context, id string) (jobs.Job, error)
	List(ctx context.Context, f jobs.Filter) ([]jobs.Job, error)
	Cancel(ctx context.Context, id string) (jobs.Job, error)
}

// DefaultScoringDeadline is how long a submission may wait and be scored
// before it fails and its quota is given back.
const DefaultScoringDeadline = 30 * time.Minute

// Config is what New needs.
type Config struct {
	Store    kv.Store
	Datasets Datasets
	Jobs     Jobs
	// ScoringDeadline bounds the time from upload to scores (default
	// DefaultScoringDeadline).
	ScoringDeadline time.Duration
	// Limits bound one upload.
	Limits Limits
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service is the leaderboard: teams, benchmarks, submissions, rankings.
type Service struct {
	store    kv.Store
	datasets Datasets
	jobs     Jobs
	deadline time.Duration
	limits   Limits
	now      func() time.Time
}

// New returns the service c describes.
func New(c Config) (*Service, error) {
	if c.Store == nil || c.Datasets == nil || c.Jobs == nil {
		return nil, errors.New("leaderboard: Store, Datasets and Jobs are required")
	}
	if c.ScoringDeadline < 0 {
		return nil, fmt.Errorf("leaderboard: scoring deadline %s is negative", c.ScoringDeadline)
	}
	if c.ScoringDeadline == 0 {
		c.ScoringDeadline = DefaultScoringDeadline
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Service{store: c.Store, datasets: c.Datasets, jobs: c.Jobs, deadline: c.ScoringDeadline, limits: c.Limits, now: c.Now}, nil
}

// ScoringDeadline is the time a submission has from upload to scores.
func (s *Service) ScoringDeadline() time.Duration { return s.deadline }

// getJSON reads key of ns into v; kv.ErrNotFound becomes ErrNotFound.
func getJSON(ctx context.Context, st kv.Store, ns, key string, v any) error {
	b, err := st.Get(ctx, ns, key)
	if errors.Is(err, kv.ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// putJSON writes v as key of ns.
func putJSON(ctx context.Context, st kv.Store, ns, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return st.Put(ctx, ns, key, b)
}

// listPrefix returns the entries of ns whose keys start with prefix.
func listPrefix(ctx context.Context, st kv.Store, ns, prefix string) ([]kv.Entry, error) {
	var out []kv.Entry
	after := prefix
	for {
		page, err := st.List(ctx, ns, after, 500)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			if !strings.HasPrefix(e.Key, prefix) {
				return out, nil
			}
			out = append(out, e)
		}
		if len(page) < 500 {
			return out, nil
		}
		after = page[len(page)-1].Key
	}
}
