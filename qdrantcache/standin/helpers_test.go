package standin_test

import (
	"net"
	"strconv"
	"testing"
	"time"
)

func splitAddr(t *testing.T, addr string) (string, int) {
	t.Helper()
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return host, port
}

func sleep(*testing.T) { time.Sleep(100 * time.Millisecond) }
