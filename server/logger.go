package server

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// NewLogger returns a JSON logger that writes to w through a buffer: lines
// are written out every flushEvery, when 64 KiB pile up, at once for
// warnings and errors, and on close. One write per request line would
// otherwise cost a system call per request. close flushes and stops the
// flushing goroutine.
func NewLogger(w io.Writer, flushEvery time.Duration) (log *slog.Logger, close func() error) {
	b := &logBuffer{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go b.flushLoop(flushEvery)
	h := &flushingHandler{Handler: slog.NewJSONHandler(b, nil), buf: b}
	return slog.New(h), b.close
}

// logBuffer is a mutex-guarded bufio.Writer flushed by a ticker.
type logBuffer struct {
	mu   sync.Mutex
	w    *bufio.Writer
	once sync.Once
	stop chan struct{}
	done chan struct{}
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

func (b *logBuffer) flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Flush()
}

func (b *logBuffer) flushLoop(every time.Duration) {
	defer close(b.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = b.flush()
		case <-b.stop:
			return
		}
	}
}

func (b *logBuffer) close() error {
	b.once.Do(func() {
		close(b.stop)
		<-b.done
	})
	return b.flush()
}

// flushingHandler flushes the buffer after every warning or error, so that
// what matters most is never held back.
type flushingHandler struct {
	slog.Handler
	buf *logBuffer
}

func (h *flushingHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		if ferr := h.buf.flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h *flushingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &flushingHandler{Handler: h.Handler.WithAttrs(attrs), buf: h.buf}
}

func (h *flushingHandler) WithGroup(name string) slog.Handler {
	return &flushingHandler{Handler: h.Handler.WithGroup(name), buf: h.buf}
}
