package cputime

import (
	"os"
	"testing"
	"time"
)

func TestParseProcStat(t *testing.T) {
	// Fields 14 and 15 are 250 and 50 ticks: 3 s. The command name holds a
	// space and a parenthesis.
	line := "1234 (my (odd) prog) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 999 1000 10"
	got, err := parseProcStat(line)
	if err != nil || got != 3*time.Second {
		t.Fatalf("parseProcStat = %v, %v; want 3s", got, err)
	}
	for _, bad := range []string{"", "1234 no parens", "1 (x) S 1 2 3"} {
		if _, err := parseProcStat(bad); err == nil {
			t.Errorf("parseProcStat(%q): want an error", bad)
		}
	}
}

func TestProcessCPUOfSelf(t *testing.T) {
	a, err := Process(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Burn 200ms of CPU as getrusage counts it (however busy the machine).
	c0, err := Self()
	if err != nil {
		t.Fatal(err)
	}
	x := 0.0
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		for range 100000 {
			x += 1
		}
		if c, _ := Self(); c-c0 >= 200*time.Millisecond {
			break
		}
	}
	_ = x
	b, err := Process(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if d := b - a; d < 150*time.Millisecond {
		t.Errorf("/proc/PID/stat counted %v for 200ms of CPU", d)
	}
}
