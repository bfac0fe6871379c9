package teacher

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/training/dataset"
)

// ErrEmptyExplanation is returned (wrapped with the item id) when the
// teacher answers with nothing but white space.
var ErrEmptyExplanation = errors.New("teacher returned an empty explanation")

// storeTimeout bounds the Put of a fresh explanation. The Put runs even
// when ctx was cancelled meanwhile, so an answer already paid for is kept.
const storeTimeout = 30 * time.Second

// Stored is the value kept in CacheNamespace for one explanation.
type Stored struct {
	Explanation string    `json:"explanation"`
	Model       string    `json:"model"`
	Template    string    `json:"template"`
	Usage       Usage     `json:"usage"`
	CreatedAt   time.Time `json:"created_at"`
}

// Generate fills Explanation for every item and returns the items in input
// order as a new slice (items itself is not modified).
//
// For each item it first looks in store (namespace CacheNamespace, key
// CacheKey(item, cfg)) and reuses an explanation stored there without a
// request (a value that does not decode, or holds an empty explanation, is
// regenerated). Otherwise it renders the item with the template
// cfg.Template, asks chat (at most cfg.Concurrency requests in flight,
// DefaultConcurrency when unset), trims the answer (an empty one is an
// error, ErrEmptyExplanation) and stores it as a Stored value as soon as
// it arrives. Items with the same cache key share one request.
//
// progress, when not nil, is called after each item finishes, one call at
// a time from Generate's own goroutine, with the number of items done so
// far, the total and the running Stats; done grows by one each call.
//
// The first error (chat's own retries are already spent) cancels the
// remaining work and is returned wrapped with the item's id, with the
// Stats so far. Explanations stored before the error stay stored, so
// running Generate again resumes where it stopped. When ctx is done,
// Generate stops promptly and returns ctx's error.
func Generate(ctx context.Context, items []dataset.Item, cfg Config, chat Chat, store kv.Store, progress func(done, total int, st Stats)) ([]dataset.Item, Stats, error) {
	var st Stats
	if chat == nil || store == nil {
		return nil, st, errors.New("teacher: generate: chat and store are required")
	}
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, st, errors.New("teacher: generate: no teacher model named")
	}
	tmpl, err := dataset.LookupTemplate(cfg.templateVersion())
	if err != nil {
		return nil, st, fmt.Errorf("teacher: generate: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, st, err
	}
	workers := cfg.Concurrency
	if workers <= 0 {
		workers = DefaultConcurrency
	}

	out := make([]dataset.Item, len(items))
	copy(out, items)

	// Group the items by cache key: one unit of work per distinct key, in
	// the order of first appearance.
	var units []unit
	byKey := make(map[string]int)
	for i, it := range out {
		key := CacheKey(it, cfg)
		u, ok := byKey[key]
		if !ok {
			u = len(units)
			byKey[key] = u
			units = append(units, unit{key: key})
		}
		units[u].items = append(units[u].items, i)
	}
	if workers > len(units) {
		workers = len(units)
	}

	parent := ctx
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	g := &generator{cfg: cfg, version: cfg.templateVersion(), tmpl: tmpl, chat: chat, store: store}

	// The first error is recorded, and the rest cancelled, by the worker
	// that meets it, so no worker starts another request after it.
	var firstErr error
	var failOnce sync.Once
	todo := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for u := range todo {
				r := g.do(ctx, out[units[u].items[0]], units[u].key, u)
				if r.err != nil {
					failOnce.Do(func() {
						firstErr = r.err
						cancel()
					})
					continue
				}
				results <- r
			}
		})
	}
	go func() {
		defer close(todo)
		for u := range units {
			select {
			case todo <- u:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	done := 0
	for r := range results {
		st.Usage = st.Usage.Add(r.usage)
		for j, i := range units[r.unit].items {
			out[i].Explanation = r.explanation
			if j == 0 && !r.reused {
				st.Generated++
			} else {
				st.Reused++
			}
			done++
			if progress != nil {
				progress(done, len(out), st)
			}
		}
	}
	// Every worker has returned: firstErr is settled.
	if firstErr == nil && done < len(out) {
		// The feeder stopped early: parent is done.
		firstErr = parent.Err()
	}
	if firstErr != nil {
		return nil, st, firstErr
	}
	return out, st, nil
}

// unit is one distinct cache key and the indexes of the items that have it.
type unit struct {
	key   string
	items []int
}

// result is what a worker reports for one unit.
type result struct {
	unit        int
	explanation string
	reused      bool
	usage       Usage
	err         error
}

// generator holds what every worker of one Generate call shares.
type generator struct {
	cfg     Config
	version string
	tmpl    dataset.Template
	chat    Chat
	store   kv.Store
}

// do finds or generates the explanation of it, whose cache key is key.
// Errors are wrapped with the item id, except ctx's own.
func (g *generator) do(ctx context.Context, it dataset.Item, key string, u int) result {
	r := result{unit: u}
	if err := ctx.Err(); err != nil {
		r.err = err
		return r
	}
	if expl, ok, err := g.lookup(ctx, key); err != nil {
		r.err = g.wrap(ctx, it, fmt.Errorf("read stored explanation: %w", err))
		return r
	} else if ok {
		r.explanation, r.reused = expl, true
		return r
	}

	resp, err := g.chat.Complete(ctx, Request{
		Model:       g.cfg.Model,
		Messages:    g.tmpl.Messages(it),
		Temperature: g.cfg.Temperature,
		MaxTokens:   g.cfg.MaxTokens,
	})
	if err != nil {
		r.err = g.wrap(ctx, it, err)
		return r
	}
	r.usage = resp.Usage
	expl := strings.TrimSpace(resp.Content)
	if expl == "" {
		r.err = g.wrap(ctx, it, ErrEmptyExplanation)
		return r
	}
	value, _ := json.Marshal(Stored{
		Explanation: expl,
		Model:       g.cfg.Model,
		Template:    g.version,
		Usage:       resp.Usage,
		CreatedAt:   time.Now().UTC(),
	})
	putCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	if err := g.store.Put(putCtx, CacheNamespace, key, value); err != nil {
		r.err = g.wrap(ctx, it, fmt.Errorf("store explanation: %w", err))
		return r
	}
	r.explanation = expl
	return r
}

// lookup returns the explanation stored under key, if there is a usable one.
func (g *generator) lookup(ctx context.Context, key string) (string, bool, error) {
	b, err := g.store.Get(ctx, CacheNamespace, key)
	if errors.Is(err, kv.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	var s Stored
	if json.Unmarshal(b, &s) != nil || strings.TrimSpace(s.Explanation) == "" {
		return "", false, nil
	}
	return s.Explanation, true, nil
}

// wrap names the item in err, unless ctx is done: then the failure is the
// cancellation's, and ctx's error is returned as is.
func (g *generator) wrap(ctx context.Context, it dataset.Item, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return fmt.Errorf("teacher explanation for item %q: %w", it.ID, err)
}
