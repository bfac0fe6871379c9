// Package progress draws a one-line progress bar for long command-line work.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Bar reports done/total with rate and ETA on one terminal line, redrawn at
// most every Interval. It is safe for concurrent use.
type Bar struct {
	w        io.Writer
	label    string
	total    int
	start    time.Time
	now      func() time.Time
	interval time.Duration

	mu       sync.Mutex
	done     int
	lastDraw time.Time
}

// New starts a bar for total units of work written to w.
func New(w io.Writer, label string, total int) *Bar {
	return &Bar{w: w, label: label, total: total, start: time.Now(), now: time.Now, interval: 200 * time.Millisecond}
}

// Add records n more units done and redraws if the interval has passed.
func (b *Bar) Add(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done += n
	if t := b.now(); t.Sub(b.lastDraw) >= b.interval || b.done >= b.total {
		b.lastDraw = t
		b.draw(t)
	}
}

// Finish draws the final state and ends the line.
func (b *Bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.draw(b.now())
	fmt.Fprintln(b.w)
}

func (b *Bar) draw(t time.Time) {
	const width = 30
	frac := 1.0
	if b.total > 0 {
		frac = float64(b.done) / float64(b.total)
	}
	fill := int(frac * width)
	elapsed := t.Sub(b.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(b.done) / elapsed
	}
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(b.total-b.done)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(b.w, "\r%s [%s%s] %d/%d %.0f%% %.1f/s ETA %s ", b.label,
		strings.Repeat("=", fill), strings.Repeat(" ", width-fill), b.done, b.total, 100*frac, rate, eta)
}
