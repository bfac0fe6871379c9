// Package batching embeds sentences from concurrent callers together:
// requests wait a bounded time for others to join, and a batch never holds
// more than a bounded number of sentences (dynamic batching, as
// text-embeddings-inference does).
package batching

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Embedder is what a Batcher feeds its batches to.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Dim() int
	ID() string
}

// ErrClosed is returned to callers whose sentences were not embedded
// because the Batcher was closed.
var ErrClosed = errors.New("batching: embedder is shutting down")

// Config tunes a Batcher.
type Config struct {
	// MaxBatch is the most sentences in one batch (default 64).
	MaxBatch int
	// MaxWait is how long the first sentence of a batch waits for others
	// to join (default 2ms).
	MaxWait time.Duration
	// Workers is how many batches run at once (default 1; the encoder
	// already uses every core for one batch).
	Workers int
	// QueueSize bounds the requests waiting for a worker (default 1024).
	QueueSize int
	// OnBatch, when set, is called with the size of every batch run.
	OnBatch func(size int)
}

// Batcher is an Embedder that coalesces concurrent calls into batches.
type Batcher struct {
	inner Embedder
	cfg   Config
	queue chan *request
	stop  chan struct{} // closed when Close starts
	gone  chan struct{} // closed when Close has finished
	wg    sync.WaitGroup
	once  sync.Once
}

type request struct {
	ctx       context.Context
	texts     []string
	out       [][]float32
	remaining atomic.Int64
	errOnce   sync.Once
	err       error
	done      chan struct{}
}

// segment is a run of one request's sentences inside a batch.
type segment struct {
	req        *request
	start, end int
}

// New starts a Batcher in front of inner. Call Close to stop it.
func New(inner Embedder, cfg Config) *Batcher {
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 64
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 2 * time.Millisecond
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 1024
	}
	b := &Batcher{inner: inner, cfg: cfg, queue: make(chan *request, cfg.QueueSize), stop: make(chan struct{}), gone: make(chan struct{})}
	for range cfg.Workers {
		b.wg.Add(1)
		go b.work()
	}
	return b
}

// Dim returns the inner embedder's dimension.
func (b *Batcher) Dim() int { return b.inner.Dim() }

// ID returns the inner embedder's id.
func (b *Batcher) ID() string { return b.inner.ID() }

// Embed embeds texts, possibly together with other callers' texts.
func (b *Batcher) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if len(texts) == 0 {
		return [][]float32{}, nil
	}
	r := &request{ctx: ctx, texts: texts, out: make([][]float32, len(texts)), done: make(chan struct{})}
	r.remaining.Store(int64(len(texts)))
	select {
	case <-b.stop:
		return nil, ErrClosed
	default:
	}
	select {
	case b.queue <- r:
	case <-b.stop:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case <-r.done:
		return r.out, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-b.gone:
		select {
		case <-r.done:
			return r.out, r.err
		default:
			return nil, ErrClosed
		}
	}
}

// Close stops the workers after the batches they are running; callers
// still waiting get ErrClosed. It is safe to call more than once.
func (b *Batcher) Close() {
	b.once.Do(func() {
		close(b.stop)
		b.wg.Wait()
		for {
			select {
			case r := <-b.queue:
				r.fail(ErrClosed)
			default:
				close(b.gone)
				return
			}
		}
	})
}

func (b *Batcher) work() {
	defer b.wg.Done()
	var carry *segment // the rest of a request too big for the last batch
	for {
		var batch []segment
		size := 0
		add := func(s segment) {
			room := b.cfg.MaxBatch - size
			if s.end-s.start > room {
				rest := segment{s.req, s.start + room, s.end}
				carry = &rest
				s.end = s.start + room
			}
			batch = append(batch, s)
			size += s.end - s.start
		}
		if carry != nil {
			s := *carry
			carry = nil
			add(s)
		} else {
			select {
			case r := <-b.queue:
				add(segment{r, 0, len(r.texts)})
			case <-b.stop:
				return
			}
		}
		timer := time.NewTimer(b.cfg.MaxWait)
	fill:
		for size < b.cfg.MaxBatch && carry == nil {
			select {
			case r := <-b.queue:
				add(segment{r, 0, len(r.texts)})
			case <-timer.C:
				break fill
			case <-b.stop:
				break fill
			}
		}
		timer.Stop()
		b.run(batch)
	}
}

// run embeds one batch and hands each request its vectors. Sentences of
// requests whose context is done are left out.
func (b *Batcher) run(batch []segment) {
	live := batch[:0]
	var texts []string
	for _, s := range batch {
		if err := s.req.ctx.Err(); err != nil {
			s.req.fail(err)
			continue
		}
		live = append(live, s)
		texts = append(texts, s.req.texts[s.start:s.end]...)
	}
	if len(texts) == 0 {
		return
	}
	if b.cfg.OnBatch != nil {
		b.cfg.OnBatch(len(texts))
	}
	vecs, err := b.embed(texts)
	if err == nil && len(vecs) != len(texts) {
		err = fmt.Errorf("embedder returned %d vectors for %d sentences", len(vecs), len(texts))
	}
	off := 0
	for _, s := range live {
		n := s.end - s.start
		if err != nil {
			s.req.fail(err)
			continue
		}
		copy(s.req.out[s.start:s.end], vecs[off:off+n])
		off += n
		if s.req.remaining.Add(-int64(n)) == 0 {
			close(s.req.done)
		}
	}
}

// embed calls the inner embedder, turning a panic into an error so that a
// bad batch fails its requests instead of killing the worker.
func (b *Batcher) embed(texts []string) (vecs [][]float32, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("embedder panicked: %v", p)
		}
	}()
	// Batches outlive any one caller, so they run without a caller's context.
	return b.inner.Embed(context.Background(), texts)
}

func (r *request) fail(err error) {
	r.errOnce.Do(func() {
		r.err = err
		close(r.done)
	})
}
