package server

import (
	"context"
	"sync"

	"github.com/cecbench/cecbench/routes"
)

// backend hands handlers the Engine once it is loaded.
type backend struct {
	mu      sync.RWMutex
	engine  *Engine
	loadErr error
}

var _ routes.Backend = (*backend)(nil)

func (b *backend) set(e *Engine, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.engine, b.loadErr = e, err
}

func (b *backend) get() (*Engine, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	switch {
	case b.engine != nil:
		return b.engine, nil
	case b.loadErr != nil:
		return nil, &routes.RequestError{Kind: routes.ErrNotReady, Detail: "the sentence encoder failed to load; see the server log"}
	default:
		return nil, &routes.RequestError{Kind: routes.ErrNotReady, Detail: "the sentence encoder is still loading; retry in a second"}
	}
}

func (b *backend) Scorer() (routes.Scorer, error) {
	e, err := b.get()
	if err != nil {
		return nil, err
	}
	return e.Scorer, nil
}

func (b *backend) Embedder() (routes.Embedder, error) {
	e, err := b.get()
	if err != nil {
		return nil, err
	}
	return embedder{e}, nil
}

func (b *backend) Metrics() (routes.MetricsComputer, error) {
	e, err := b.get()
	if err != nil {
		return nil, err
	}
	return e.Metrics, nil
}

func (b *backend) Ready() error {
	_, err := b.get()
	return err
}

func (b *backend) CacheStatus(ctx context.Context) *routes.CacheStatus {
	e, err := b.get()
	if err != nil || e.Shared == nil {
		return nil
	}
	h := e.Shared.Health(ctx)
	return &routes.CacheStatus{Shared: "qdrant", Degraded: h.Degraded, LastError: h.LastError, Since: h.Since}
}
