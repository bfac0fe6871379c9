package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/uselite/uselitetest"
)

// deadlineProbe answers how far off its context's deadline is, or "none".
func deadlineProbe(c echo.Context) error {
	dl, ok := c.Request().Context().Deadline()
	if !ok {
		return c.String(http.StatusOK, "none")
	}
	return c.String(http.StatusOK, strconv.FormatInt(time.Until(dl).Milliseconds(), 10))
}

func TestRequestTimeoutAnswers503ProblemJSON(t *testing.T) {
	s := newBareServer(t, nil, func(c *Config) { c.RequestTimeout = 50 * time.Millisecond })
	s.echo.GET("/v1/test/wait", func(c echo.Context) error {
		<-c.Request().Context().Done()
		return c.Request().Context().Err()
	})
	s.echo.GET("/v1/test/lost-cause", func(c echo.Context) error {
		<-c.Request().Context().Done()
		return errors.New("embed: " + c.Request().Context().Err().Error()) // %v, not %w
	})
	s.echo.GET("/v1/test/bad-input-late", func(c echo.Context) error {
		<-c.Request().Context().Done()
		return echo.NewHTTPError(http.StatusBadRequest, "bad input")
	})
	for _, path := range []string{"/v1/test/wait", "/v1/test/lost-cause"} {
		start := time.Now()
		rec := request(t, s.Handler(), http.MethodGet, path)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s took %v with a 50ms timeout", path, took)
		}
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Fatalf("%s: status %d Retry-After %q, want 503 with Retry-After: %s", path, rec.Code, rec.Header().Get("Retry-After"), rec.Body)
		}
		if p := problemOf(t, rec); p["status"] != float64(503) || p["detail"] != "the request took too long; send fewer pairs" || p["request_id"] == "" {
			t.Errorf("%s: problem %v", path, p)
		}
	}
	if rec := request(t, s.Handler(), http.MethodGet, "/v1/test/bad-input-late"); rec.Code != http.StatusBadRequest {
		t.Errorf("a client error after the deadline: status %d, want it kept (400)", rec.Code)
	}
}

func TestRequestTimeoutSparesStreamsAndNonAPIRoutes(t *testing.T) {
	s := newBareServer(t, nil, func(c *Config) { c.RequestTimeout = time.Minute })
	s.echo.GET("/v1/test/deadline", deadlineProbe)
	s.echo.GET("/test/deadline", deadlineProbe)
	s.echo.GET(eventsRoute, deadlineProbe) // in place of the real handler
	tests := []struct {
		name, path, accept string
		bounded            bool
	}{
		{"an API route", "/v1/test/deadline", "", true},
		{"outside /v1", "/test/deadline", "", false},
		{"events as JSON pages", "/v1/jobs/j1/events", "application/json", true},
		{"events as SSE (Accept)", "/v1/jobs/j1/events", "text/event-stream", false},
		{"events as SSE (stream=true)", "/v1/jobs/j1/events?stream=true", "", false},
		{"stream=false wins over Accept", "/v1/jobs/j1/events?stream=false", "text/event-stream", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec = request(t, s.Handler(), http.MethodGet, tt.path, "Accept: "+tt.accept)
			body := rec.Body.String()
			if !tt.bounded {
				if body != "none" {
					t.Errorf("deadline in %s ms, want none", body)
				}
				return
			}
			ms, err := strconv.Atoi(body)
			if err != nil || ms <= 50_000 || ms > 60_000 {
				t.Errorf("deadline %q ms away, want about 60000", body)
			}
		})
	}
}

func TestNoRequestTimeoutWhenZero(t *testing.T) {
	s := newBareServer(t, nil, nil)
	s.echo.GET("/v1/test/deadline", deadlineProbe)
	if body := request(t, s.Handler(), http.MethodGet, "/v1/test/deadline").Body.String(); body != "none" {
		t.Errorf("deadline %s ms away with RequestTimeout 0, want none", body)
	}
}

func TestEventStreamOutlivesTheRequestTimeout(t *testing.T) {
	s := newBareServer(t, nil, func(c *Config) { c.RequestTimeout = 100 * time.Millisecond; c.Workers = 1 })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.RunWorkers(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	j, err := s.stores.Queue.Enqueue(context.Background(), jobs.NoopType, jobs.NoopParams{SleepMS: 700})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/jobs/"+j.ID+"/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var last string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			last = name
		}
	}
	if last != "end" {
		t.Fatalf("stream ended after %v with event %q, want it to follow the 700 ms job to its end past the 100 ms timeout", time.Since(start), last)
	}
}

func TestServerCutsRequestsThatArriveTooSlowly(t *testing.T) {
	s := newBareServer(t, nil, func(c *Config) {
		c.ModelsDir = uselitetest.ModelsDir(t)
		c.RequestTimeout = 300 * time.Millisecond
		c.CacheMB, c.BatchMax = 16, 8
		c.Addr, c.ShutdownTimeout = "127.0.0.1:0", 5*time.Second
	})
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan string, 1)
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx, func(a net.Addr) { addrs <- a.String() }) }()
	defer func() {
		cancel()
		if err := <-ran; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	var addr string
	select {
	case addr = <-addrs:
	case err := <-ran:
		t.Fatalf("Run returned before listening: %v", err)
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Headers promise a body that never comes.
	if _, err := io.WriteString(conn, "POST /v1/datasets HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	io.Copy(io.Discard, conn) // until the server closes the connection
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("a body that never arrives held the connection %v; want it cut after the 300 ms request timeout", took)
	}
}
