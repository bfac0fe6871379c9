package redistest_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/redistest"
)

func TestStartServesAndStops(t *testing.T) {
	s := redistest.Start(t)
	if !strings.HasPrefix(s.URL(), "redis://127.0.0.1:") || !strings.HasSuffix(s.URL(), "/0") {
		t.Fatalf("URL() = %q, want redis://127.0.0.1:PORT/0", s.URL())
	}
	opt, err := redis.ParseURL(s.URL())
	if err != nil {
		t.Fatalf("ParseURL(%q): %v", s.URL(), err)
	}
	if opt.Addr != s.Addr() {
		t.Fatalf("URL address %q, Addr() %q", opt.Addr, s.Addr())
	}
	c := redis.NewClient(opt)
	defer c.Close()
	ctx := context.Background()
	if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatalf("SET: %v", err)
	}
	if got, err := c.Get(ctx, "k").Result(); err != nil || got != "v" {
		t.Fatalf("GET = %q, %v; want v", got, err)
	}
	for name, want := range map[string]string{"appendonly": "yes", "appendfsync": "everysec", "save": ""} {
		got, err := c.ConfigGet(ctx, name).Result()
		if err != nil {
			t.Fatalf("CONFIG GET %s: %v", name, err)
		}
		if got[name] != want {
			t.Errorf("CONFIG GET %s = %q, want %q", name, got[name], want)
		}
	}
	info, err := c.Info(ctx, "server").Result()
	if err != nil {
		t.Fatalf("INFO: %v", err)
	}
	pid := infoField(info, "process_id")
	if pid == 0 {
		t.Fatalf("no process_id in INFO server")
	}

	s.Stop()
	s.Stop() // idempotent
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("redis-server pid %d still exists after Stop (kill 0: %v)", pid, err)
	}
	if conn, err := net.DialTimeout("tcp", s.Addr(), time.Second); err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after Stop", s.Addr())
	}
}

func TestStartTwiceGivesSeparateServers(t *testing.T) {
	a, b := redistest.Start(t), redistest.Start(t)
	if a.Addr() == b.Addr() {
		t.Fatalf("both servers on %s", a.Addr())
	}
}

func TestStartSkipsWithoutRedisServer(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var sub *testing.T
	t.Run("start", func(t *testing.T) {
		sub = t
		redistest.Start(t)
		t.Error("Start returned without redis-server on PATH")
	})
	if !sub.Skipped() {
		t.Fatal("Start did not skip the test without redis-server on PATH")
	}
}

// infoField returns an integer field of an INFO answer, 0 if absent.
func infoField(info, name string) int {
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), name+":"); ok {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return 0
}
