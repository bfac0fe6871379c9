package progress

import (
	"strings"
	"testing"
	"time"
)

func TestBarDrawsDoneTotalAndETA(t *testing.T) {
	var sb strings.Builder
	b := New(&sb, "scoring", 4)
	clock := b.start
	b.now = func() time.Time { return clock }
	clock = clock.Add(time.Second)
	b.Add(1)
	if got := sb.String(); !strings.Contains(got, "1/4 25%") || !strings.Contains(got, "1.0/s ETA 3s") {
		t.Errorf("first draw = %q", got)
	}
	clock = clock.Add(10 * time.Millisecond)
	b.Add(1) // within the interval: no redraw
	if strings.Contains(sb.String(), "2/4") {
		t.Errorf("redrew within the interval: %q", sb.String())
	}
	clock = clock.Add(time.Second)
	b.Add(2)
	b.Finish()
	if got := sb.String(); !strings.Contains(got, "4/4 100%") || !strings.HasSuffix(got, "\n") {
		t.Errorf("final draw = %q", got)
	}
}
