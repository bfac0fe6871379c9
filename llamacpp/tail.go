package llamacpp

import "sync"

// DefaultTailLines is how many output lines a Process keeps when
// Spec.TailLines is 0.
const DefaultTailLines = 40

// tail keeps the last n lines added to it. It is safe for concurrent use.
type tail struct {
	mu    sync.Mutex
	n     int
	lines []string // ring buffer once full
	next  int      // where the next line goes once full
}

// newTail keeps the last n lines (DefaultTailLines when n <= 0).
func newTail(n int) *tail {
	if n <= 0 {
		n = DefaultTailLines
	}
	return &tail{n: n}
}

// add appends a line, dropping the oldest when full.
func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.lines) < t.n {
		t.lines = append(t.lines, line)
		return
	}
	t.lines[t.next] = line
	t.next = (t.next + 1) % t.n
}

// get returns a copy of the kept lines, oldest first.
func (t *tail) get() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]string, 0, len(t.lines))
	out = append(out, t.lines[t.next:]...)
	return append(out, t.lines[:t.next]...)
}
