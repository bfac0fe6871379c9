package server

import (
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuilder struct {
	mu sync.Mutex
	sb strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.String()
}

func TestLoggerBuffersInfoAndFlushesErrorsAtOnce(t *testing.T) {
	var out lockedBuilder
	log, closeLog := NewLogger(&out, time.Hour)
	log.Info("request", "path", "/healthz")
	if out.String() != "" {
		t.Fatalf("info line written before a flush: %q", out.String())
	}
	log.With("request_id", "r1").Error("request failed")
	if got := out.String(); !strings.Contains(got, `"path":"/healthz"`) || !strings.Contains(got, `"request_id":"r1"`) {
		t.Fatalf("an error did not flush the buffer: %q", got)
	}
	log.Info("last")
	if err := closeLog(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"msg":"last"`) {
		t.Errorf("close did not flush: %q", out.String())
	}
	if err := closeLog(); err != nil {
		t.Errorf("second close: %v", err)
	}
}

func TestLoggerFlushesPeriodically(t *testing.T) {
	var out lockedBuilder
	log, closeLog := NewLogger(&out, 10*time.Millisecond)
	defer closeLog()
	log.Info("tick")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "tick") {
		if time.Now().After(deadline) {
			t.Fatal("line never flushed")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
